// Slack on the local stack: the route is served over HTTP with the same edge as on AWS (its settings:
// test/apps/local/config.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalStack } from '../../../apps/local/local-stack.ts';
import { DEMO_PACKAGE } from '../../support/demo-store.ts';
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

  it('without Slack settings the route does not exist', async () => {
    const stack = await startLocalStack({ catalog: DEMO_PACKAGE, port: 0, staffToken: 's', assistant: false });
    try {
      const res = await fetch(`${stack.url}/slack/events`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(404);
      expect(stack.slack).toBeUndefined();
    } finally {
      await stack.stop();
    }
  });
});
