// The assistant router's contract (statemachines/assistant-router.asl.json): its input and output, and the pure helpers
// its
// caller and its Lambda steps share: history trimming, the Converse message shape, and parsing the cheap classifier's
// JSON.
import type { ChatTurn } from './answer-model.ts';
import { INTENTS, type Intent } from './intents.ts';
import type { KnowledgePassage } from './knowledge.ts';
import type { Lang } from './lang.ts';

/** Configuration names: the cheap router model, the final-answer model (not used by the router), the knowledge base. */
export const ROUTER_CONFIG = {
  routerModelId: 'ROUTER_MODEL_ID',
  answerModelId: 'ANSWER_MODEL_ID',
  knowledgeBaseId: 'KNOWLEDGE_BASE_ID',
} as const;

/** Below this deterministic confidence the cheap model classifies (see IntentResult.confidence). */
export const CLASSIFIER_CONFIDENCE_THRESHOLD = 0.5;
/** How many past turns the router sees at most (after trimming). */
export const MAX_HISTORY_TURNS = 8;
/** A longer turn is cut: the cheap tasks need the gist, not the whole text. */
export const MAX_TURN_CHARS = 1000;

/** One of the customer's own orders, as the caller knows it (read from the verified chat identity's orders). */
export interface OrderSummary {
  orderId: string;
  status: string;
  createdAt?: string;
  total?: number;
}

export interface RouterInput {
  message: string;
  lang: Lang;
  conversationId: string;
  /** Set by the caller from the verified chat identity, never from the message. */
  customerId: string;
  orders: OrderSummary[];
  /** The last turns, trimmed by `trimHistory` (the state machine trims again, so a bad history never fails it). */
  history: ChatTurn[];
}

/** Intents answered from data, with no model call. `greeting` and `faq` go to the RAG path. */
export const DATA_INTENTS = [
  'order_status',
  'delivery_eta',
  'change_address',
  'cancel_order',
  'human_handoff',
  'browse_menu',
  'place_order',
] as const;
/** The data intents whose branch reads the customer's orders (a direct DynamoDB Query on GSI1, keyed by customerId). */
export const ORDER_LOOKUP_INTENTS = ['order_status', 'delivery_eta', 'change_address', 'cancel_order'] as const;

export interface RouterOrder {
  orderId: string;
  status: string;
  createdAt: string;
}
export interface RouterUsage {
  inputTokens: number;
  outputTokens: number;
}

/** The single output contract every branch ends in. */
export interface RouterOutput {
  route: 'data' | 'rag';
  intent: Intent;
  lang: Lang;
  /** An order id typed in the message; on the data route it only ever filters the customer's own orders. */
  orderId: string | null;
  /** Data route: the customer's own orders (newest first), filtered by `orderId` when one was typed. Always [] on rag. */
  orders: RouterOrder[];
  /** Rag route: retrieved passages, as JSON; `source` is the document's location. Always [] on data. */
  context: KnowledgePassage[];
  /** True when retrieval failed: the answer must say it has no store information. */
  contextUnavailable: boolean;
  /** For the answer model's system prompt ('' on data). */
  systemInstructions: string;
  /** Tokens of the cheap model calls (zeros when a call was not made). */
  usage: { classifier: RouterUsage; keywords: RouterUsage; retrievalCheck: RouterUsage };
}

/**
 * The turns the Messages API accepts: blank turns and any turns before the first user turn are dropped, consecutive
 * same-role turns are merged, at most `maxTurns` are kept (and the kept window again starts with a user turn), each cut
 * to MAX_TURN_CHARS. Malformed entries (not objects, unknown roles, non-string text) are ignored. Never throws.
 */
export function trimHistory(history: unknown, maxTurns = MAX_HISTORY_TURNS): ChatTurn[] {
  const merged: ChatTurn[] = [];
  for (const t of Array.isArray(history) ? history : []) {
    const role = (t as ChatTurn | null)?.role;
    const text = (t as ChatTurn | null)?.text;
    if ((role !== 'user' && role !== 'assistant') || typeof text !== 'string' || text.trim() === '') continue;
    const last = merged.at(-1);
    if (!last && role !== 'user') continue;
    if (last?.role === role) last.text = `${last.text}\n\n${text}`;
    else merged.push({ role, text });
  }
  let kept = merged.slice(-Math.max(0, maxTurns));
  while (kept.length && kept[0]!.role !== 'user') kept = kept.slice(1);
  return kept.map((t) => ({
    role: t.role,
    text: t.text.length > MAX_TURN_CHARS ? t.text.slice(0, MAX_TURN_CHARS) : t.text,
  }));
}

/** A message in the Step Functions `aws-sdk:bedrockruntime:converse` shape (PascalCase, like every SDK integration). */
export interface ConverseMessage {
  Role: 'user' | 'assistant';
  Content: { Text: string }[];
}

/**
 * History plus the current message, as Converse messages: starts with a user turn and alternates. A trailing user turn
 * in the history is merged with the current message rather than repeated as two user turns.
 */
export function toRouterMessages(history: unknown, message: string): ConverseMessage[] {
  const turns = trimHistory([...(Array.isArray(history) ? history : []), { role: 'user', text: message }]);
  return turns.map((t) => ({ Role: t.role, Content: [{ Text: t.text }] }));
}

/** The caller's side: a well-formed input, history trimmed so it starts with a user turn. */
export function buildRouterInput(input: Omit<RouterInput, 'history'> & { history?: unknown }): RouterInput {
  return { ...input, history: trimHistory(input.history) };
}

/**
 * Parses the cheap classifier's answer: strict JSON `{"intent": "<one of INTENTS>"}`, tolerating a Markdown code fence
 * or
 * text around one JSON object. Returns null for anything else (the router then falls back to faq). Never throws.
 */
export function parseClassifierOutput(text: unknown): { intent: Intent } | null {
  if (typeof text !== 'string') return null;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(start, end + 1));
  } catch {
    return null;
  }
  const intent = (parsed as { intent?: unknown } | null)?.intent;
  return typeof intent === 'string' && (INTENTS as readonly string[]).includes(intent)
    ? { intent: intent as Intent }
    : null;
}
