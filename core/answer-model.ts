// The final-answer model port: a streamed answer (text deltas, then usage) from a system prompt and the conversation.
import type { KnowledgePassage } from './knowledge.ts';
import type { Lang } from './lang.ts';

/** Conversation turns; the Messages API requires the first to be a user turn. */
export interface ChatTurn {
  role: 'user' | 'assistant';
  text: string;
}

/** What the answer may rest on, in structured form (the system prompt already contains it, rendered by core). */
export interface Grounding {
  lang: Lang;
  passages: KnowledgePassage[];
  /** The customer's own order facts, one short line each (e.g. "Pedido Q4M8XZ: a caminho, total R$ 43,83"). */
  orderFacts: string[];
  /** True when retrieval failed or was skipped because it errored: the answer must say it has no store context. */
  contextUnavailable?: boolean;
}

export interface AnswerRequest {
  system: string;
  messages: ChatTurn[];
  grounding: Grounding;
  maxTokens?: number;
}

export type AnswerEvent =
  | { type: 'delta'; text: string }
  | { type: 'usage'; inputTokens: number; outputTokens: number }
  | { type: 'stop'; reason: string };

/**
 * Bedrock ConverseStream on AWS (and locally with credentials); an offline extractive responder otherwise.
 * Errors mid-stream (e.g. throttling) reject the iteration; the caller keeps what was already shown.
 */
export interface AnswerModel {
  readonly name: string;
  stream(req: AnswerRequest, signal?: AbortSignal): AsyncIterable<AnswerEvent>;
}
