// The Telegram bot's settings the order API needs: the bot's username (CDK context -c telegramBotUsername=…) and its
// validation.
import type { Node } from 'constructs';
import { telegramBotUsername } from '../core/telegram-settings.ts';

/** `cdk deploy -c telegramBotUsername=my_shop_bot` (or cdk.json "context"), once BotFather has named the bot. */
export const TELEGRAM_CONTEXT_KEYS = { botUsername: 'telegramBotUsername' } as const;

export interface TelegramConfig {
  /**
   * The bot's username, without '@'. With it, POST /api/orders answers with a one-time https://t.me/<username> link the
   * customer opens to follow the order in Telegram; without it (the bot not set up yet), there is no link.
   */
  readonly botUsername?: string;
}

/** `given` (stack props, e.g. from a test) wins over CDK context. A malformed name fails synth rather than deploy dead links. */
export function resolveTelegramConfig(node: Node, given: Partial<TelegramConfig> = {}): TelegramConfig {
  const raw: unknown = given.botUsername ?? node.tryGetContext(TELEGRAM_CONTEXT_KEYS.botUsername);
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return {};
  if (typeof raw !== 'string')
    throw new Error(`CDK context ${TELEGRAM_CONTEXT_KEYS.botUsername} must be a string, got ${JSON.stringify(raw)}`);
  const parsed = telegramBotUsername.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `${TELEGRAM_CONTEXT_KEYS.botUsername} ${parsed.error.issues[0]!.message}, got ${JSON.stringify(raw)}`,
    );
  }
  return { botUsername: parsed.data };
}
