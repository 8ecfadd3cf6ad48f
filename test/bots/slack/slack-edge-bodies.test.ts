// The Slack edge reads bodies as Bolt's receiver read them, now that it runs without Bolt: ssl_check answered and not
// queued, a form's `payload` JSON, a command's form fields, and a signed body of no kind Bolt knows left unqueued
// (404).
import { describe, expect, it } from 'vitest';
import { InProcessChatWorkQueue } from '../../../adapters/local/in-process-work-queue.ts';
import { createSlackEdge, isSlackWork, parseSlackBody } from '../../../bots/slack/slack-edge.ts';
import type { SlackWork } from '../../../bots/slack/slack-work.ts';
import { silentLogger } from '../../../core/logger.ts';
import { SLACK_SIGNING_SECRET } from '../../support/fake-slack-api.ts';
import { signedRequest } from '../../support/slack-requests.ts';

function edge() {
  const handled: SlackWork[] = [];
  const queue = new InProcessChatWorkQueue<SlackWork>(async (w) => {
    handled.push(w);
  });
  return { edge: createSlackEdge({ signingSecret: SLACK_SIGNING_SECRET, queue, log: silentLogger }), handled, queue };
}

describe('Slack edge bodies', () => {
  it("answers Slack's ssl_check with an empty 200 and queues nothing", async () => {
    const { edge: e, handled, queue } = edge();
    const res = await e.handle(signedRequest('ssl_check=1&token=legacy', 'application/x-www-form-urlencoded'));
    await queue.drain();
    expect([res.status, res.body]).toEqual([200, '']);
    expect(handled).toEqual([]);
  });

  it('answers 404 to a signed body of no kind Bolt handles, and queues nothing', async () => {
    const { edge: e, handled, queue } = edge();
    const res = await e.handle(signedRequest(JSON.stringify({ type: 'app_rate_limited' }), 'application/json'));
    await queue.drain();
    expect(res.status).toBe(404);
    expect(handled).toEqual([]);
  });

  it("reads an interaction's payload, a command's fields, and JSON whatever the charset parameter", () => {
    const payload = { type: 'block_actions', actions: [{ action_id: 'a', value: 'order:A1B2C3' }] };
    expect(
      parseSlackBody(`payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded'),
    ).toEqual(payload);
    expect(
      parseSlackBody('command=%2Fpedido&text=A1B2C3&user_id=U1', 'application/x-www-form-urlencoded; charset=utf-8'),
    ).toMatchObject({ command: '/pedido', text: 'A1B2C3', user_id: 'U1' });
    expect(parseSlackBody('{"event":{"type":"app_mention"}}', 'application/json; charset=utf-8')).toEqual({
      event: { type: 'app_mention' },
    });
    expect(() => parseSlackBody('{nope', 'application/json')).toThrow();
  });

  it('knows the kinds Bolt routes to listeners', () => {
    for (const body of [
      { event: {} },
      { command: '/order' },
      { actions: [] },
      { type: 'view_submission' },
      { type: 'view_closed' },
      { type: 'shortcut' },
      { type: 'message_action' },
      { type: 'block_suggestion' },
      { name: 'options' },
    ])
      expect(isSlackWork(body), JSON.stringify(body)).toBe(true);
    expect(isSlackWork({ type: 'url_verification' })).toBe(false);
  });
});
