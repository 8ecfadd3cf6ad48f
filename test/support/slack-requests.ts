// Slack's requests as Slack signs them (v0 HMAC over `v0:<ts>:<body>`): events, interactions and slash commands, for
// the edge and the worker.
import { createHmac } from 'node:crypto';
import type { HttpRequest } from '../../core/http-exchange.ts';
import { BOT_USER_ID, SLACK_SIGNING_SECRET, SUPPORT_CHANNEL, TEAM_ID } from './fake-slack-api.ts';

export interface SignOptions {
  secret?: string;
  timestamp?: number;
  retryNum?: number;
  signature?: string | null;
}

export function signedRequest(body: string, contentType: string, o: SignOptions = {}): HttpRequest {
  const ts = o.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', o.secret ?? SLACK_SIGNING_SECRET)
    .update(`v0:${ts}:${body}`)
    .digest('hex')}`;
  const headers: Record<string, string | undefined> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(ts),
  };
  if (o.signature !== null) headers['x-slack-signature'] = o.signature ?? signature;
  if (o.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(o.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return { method: 'POST', path: '/slack/events', headers, body };
}

let seq = 0;
export const nextEventId = () => `Ev${Date.now().toString(36).toUpperCase()}${(++seq).toString().padStart(4, '0')}`;

/** An Events API callback around `event`. */
export function eventBody(event: Record<string, unknown>, eventId = nextEventId()): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM_ID,
    api_app_id: 'A0APP',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true }],
    event,
  };
}
export const eventRequest = (event: Record<string, unknown>, o: SignOptions & { eventId?: string } = {}) =>
  signedRequest(JSON.stringify(eventBody(event, o.eventId)), 'application/json', o);

/** A message a person wrote in a thread of the support channel. */
export function threadReply(
  user: string,
  threadTs: string,
  text: string,
  channel = SUPPORT_CHANNEL,
): Record<string, unknown> {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
  return { type: 'message', channel, channel_type: 'channel', user, text, ts, thread_ts: threadTs, team: TEAM_ID };
}

/** A button press (block_actions) on a message of the support channel, sent as Slack does: form field `payload`. */
export function blockActionBody(
  user: string,
  action: { action_id: string; value: string; block_id?: string },
  message: { ts: string; channel?: string },
  responseUrl?: string,
): Record<string, unknown> {
  const channel = message.channel ?? SUPPORT_CHANNEL;
  return {
    type: 'block_actions',
    team: { id: TEAM_ID, domain: 'fake' },
    user: { id: user, username: user, team_id: TEAM_ID },
    api_app_id: 'A0APP',
    token: 'legacy-verification-token',
    trigger_id: `trig.${++seq}.${Date.now()}`,
    container: { type: 'message', message_ts: message.ts, channel_id: channel, is_ephemeral: false },
    channel: { id: channel, name: 'support' },
    message: { ts: message.ts, text: '' },
    ...(responseUrl ? { response_url: responseUrl } : {}),
    actions: [
      {
        type: 'button',
        action_id: action.action_id,
        block_id: action.block_id ?? 'actions',
        value: action.value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}
/**
 * A click in the App Home tab (block_actions), as Slack sends it: the container is the view, with no channel and no
 * message. `action` is a button (`value`) or a static select (`selected_option`).
 */
export function homeActionBody(
  user: string,
  action: { action_id: string; block_id?: string } & ({ value: string } | { selected_option: { value: string } }),
  viewId = 'V0HOME0001',
): Record<string, unknown> {
  const element =
    'selected_option' in action
      ? {
          type: 'static_select',
          action_id: action.action_id,
          block_id: action.block_id ?? 'actions',
          selected_option: {
            text: { type: 'plain_text', text: action.selected_option.value },
            ...action.selected_option,
          },
          action_ts: `${Date.now() / 1000}`,
        }
      : {
          type: 'button',
          action_id: action.action_id,
          block_id: action.block_id ?? 'actions',
          value: action.value,
          action_ts: `${Date.now() / 1000}`,
        };
  return {
    type: 'block_actions',
    team: { id: TEAM_ID, domain: 'fake' },
    user: { id: user, username: user, team_id: TEAM_ID },
    api_app_id: 'A0APP',
    token: 'legacy-verification-token',
    trigger_id: `trig.${++seq}.${Date.now()}`,
    container: { type: 'view', view_id: viewId },
    view: { id: viewId, team_id: TEAM_ID, type: 'home', blocks: [] },
    actions: [element],
  };
}

export const interactionRequest = (payload: Record<string, unknown>, o: SignOptions = {}) =>
  signedRequest(
    new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    'application/x-www-form-urlencoded',
    o,
  );

/** A slash command, e.g. `/pedido A1B2`. `responseUrl` should point at the fake's /respond/<id>. */
export function commandRequest(
  user: string,
  command: string,
  text: string,
  responseUrl: string,
  o: SignOptions = {},
): HttpRequest {
  const body = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: TEAM_ID,
    team_domain: 'fake',
    channel_id: SUPPORT_CHANNEL,
    channel_name: 'support',
    user_id: user,
    user_name: user,
    command,
    text,
    api_app_id: 'A0APP',
    response_url: responseUrl,
    trigger_id: `trig.${++seq}.${Date.now()}`,
  }).toString();
  return signedRequest(body, 'application/x-www-form-urlencoded', o);
}

/**
 * Slack's `message_changed` event for a thread reply that `user` edited to `text`: the edited message (same `ts`) under
 * `message`, the version before under `previous_message`, and the event's own new `ts` (as Slack sends it).
 */
export function threadReplyEdited(
  reply: { user: string; ts: string; thread_ts: string; text: string },
  text: string,
  channel = SUPPORT_CHANNEL,
): Record<string, unknown> {
  const eventTs = `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
  return {
    type: 'message',
    subtype: 'message_changed',
    hidden: true,
    channel,
    channel_type: 'channel',
    ts: eventTs,
    event_ts: eventTs,
    message: {
      type: 'message',
      user: reply.user,
      text,
      ts: reply.ts,
      thread_ts: reply.thread_ts,
      team: TEAM_ID,
      edited: { user: reply.user, ts: eventTs },
    },
    previous_message: {
      type: 'message',
      user: reply.user,
      text: reply.text,
      ts: reply.ts,
      thread_ts: reply.thread_ts,
      team: TEAM_ID,
    },
  };
}

/** Slack's `message_deleted` event for a thread reply: only `deleted_ts` and the message as it was name it. */
export function threadReplyDeleted(
  reply: { user: string; ts: string; thread_ts: string; text: string },
  channel = SUPPORT_CHANNEL,
): Record<string, unknown> {
  const eventTs = `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
  return {
    type: 'message',
    subtype: 'message_deleted',
    hidden: true,
    channel,
    channel_type: 'channel',
    ts: eventTs,
    event_ts: eventTs,
    deleted_ts: reply.ts,
    previous_message: {
      type: 'message',
      user: reply.user,
      text: reply.text,
      ts: reply.ts,
      thread_ts: reply.thread_ts,
      team: TEAM_ID,
    },
  };
}
