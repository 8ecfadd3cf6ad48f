// Slack's v0 request signature: HMAC-SHA256, keyed with the signing secret, over `v0:{timestamp}:{body}`, and a replay
// window of 5 minutes either way. node:crypto does it in a few lines, where Bolt's check comes with its receivers'
// whole HTTP stack: the edge's bundle must stay within 150 KiB.
import { createHmac } from 'node:crypto';
import { safeEqual } from '../../core/order-ids.ts';

/** Slack's replay window: a request signed more than 5 minutes away from now is refused. */
export const SLACK_MAX_CLOCK_SKEW_S = 5 * 60;

export interface SignedSlackRequest {
  /** The raw body, exactly as received: the signature covers its bytes. */
  body: string;
  /** X-Slack-Signature, `v0=<64 hex>`. */
  signature: string | undefined;
  /** X-Slack-Request-Timestamp, in seconds. */
  timestamp: string | undefined;
}

/**
 * True only for a v0 signature of this body and timestamp made with the secret, within 5 minutes of `nowMs`. Bolt
 * refuses old timestamps only; one far in the future is just as replayable, so both directions count here.
 */
export function isValidSlackSignature(signingSecret: string, req: SignedSlackRequest, nowMs = Date.now()): boolean {
  const { signature, timestamp } = req;
  if (!signingSecret || !signature?.startsWith('v0=') || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SLACK_MAX_CLOCK_SKEW_S) return false;
  const expected = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${req.body}`).digest('hex')}`;
  // Constant time whatever the lengths: both sides are hashed to 32 bytes first.
  return safeEqual(signature, expected);
}
