// The Slack edge: signatures (missing, bad, stale, future), url_verification, and every accepted request queued once,
// acknowledged at once.

import { describe, expect, it } from 'vitest';
import { InProcessChatWorkQueue } from '../../../adapters/local/in-process-work-queue.ts';
import { createSlackEdge, slackWorkGroup } from '../../../bots/slack/slack-edge.ts';
import type { SlackWork } from '../../../bots/slack/slack-work.ts';
import { lineLogger, silentLogger } from '../../../core/logger.ts';
import { SLACK_SIGNING_SECRET } from '../../support/fake-slack-api.ts';
import {
  blockActionBody,
  commandRequest,
  eventRequest,
  interactionRequest,
  signedRequest,
  threadReply,
  threadReplyDeleted,
  threadReplyEdited,
} from '../../support/slack-requests.ts';

function edge() {
  const handled: SlackWork[] = [];
  const warnings: string[] = [];
  const queue = new InProcessChatWorkQueue<SlackWork>(async (w) => {
    handled.push(w);
  });
  const log = lineLogger((level, m) => {
    if (level === 'warn' || level === 'error') warnings.push(m);
  });
  return { edge: createSlackEdge({ signingSecret: SLACK_SIGNING_SECRET, queue, log }), handled, queue, warnings };
}

describe('Slack edge', () => {
  it('answers the url_verification challenge when signed', async () => {
    const { edge: e, handled } = edge();
    const res = await e.handle(
      signedRequest(JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'x' }), 'application/json'),
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: 'c-123' });
    expect(handled).toEqual([]);
  });

  it.each([
    ['missing', { signature: null }],
    ['bad', { signature: `v0=${'0'.repeat(64)}` }],
    ['signed with another secret', { secret: 'not-the-secret' }],
    ['stale (6 minutes old)', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
    ['from 6 minutes in the future', { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 }],
  ])('refuses a %s signature with 401 and queues nothing', async (_name, opts) => {
    const { edge: e, handled, queue } = edge();
    const res = await e.handle(eventRequest(threadReply('U1', '1.1', 'hi'), opts));
    await queue.drain();
    expect(res.status).toBe(401);
    expect(handled).toEqual([]);
    const challenge = await e.handle(
      signedRequest(JSON.stringify({ type: 'url_verification', challenge: 'c' }), 'application/json', opts),
    );
    expect(challenge.status).toBe(401);
  });

  it('refuses an unsigned malformed body with 401, and a signed malformed body with 400, without crashing', async () => {
    const { edge: e, handled } = edge();
    expect(
      (
        await e.handle({
          method: 'POST',
          path: '/slack/events',
          headers: { 'content-type': 'application/json' },
          body: '{nope',
        })
      ).status,
    ).toBe(401);
    expect((await e.handle(signedRequest('{nope', 'application/json'))).status).toBe(400);
    expect(handled).toEqual([]);
  });

  it('queues an event and answers 200; a retry of the same event_id is not queued twice', async () => {
    const { edge: e, handled, queue } = edge();
    const event = threadReply('U1', '1700000000.000100', 'cliente pediu troco para 50');
    const first = await e.handle(eventRequest(event, { eventId: 'EvSAME1' }));
    const retry = await e.handle(eventRequest(event, { eventId: 'EvSAME1', retryNum: 1 }));
    await queue.drain();
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(handled).toHaveLength(1);
    expect(handled[0]).toMatchObject({
      kind: 'slack',
      body: { event_id: 'EvSAME1', event: { text: 'cliente pediu troco para 50' } },
    });
  });

  it('queues button presses and slash commands with an empty 200', async () => {
    const { edge: e, handled, queue } = edge();
    const press = await e.handle(
      interactionRequest(blockActionBody('U1', { action_id: 'order_advance', value: 'order:A1B2C3' }, { ts: '1.1' })),
    );
    const command = await e.handle(commandRequest('U1', '/pedido', 'A1B2C3', 'http://127.0.0.1:9/respond/x'));
    await queue.drain();
    expect([press.status, press.body, command.status, command.body]).toEqual([200, '', 200, '']);
    expect(handled.map((w) => w.kind === 'slack' && (w.body.type ?? w.body.command))).toEqual([
      'block_actions',
      '/pedido',
    ]);
  });

  it('answers 500 (so Slack retries) when the work cannot be queued', async () => {
    const log = silentLogger;
    const e = createSlackEdge({
      signingSecret: SLACK_SIGNING_SECRET,
      queue: {
        enqueue: async () => {
          throw new Error('queue down');
        },
      },
      log,
    });
    const res = await e.handle(eventRequest(threadReply('U1', '1.1', 'x')));
    expect(res.status).toBe(500);
  });

  it('groups work by order, by conversation and by thread', () => {
    expect(slackWorkGroup(blockActionBody('U1', { action_id: 'a', value: 'order:A1B2C3' }, { ts: '1.1' }))).toBe(
      'order:A1B2C3',
    );
    expect(slackWorkGroup(blockActionBody('U1', { action_id: 'a', value: 'telegram:42' }, { ts: '1.1' }))).toBe(
      'telegram:42',
    );
    expect(slackWorkGroup({ event: threadReply('U1', '9.9', 'x', 'C1') })).toBe('slack:C1:9.9');
    // An edit or a deletion of a thread reply joins the reply's group, whatever its own event ts.
    const reply = { user: 'U1', ts: '9.95', thread_ts: '9.9', text: 'x' };
    expect(slackWorkGroup({ event: threadReplyEdited(reply, 'y', 'C1') })).toBe('slack:C1:9.9');
    expect(slackWorkGroup({ event: threadReplyDeleted(reply, 'C1') })).toBe('slack:C1:9.9');
  });
});
