// Streaming into a Slack thread: native streams, the chat.update fallback, 429s, expiry and splitting; the real
// WebClient against the fake Slack Web API, paced on a virtual clock.
import { LogLevel } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SLACK_MAX_CHARS,
  SLACK_NATIVE_STREAM_POLICY,
  SLACK_UPDATE_POLICY,
  slackStream,
  toSurfaceError,
} from '../../../bots/streaming/slack-surface.ts';
import { ConversationPacer, type RenderResult, renderStream } from '../../../bots/streaming/stream-renderer.ts';
import { SurfaceRateLimitedError, SurfaceTransientError } from '../../../bots/streaming/stream-surface.ts';
import { BOT_USER_ID, type SlackMessage, SUPPORT_CHANNEL, TEAM_ID } from '../../support/fake-slack-api.ts';
import { clockDeltas, IoVirtualClock, type SlackRig, startSlackRig } from './slack-stream-rig.ts';
import { longAnswer } from './stream-harness.ts';

const ANSWER =
  'O pedido **Q4M8XZ** tem 2 × Pizza Calabresa e 1 × Guaraná 2 L (total R$ 98,00, no Pix). Saiu para entrega às 19:40; ' +
  'a cliente pediu para tocar o interfone do bloco B. Nada em aberto no momento — só confirmar a entrega quando o motoboy avisar.';

const STREAM_METHODS = ['chat.startStream', 'chat.appendStream', 'chat.stopStream', 'chat.postMessage', 'chat.update'];

let rig: SlackRig;
beforeAll(async () => {
  rig = await startSlackRig();
});
afterAll(async () => {
  await rig.close();
});

/** Streams `source` into a fresh thread; returns the render result, the answer's messages and the timed requests. */
async function stream(opts: {
  text: string;
  chunk?: number;
  everyMs?: number;
  mode?: 'auto' | 'update';
  source?: (clock: IoVirtualClock) => AsyncIterable<string>;
}) {
  const threadTs = await rig.thread();
  const clock = new IoVirtualClock();
  const { surface, policy } = slackStream(
    rig.client(clock),
    {
      channel: SUPPORT_CHANNEL,
      thread_ts: threadTs,
      recipient_user_id: 'U0ANA0001',
      recipient_team_id: TEAM_ID,
    },
    { mode: opts.mode },
  );
  const source = opts.source?.(clock) ?? clockDeltas(clock, opts.text, opts.chunk ?? 20, opts.everyMs ?? 50);
  const result: RenderResult = await clock.run(
    renderStream(source, surface, policy, { clock, pacer: new ConversationPacer() }),
  );
  const messages: SlackMessage[] = rig.fake.thread(SUPPORT_CHANNEL, threadTs).slice(1);
  const calls = rig.fake.calls.filter(
    (c) =>
      STREAM_METHODS.includes(c.method) &&
      (c.params.thread_ts === threadTs || messages.some((m) => m.ts === c.params.ts)),
  );
  const requests = clock.requests.filter((r) => STREAM_METHODS.includes(r.method));
  return { result, messages, calls, requests, clock, surface };
}

