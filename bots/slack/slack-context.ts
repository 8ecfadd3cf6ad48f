// What every feature module of the Slack console gets (the Bolt app, the Web API client, settings, staff access): a
// leaf module, so the features and the console that assembles them never import each other in a circle.
import type { App } from '@slack/bolt';
import type { WebClient, WebClientOptions } from '@slack/web-api';
import type { AnswerModel } from '../../core/answer-model.ts';
import type { ChatSessionStore } from '../../core/chat-session.ts';
import type { OrderDeps } from '../../core/deps.ts';
import type { Lang } from '../../core/lang.ts';
import type { Logger } from '../../core/logger.ts';
import type { CustomerLink, StaffDeskStore } from '../../core/staff-desk.ts';
import type { StoreControlLog } from '../../core/store-control-log.ts';
import type { StaffAccess } from './staff-access.ts';

/** How long an escalation may wait for a person before the customer is told nobody is available. */
export const DEFAULT_HANDOFF_TIMEOUT_MS = 10 * 60_000;

export interface SlackConsoleDeps {
  /** SLACK_BOT_TOKEN. */
  token: string;
  /** SLACK_API_URL: the Web API root (a stand-in in tests); Slack's own by default. */
  apiUrl?: string;
  /** SLACK_SUPPORT_CHANNEL: the channel id of the feed; its members are the staff. */
  supportChannel: string;
  /** SLACK_STAFF_LANG: the language of staff-facing text. */
  staffLang: Lang;
  orders: OrderDeps;
  /** What the console remembers beside its desks: order threads, thread subjects, relayed replies, seen events. */
  sessions: ChatSessionStore;
  /** The escalated conversations, one record each. */
  desks: StaffDeskStore;
  /** The audit trail of App Home's store controls (pause, delay, stock): who did what, when. */
  controlLog: StoreControlLog;
  /** The customers' chat (Telegram); without it, handoff relays are refused with a clear message to staff. */
  customers?: CustomerLink;
  /** The model behind the staff assistant (thread summaries and questions); offline extractive locally. */
  model?: AnswerModel;
  log: Logger;
  handoffTimeoutMs?: number;
  /** How long a viewer's App Home waits at least between two refreshes (home-refresh.ts); 3 s by default. */
  homeRefreshGapMs?: number;
  /** Web API client options for tests (retry policy); rate limits are never retried for 30 minutes. */
  clientOptions?: WebClientOptions;
}

/** What every feature module of the console gets. */
export interface SlackContext {
  app: App;
  client: WebClient;
  deps: SlackConsoleDeps;
  botUserId: string;
  staff: StaffAccess;
  t: Lang;
}
