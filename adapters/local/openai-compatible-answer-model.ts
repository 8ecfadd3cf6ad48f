// The answer model on an OpenAI-compatible chat endpoint (Ollama, llama.cpp server, vLLM): POST
// {url}/chat/completions with stream: true, read as server-sent events of `{choices:[{delta:{content}}]}`.
import type { AnswerEvent, AnswerModel, AnswerRequest } from '../../core/answer-model.ts';

export interface OpenAiCompatibleOptions {
  /** The endpoint's base URL (`http://localhost:11434/v1`), or the full `/chat/completions` URL. */
  url: string;
  /** The model name the server knows (`llama3.1:8b`). */
  model: string;
  /** Sent as `Authorization: Bearer …` when set (vLLM and hosted servers may want one). */
  apiKey?: string;
  /** The most tokens of the answer (default 400: a short reply). */
  maxTokens?: number;
  fetch?: typeof fetch;
}

/** The chat-completions URL of a base URL or of the full one. */
export const chatCompletionsUrl = (url: string) =>
  /\/chat\/completions\/?$/.test(url) ? url : `${url.replace(/\/+$/, '')}/chat/completions`;

interface Chunk {
  choices?: Array<{ delta?: { content?: string | null }; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

/**
 * Streams the answer with the same system prompt (core/answer-prompt.ts) as Bedrock: the store's facts and the
 * customer's own orders only, cite the title, never invent. A non-2xx answer or a broken stream rejects the iteration.
 */
export class OpenAiCompatibleAnswerModel implements AnswerModel {
  readonly name: string;
  private readonly url: string;

  constructor(private readonly opts: OpenAiCompatibleOptions) {
    this.url = chatCompletionsUrl(opts.url);
    this.name = `openai-compatible:${opts.model}`;
  }

  async *stream(req: AnswerRequest, signal?: AbortSignal): AsyncIterable<AnswerEvent> {
    const doFetch = this.opts.fetch ?? fetch;
    const res = await doFetch(this.url, {
      method: 'POST',
      signal,
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        ...(this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: this.opts.model,
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: req.maxTokens ?? this.opts.maxTokens ?? 400,
        messages: [
          { role: 'system', content: req.system },
          ...req.messages.map((m) => ({ role: m.role, content: m.text })),
        ],
      }),
    });
    if (!res.ok || !res.body) {
      const detail = await res.text().catch(() => '');
      throw new Error(`answer model endpoint answered ${res.status}: ${detail.slice(0, 200)}`);
    }
    let reason = 'end_turn';
    let usage: { inputTokens: number; outputTokens: number } | undefined;
    const decoder = new TextDecoder();
    let buffer = '';
    let done = false;
    for await (const bytes of res.body as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(bytes, { stream: true });
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf('\n');
        if (!line.startsWith('data:')) continue;
        const data = line.slice(5).trim();
        if (data === '[DONE]') {
          done = true;
          break;
        }
        const chunk = JSON.parse(data) as Chunk;
        for (const choice of chunk.choices ?? []) {
          if (choice.delta?.content) yield { type: 'delta', text: choice.delta.content };
          if (choice.finish_reason) reason = choice.finish_reason === 'length' ? 'max_tokens' : 'end_turn';
        }
        if (chunk.usage)
          usage = { inputTokens: chunk.usage.prompt_tokens ?? 0, outputTokens: chunk.usage.completion_tokens ?? 0 };
      }
      if (done) break;
    }
    if (usage) yield { type: 'usage', ...usage };
    yield { type: 'stop', reason };
  }
}