const methods = (calls: { method: string }[]) => calls.map((c) => c.method);
const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe('Slack streaming: native streams (chat.startStream / appendStream / stopStream)', () => {
  it('streams into one message of the thread and ends with exactly the model text', async () => {
    // Act
    const { result, messages, calls, requests, surface } = await stream({ text: ANSWER, chunk: 10, everyMs: 100 });
    // Assess
    const seq = methods(calls);
    expect(seq[0]).toBe('chat.startStream');
    expect(seq.at(-1)).toBe('chat.stopStream');
    expect(seq.filter((m) => m === 'chat.appendStream').length).toBeGreaterThanOrEqual(1);
    expect(seq.filter((m) => m !== 'chat.appendStream')).toEqual(['chat.startStream', 'chat.stopStream']);
    expect(calls.every((c) => !c.error)).toBe(true);
    expect(calls[0]!.params).toMatchObject({
      channel: SUPPORT_CHANNEL,
      recipient_user_id: 'U0ANA0001',
      recipient_team_id: TEAM_ID,
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ text: ANSWER, streaming: false, user: BOT_USER_ID });
    expect(result).toMatchObject({ text: ANSWER, parts: [ANSWER], messages: 1, apiCalls: requests.length });
    expect(surface.mode).toBe('native');
    for (const gap of gaps(requests.map((r) => r.at)))
      expect(gap).toBeGreaterThanOrEqual(SLACK_NATIVE_STREAM_POLICY.minIntervalMs);
  });

  it('posts a short answer that arrives at once as one message (nothing to stream)', async () => {
    // Prepare: the whole text in one delta, then the source ends
    async function* once() {
      yield 'Pedido Q4M8XZ: entregue às 20:05.';
    }
    // Act
    const { result, messages, calls } = await stream({ text: '', source: () => once() });
    // Assess
    expect(messages.map((m) => m.text)).toEqual(['Pedido Q4M8XZ: entregue às 20:05.']);
    expect(result.apiCalls).toBe(calls.length);
    expect(calls.length).toBeLessThanOrEqual(2);
    expect(calls.every((c) => !c.error)).toBe(true);
  });

  it('on a 429 mid-stream: silence until Retry-After has passed, and the final text still arrives whole', async () => {
    // Prepare: the first appendStream is answered 429 with Retry-After: 3
    rig.fake.failNext('chat.appendStream', { error: 'ratelimited', status: 429, retryAfter: 3 });
    // Act
    const { result, messages, requests } = await stream({ text: ANSWER, chunk: 10, everyMs: 100 });
    // Assess
    const limited = requests.findIndex((r) => r.method === 'chat.appendStream');
    expect(limited).toBeGreaterThan(0);
    expect(requests[limited + 1]!.at - requests[limited]!.at).toBeGreaterThanOrEqual(3_000);
    expect(result.rateLimited).toBe(1);
    expect(messages.map((m) => m.text)).toEqual([ANSWER]);
    expect(messages[0]!.streaming).toBe(false);
  });

  it('a 5xx on an append only skips that update; the next one carries its text', async () => {
    // Prepare
    rig.fake.failNext('chat.appendStream', { error: 'internal_error', status: 500 });
    // Act
    const { result, messages, calls } = await stream({ text: ANSWER, chunk: 10, everyMs: 100 });
    // Assess
    expect(calls.filter((c) => c.error === 'internal_error')).toHaveLength(1);
    expect(messages.map((m) => m.text)).toEqual([ANSWER]);
    expect(result.apiCalls).toBe(calls.length);
  });

  it('a stream idle past the refresh time is stopped, and the message goes on with chat.update (never a conflict)', async () => {
    // Prepare: half the answer, 25 s of silence (the renderer re-sends after 20 s; Slack expires a stream after ~30 s)
    const half = ANSWER.indexOf('Saiu');
    async function* source(clock: IoVirtualClock) {
      yield* clockDeltas(clock, ANSWER.slice(0, half), 20, 50);
      await clock.sleep(25_000);
      yield* clockDeltas(clock, ANSWER.slice(half), 20, 50);
    }
    // Act
    const { messages, calls } = await stream({ text: ANSWER, source });
    // Assess
    const seq = methods(calls);
    const stop = seq.indexOf('chat.stopStream');
    expect(stop).toBeGreaterThan(0);
    expect(seq.slice(stop + 1).every((m) => m === 'chat.update')).toBe(true);
    expect(seq.slice(stop + 1).length).toBeGreaterThanOrEqual(1);
    expect(calls.some((c) => c.error === 'streaming_state_conflict')).toBe(false);
    expect(messages.map((m) => m.text)).toEqual([ANSWER]);
  });

  it('splits an answer longer than SLACK_MAX_CHARS at natural boundaries, with no text lost or repeated', async () => {
    // Prepare
    const text = longAnswer(9_500);
    // Act
    const { result, messages, calls } = await stream({ text, chunk: 60, everyMs: 50 });
    // Assess
    expect(result.parts.length).toBeGreaterThanOrEqual(3);
    expect(result.parts.join('')).toBe(text);
    expect(messages.map((m) => m.text)).toEqual(result.parts);
    expect(messages.every((m) => m.text.length <= SLACK_MAX_CHARS && !m.streaming)).toBe(true);
    expect(calls.some((c) => c.error)).toBe(false); // a part shorter than its stream is stopped before it is updated
  });
});

