// The Telegram bot's settings the order API needs: the bot's username (CDK context -c telegramBotUsername=…) and its validation.
import type { Node } from 'constructs';

/** `cdk deploy -c telegramBotUsername=my_shop_bot` (or cdk.json "context"), once BotFather has named the bot. */
export const TELEGRAM_CONTEXT_KEYS = { botUsername: 'telegramBotUsername' } as const;

export interface TelegramConfig {
  /**
   * The bot's username, without '@'. With it, POST /api/orders answers with a one-time https://t.me/<username> link the
   * customer opens to follow the order in Telegram; without it (the bot not set up yet), there is no link.
   */
  readonly botUsername?: string;
}

/** Telegram's rule for bot usernames: 5 to 32 of A-Z a-z 0-9 _, starting with a letter, ending in "bot". */
const BOT_USERNAME = /^[A-Za-z][A-Za-z0-9_]{1,28}bot$/i;

/** `given` (stack props, e.g. from a test) wins over CDK context. A malformed name fails synth rather than deploy dead links. */
export function resolveTelegramConfig(node: Node, given: Partial<TelegramConfig> = {}): TelegramConfig {
  const raw: unknown = given.botUsername ?? node.tryGetContext(TELEGRAM_CONTEXT_KEYS.botUsername);
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return {};
  if (typeof raw !== 'string')
    throw new Error(`CDK context ${TELEGRAM_CONTEXT_KEYS.botUsername} must be a string, got ${JSON.stringify(raw)}`);
  const botUsername = raw.trim().replace(/^@/, '');
  if (!BOT_USERNAME.test(botUsername)) {
    throw new Error(
      `${TELEGRAM_CONTEXT_KEYS.botUsername} must be the bot's username as BotFather gave it (5-32 letters, digits or _, ending in "bot"), got ${JSON.stringify(raw)}`,
    );
  }
  return { botUsername };
}
