// Waiting out Slack's rate limits: how long a failed Web API call asks us to wait, and a bounded retry of one step that
// honours it.

import { toSurfaceError } from '../streaming/slack-surface.ts';
import { SurfaceRateLimitedError, SurfaceTransientError } from '../streaming/stream-surface.ts';

/** A pause for Slack's own trouble (internal_error, 5xx after the client's retries), which comes without a Retry-After. */
const TRANSIENT_PAUSE_MS = 1_000;

/**
 * How long to wait before calling Slack again after `err`: the Retry-After of a 429 (or a `ratelimited` answer), a
 * short pause for Slack's transient trouble, undefined for an error a retry would not cure (a bad argument, a
 * deleted message). The console's client rejects rate-limited calls at once (slack-console.ts), so this is where a
 * throttled step learns how long Slack asked for.
 */
export function slackRetryAfterMs(err: unknown): number | undefined {
  const e = toSurfaceError(err);
  if (e instanceof SurfaceRateLimitedError) return e.retryAfterMs;
  if (e instanceof SurfaceTransientError) return TRANSIENT_PAUSE_MS;
  return undefined;
}

export interface SlackRetryPolicy {
  /** Calls in all, the first included. */
  attempts: number;
  /** The longest single wait worth holding the caller for; a longer Retry-After gives up at once (the caller says so). */
  maxWaitMs: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A button's card refresh: three tries within a few seconds. The click holds its order's queue group meanwhile, and a
 * longer pause is better left to the order event that follows the click (its refresh is retried by the queue).
 */
export const CARD_REFRESH_RETRY: SlackRetryPolicy = { attempts: 3, maxWaitMs: 3_000 };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `step`, again after each rate limit or transient failure while the policy allows; throws the last error otherwise. */
export async function withSlackRetry<T>(step: () => Promise<T>, policy: SlackRetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      const wait = slackRetryAfterMs(err);
      if (wait === undefined || attempt >= policy.attempts || wait > policy.maxWaitMs) throw err;
      await (policy.sleep ?? realSleep)(wait);
    }
  }
}
