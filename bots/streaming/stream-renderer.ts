// The streaming renderer: turns a stream of text deltas into chat API calls through a StreamSurface, at the fastest
// pace the policy allows and never faster; one module for every channel (Telegram now, Slack next).
import type { AnswerEvent } from '../../core/answer-model.ts';
import { type Logger, silentLogger } from '../../core/logger.ts';
import { splitForLimit } from './split-text.ts';
import {
  type StreamSurface,
  SurfaceFormatRejectedError,
  SurfaceRateLimitedError,
  SurfaceTransientError,
} from './stream-surface.ts';

export type { StreamSurface } from './stream-surface.ts';

/**
 * When to call the surface. All times are measured from the END of the previous call to the START of the next one,
 * so the platform never sees two calls closer than `minIntervalMs`, whatever the network latency.
 */
export interface StreamPolicy {
  /** The least time between two calls to one conversation: intermediate updates, final messages and retries alike. */
  minIntervalMs: number;
  /**
   * A token bucket on top of `minIntervalMs`, for a per-minute limit: up to `size` calls in a row at `minIntervalMs`,
   * then one per `refillMs`. Any 60 s then holds at most `size + 60_000 / refillMs` calls.
   */
  burst?: { size: number; refillMs: number };
  /** An intermediate update waits until at least this many new characters (trailing whitespace aside) arrived... */
  minNewChars: number;
  /** ...or until the oldest unshown text has waited this long. */
  maxStaleMs: number;
  /** Re-sends the current text when nothing was shown for this long (a draft expires after ~30 s). `Infinity`: never. */
  refreshMs: number;
  /** Characters per message (UTF-16 code units). The surface's own limit applies too; the smaller one wins. */
  maxChars?: number;
  /** Formats each final message (default true); a rejected formatting is retried as plain text. */
  format?: boolean;
  /** A final message that still could not be delivered after this long (rate limits, retries) fails the render. Default 5 min. */
  finalDeadlineMs?: number;
}

/** Time, injectable for tests. `sleep` resolves early (and quietly) when `signal` aborts. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/**
 * The pace of each conversation, shared by every answer rendered in this process, so two answers in a row in the same
 * chat still keep their distance (and share one per-minute budget). A rate-limit pause recorded here holds for the
 * next answer too.
 */
export class ConversationPacer {
  private readonly entries = new Map<
    string,
    { lastCallEnd: number; pausedUntil: number; tokens: number; tokensAt: number }
  >();
  private lastPrune = 0;

  /** The earliest time (>= now) the next call to `key` may start. */
  readyAt(key: string, now: number, intervalMs: number, burst?: StreamPolicy['burst']): number {
    const e = this.entries.get(key);
    if (!e) return now;
    let at = Math.max(now, e.lastCallEnd + intervalMs, e.pausedUntil);
    if (burst) {
      const tokens = this.tokens(e, at, burst);
      if (tokens < 1) at += (1 - tokens) * burst.refillMs;
    }
    return at;
  }

  /** A call to `key` starts now: it spends one token of the burst budget. */
  take(key: string, now: number, burst?: StreamPolicy['burst']): void {
    const e = this.entry(key, now, burst);
    if (burst) {
      e.tokens = this.tokens(e, now, burst) - 1;
      e.tokensAt = now;
    }
  }

  /** The call taken for turned out not to be needed (the surface made no API call). */
  refund(key: string, burst?: StreamPolicy['burst']): void {
    const e = this.entries.get(key);
    if (e && burst) e.tokens = Math.min(burst.size, e.tokens + 1);
  }

  /** A call to `key` ended at `at` (successful or not: a refused call was still a call). */
  called(key: string, at: number): void {
    const e = this.entry(key, at);
    e.lastCallEnd = Math.max(e.lastCallEnd, at);
    this.prune(at);
  }

  /** The platform asked for silence on `key` until `until`. */
  pause(key: string, until: number): void {
    const e = this.entry(key, until);
    e.pausedUntil = Math.max(e.pausedUntil, until);
  }

  private entry(key: string, now: number, burst?: StreamPolicy['burst']) {
    let e = this.entries.get(key);
    if (!e) {
      e = { lastCallEnd: -Infinity, pausedUntil: -Infinity, tokens: burst?.size ?? Infinity, tokensAt: now };
      this.entries.set(key, e);
    }
    return e;
  }

