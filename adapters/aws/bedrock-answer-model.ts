// AnswerModel on Bedrock ConverseStream: the system prompt and the conversation in, text deltas, stop and usage out.
import { type BedrockRuntimeClient, ConverseStreamCommand, type Message } from '@aws-sdk/client-bedrock-runtime';
import type { AnswerEvent, AnswerModel, AnswerRequest, ChatTurn } from '../../core/answer-model.ts';

/**
 * The turns as the Messages API accepts them: it must start with a user turn and alternate roles, and refuses blank
 * text.
 * So blank turns and leading assistant turns are dropped, and consecutive same-role turns are merged into one.
 */
export function toConverseMessages(turns: ChatTurn[]): Message[] {
  const merged: { role: ChatTurn['role']; texts: string[] }[] = [];
  for (const turn of turns) {
    if (turn.text.trim() === '') continue;
    const last = merged.at(-1);
    if (!last && turn.role !== 'user') continue;
    if (last?.role === turn.role) last.texts.push(turn.text);
    else merged.push({ role: turn.role, texts: [turn.text] });
  }
  return merged.map((m) => ({ role: m.role, content: [{ text: m.texts.join('\n\n') }] }));
}

export class BedrockAnswerModel implements AnswerModel {
  readonly name: string;

  /** `modelId`: a model id, an inference profile id, or either's ARN (sent URL-encoded by the SDK). */
  constructor(
    private readonly client: BedrockRuntimeClient,
    private readonly modelId: string,
    private readonly opts: { maxTokens?: number; temperature?: number } = {},
  ) {
    this.name = `bedrock:${modelId}`;
  }

  /**
   * `req.grounding` is not sent: core has already rendered it into `req.system`.
   * A 429 before the stream starts is retried by the SDK's standard retry strategy; an error inside the stream
   * (e.g. ThrottlingException) rejects the iteration after the deltas already yielded, with the SDK's error.
   */
  async *stream(req: AnswerRequest, signal?: AbortSignal): AsyncIterable<AnswerEvent> {
    const messages = toConverseMessages(req.messages);
    if (messages.length === 0) throw new Error('The conversation has no user turn to answer');
    const maxTokens = req.maxTokens ?? this.opts.maxTokens;
    const inferenceConfig =
      maxTokens === undefined && this.opts.temperature === undefined
        ? undefined
        : { maxTokens, temperature: this.opts.temperature };
    const out = await this.client.send(
      new ConverseStreamCommand({
        modelId: this.modelId,
        system: req.system ? [{ text: req.system }] : undefined,
        messages,
        inferenceConfig,
      }),
      { abortSignal: signal },
    );
    if (!out.stream) throw new Error(`Bedrock ConverseStream for ${this.modelId} returned no stream`);
    for await (const event of out.stream) {
      signal?.throwIfAborted();
      if (event.contentBlockDelta?.delta?.text !== undefined) {
        yield { type: 'delta', text: event.contentBlockDelta.delta.text };
      } else if (event.messageStop) {
        yield { type: 'stop', reason: event.messageStop.stopReason ?? 'end_turn' };
      } else if (event.metadata?.usage) {
        yield {
          type: 'usage',
          inputTokens: event.metadata.usage.inputTokens ?? 0,
          outputTokens: event.metadata.usage.outputTokens ?? 0,
        };
      }
    }
    signal?.throwIfAborted();
  }
}
