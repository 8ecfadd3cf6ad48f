// POST /slack/events: checks the v0 signature (slack-signature.ts), answers url_verification and ssl_check, queues
// every
// other request Slack sends (events, interactions, slash commands) for the worker, and acknowledges at once. No Bolt
// here:
// its receiver would bring Bolt's whole HTTP stack into the edge's 150 KiB bundle; the worker runs Bolt.
import { parse as parseForm } from 'node:querystring';
import type { HttpRequest, HttpResponse } from '../../core/http-exchange.ts';
import type { Logger } from '../../core/logger.ts';
import { isValidSlackSignature } from './slack-signature.ts';
import type { SlackWorkQueue } from './slack-work.ts';

export { SLACK_MAX_CLOCK_SKEW_S } from './slack-signature.ts';
export const SLACK_EVENTS_PATH = '/slack/events';
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
 * carry `order:<id>` or `telegram:<chat>` as their value; thread messages (and their edits and deletions) group by
 * thread;
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

/**
 * The body as Bolt's receiver reads it: a form (an interaction's `payload` is JSON inside it; a slash command is the
 * form
 * itself) or JSON, and JSON for any other content type. Throws on a body that is neither.
 */
export function parseSlackBody(raw: string, contentType: string | undefined): Body {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    const form = parseForm(raw);
    return typeof form.payload === 'string' ? obj(JSON.parse(form.payload)) : (form as Body);
  }
  return obj(JSON.parse(raw));
}

/**
 * Whether Bolt's App would run its listeners on this body (its getTypeAndConversation): an event, a command, options,
 * an action, a shortcut or a view. Anything else Bolt ignores unanswered (404), so the edge does not queue it either.
 */
export function isSlackWork(body: Body): boolean {
  const type = body.type;
  return (
    body.event !== undefined ||
    body.command !== undefined ||
    body.name !== undefined ||
    body.actions !== undefined ||
    ['block_suggestion', 'dialog_submission', 'shortcut', 'message_action', 'view_submission', 'view_closed'].includes(
      String(type),
    )
  );
}

export interface SlackEdge {
  handle(req: HttpRequest): Promise<HttpResponse>;
}

const text = (status: number, body = ''): HttpResponse => ({ status, headers: { 'content-type': 'text/plain' }, body });

export function createSlackEdge(deps: SlackEdgeDeps): SlackEdge {
  return {
    async handle(req) {
      if (req.method !== 'POST') return text(405, 'Method not allowed');
      // Checked before the body is read: an unsigned body is never parsed.
      const raw = req.body ?? '';
      const signed = isValidSlackSignature(deps.signingSecret, {
        body: raw,
        signature: req.headers['x-slack-signature'],
        timestamp: req.headers['x-slack-request-timestamp'],
      });
      if (!signed) {
        deps.log.warn('slack: request refused (missing, bad or stale signature)', { path: req.path });
        return text(401);
      }
      let body: Body;
      try {
        body = parseSlackBody(raw, req.headers['content-type']);
      } catch (err) {
        deps.log.warn('slack: a signed request could not be read', { error: err });
        return text(400, 'Malformed body');
      }
      // Slack's certificate check for slash commands, and the Events API's URL check: answered here, nothing queued.
      if (body.ssl_check !== undefined && body.ssl_check !== null) return text(200);
      if (body.type === 'url_verification')
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ challenge: body.challenge }),
        };
      if (!isSlackWork(body)) {
        deps.log.info('slack: a request of no known kind was ignored', { path: req.path });
        return text(404);
      }
      const dedupeId = slackDedupeId(body) ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const retryNum = Number(req.headers['x-slack-retry-num']);
      if (retryNum)
        deps.log.info('slack: a retried request (queued again; the queue and the worker drop repeats)', {
          dedupeId,
          retryNum,
        });
      try {
        // Queued before the answer: a 200 means the work is safe, and a failure to queue is a 500 that Slack retries.
        await deps.queue.enqueue(slackWorkGroup(body), dedupeId, {
          kind: 'slack',
          body,
          ...(retryNum ? { retryNum } : {}),
        });
      } catch (err) {
        deps.log.error('slack: the request could not be queued', { error: err });
        return text(500, 'Internal server error');
      }
      // Events, interactions and commands all get an empty 200: what they answer is the worker's to post.
      return text(200);
    },
  };
}
