// Lambda entry for order-event pushes (SNS → the customer's chat): just the Bot API client, no conversation bot, no
// order stores and no AWS SDK (the token is read with the light Secrets Manager call).
import type { SNSEvent } from 'aws-lambda';
import { Api } from 'grammy';
import { isForChat, pushOrderEventToChat } from '../../bots/telegram/order-event-push.ts';
import type { OrderEventPayload } from '../../core/order-notification.ts';
import { telegramPushConfig } from './config.ts';
import { fetchSecrets } from './fetch-clients.ts';
import { lambdaLogger } from './lambda-logger.ts';
import { cachedLoader, readSecret } from './secret-value.ts';

const config = telegramPushConfig();
const { log, invoked } = lambdaLogger('telegram-push');
const secrets = fetchSecrets(config.aws);
const api = cachedLoader(
  async () =>
    new Api(await readSecret(config.botToken, secrets), config.apiRoot ? { apiRoot: config.apiRoot } : undefined),
);

/**
 * The `default` body is the JSON payload built by core. Events of orders not placed from Telegram are skipped before
 * anything is loaded, so they cost no secret read and no Bot API call.
 */
export const orderEvents = invoked(async (event: SNSEvent): Promise<void> => {
  for (const record of event.Records) {
    const payload = JSON.parse(record.Sns.Message) as OrderEventPayload;
    if (isForChat(payload)) await pushOrderEventToChat(await api(), payload, log);
  }
});
