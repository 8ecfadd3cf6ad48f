// The platform-neutral renderer on a virtual clock: pace and per-minute budget over minutes of streaming, one call in
// flight, coalescing, rollover, retries and failures, activity, and the shared pace of a conversation.
import { describe, expect, it } from 'vitest';
import { splitForLimit } from '../../../bots/streaming/split-text.ts';
import {
  ConversationPacer,
  renderStream,
  StreamDeliveryError,
  type StreamPolicy,
} from '../../../bots/streaming/stream-renderer.ts';
import { SurfaceRateLimitedError, SurfaceTransientError } from '../../../bots/streaming/stream-surface.ts';
import { TELEGRAM_DRAFT_POLICY, TELEGRAM_GROUP_POLICY } from '../../../bots/streaming/telegram-surfaces.ts';
import { longAnswer } from './stream-harness.ts';
import { RecordingSurface, VirtualClock, virtualDeltas } from './virtual-clock.ts';

const POLICY: StreamPolicy = { minIntervalMs: 1_000, minNewChars: 20, maxStaleMs: 2_000, refreshMs: Infinity };

function render(
  clock: VirtualClock,
  source: AsyncIterable<string>,
  surface: RecordingSurface,
  policy: StreamPolicy,
  pacer = new ConversationPacer(),
) {
  return clock.run(renderStream(source, surface, policy, { clock, pacer }));
}