  private tokens(
    e: { tokens: number; tokensAt: number },
    at: number,
    burst: NonNullable<StreamPolicy['burst']>,
  ): number {
    return Math.min(burst.size, e.tokens + Math.max(0, at - e.tokensAt) / burst.refillMs);
  }

  /** Forgets conversations idle for 10 minutes, at most once a minute. */
  private prune(now: number): void {
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    for (const [key, e] of this.entries)
      if (Math.max(e.lastCallEnd, e.pausedUntil) < now - 600_000) this.entries.delete(key);
  }
}

/** The process-wide pacer `renderStream` uses unless given another. */
export const sharedPacer = new ConversationPacer();

export interface RenderOptions {
  clock?: Clock;
  pacer?: ConversationPacer;
  log?: Logger;
  /** Aborting stops reading the source (e.g. the customer pressed Stop); what arrived so far is still delivered. */
  signal?: AbortSignal;
}

export interface RenderResult {
  /** Everything the source produced, exactly. */
  text: string;
  /** The plain text of each final message, in order: `parts.join('') === text` (see `renderStream` for the one exception). */
  parts: string[];
  /** Final messages delivered (`parts.length`). */
  messages: number;
  /** API calls made by the renderer through the surface, failed ones included (activity calls excluded). */
  apiCalls: number;
  /** Of those, intermediate updates (drafts, sends and edits of work in progress). */
  updates: number;
  /** Rate-limit answers received. */
  rateLimited: number;
  /** Final messages whose formatting was refused and that went out as plain text. */
  formatFallbacks: number;
  /** `complete`: the source ended; `stopped`: the signal aborted; `source_error`: the source threw (`error`). */
  outcome: 'complete' | 'stopped' | 'source_error';
  error?: unknown;
  /** From `AnswerEvent`s: the model's stop reason and token usage, when given. */
  stopReason?: string;
  usage?: { inputTokens: number; outputTokens: number };
  /** Clock times: the render started, the first text became visible, the last final message was delivered. */
  startedAt: number;
  firstTextAt?: number;
  finishedAt: number;
}

/** A final message could not be delivered (a permanent error, or rate limits past the deadline). */
export class StreamDeliveryError extends Error {
  constructor(
    message: string,
    readonly undelivered: string,
    readonly partial: Omit<RenderResult, 'finishedAt'>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StreamDeliveryError';
  }
}

/** Consecutive failed attempts (network, 5xx) before a final message gives up, and before intermediate updates stop. */
const MAX_TRANSIENT_FAILURES = 4;
/** A 429 doubles this answer's interval, up to this multiple of the policy's. */
const MAX_BACKOFF_FACTOR = 8;

const hasVisible = (s: string) => /\S/.test(s);
/** Drops a trailing high surrogate whose low half has not arrived yet. */
const withoutTrailingHalf = (s: string) => (/[\ud800-\udbff]$/.test(s) ? s.slice(0, -1) : s);
const deltaOf = (item: string | AnswerEvent): string =>
  typeof item === 'string' ? item : item.type === 'delta' ? item.text : '';

/**
 * Renders one streamed answer on one surface and resolves when every final message is delivered.
 *
 * - Activity is started at once (`surface.startActivity()`), so the customer sees something before the first delta.
 * - Intermediate updates: plain text, one call in flight at a time; text that arrives meanwhile is coalesced into
 *   the next update. An update goes out when `minNewChars` new characters arrived (or the text waited `maxStaleMs`),
 *   and no sooner than `minIntervalMs` after the previous call ended. `refreshMs` re-sends the current text to keep
 *   an expiring preview alive. A failed intermediate update is skipped, never retried: the next one carries its text.
 * - Rate limits: a `SurfaceRateLimitedError` pauses every call to the conversation until `retryAfterMs` has passed,
 *   and doubles this answer's interval (up to ×8). Final messages wait and retry; they are never dropped.
 * - Size: a message that would exceed `maxChars` is finalised with its part (cut by `splitForLimit`: paragraph,
 *   then line, sentence, word) and the remainder continues in a new message.
 * - Formatting: only final messages are formatted; if the platform refuses the formatting, the same part goes out
 *   as plain text.
 *
 * The delivered parts concatenate to the model's text exactly, with one exception: a part made only of whitespace
 * (possible only at the very end, after a split) is not sent, because no platform can show it.
 * A source that throws ends the stream: what arrived is delivered, and the result carries `outcome: 'source_error'`.
 * A final message that cannot be delivered rejects with `StreamDeliveryError` (carrying the undelivered text).
 */
