// Slack's v0 signature checked with node:crypto: it agrees with Bolt's own verifier on what Bolt accepts and refuses,
// and also refuses a timestamp from the future, which Bolt lets through.
import { createHmac } from 'node:crypto';
import { isValidSlackRequest } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { isValidSlackSignature } from '../../../bots/slack/slack-signature.ts';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW_MS = Date.UTC(2026, 11, 3, 12, 0, 0);
const NOW_S = NOW_MS / 1000;
const BODY = 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fpedido&text=A1B2C3';
const sign = (body: string, ts: number | string, secret = SECRET) =>
  `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;

/** Bolt's answer for the same request, at the same instant. */
const bolt = (body: string, signature: string, ts: number) =>
  isValidSlackRequest({
    signingSecret: SECRET,
    body,
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': ts },
    nowMilliseconds: NOW_MS,
  });

describe('isValidSlackSignature', () => {
  it.each([
    ['a fresh signature', BODY, sign(BODY, NOW_S), NOW_S, true],
    ['one signed 4 minutes ago', BODY, sign(BODY, NOW_S - 240), NOW_S - 240, true],
    ['one signed 6 minutes ago (stale)', BODY, sign(BODY, NOW_S - 360), NOW_S - 360, false],
    ['another body', `${BODY}&x=1`, sign(BODY, NOW_S), NOW_S, false],
    ['another secret', BODY, sign(BODY, NOW_S, 'not-the-secret'), NOW_S, false],
    ['a v1 signature', BODY, sign(BODY, NOW_S).replace(/^v0=/, 'v1='), NOW_S, false],
    ['a truncated signature', BODY, sign(BODY, NOW_S).slice(0, 40), NOW_S, false],
  ])('agrees with Bolt on %s', (_name, body, signature, ts, valid) => {
    // Act
    const ours = isValidSlackSignature(SECRET, { body, signature, timestamp: String(ts) }, NOW_MS);

    // Assess
    expect(ours).toBe(valid);
    expect(bolt(body, signature, ts)).toBe(valid);
  });

  it('refuses what Bolt accepts but Slack never sends: a timestamp 6 minutes ahead, or one that is not digits', () => {
    // Prepare
    const ahead = NOW_S + 360;

    // Act
    const future = isValidSlackSignature(
      SECRET,
      { body: BODY, signature: sign(BODY, ahead), timestamp: String(ahead) },
      NOW_MS,
    );
    const notDigits = isValidSlackSignature(
      SECRET,
      { body: BODY, signature: sign(BODY, '1e9'), timestamp: '1e9' },
      NOW_MS,
    );

    // Assess
    expect(bolt(BODY, sign(BODY, ahead), ahead)).toBe(true);
    expect([future, notDigits]).toEqual([false, false]);
  });

  it('refuses a missing signature or timestamp, and an empty signing secret', () => {
    expect(isValidSlackSignature(SECRET, { body: BODY, signature: undefined, timestamp: String(NOW_S) }, NOW_MS)).toBe(
      false,
    );
    expect(
      isValidSlackSignature(SECRET, { body: BODY, signature: sign(BODY, NOW_S), timestamp: undefined }, NOW_MS),
    ).toBe(false);
    expect(
      isValidSlackSignature('', { body: BODY, signature: sign(BODY, NOW_S, ''), timestamp: String(NOW_S) }, NOW_MS),
    ).toBe(false);
  });
});