describe('renderStream (virtual clock)', () => {
  it('keeps a group under 20 calls in any minute and 1 s apart, over a 3-minute answer with rollovers', async () => {
    // Prepare: 30 characters every 50 ms for 3 minutes (108,000 characters), 80 ms per call
    const clock = new VirtualClock();
    const text = longAnswer(108_000).slice(0, 108_000);
    const surface = new RecordingSurface(clock);
    // Act
    const result = await render(clock, virtualDeltas(clock, text), surface, TELEGRAM_GROUP_POLICY);
    // Assess
    const starts = surface.calls.map((c) => c.start);
    for (const [i, start] of starts.entries()) {
      const inWindow = starts.filter((s) => s >= start && s < start + 60_000).length;
      expect(inWindow, `calls in the minute from call ${i}`).toBeLessThanOrEqual(19);
      if (i > 0) expect(start - surface.calls[i - 1]!.end).toBeGreaterThanOrEqual(1_000);
    }
    expect(starts.slice(0, 4).map((s) => s - starts[0]!)).toEqual([0, 1_080, 2_160, 3_240]); // the burst: 1 s after each call ends
    expect(surface.finals).toEqual(splitForLimit(text));
    const finals = surface.calls.filter((c) => c.kind === 'finalize');
    expect(finals[0]!.start - starts[0]!).toBeLessThan(20_000); // rolled over while streaming (4096 chars ≈ 7 s)
    expect(result).toMatchObject({ text, messages: surface.finals.length, apiCalls: surface.calls.length });
    expect(surface.maxInFlight).toBe(1);
  });

  it('makes one call at a time and coalesces what arrives meanwhile into the next update', async () => {
    // Prepare: a slow surface (700 ms per call) and a fast model (30 characters every 20 ms)
    const clock = new VirtualClock();
    const text = longAnswer(3_000).slice(0, 3_000);
    const surface = new RecordingSurface(clock, 'test:coalesce', 4096, 700);
    const policy: StreamPolicy = { ...POLICY, minIntervalMs: 100 };
    // Act
    await render(clock, virtualDeltas(clock, text, 30, 20), surface, policy);
    // Assess
    const updates = surface.calls.filter((c) => c.kind === 'update');
    expect(surface.maxInFlight).toBe(1);
    expect(updates.length).toBeLessThanOrEqual(Math.ceil((100 * 20) / 800) + 1); // a 2 s stream, one call per 800 ms
    for (const [i, u] of updates.entries()) {
      expect(text.startsWith(u.text)).toBe(true);
      if (i > 0) expect(u.text.length - updates[i - 1]!.text.length).toBeGreaterThan(30); // several deltas per update
    }
    expect(surface.finals).toEqual([text]);
  });

  it('waits for minNewChars new characters before an update, unless the text has waited maxStaleMs', async () => {
    // Prepare: a dribble of 10 characters every 200 ms; then a lone word followed by 3 s of silence
    const clock = new VirtualClock();
    const policy: StreamPolicy = { minIntervalMs: 100, minNewChars: 50, maxStaleMs: 1_000, refreshMs: Infinity };
    const dribble = new RecordingSurface(clock, 'test:dribble');
    const lone = new RecordingSurface(clock, 'test:lone');
    const text = longAnswer(400).slice(0, 300);
    async function* oneWordThenSilence() {
      yield 'Hmm…';
      await clock.sleep(3_000);
      yield ' pronto, achei o seu pedido.';
    }
    // Act
    await render(clock, virtualDeltas(clock, text, 10, 200), dribble, policy);
    const loneStart = clock.now();
    await render(clock, oneWordThenSilence(), lone, policy);
    // Assess
    const sizes = dribble.calls.filter((c) => c.kind === 'update').map((c) => c.text.trimEnd().length);
    expect(sizes.length).toBeGreaterThanOrEqual(4);
    for (const [i, size] of sizes.entries()) expect(size - (sizes[i - 1] ?? 0)).toBeGreaterThanOrEqual(50);
    const [first] = lone.calls;
    expect(first).toMatchObject({ kind: 'update', text: 'Hmm…' });
    expect(first!.start - loneStart).toBe(1_000); // 4 characters only, shown once they had waited maxStaleMs
    expect(lone.calls[1]!.start - loneStart).toBeGreaterThanOrEqual(3_000); // the rest came after the silence
  });

  it('after a rate limit: pauses for retry_after, then doubles the interval; the final text is delivered', async () => {
    // Prepare
    const clock = new VirtualClock();
    const text = longAnswer(6_000).slice(0, 3_600); // 6 s of stream
    const surface = new RecordingSurface(clock, 'test:429').failWith('update', new SurfaceRateLimitedError(5_000));
    // Act
    const result = await render(clock, virtualDeltas(clock, text), surface, POLICY);
    // Assess
    const limited = surface.calls.findIndex((c) => c.error);
    const next = surface.calls[limited + 1]!;
    expect(next.start - surface.calls[limited]!.end).toBeGreaterThanOrEqual(5_000);
    for (const [i, c] of surface.calls.entries())
      if (i > limited + 1) expect(c.start - surface.calls[i - 1]!.end).toBeGreaterThanOrEqual(2_000);
    expect(surface.finals).toEqual([text]);
    expect(result.rateLimited).toBe(1);
  });

  it('retries a final message after transient failures, and fails with the undelivered text when it cannot', async () => {
    // Prepare
    const clock = new VirtualClock();
    const flaky = new RecordingSurface(clock, 'test:flaky')
      .failWith('finalize', new SurfaceTransientError('socket hang up'))
      .failWith('finalize', new SurfaceTransientError('502'));
    const broken = new RecordingSurface(clock, 'test:broken').failWith(
      'finalize',
      new Error('403: Forbidden: bot was kicked'),
    );
    // Act
    const ok = await render(clock, virtualDeltas(clock, 'Seu pedido saiu.'), flaky, POLICY);
    const failure = await render(clock, virtualDeltas(clock, 'Seu pedido saiu.'), broken, POLICY).catch(
      (err: unknown) => err,
    );
    // Assess
    expect(flaky.calls.filter((c) => c.kind === 'finalize').map((c) => c.error?.message)).toEqual([
      'socket hang up',
      '502',
      undefined,
    ]);
    expect(ok.messages).toBe(1);
    expect(failure).toBeInstanceOf(StreamDeliveryError);
    expect((failure as StreamDeliveryError).undelivered).toBe('Seu pedido saiu.');
    expect(broken.closed).toBe(true);
  });

  it('stops intermediate updates after a permanent failure, and still delivers the final text', async () => {
    // Prepare
    const clock = new VirtualClock();
    const text = longAnswer(2_000).slice(0, 1_500);
    const surface = new RecordingSurface(clock, 'test:permanent').failWith(
      'update',
      new Error('400: Bad Request: message to edit not found'),
    );
    // Act
    const result = await render(clock, virtualDeltas(clock, text), surface, POLICY);
    // Assess
    expect(surface.calls.map((c) => c.kind)).toEqual(['update', 'finalize']);
    expect(surface.finals).toEqual([text]);
    expect(result.updates).toBe(1);
  });

  it('keeps the pace across two answers in a row in the same conversation', async () => {
    // Prepare: one pacer, as in production (shared per process)
    const clock = new VirtualClock();
    const pacer = new ConversationPacer();
    const first = new RecordingSurface(clock, 'telegram:-100777');
    const second = new RecordingSurface(clock, 'telegram:-100777');
    // Act
    await render(clock, virtualDeltas(clock, 'Primeira resposta, curta.'), first, POLICY, pacer);
    await render(clock, virtualDeltas(clock, 'Segunda resposta, logo depois.'), second, POLICY, pacer);
    // Assess
    expect(second.calls[0]!.start - first.calls.at(-1)!.end).toBeGreaterThanOrEqual(1_000);
  });

  it('re-sends a draft every refreshMs while the model is silent, well before the 30 s expiry', async () => {
    // Prepare: production draft policy; the model goes silent for 70 s after its first words
    const clock = new VirtualClock();
    const surface = new RecordingSurface(clock, 'test:draft');
    // Act
    await render(
      clock,
      virtualDeltas(clock, 'Um momento, vou verificar. Pronto!', 27, 50, { 1: 70_000 }),
      surface,
      TELEGRAM_DRAFT_POLICY,
    );
    // Assess
    const refreshes = surface.calls.filter((c) => c.kind === 'update' && c.text === 'Um momento, vou verificar. ');
    expect(refreshes.length).toBeGreaterThanOrEqual(4); // 0, 20, 40, 60 s
    for (let i = 1; i < refreshes.length; i++)
      expect(refreshes[i]!.start - refreshes[i - 1]!.start).toBeLessThan(30_000);
    for (let i = 1; i < refreshes.length; i++)
      expect(refreshes[i]!.start - refreshes[i - 1]!.start).toBeLessThanOrEqual(20_000 + 80);
  });

  it('starts activity itself, sends nothing for an empty answer, and never sends a whitespace-only part', async () => {
    // Prepare
    const clock = new VirtualClock();
    const empty = new RecordingSurface(clock, 'test:empty');
    const tail = new RecordingSurface(clock, 'test:tail', 20);
    // Act
    const none = await render(clock, virtualDeltas(clock, '   '), empty, POLICY);
    const split = await render(
      clock,
      virtualDeltas(clock, `${'Pedido confirmado.'}\n\n${' '.repeat(30)}`, 50),
      tail,
      POLICY,
    );
    // Assess
    expect(empty.activityStarts).toBe(1);
    expect(empty.calls).toEqual([]);
    expect(none).toMatchObject({ messages: 0, apiCalls: 0, parts: [] });
    expect(tail.finals).toEqual(['Pedido confirmado.\n\n']);
    expect(split.parts.join('').trimEnd()).toBe(split.text.trimEnd());
  });
});
