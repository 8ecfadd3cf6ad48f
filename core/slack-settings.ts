// The Slack support console's settings as zod schemas, one rule each for every runtime that reads them (the local
// stack's environment, the Lambda environment, CDK context): a channel id, the staff language, the handoff timeout.
// zod/mini, so the Lambda configuration can use them without classic zod's weight in its bundles.
import * as z from 'zod/mini';
import type { Lang } from './lang.ts';

export const DEFAULT_SLACK_STAFF_LANG: Lang = 'en';
/** Minutes an escalation waits for someone to take over before the customer is told nobody is available. */
export const DEFAULT_SLACK_HANDOFF_TIMEOUT_MINUTES = 10;

/** A channel id, not a name: conversations.members (who is staff) accepts ids only. */
export const slackChannelId = z.pipe(
  z.pipe(
    z.string(),
    z.transform((s) => s.trim()),
  ),
  z.string().check(z.regex(/^[CG][A-Z0-9]{6,}$/, 'must be a Slack channel id such as C0123456789 (not a #name)')),
);

/** en or pt-BR, from any tag people write for them ("pt", "PT-br", "en-US"); anything else is a typo. */
export const slackStaffLang = z.pipe(
  z.pipe(
    z.string(),
    z.transform((tag) => {
      const t = tag.trim().toLowerCase();
      return t.startsWith('pt') ? 'pt-BR' : t.startsWith('en') ? 'en' : t;
    }),
  ),
  z.enum(['en', 'pt-BR'] satisfies Lang[], { error: 'must be en or pt-BR' }),
);

const MINUTES_RULE = 'must be a whole number of minutes from 1 to 1440';
/** Whole minutes from 1 to a day, as a number (cdk.json) or its digits (an environment variable, `-c` context). */
export const slackHandoffTimeoutMinutes = z.pipe(
  z.union([z.number(), z.pipe(z.string().check(z.regex(/^\s*\d+\s*$/)), z.transform(Number))], { error: MINUTES_RULE }),
  z.number().check(z.refine((n) => Number.isInteger(n) && n >= 1 && n <= 24 * 60, MINUTES_RULE)),
);
