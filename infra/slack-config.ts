// The Slack support console's settings: their CDK context keys (-c slackSupportChannel=…), defaults and validation.
import type { Node } from 'constructs';
import type { Lang } from '../core/lang.ts';

/** `cdk deploy -c slackSupportChannel=C0123456789 -c slackStaffLang=pt-BR -c slackHandoffTimeoutMinutes=10` (or cdk.json "context"). */
export const SLACK_CONTEXT_KEYS = {
  supportChannel: 'slackSupportChannel',
  staffLang: 'slackStaffLang',
  handoffTimeoutMinutes: 'slackHandoffTimeoutMinutes',
} as const;

export const SLACK_STAFF_LANGS: readonly Lang[] = ['en', 'pt-BR'];
export const DEFAULT_SLACK_STAFF_LANG: Lang = 'en';
/** Minutes an escalation waits for someone to take over before the customer is told nobody is available. */
export const DEFAULT_SLACK_HANDOFF_TIMEOUT_MINUTES = 10;

export interface SlackConsoleConfig {
  /** The support channel's id (C… or G…): the feed goes there and its members are the staff. Undefined until set. */
  readonly supportChannel?: string;
  readonly staffLang: Lang;
  readonly handoffTimeoutMinutes: number;
}

/** A channel id, not a name: conversations.members (who is staff) accepts ids only. */
const CHANNEL_ID = /^[CG][A-Z0-9]{6,}$/;

/** A context value: absent or blank is "not given". `-c` always gives strings; cdk.json may give numbers. */
function contextValue(node: Node, key: string): string | number | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') throw new Error(`CDK context ${key} must be a string, got ${JSON.stringify(value)}`);
  return value.trim() === '' ? undefined : value.trim();
}

/**
 * The settings for this synth: `given` (stack props, e.g. from a test) wins over CDK context, which wins over the defaults.
 * A malformed value fails synth, so a typo is not deployed as a console that silently posts nowhere.
 */
export function resolveSlackConfig(node: Node, given: Partial<SlackConsoleConfig> = {}): SlackConsoleConfig {
  const channel = given.supportChannel ?? contextValue(node, SLACK_CONTEXT_KEYS.supportChannel);
  const lang = given.staffLang ?? contextValue(node, SLACK_CONTEXT_KEYS.staffLang) ?? DEFAULT_SLACK_STAFF_LANG;
  const minutes =
    given.handoffTimeoutMinutes ??
    contextValue(node, SLACK_CONTEXT_KEYS.handoffTimeoutMinutes) ??
    DEFAULT_SLACK_HANDOFF_TIMEOUT_MINUTES;

  if (channel !== undefined && (typeof channel !== 'string' || !CHANNEL_ID.test(channel))) {
    throw new Error(
      `${SLACK_CONTEXT_KEYS.supportChannel} must be a Slack channel id such as C0123456789 (not a #name), got ${JSON.stringify(channel)}`,
    );
  }
  if (!SLACK_STAFF_LANGS.includes(lang as Lang)) {
    throw new Error(
      `${SLACK_CONTEXT_KEYS.staffLang} must be one of ${SLACK_STAFF_LANGS.join(', ')}, got ${JSON.stringify(lang)}`,
    );
  }
  const n = typeof minutes === 'number' ? minutes : /^\d+$/.test(minutes) ? Number(minutes) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > 24 * 60) {
    throw new Error(
      `${SLACK_CONTEXT_KEYS.handoffTimeoutMinutes} must be a whole number of minutes from 1 to 1440, got ${JSON.stringify(minutes)}`,
    );
  }
  return { supportChannel: channel, staffLang: lang as Lang, handoffTimeoutMinutes: n };
}