export async function renderStream(
  source: AsyncIterable<string> | AsyncIterable<AnswerEvent> | AsyncIterable<string | AnswerEvent>,
  surface: StreamSurface,
  policy: StreamPolicy,
  options: RenderOptions = {},
): Promise<RenderResult> {
  const clock = options.clock ?? systemClock;
  const pacer = options.pacer ?? sharedPacer;
  const log = options.log ?? silentLogger;
  const key = surface.key;
  const maxChars = Math.min(policy.maxChars ?? Infinity, surface.maxChars);
  const formatFinals = policy.format !== false;
  const finalDeadlineMs = policy.finalDeadlineMs ?? 300_000;
  let intervalMs = policy.minIntervalMs;

  const result: Omit<RenderResult, 'finishedAt'> = {
    text: '',
    parts: [],
    messages: 0,
    apiCalls: 0,
    updates: 0,
    rateLimited: 0,
    formatFallbacks: 0,
    outcome: 'complete',
    startedAt: clock.now(),
  };
  // The current message is full.slice(offset); `shown` is what its last intermediate update showed (a prefix of it).
  let offset = 0;
  let shown = '';
  let shownAt = -Infinity;
  let pendingSince: number | undefined; // when the oldest visible text not yet shown arrived
  let intermediatesOff = false;
  let transientFailures = 0;
  let done = false;

  let wake!: () => void;
  let woken = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const notify = () => {
    const w = wake;
    woken = new Promise<void>((resolve) => {
      wake = resolve;
    });
    w();
  };
  const current = () => result.text.slice(offset);
  const readyAt = (now = clock.now()) => pacer.readyAt(key, now, intervalMs, policy.burst);

  // ---- The reader: consumes the source as fast as it produces, independently of the API calls ----
  const iterator = (source as AsyncIterable<string | AnswerEvent>)[Symbol.asyncIterator]();
  let stop!: () => void;
  const stopped = new Promise<'stop'>((resolve) => {
    stop = () => resolve('stop');
  });
  const onAbort = () => {
    if (!done) result.outcome = 'stopped';
    stop();
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const reading = (async () => {
    try {
      for (;;) {
        const next = iterator.next();
        next.catch(() => {}); // a read abandoned by a stop must not become an unhandled rejection
        const step = await Promise.race([next, stopped]);
        if (step === 'stop') {
          iterator.return?.()?.catch(() => {});
          break;
        }
        if (step.done) break;
        const item = step.value;
        if (typeof item !== 'string' && item.type === 'usage')
          result.usage = { inputTokens: item.inputTokens, outputTokens: item.outputTokens };
        if (typeof item !== 'string' && item.type === 'stop') result.stopReason = item.reason;
        const delta = deltaOf(item);
        if (!delta) continue;
        result.text += delta;
        if (pendingSince === undefined && hasVisible(delta)) pendingSince = clock.now();
        notify();
      }
    } catch (err) {
      result.outcome = 'source_error';
      result.error = err;
      log.warn('streaming: the answer stream failed; delivering what arrived', { key, error: err });
    } finally {
      done = true;
      notify();
    }
  })();

  const callEnded = () => pacer.called(key, clock.now());
  const rateLimited = (err: SurfaceRateLimitedError) => {
    result.rateLimited++;
    pacer.pause(key, clock.now() + err.retryAfterMs);
    intervalMs = Math.min(intervalMs * 2, policy.minIntervalMs * MAX_BACKOFF_FACTOR);
    log.warn('streaming: rate limited', { key, retryAfterMs: err.retryAfterMs, intervalMs });
  };

  /** Waits for the conversation's pace; gives up if that wait would pass the deadline. */
  async function paced(deadline: number, cause?: unknown): Promise<void> {
    for (;;) {
      const now = clock.now();
      const at = readyAt(now);
      if (at <= now) return;
      if (at > deadline) {
        throw new StreamDeliveryError(
          `streaming: a final message could not be delivered within ${finalDeadlineMs} ms`,
          current(),
          { ...result },
          { cause },
        );
      }
      await clock.sleep(at - now);
    }
  }

  /** Shows work in progress; failures only skip this update. */
  async function intermediate(text: string): Promise<void> {
    const startedAt = clock.now();
    pacer.take(key, startedAt, policy.burst);
    try {
      const called = await surface.update(text);
      if (called) {
        result.apiCalls++;
        result.updates++;
        callEnded();
      } else pacer.refund(key, policy.burst);
      transientFailures = 0;
      shown = text;
      shownAt = clock.now();
      result.firstTextAt ??= shownAt;
      pendingSince = hasVisible(current().slice(text.length)) ? startedAt : undefined;
    } catch (err) {
      result.apiCalls++;
      result.updates++;
      callEnded();
      if (err instanceof SurfaceRateLimitedError) return rateLimited(err);
      if (err instanceof SurfaceTransientError && ++transientFailures < MAX_TRANSIENT_FAILURES) {
        log.warn('streaming: an intermediate update failed; the next one carries its text', {
          key,
          error: err,
        });
        return;
      }
      intermediatesOff = true;
      log.warn('streaming: intermediate updates stopped; only final messages will be sent', {
        key,
        error: err,
      });
    }
  }

  /** Delivers one final message: waits out rate limits, retries transient failures, falls back to plain text. */
  async function deliverFinal(part: string): Promise<void> {
    if (hasVisible(part)) {
      const deadline = clock.now() + finalDeadlineMs;
      let format = formatFinals;
      let failures = 0;
      let lastError: unknown;
      for (;;) {
        await paced(deadline, lastError);
        pacer.take(key, clock.now(), policy.burst);
        try {
          const called = await surface.finalize(part, { format });
          if (called) {
            result.apiCalls++;
            callEnded();
          } else pacer.refund(key, policy.burst);
          break;
        } catch (err) {
          result.apiCalls++;
          callEnded();
          lastError = err;
          if (err instanceof SurfaceRateLimitedError) rateLimited(err);
          else if (err instanceof SurfaceFormatRejectedError && format) {
            format = false;
            result.formatFallbacks++;
            log.warn('streaming: formatting refused; sending the final message as plain text', {
              key,
              error: err,
            });
          } else if (err instanceof SurfaceTransientError && ++failures < MAX_TRANSIENT_FAILURES) {
            pacer.pause(key, clock.now() + 500 * 2 ** failures);
          } else {
            throw new StreamDeliveryError(
              `streaming: a final message could not be delivered: ${String(err)}`,
              current(),
              { ...result },
              { cause: err },
            );
          }
        }
      }
      result.parts.push(part);
      result.messages++;
      result.firstTextAt ??= clock.now();
    }
    offset += part.length;
    shown = '';
    shownAt = -Infinity;
    pendingSince = hasVisible(current()) ? clock.now() : undefined;
  }

  try {
    surface.startActivity().catch(() => {}); // best effort by contract; never awaited: activity must not delay the text
    for (;;) {
      const signal = woken;
      const all = current();
      if (all.length > maxChars + 1) {
        // Rollover: finish the current message with its exact part; the remainder becomes the next message. (One
        // code unit past the limit is awaited first: where a cut may go can depend on the code point there.)
        for (const part of splitForLimit(all, maxChars).slice(0, -1)) await deliverFinal(part);
        continue;
      }
      if (done) break;
      // Work in progress never ends in half a surrogate pair, and never exceeds the limit (at limit + 1 it waits).
      const text = all.length > maxChars ? '' : withoutTrailingHalf(all);
      const now = clock.now();
      const newChars = text.trimEnd().length - shown.trimEnd().length;
      const canUpdate = !intermediatesOff && hasVisible(text);
      const flushAt =
        canUpdate && newChars > 0
          ? newChars >= policy.minNewChars
            ? now
            : (pendingSince ?? now) + policy.maxStaleMs
          : Infinity;
      const refreshAt = canUpdate && shown !== '' ? shownAt + policy.refreshMs : Infinity;
      const wantAt = Math.min(flushAt, refreshAt);
      const ready = readyAt(now);
      if (wantAt <= now && ready <= now) {
        await intermediate(text);
        continue;
      }
      const wakeAt = Math.max(wantAt, ready);
      if (wakeAt === Infinity) {
        await signal;
        continue;
      }
      const timer = new AbortController();
      await Promise.race([signal, clock.sleep(wakeAt - now, timer.signal)]);
      timer.abort();
    }
    await reading;
    for (const part of splitForLimit(current(), maxChars)) await deliverFinal(part);
    return { ...result, finishedAt: clock.now() };
  } finally {
    stop();
    options.signal?.removeEventListener('abort', onAbort);
    surface.close();
  }
}
