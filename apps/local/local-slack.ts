// Slack on the local stack: POST /slack/events through the same edge as on AWS, an in-process worker queue with SQS
// FIFO's contract, order events into the feed, and the handoff sweep.

import { InProcessChatWorkQueue } from '../../adapters/local/in-process-work-queue.ts';
import type { LocalNotifier } from '../../adapters/local/local-notifier.ts';
import { createSlackConsole, type SlackConsole } from '../../bots/slack/slack-console.ts';
import { createSlackEdge } from '../../bots/slack/slack-edge.ts';
import { slackRetryAfterMs } from '../../bots/slack/slack-retry.ts';
import { QueuedStaffDesk, type SlackWork } from '../../bots/slack/slack-work.ts';
import type { AnswerModel } from '../../core/answer-model.ts';
import type { ChatSessionStore } from '../../core/chat-session.ts';
import type { OrderDeps } from '../../core/deps.ts';
import type { HttpRequest, HttpResponse } from '../../core/http-exchange.ts';
import type { Lang } from '../../core/lang.ts';
import type { Logger } from '../../core/logger.ts';
import type { CustomerLink, StaffDesk, StaffDeskStore } from '../../core/staff-desk.ts';
import type { StoreControlLog } from '../../core/store-control-log.ts';
import type { DeadLetter, WorkQueueStore } from '../../core/work-queue.ts';

export interface LocalSlackOptions {
  token: string;
  signingSecret: string;
  supportChannel: string;
  apiUrl?: string;
  staffLang?: Lang;
  handoffTimeoutMs?: number;
  /** How often the handoff timeout sweep runs (default 30 s). */
  sweepIntervalMs?: number;
}

export interface LocalSlack {
  console: SlackConsole;
  /** For the chat bots: escalations and mirrors, queued for the Slack worker. */
  staffDesk: StaffDesk;
  handle(req: HttpRequest): Promise<HttpResponse>;
  /** Starts the worker: first the items a previous run left queued (in order), then new ones. Returns how many were left. */
  start(): Promise<number>;
  /** Resolves when every queued item has been handled or dead-lettered, retries included (tests). */
  drain(): Promise<void>;
  /** Work that failed every attempt, kept for a person to look at. */
  deadLetters(): Promise<DeadLetter<SlackWork>[]>;
  stop(): Promise<void>;
}

/** What a queue item is, for the log lines: its kind and, for order events, which. */
function describeWork(w: SlackWork): Record<string, unknown> {
  if (w.kind === 'order_event') return { kind: w.kind, orderId: w.payload.orderId, event: w.payload.event };
  if (w.kind === 'slack') return { kind: w.kind, type: w.body.type, eventId: w.body.event_id };
  return { kind: w.kind };
}

export async function startLocalSlack(
  opts: LocalSlackOptions,
  ctx: {
    deps: OrderDeps;
    sessions: ChatSessionStore;
    desks: StaffDeskStore;
    controlLog: StoreControlLog;
    notifier: LocalNotifier;
    log: Logger;
    customers: () => CustomerLink | undefined;
    model?: AnswerModel;
    /** Keeps the queue's items across a restart (the local table); in memory without it. */
    queueStore?: WorkQueueStore<SlackWork>;
    /** The first retry's wait (then doubling); 1 s by default, shorter in tests. */
    retryBaseMs?: number;
  },
): Promise<LocalSlack> {
  let console: SlackConsole | undefined;
  // As the SQS FIFO queue on AWS: a failed item is retried (waiting at least what a Slack 429 asks), its group waiting
  // behind it, and set aside after DEFAULT_MAX_ATTEMPTS. It starts with start(), once the customers' chat is connected.
  const queue = new InProcessChatWorkQueue<SlackWork>(
    async (work) => {
      await console!.handle(work);
    },
    {
      name: 'Slack work',
      autoStart: false,
      log: ctx.log,
      describe: describeWork,
      retryAfterMs: slackRetryAfterMs,
      ...(ctx.queueStore ? { store: ctx.queueStore } : {}),
      ...(ctx.retryBaseMs !== undefined ? { retryBaseMs: ctx.retryBaseMs } : {}),
    },
  );
  const enqueue = (group: string, id: string, work: SlackWork) => {
    void queue
      .enqueue(group, id, work)
      .catch((err: unknown) => ctx.log.warn('Slack work could not be queued', { ...describeWork(work), error: err }));
  };
  // The link to the customers' chat is resolved per call: the Telegram bot starts after Slack (it needs the desk).
  const customers: CustomerLink = {
    staffJoined: (k, name) => need(ctx.customers()).staffJoined(k, name),
    relay: (k, name, text, o) => need(ctx.customers()).relay(k, name, text, o),
    editRelayed: (k, copy, text, o) => need(ctx.customers()).editRelayed(k, copy, text, o),
    deleteRelayed: (k, copy) => need(ctx.customers()).deleteRelayed(k, copy),
    returnToBot: (k) => need(ctx.customers()).returnToBot(k),
    noStaffAvailable: (k) => need(ctx.customers()).noStaffAvailable(k),
    isHandedOff: (k) => need(ctx.customers()).isHandedOff(k),
    customerOrders: (k, limit) => need(ctx.customers()).customerOrders(k, limit),
    customerPhoto: async (k, fileId) => {
      const link = need(ctx.customers());
      if (!link.customerPhoto) throw new Error("the customers' chat gives no files");
      return link.customerPhoto(k, fileId);
    },
  };
  console = await createSlackConsole({
    token: opts.token,
    apiUrl: opts.apiUrl,
    supportChannel: opts.supportChannel,
    staffLang: opts.staffLang ?? 'en',
    orders: ctx.deps,
    sessions: ctx.sessions,
    desks: ctx.desks,
    controlLog: ctx.controlLog,
    customers,
    log: ctx.log,
    handoffTimeoutMs: opts.handoffTimeoutMs,
    ...(ctx.model ? { model: ctx.model } : {}),
  });
  const edge = createSlackEdge({ signingSecret: opts.signingSecret, queue, log: ctx.log });
  const stopEvents = ctx.notifier.onEvent((e) => {
    const p = e.payload;
    enqueue(`order:${p.orderId}`, `order-event:${p.orderId}:${p.event}:${p.at}`, { kind: 'order_event', payload: p });
  });
  const sweep = setInterval(() => {
    const at = new Date().toISOString();
    enqueue('slack-desk', `sweep:${at}`, { kind: 'sweep', at });
  }, opts.sweepIntervalMs ?? 30_000);
  sweep.unref();
  return {
    console,
    staffDesk: new QueuedStaffDesk(queue),
    handle: (req) => edge.handle(req),
    start: () => queue.start(),
    drain: () => queue.drain(),
    deadLetters: () => queue.deadLetters(),
    stop: async () => {
      clearInterval(sweep);
      stopEvents();
      await queue.stop();
    },
  };
}

function need(link: CustomerLink | undefined): CustomerLink {
  if (!link)
    throw new Error(
      'No customer chat is connected (the Telegram bot is off): the customer cannot be reached from Slack',
    );
  return link;
}