describe('Slack streaming: the chat.update fallback', () => {
  it('with native streaming off: one refused startStream, then postMessage + chat.update ≥ 1 s apart, exact text', async () => {
    // Prepare
    rig.fake.streaming = false;
    try {
      // Act
      const { result, messages, calls, requests, surface } = await stream({ text: ANSWER, chunk: 10, everyMs: 100 });
      // Assess
      expect(surface.mode).toBe('update');
      expect(calls[0]).toMatchObject({ method: 'chat.startStream', error: 'feature_not_enabled' });
      const rest = calls.slice(1);
      expect(rest[0]!.method).toBe('chat.postMessage');
      expect(rest.slice(1).length).toBeGreaterThanOrEqual(1);
      expect(rest.slice(1).every((c) => c.method === 'chat.update' && !c.error)).toBe(true);
      expect(messages.map((m) => m.text)).toEqual([ANSWER]);
      expect(result.text).toBe(ANSWER);
      // The switch happens inside the first call, paced at the native 1 s; from there on, the fallback's 1.5 s
      const edits = requests
        .filter((r) => r.method === 'chat.postMessage' || r.method === 'chat.update')
        .map((r) => r.at);
      expect(gaps(edits)[0]).toBeGreaterThanOrEqual(1_000);
      for (const gap of gaps(edits).slice(1)) expect(gap).toBeGreaterThanOrEqual(SLACK_UPDATE_POLICY.minIntervalMs);
    } finally {
      rig.fake.streaming = true;
    }
  });

  it('streaming turned off mid-answer: the stream is stopped with the new text and the same message is edited on', async () => {
    // Prepare: the first append is refused with feature_not_enabled
    rig.fake.failNext('chat.appendStream', { error: 'feature_not_enabled' });
    // Act
    const { messages, calls, surface } = await stream({ text: ANSWER, chunk: 10, everyMs: 100 });
    // Assess
    const seq = methods(calls);
    expect(seq.slice(0, 3)).toEqual(['chat.startStream', 'chat.appendStream', 'chat.stopStream']);
    expect(seq.slice(3).every((m) => m === 'chat.update')).toBe(true);
    expect(calls.some((c) => c.error === 'streaming_state_conflict')).toBe(false);
    expect(surface.mode).toBe('update');
    expect(messages.map((m) => m.text)).toEqual([ANSWER]); // one message: nothing lost, nothing repeated
  });

  it("mode 'update' skips native streaming altogether and splits long answers the same way", async () => {
    // Prepare
    const text = longAnswer(8_200);
    // Act
    const { result, messages, calls, requests } = await stream({ text, chunk: 80, everyMs: 50, mode: 'update' });
    // Assess
    expect(calls.some((c) => c.method.endsWith('Stream'))).toBe(false);
    expect(calls.filter((c) => c.method === 'chat.update').length).toBeGreaterThanOrEqual(3);
    for (const gap of gaps(requests.map((r) => r.at)))
      expect(gap).toBeGreaterThanOrEqual(SLACK_UPDATE_POLICY.minIntervalMs);
    expect(result.parts.join('')).toBe(text);
    expect(messages.map((m) => m.text)).toEqual(result.parts);
  });
});

