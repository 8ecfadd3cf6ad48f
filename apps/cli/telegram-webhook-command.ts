// `delivery-assistant telegram:webhook <url>`: registers the deployed webhook (secret token, allowed updates) and the
// command menu.
import { Api } from 'grammy';
import { setBotCommands } from '../../bots/telegram/start-and-language.ts';
import { TELEGRAM_ALLOWED_UPDATES } from '../../bots/telegram/telegram-webhook.ts';
import { type LocalConfig, LocalConfigError, readLocalConfig } from '../local/config.ts';

const USAGE = `usage: delivery-assistant telegram:webhook <https-url>

Registers <https-url> (the deployed POST /telegram/webhook) as the bot's webhook.
Needs TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET (the same secret the webhook checks);
TELEGRAM_API_ROOT overrides the Bot API root.`;

/** `env` is read through config.ts (process.env when not given). */
export async function telegramWebhookCommand(args: string[], env?: NodeJS.ProcessEnv): Promise<number> {
  const url = args.find((a) => !a.startsWith('-'));
  let telegram: LocalConfig['telegram'];
  try {
    ({ telegram } = readLocalConfig(env));
  } catch (err) {
    if (!(err instanceof LocalConfigError)) throw err;
    console.error(`${USAGE}\n\n${err.message}`);
    return 2;
  }
  const token = telegram?.token;
  const secret = telegram?.webhookSecret;
  if (!url || !token || !secret) {
    console.error(
      `${USAGE}\n\nMissing: ${[!url && '<https-url>', !token && 'TELEGRAM_BOT_TOKEN', !secret && 'TELEGRAM_WEBHOOK_SECRET'].filter(Boolean).join(', ')}`,
    );
    return 2;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    console.error(`Not a URL: ${url}`);
    return 2;
  }
  // Telegram only calls HTTPS webhooks; an unprotected one would accept anyone's updates.
  if (parsed.protocol !== 'https:') {
    console.error(`Telegram only delivers to https:// webhooks, got ${parsed.protocol}//`);
    return 2;
  }
  const api = new Api(token, telegram?.apiRoot ? { apiRoot: telegram.apiRoot } : undefined);
  try {
    await api.setWebhook(parsed.toString(), {
      secret_token: secret,
      allowed_updates: [...TELEGRAM_ALLOWED_UPDATES],
      drop_pending_updates: false,
    });
    await setBotCommands(api);
    const info = await api.getWebhookInfo();
    console.log(`Webhook set: ${info.url}`);
    console.log(
      `Allowed updates: ${(info.allowed_updates ?? TELEGRAM_ALLOWED_UPDATES).join(', ')}; pending: ${info.pending_update_count}`,
    );
    if (info.last_error_message) console.log(`Telegram's last delivery error: ${info.last_error_message}`);
    return 0;
  } catch (err) {
    console.error(`Could not set the webhook: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
