// Slack on the local stack: the route is served over HTTP with the same edge as on AWS, and settings come from the environment.
import { afterEach, describe, expect, it } from 'vitest';
import { slackOptionsFromEnv } from '../../../apps/local/local-slack.ts';
import { startLocalStack } from '../../../apps/local/local-stack.ts';
import { eventRequest, signedRequest, threadReply } from '../../support/slack-requests.ts';
import { type SlackHarness, startSlackHarness } from './slack-harness.ts';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Slack on the local stack', () => {
  it('serves POST /slack/events: challenge answered, bad signature refused, auth.test called once', async () => {
    h = await startSlackHarness();
    const challenge = await h.send(
      signedRequest(JSON.stringify({ type: 'url_verification', challenge: 'abc' }), 'application/json'),
    );
    const refused = await h.send(eventRequest(threadReply('U1', '1.1', 'x'), { secret: 'wrong' }));
    expect(challenge).toEqual({ status: 200, body: JSON.stringify({ challenge: 'abc' }) });
    expect(refused.status).toBe(401);
    expect(h.slack.callsOf('auth.test')).toHaveLength(1);
  });

  it('reads its settings from the environment: all three or none, and says what is missing', () => {
    expect(slackOptionsFromEnv({}).options).toBeUndefined();
    expect(slackOptionsFromEnv({ SLACK_BOT_TOKEN: 'x' }).missing).toEqual([
      'SLACK_SIGNING_SECRET',
      'SLACK_SUPPORT_CHANNEL',
    ]);
    const full = slackOptionsFromEnv({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_SUPPORT_CHANNEL: 'C1',
      SLACK_API_URL: 'http://127.0.0.1:1/api/',
      SLACK_STAFF_LANG: 'pt-BR',
      SLACK_HANDOFF_TIMEOUT_MINUTES: '5',
    });
    expect(full.options).toEqual({
      token: 'xoxb-1',
      signingSecret: 's',
      supportChannel: 'C1',
      apiUrl: 'http://127.0.0.1:1/api/',
      staffLang: 'pt-BR',
      handoffTimeoutMs: 300_000,
    });
  });

  it('without Slack settings the route does not exist', async () => {
    const stack = await startLocalStack({ port: 0, staffToken: 's', assistant: false });
    try {
      const res = await fetch(`${stack.url}/slack/events`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(404);
      expect(stack.slack).toBeUndefined();
    } finally {
      await stack.stop();
    }
  });
});
