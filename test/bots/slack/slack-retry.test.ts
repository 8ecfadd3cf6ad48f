// Waiting out Slack's rate limits: the real Web API client against the fake Slack, a 429's Retry-After read and
// honoured, bounded attempts, and errors a retry would not cure thrown at once.
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackRetryAfterMs, withSlackRetry } from '../../../bots/slack/slack-retry.ts';
import {
  type FakeSlackApi,
  SLACK_TEST_TOKEN,
  SUPPORT_CHANNEL,
  startFakeSlackApi,
} from '../../support/fake-slack-api.ts';

let slack: FakeSlackApi;
let client: WebClient;
beforeAll(async () => {
  slack = await startFakeSlackApi();
  // As the console configures it: a 429 is rejected at once, so the caller decides how long to wait.
  client = new WebClient(SLACK_TEST_TOKEN, {
    slackApiUrl: slack.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });
});
afterAll(async () => {
  await slack.close();
});

const post = () => client.chat.postMessage({ channel: SUPPORT_CHANNEL, text: 'x' });

describe('withSlackRetry', () => {
  it('reads Retry-After from a 429, and gives up on an error a retry would not cure', async () => {
    slack.failNext('chat.postMessage', { error: 'ratelimited', status: 429, retryAfter: 7 });
    slack.failNext('chat.postMessage', { error: 'channel_not_found' });
    expect(slackRetryAfterMs(await post().catch((e: unknown) => e))).toBe(7000);
    expect(slackRetryAfterMs(await post().catch((e: unknown) => e))).toBeUndefined();
  });

  it('waits what each 429 asks, then succeeds', async () => {
    const waits: number[] = [];
    slack.failNext('chat.postMessage', { error: 'ratelimited', status: 429, retryAfter: 1 });
    slack.failNext('chat.postMessage', { error: 'ratelimited', status: 429, retryAfter: 2 });
    const res = await withSlackRetry(post, {
      attempts: 3,
      maxWaitMs: 5000,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(res.ok).toBe(true);
    expect(waits).toEqual([1000, 2000]);
  });

  it('throws the rate limit once the attempts are used up, or at once when Retry-After is longer than the caller may wait', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    for (let i = 0; i < 3; i++)
      slack.failNext('chat.postMessage', { error: 'ratelimited', status: 429, retryAfter: 1 });
    await expect(withSlackRetry(post, { attempts: 3, maxWaitMs: 5000, sleep })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
    });
    expect(waits).toEqual([1000, 1000]);

    slack.failNext('chat.postMessage', { error: 'ratelimited', status: 429, retryAfter: 60 });
    await expect(withSlackRetry(post, { attempts: 3, maxWaitMs: 5000, sleep })).rejects.toMatchObject({
      retryAfter: 60,
    });
    expect(waits).toEqual([1000, 1000]);
  });
});
