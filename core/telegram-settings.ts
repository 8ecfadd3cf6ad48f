// The Telegram bot's settings as zod schemas, for every runtime that reads them: the webhook secret, the bot's
// username, a stand-in Bot API root. zod/mini, so the Lambda configuration can share them at no bundle cost.
import * as z from 'zod/mini';

/** The Bot API's rule for `secret_token`: Telegram refuses setWebhook with anything else. */
export const telegramWebhookSecret = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1-256 characters of A-Z, a-z, 0-9, _ and - (a Bot API rule)'));

/** Telegram's rule for bot usernames: 5 to 32 of A-Z a-z 0-9 _, starting with a letter, ending in "bot"; '@' dropped. */
export const telegramBotUsername = z.pipe(
  z.pipe(
    z.string(),
    z.transform((name) => name.trim().replace(/^@/, '')),
  ),
  z
    .string()
    .check(
      z.regex(
        /^[A-Za-z][A-Za-z0-9_]{1,28}bot$/i,
        'must be the bot\'s username as BotFather gave it (5-32 letters, digits or _, ending in "bot")',
      ),
    ),
);

/** A Bot API stand-in (the tests' fake, a local Bot API server) instead of api.telegram.org. */
export const telegramApiRoot = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });
