// The pace of each conversation (the least interval between calls, a per-minute token bucket, rate-limit pauses),
// shared by every answer rendered in this process.

/**
 * A token bucket on top of the least interval, for a per-minute limit: up to `size` calls in a row at that interval,
 * then one per `refillMs`. Any 60 s then holds at most `size + 60_000 / refillMs` calls.
 */
export interface BurstBudget {
  size: number;
  refillMs: number;
}

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
  readyAt(key: string, now: number, intervalMs: number, burst?: BurstBudget): number {
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
  take(key: string, now: number, burst?: BurstBudget): void {
    const e = this.entry(key, now, burst);
    if (burst) {
      e.tokens = this.tokens(e, now, burst) - 1;
      e.tokensAt = now;
    }
  }

  /** The call taken for turned out not to be needed (the surface made no API call). */
  refund(key: string, burst?: BurstBudget): void {
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

  private entry(key: string, now: number, burst?: BurstBudget) {
    let e = this.entries.get(key);
    if (!e) {
      e = { lastCallEnd: -Infinity, pausedUntil: -Infinity, tokens: burst?.size ?? Infinity, tokensAt: now };
      this.entries.set(key, e);
    }
    return e;
  }

  private tokens(e: { tokens: number; tokensAt: number }, at: number, burst: BurstBudget): number {
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