describe('Slack streaming: figures and error mapping', () => {
  it('API calls per 1,000 characters: native vs chat.update, at model paces of 100 and 400 characters/s', async () => {
    // Prepare: a 3,000-character answer, 20 characters every 200 ms or every 50 ms
    const text = longAnswer(3_000).slice(0, 3_000);
    const per1k = (n: number) => Math.round((n / text.length) * 10_000) / 10;
    for (const everyMs of [200, 50]) {
      // Act
      const native = await stream({ text, chunk: 20, everyMs });
      const update = await stream({ text, chunk: 20, everyMs, mode: 'update' });
      // Assess
      const seconds = ((text.length / 20) * everyMs) / 1000;
      console.log(
        `slack streaming, ${text.length} chars at ${20_000 / everyMs} chars/s: calls per 1k chars native ${per1k(native.calls.length)}, chat.update ${per1k(update.calls.length)}`,
      );
      expect(native.messages.map((m) => m.text)).toEqual([text]);
      expect(update.messages.map((m) => m.text)).toEqual([text]);
      // At most one call per second natively, one per 1.5 s with updates, plus the final call
      expect(native.calls.length).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
      expect(update.calls.length).toBeLessThanOrEqual(Math.ceil(seconds / 1.5) + 2);
      expect(update.calls.length).toBeLessThan(native.calls.length);
    }
  });

  it('maps Slack errors to the renderer: 429 → rate limited (Retry-After), 5xx and network → transient, the rest as is', async () => {
    // Prepare: real errors from the real client
    const clock = new IoVirtualClock();
    const client = rig.client(clock);
    const errorOf = (p: Promise<unknown>) =>
      clock.run(
        p.then(
          () => undefined,
          (err: unknown) => err,
        ),
      );
    rig.fake.failNext('chat.update', { error: 'ratelimited', status: 429, retryAfter: 7 });
    rig.fake.failNext('chat.update', { error: 'internal_error', status: 503 });
    rig.fake.failNext('chat.update', { error: 'internal_error' });
    // Act
    const limited = toSurfaceError(
      await errorOf(client.chat.update({ channel: SUPPORT_CHANNEL, ts: '1.1', markdown_text: 'x' })),
    );
    const http5xx = toSurfaceError(
      await errorOf(client.chat.update({ channel: SUPPORT_CHANNEL, ts: '1.1', markdown_text: 'x' })),
    );
    const internal = toSurfaceError(
      await errorOf(client.chat.update({ channel: SUPPORT_CHANNEL, ts: '1.1', markdown_text: 'x' })),
    );
    const notFound = toSurfaceError(
      await errorOf(client.chat.update({ channel: SUPPORT_CHANNEL, ts: '1.1', markdown_text: 'x' })),
    );
    const network = toSurfaceError(
      await errorOf(
        new (client.constructor as typeof import('@slack/web-api').WebClient)('t', {
          slackApiUrl: 'http://127.0.0.1:1/api/',
          retryConfig: { retries: 0 },
          // The refused connection is the point of the test: the WebClient's own "[WARN] http request failed" is not.
          logLevel: LogLevel.ERROR,
        }).chat.update({ channel: 'C', ts: '1.1', markdown_text: 'x' }),
      ),
    );
    // Assess
    expect(limited).toBeInstanceOf(SurfaceRateLimitedError);
    expect((limited as SurfaceRateLimitedError).retryAfterMs).toBe(7_000);
    expect(http5xx).toBeInstanceOf(SurfaceTransientError);
    expect(internal).toBeInstanceOf(SurfaceTransientError);
    expect(notFound).not.toBeInstanceOf(SurfaceTransientError);
    expect((notFound as { data?: { error?: string } }).data?.error).toBe('message_not_found');
    expect(network).toBeInstanceOf(SurfaceTransientError);
  });
});
