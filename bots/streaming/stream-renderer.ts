// The streaming renderer: turns a stream of text deltas into chat API calls through a StreamSurface, at the fastest
// pace the policy allows and never faster; one class for every channel (Telegram and Slack).
import type { AnswerEvent } from '../../core/answer-model.ts';
import { type Logger, silentLogger } from '../../core/logger.ts';
import { type Clock, systemClock } from './clock.ts';
import { type BurstBudget, type ConversationPacer, sharedPacer } from './conversation-pacer.ts';
import { splitForLimit } from './split-text.ts';
import {
  type StreamSurface,
  SurfaceFormatRejectedError,
  SurfaceRateLimitedError,
  SurfaceTransientError,
} from './stream-surface.ts';

// What callers and tests use with the renderer, importable from here.
export type { Clock } from './clock.ts';
export { systemClock } from './clock.ts';
export { type BurstBudget, ConversationPacer, sharedPacer } from './conversation-pacer.ts';
export type { StreamSurface } from './stream-surface.ts';

/**
 * When to call the surface. All times are measured from the END of the previous call to the START of the next one,
 * so the platform never sees two calls closer than `minIntervalMs`, whatever the network latency.
 */
export interface StreamPolicy {
  /** The least time between two calls to one conversation: intermediate updates, final messages and retries alike. */
  minIntervalMs: number;
  /** A per-minute budget on top of `minIntervalMs` (see `BurstBudget`). */
  burst?: BurstBudget;
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
  /** The plain text of each final message, in order: `parts.join('') === text` (but see `StreamRenderer`). */
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

/** What `renderStream` reads: plain text deltas, or the answer model's events (deltas, stop reason, usage). */
export type AnswerSource = AsyncIterable<string> | AsyncIterable<AnswerEvent> | AsyncIterable<string | AnswerEvent>;

/**
 * Renders one streamed answer on one surface and resolves when every final message is delivered
 * (`new StreamRenderer(surface, policy, options).render(source)`; see `StreamRenderer` for the rules it keeps).
 */
export function renderStream(
  source: AnswerSource,
  surface: StreamSurface,
  policy: StreamPolicy,
  options: RenderOptions = {},
): Promise<RenderResult> {
  return new StreamRenderer(surface, policy, options).render(source);
}

/**
 * One answer on one surface: reads the source as fast as it produces, and calls the surface at the fastest pace the
 * policy allows and never faster. Used once (`render`); its fields are the state of that one answer.
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
export class StreamRenderer {
  private readonly clock: Clock;
  private readonly pacer: ConversationPacer;
  private readonly log: Logger;
  private readonly key: string;
  private readonly maxChars: number;
  private readonly finalDeadlineMs: number;
  /** The least interval of this answer: the policy's, doubled by each rate limit up to ×MAX_BACKOFF_FACTOR. */
  private intervalMs: number;
  private result!: Omit<RenderResult, 'finishedAt'>;
  // The current message is result.text.slice(offset); `shown` is what its last intermediate update showed (a prefix).
  private offset = 0;
  private shown = '';
  private shownAt = -Infinity;
  /** When the oldest visible text not yet shown arrived. */
  private pendingSince: number | undefined;
  private intermediatesOff = false;
  private transientFailures = 0;
  /** The source has ended: exhausted, failed or stopped. */
  private sourceDone = false;
  /** Resolves at each change the main loop may be waiting for: new text, or the end of the source. */
  private readonly changes = new Changes();
  /** Resolved to stop reading the source: the signal aborted, or the render is over. */
  private readonly stopping = deferred<'stop'>();
  private used = false;

  constructor(
    private readonly surface: StreamSurface,
    private readonly policy: StreamPolicy,
    private readonly options: RenderOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.pacer = options.pacer ?? sharedPacer;
    this.log = options.log ?? silentLogger;
    this.key = surface.key;
    this.maxChars = Math.min(policy.maxChars ?? Infinity, surface.maxChars);
    this.finalDeadlineMs = policy.finalDeadlineMs ?? 300_000;
    this.intervalMs = policy.minIntervalMs;
  }

  /** Renders `source`; resolves when every final message is delivered. A renderer renders one answer. */
  async render(source: AnswerSource): Promise<RenderResult> {
    if (this.used) throw new Error('streaming: a StreamRenderer renders one answer; make a new one for the next');
    this.used = true;
    this.result = {
      text: '',
      parts: [],
      messages: 0,
      apiCalls: 0,
      updates: 0,
      rateLimited: 0,
      formatFallbacks: 0,
      outcome: 'complete',
      startedAt: this.clock.now(),
    };
    const iterator = (source as AsyncIterable<string | AnswerEvent>)[Symbol.asyncIterator]();
    const { signal } = this.options;
    if (signal?.aborted) this.onAbort();
    else signal?.addEventListener('abort', this.onAbort, { once: true });
    const reading = this.read(iterator);
    try {
      // Best effort by contract, and never awaited: activity must not delay the text.
      this.surface.startActivity().catch(() => {});
      await this.showWhileStreaming();
      await reading;
      for (const part of splitForLimit(this.current(), this.maxChars)) await this.deliverFinal(part);
      return { ...this.result, finishedAt: this.clock.now() };
    } finally {
      this.stopping.resolve('stop');
      signal?.removeEventListener('abort', this.onAbort);
      this.surface.close();
    }
  }

