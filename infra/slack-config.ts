// The Slack support console's settings: their CDK context keys (-c slackSupportChannel=…), defaults and validation.
import type { Node } from 'constructs';
import type { Lang } from '../core/lang.ts';
import {
  DEFAULT_SLACK_HANDOFF_TIMEOUT_MINUTES,
  DEFAULT_SLACK_STAFF_LANG,
  slackChannelId,
  slackHandoffTimeoutMinutes,
  slackStaffLang,
} from '../core/slack-settings.ts';

/** `cdk deploy -c slackSupportChannel=C0123456789 -c slackStaffLang=pt-BR -c slackHandoffTimeoutMinutes=10` (or cdk.json "context"). */
export const SLACK_CONTEXT_KEYS = {
  supportChannel: 'slackSupportChannel',
  staffLang: 'slackStaffLang',
  handoffTimeoutMinutes: 'slackHandoffTimeoutMinutes',
} as const;

export { DEFAULT_SLACK_HANDOFF_TIMEOUT_MINUTES, DEFAULT_SLACK_STAFF_LANG };

export interface SlackConsoleConfig {
  /** The support channel's id (C… or G…): the feed goes there and its members are the staff. Undefined until set. */
  readonly supportChannel?: string;
  readonly staffLang: Lang;
  readonly handoffTimeoutMinutes: number;
}

/** A context value: absent or blank is "not given". `-c` always gives strings; cdk.json may give numbers. */
function contextValue(node: Node, key: string): string | number | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') throw new Error(`CDK context ${key} must be a string, got ${JSON.stringify(value)}`);
  return value.trim() === '' ? undefined : value.trim();
}

/**
 * The settings for this synth: `given` (stack props, e.g. from a test) wins over CDK context, which wins over the
 * defaults.
 * A malformed value fails synth, so a typo is not deployed as a console that silently posts nowhere.
 */
export function resolveSlackConfig(node: Node, given: Partial<SlackConsoleConfig> = {}): SlackConsoleConfig {
  const channel = given.supportChannel ?? contextValue(node, SLACK_CONTEXT_KEYS.supportChannel);
  const lang = given.staffLang ?? contextValue(node, SLACK_CONTEXT_KEYS.staffLang) ?? DEFAULT_SLACK_STAFF_LANG;
  const minutes =
    given.handoffTimeoutMinutes ??
    contextValue(node, SLACK_CONTEXT_KEYS.handoffTimeoutMinutes) ??
    DEFAULT_SLACK_HANDOFF_TIMEOUT_MINUTES;

  // The same rules as every other runtime (core/slack-settings.ts); a malformed value fails synth with the rule.
  const check = <T>(
    key: string,
    schema: {
      safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
    },
    value: unknown,
  ): T => {
    const r = schema.safeParse(value);
    if (!r.success) throw new Error(`${key} ${r.error.issues[0]!.message}, got ${JSON.stringify(value)}`);
    return r.data;
  };
  const supportChannel =
    channel === undefined ? undefined : check(SLACK_CONTEXT_KEYS.supportChannel, slackChannelId, channel);
  const staffLang = check(SLACK_CONTEXT_KEYS.staffLang, slackStaffLang, lang);
  const n = check(SLACK_CONTEXT_KEYS.handoffTimeoutMinutes, slackHandoffTimeoutMinutes, minutes);
  return { supportChannel, staffLang, handoffTimeoutMinutes: n };
}
