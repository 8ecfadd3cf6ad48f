// The Slack support console (the worker side): one Bolt app whose listeners handle the requests the edge queued, plus
// the order feed, escalations, mirrors and the timeout sweep.
import { App, type Receiver } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { publishHome, registerAppHome } from './app-home.ts';
import { boltLogger } from './bolt-logger.ts';
import { customerReturnedToBot, mirrorToThread, openEscalation, sweepEscalations } from './desk-escalations.ts';
import { moveLegacyDesks } from './desk-legacy.ts';
import { registerHandoff } from './handoff-desk.ts';
import { flushHomes } from './home-refresh.ts';
import { registerOrderActions } from './order-actions.ts';
import { postOrderEvent } from './order-feed.ts';
import type { SlackConsoleDeps, SlackContext } from './slack-context.ts';
import type { SlackWork } from './slack-work.ts';
import { staffAccess } from './staff-access.ts';
import { registerStaffAssistant } from './staff-assistant.ts';
import { registerStoreControls } from './store-control-actions.ts';

export interface SlackConsole {
  ctx: SlackContext;
  handle(work: SlackWork): Promise<void>;
}

/** Bolt wants a receiver; requests reach this app through `processEvent` from the worker, never from a socket. */
const workerReceiver: Receiver = { init: () => {}, start: async () => {}, stop: async () => {} };

export async function createSlackConsole(deps: SlackConsoleDeps): Promise<SlackConsole> {
  const clientOptions: WebClientOptions = {
    ...(deps.apiUrl ? { slackApiUrl: deps.apiUrl } : {}),
    // A few quick retries, never the default policy's half hour: a worker must finish, and a 429 is handled by callers.
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    rejectRateLimitedCalls: true,
    ...deps.clientOptions,
  };
  const logger = boltLogger(deps.log);
  const client = new WebClient(deps.token, { ...clientOptions, logger });
  // One auth.test per container: Bolt's lazy authorize would otherwise call it for every request.
  const auth = await client.auth.test();
  const app = new App({
    receiver: workerReceiver,
    token: deps.token,
    botId: auth.bot_id,
    botUserId: auth.user_id,
    tokenVerificationEnabled: false,
    clientOptions: { ...clientOptions },
    logger,
  });
  const ctx: SlackContext = {
    app,
    client,
    deps,
    botUserId: auth.user_id!,
    staff: staffAccess(client, deps.supportChannel),
    t: deps.staffLang,
  };
  app.error(async (err) => {
    deps.log.warn('slack: a listener failed', { error: err, code: (err as { code?: string }).code });
  });
  // Escalations an older version left open keep going: moved into the desk store once (one read afterwards).
  try {
    const moved = await moveLegacyDesks(deps.sessions, deps.desks);
    if (moved > 0) deps.log.info('slack: open escalations moved into the desk store', { moved });
  } catch (err) {
    deps.log.warn('slack: could not move the open escalations of an older version; the next start tries again', {
      error: err,
    });
  }
  registerOrderActions(ctx);
  registerHandoff(ctx);
  registerAppHome(ctx);
  registerStoreControls(ctx);
  registerStaffAssistant(ctx);

  return {
    ctx,
    async handle(work) {
      try {
        await handleWork(work);
      } finally {
        // Whatever the work changed reaches the Homes of those looking at them (coalesced per viewer).
        await flushHomes(ctx, publishHome);
      }
    },
  };

  async function handleWork(work: SlackWork): Promise<void> {
    switch (work.kind) {
      case 'slack': {
        const eventId = typeof work.body.event_id === 'string' ? work.body.event_id : undefined;
        // Slack retries events it thinks we missed; each event_id is handled once, whatever reached the queue.
        if (eventId && !(await deps.sessions.markUpdateSeen(`slack:${eventId}`))) {
          deps.log.info('slack: event already handled (a retry)', { eventId });
          return;
        }
        await app.processEvent({
          body: work.body,
          ack: async () => {},
          ...(work.retryNum ? { retryNum: work.retryNum } : {}),
        });
        return;
      }
      case 'order_event':
        return postOrderEvent(ctx, work.payload);
      case 'escalate':
        return openEscalation(ctx, work.escalation);
      case 'mirror':
        return mirrorToThread(ctx, work);
      case 'customer_left':
        return customerReturnedToBot(ctx, work.conversationKey);
      case 'sweep':
        return sweepEscalations(ctx, new Date(work.at));
    }
  }
}