  private readonly onAbort = () => {
    if (!this.sourceDone) this.result.outcome = 'stopped';
    this.stopping.resolve('stop');
  };

  // ---- The reader: consumes the source as fast as it produces, independently of the API calls ----

  private async read(iterator: AsyncIterator<string | AnswerEvent>): Promise<void> {
    try {
      for (;;) {
        const next = iterator.next();
        next.catch(() => {}); // a read abandoned by a stop must not become an unhandled rejection
        const step = await Promise.race([next, this.stopping.promise]);
        if (step === 'stop') {
          iterator.return?.()?.catch(() => {});
          break;
        }
        if (step.done) break;
        this.receive(step.value);
      }
    } catch (err) {
      this.result.outcome = 'source_error';
      this.result.error = err;
      this.log.warn('streaming: the answer stream failed; delivering what arrived', {
        key: this.key,
        error: err,
      });
    } finally {
      this.sourceDone = true;
      this.changes.notify();
    }
  }

  /** Takes one item of the source: text to show, or the model's stop reason or token usage. */
  private receive(item: string | AnswerEvent): void {
    if (typeof item !== 'string' && item.type === 'usage')
      this.result.usage = { inputTokens: item.inputTokens, outputTokens: item.outputTokens };
    if (typeof item !== 'string' && item.type === 'stop') this.result.stopReason = item.reason;
    const delta = deltaOf(item);
    if (!delta) return;
    this.result.text += delta;
    if (this.pendingSince === undefined && hasVisible(delta)) this.pendingSince = this.clock.now();
    this.changes.notify();
  }

  // ---- The main loop: intermediate updates and rollovers until the source ends ----

  private async showWhileStreaming(): Promise<void> {
    for (;;) {
      const changed = this.changes.next;
      const all = this.current();
      if (all.length > this.maxChars + 1) {
        // Rollover: finish the current message with its exact part; the remainder becomes the next message. (One
        // code unit past the limit is awaited first: where a cut may go can depend on the code point there.)
        for (const part of splitForLimit(all, this.maxChars).slice(0, -1)) await this.deliverFinal(part);
        continue;
      }
      if (this.sourceDone) return;
      // Work in progress never ends in half a surrogate pair, and never exceeds the limit (at limit + 1 it waits).
      const text = all.length > this.maxChars ? '' : withoutTrailingHalf(all);
      const now = this.clock.now();
      const wantAt = this.updateWantedAt(text, now);
      const readyAt = this.readyAt(now);
      if (wantAt <= now && readyAt <= now) await this.intermediate(text);
      else await this.sleepUntil(Math.max(wantAt, readyAt), now, changed);
    }
  }

  /** When an update showing `text` is wanted: now, later (enough new text, stale text, a refresh), or never. */
  private updateWantedAt(text: string, now: number): number {
    if (this.intermediatesOff || !hasVisible(text)) return Infinity;
    const newChars = text.trimEnd().length - this.shown.trimEnd().length;
    let flushAt = Infinity;
    if (newChars >= this.policy.minNewChars) flushAt = now;
    else if (newChars > 0) flushAt = (this.pendingSince ?? now) + this.policy.maxStaleMs;
    const refreshAt = this.shown !== '' ? this.shownAt + this.policy.refreshMs : Infinity;
    return Math.min(flushAt, refreshAt);
  }

  /** Waits until `at`, or less if the source changes first. */
  private async sleepUntil(at: number, now: number, changed: Promise<void>): Promise<void> {
    if (at === Infinity) return changed;
    const timer = new AbortController();
    await Promise.race([changed, this.clock.sleep(at - now, timer.signal)]);
    timer.abort();
  }

  // ---- Calls to the surface ----

  /** Shows work in progress; failures only skip this update. */
  private async intermediate(text: string): Promise<void> {
    const startedAt = this.clock.now();
    this.pacer.take(this.key, startedAt, this.policy.burst);
    try {
      const called = await this.surface.update(text);
      if (called) this.callMade('update');
      else this.pacer.refund(this.key, this.policy.burst);
      this.transientFailures = 0;
      this.shown = text;
      this.shownAt = this.clock.now();
      this.result.firstTextAt ??= this.shownAt;
      this.pendingSince = hasVisible(this.current().slice(text.length)) ? startedAt : undefined;
    } catch (err) {
      this.callMade('update');
      this.intermediateFailed(err);
    }
  }

