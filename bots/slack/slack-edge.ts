// POST /slack/events: Bolt's AwsLambdaReceiver verifies the v0 signature and answers url_verification; every accepted request is queued for the worker and acknowledged at once.
import { App, AwsLambdaReceiver, type Logger as BoltLogger, isValidSlackRequest, LogLevel } from '@slack/bolt';
import type { HttpRequest, HttpResponse } from '../../core/http-exchange.ts';
import type { Logger } from '../../core/logger.ts';
import type { SlackWorkQueue } from './slack-work.ts';

export const SLACK_EVENTS_PATH = '/slack/events';
/** Slack's replay window: a request signed more than 5 minutes away from now is refused. */
export const SLACK_MAX_CLOCK_SKEW_S = 5 * 60;
/** Slack's payloads are small; a larger body is not from Slack. */
export const SLACK_MAX_REQUEST_BYTES = 256 * 1024;

export interface SlackEdgeDeps {
  signingSecret: string;
  queue: SlackWorkQueue;
  log: Logger;
}

type Body = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Body => (typeof v === 'object' && v !== null ? (v as Body) : {});

/**
 * Which FIFO group a request joins: work on one order, or one customer conversation, is handled in order. Buttons
 * carry `order:<id>` or `telegram:<chat>` as their value; thread messages (and their edits and deletions) group by thread;
 * the rest by user.
 */
export function slackWorkGroup(body: Body): string {
  const action = obj((Array.isArray(body.actions) ? body.actions : [])[0]);
  const value = str(action.value) ?? str(obj(action.selected_option).value);
  const subject = value && /^(order|telegram):[\w:-]{1,100}$/.exec(value)?.[0];
  if (subject) return subject;
  const event = obj(body.event);
  const channel = str(event.channel) ?? str(obj(body.channel).id) ?? str(body.channel_id);
  // An edit or a deletion names its reply's thread inside the message (the event's own `ts` is new): it must join the
  // reply's group, or it could overtake the relay it changes.
  const thread =
    str(event.thread_ts) ??
    str(obj(event.message).thread_ts) ??
    str(obj(event.previous_message).thread_ts) ??
    str(event.ts);
  if (channel && thread) return `slack:${channel}:${thread}`;
  const user = str(event.user) ?? str(obj(body.user).id) ?? str(body.user_id) ?? 'anyone';
  return `slack-user:${user}`;
}

/** The id SQS FIFO (and the local queue) drop repeats of: Slack's event_id, or the interaction's trigger. */
export function slackDedupeId(body: Body): string | undefined {
  const action = obj((Array.isArray(body.actions) ? body.actions : [])[0]);
  const messageTs = str(obj(body.container).message_ts);
  const actionTs = str(action.action_ts);
  const id =
    str(body.event_id) ?? str(body.trigger_id) ?? (messageTs && actionTs ? `${messageTs}-${actionTs}` : undefined);
  return id?.replace(/[^\w.:-]/g, '_').slice(0, 128);
}

/** Bolt's log lines go to ours: errors and warnings only (its debug output would include request bodies). */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.WARN;
  return {
    debug: () => {},
    info: () => {},
    warn: (...msg: unknown[]) => log.warn(`slack: ${msg.map(String).join(' ')}`),
    error: (...msg: unknown[]) => log.warn(`slack error: ${msg.map(String).join(' ')}`),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export interface SlackEdge {
  handle(req: HttpRequest): Promise<HttpResponse>;
}

export function createSlackEdge(deps: SlackEdgeDeps): SlackEdge {
  const logger = boltLogger(deps.log);
  const receiver = new AwsLambdaReceiver({ signingSecret: deps.signingSecret, logger });
  // The edge never calls the Web API: the bot ids are placeholders so Bolt's authorize step makes no auth.test call.
  const app = new App({
    receiver,
    token: 'xoxb-unused-at-the-edge',
    botId: 'B-EDGE',
    botUserId: 'U-EDGE',
    tokenVerificationEnabled: false,
    ignoreSelf: false,
    logger,
  });
  app.use(async (args) => {
    const { body, context } = args as unknown as { body: Body; context: { retryNum?: number } };
    const ack = (args as { ack?: () => Promise<void> }).ack;
    const dedupeId = slackDedupeId(body) ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    if (context.retryNum)
      deps.log.info('slack: a retried request (queued again; the queue and the worker drop repeats)', {
        dedupeId,
        retryNum: context.retryNum,
      });
    // Queued before the answer: a 200 means the work is safe, and a failure to queue is a 500 that Slack retries.
    await deps.queue.enqueue(slackWorkGroup(body), dedupeId, {
      kind: 'slack',
      body,
      ...(context.retryNum ? { retryNum: Number(context.retryNum) } : {}),
    });
    // Events were acknowledged by Bolt already; interactions and commands get an empty 200 here.
    if (ack) await ack();
  });
  const handler = receiver.toHandler();

  return {
    async handle(req) {
      if (req.method !== 'POST')
        return { status: 405, headers: { 'content-type': 'text/plain' }, body: 'Method not allowed' };
      // The receiver parses the body before it checks the signature, so an unsigned malformed body would crash it:
      // check first (the same Bolt check: v0 HMAC, constant-time compare, timestamps over 5 minutes old refused).
      const signature = req.headers['x-slack-signature'];
      const timestamp = Number(req.headers['x-slack-request-timestamp']);
      // Bolt refuses old timestamps only; one far in the future is just as replayable, so both directions count.
      if (
        !signature ||
        !Number.isFinite(timestamp) ||
        Math.abs(Date.now() / 1000 - timestamp) > SLACK_MAX_CLOCK_SKEW_S ||
        !isValidSlackRequest({
          signingSecret: deps.signingSecret,
          body: req.body ?? '',
          headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
        })
      ) {
        deps.log.warn('slack: request refused (missing, bad or stale signature)', { path: req.path });
        return { status: 401, headers: { 'content-type': 'text/plain' }, body: '' };
      }
      // The receiver takes an API Gateway event; only the fields it reads are filled in.
      const event = {
        body: req.body ?? '',
        headers: req.headers,
        isBase64Encoded: false,
        rawPath: req.path,
        requestContext: { http: { method: req.method } },
      };
      let res: { statusCode: number; headers?: Record<string, string>; body?: string };
      try {
        res = (await handler(event as never, {} as never)) as typeof res;
      } catch (err) {
        deps.log.warn('slack: a signed request could not be read', { error: String(err) });
        return { status: 400, headers: { 'content-type': 'text/plain' }, body: 'Malformed body' };
      }
      return { status: res.statusCode, headers: res.headers ?? { 'content-type': 'text/plain' }, body: res.body ?? '' };
    },
  };
}
