// The Slack app the console needs, as a manifest to paste into "Create an app → From a manifest": scopes, events,
// interactivity, the slash commands and App Home, all on one request URL.
import { SLACK_EVENTS_PATH } from './slack-edge.ts';

/** Bot token scopes: one line of why for each, so nothing is asked for that the console does not use. */
export const SLACK_BOT_SCOPES = {
  'chat:write': 'the order feed, thread replies, escalation cards, relays and the staff assistant (streaming included)',
  commands: '/pedido and /order',
  'app_mentions:read': 'mentions of the bot in a thread (the staff assistant)',
  'channels:history':
    'staff replies in a thread of the support channel (relayed to the customer, their edits and deletions followed) and conversations.replies',
  'groups:history': 'the same, when the support channel is private',
  'channels:read': 'conversations.members: only members of the support channel may act',
  'groups:read': 'the same, when the support channel is private',
  'users:read': "the staff member's name recorded in the order history",
  'reactions:write': 'a 🔒 on a note: reply kept internal, 👀 while the assistant reads',
  'files:write': "a customer's photo (a complaint) uploaded into the conversation's thread (files.uploadV2)",
} as const;

/** `message.channels` / `message.groups` also bring the `message_changed` and `message_deleted` subtypes a relayed reply follows. */
export const SLACK_BOT_EVENTS = ['message.channels', 'message.groups', 'app_mention', 'app_home_opened'] as const;

export const SLACK_COMMANDS = [
  { command: '/pedido', description: 'Mostra o pedido', usage_hint: '<id do pedido>' },
  { command: '/order', description: 'Shows an order', usage_hint: '<order id>' },
] as const;

/** `baseUrl`: where POST /slack/events is served (the SlackEventsUrl output without the path, or a tunnel). */
export function slackAppManifest(baseUrl: string, name = 'Delivery Assistant'): Record<string, unknown> {
  const url = `${baseUrl.replace(/\/+$/, '')}${SLACK_EVENTS_PATH}`;
  return {
    display_information: { name, description: 'Orders, escalations and customer handoff for the support team' },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: false, messages_tab_read_only_enabled: false },
      bot_user: { display_name: name, always_online: true },
      slash_commands: SLACK_COMMANDS.map((c) => ({ ...c, url, should_escape: false })),
    },
    oauth_config: { scopes: { bot: Object.keys(SLACK_BOT_SCOPES) } },
    settings: {
      event_subscriptions: { request_url: url, bot_events: [...SLACK_BOT_EVENTS] },
      interactivity: { is_enabled: true, request_url: url },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}