  /** A failed update is skipped; a permanent failure (or too many transient ones) stops updates for this answer. */
  private intermediateFailed(err: unknown): void {
    const context = { key: this.key, error: err };
    if (err instanceof SurfaceRateLimitedError) this.rateLimited(err);
    else if (err instanceof SurfaceTransientError && ++this.transientFailures < MAX_TRANSIENT_FAILURES)
      this.log.warn('streaming: an intermediate update failed; the next one carries its text', context);
    else {
      this.intermediatesOff = true;
      this.log.warn('streaming: intermediate updates stopped; only final messages will be sent', context);
    }
  }

  /** Delivers one final message (unless it is only whitespace), and opens the next message after it. */
  private async deliverFinal(part: string): Promise<void> {
    if (hasVisible(part)) {
      await this.sendFinal(part);
      this.result.parts.push(part);
      this.result.messages++;
      this.result.firstTextAt ??= this.clock.now();
    }
    this.offset += part.length;
    this.shown = '';
    this.shownAt = -Infinity;
    this.pendingSince = hasVisible(this.current()) ? this.clock.now() : undefined;
  }

  /** Sends a final message until delivered: waits out rate limits, retries transient failures, falls back to plain. */
  private async sendFinal(part: string): Promise<void> {
    const deadline = this.clock.now() + this.finalDeadlineMs;
    let format = this.policy.format !== false;
    let failures = 0;
    let lastError: unknown;
    for (;;) {
      await this.paced(deadline, lastError);
      this.pacer.take(this.key, this.clock.now(), this.policy.burst);
      try {
        const called = await this.surface.finalize(part, { format });
        if (called) this.callMade('final');
        else this.pacer.refund(this.key, this.policy.burst);
        return;
      } catch (err) {
        this.callMade('final');
        lastError = err;
        if (err instanceof SurfaceRateLimitedError) this.rateLimited(err);
        else if (err instanceof SurfaceFormatRejectedError && format) {
          format = false;
          this.result.formatFallbacks++;
          this.log.warn('streaming: formatting refused; sending the final message as plain text', {
            key: this.key,
            error: err,
          });
        } else if (err instanceof SurfaceTransientError && ++failures < MAX_TRANSIENT_FAILURES)
          this.pacer.pause(this.key, this.clock.now() + 500 * 2 ** failures);
        else throw this.undeliverable(`streaming: a final message could not be delivered: ${String(err)}`, err);
      }
    }
  }

  /** Waits for the conversation's pace; gives up if that wait would pass the deadline. */
  private async paced(deadline: number, cause?: unknown): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const at = this.readyAt(now);
      if (at <= now) return;
      if (at > deadline)
        throw this.undeliverable(
          `streaming: a final message could not be delivered within ${this.finalDeadlineMs} ms`,
          cause,
        );
      await this.clock.sleep(at - now);
    }
  }

  // ---- Bookkeeping ----

  /** The text of the current message so far. */
  private current(): string {
    return this.result.text.slice(this.offset);
  }

  /** The earliest time (>= now) the next call to this conversation may start. */
  private readyAt(now: number): number {
    return this.pacer.readyAt(this.key, now, this.intervalMs, this.policy.burst);
  }

  /** A call to the surface ended just now (delivered or refused: a refused call was still a call). */
  private callMade(kind: 'update' | 'final'): void {
    this.result.apiCalls++;
    if (kind === 'update') this.result.updates++;
    this.pacer.called(this.key, this.clock.now());
  }

  private rateLimited(err: SurfaceRateLimitedError): void {
    this.result.rateLimited++;
    this.pacer.pause(this.key, this.clock.now() + err.retryAfterMs);
    this.intervalMs = Math.min(this.intervalMs * 2, this.policy.minIntervalMs * MAX_BACKOFF_FACTOR);
    this.log.warn('streaming: rate limited', {
      key: this.key,
      retryAfterMs: err.retryAfterMs,
      intervalMs: this.intervalMs,
    });
  }

  private undeliverable(message: string, cause: unknown): StreamDeliveryError {
    return new StreamDeliveryError(message, this.current(), { ...this.result }, { cause });
  }
}

/** A promise and the function that resolves it. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** "Something changed": `next` resolves at the following `notify()`, which arms a fresh `next` for the change after. */
class Changes {
  private current = deferred<void>();
  get next(): Promise<void> {
    return this.current.promise;
  }
  notify(): void {
    const fired = this.current;
    this.current = deferred<void>();
    fired.resolve();
  }
}
