// Lambda entry for POST /telegram/webhook (API Gateway → SQS FIFO): check the secret token, enqueue, answer 200. No AWS
// SDK and no grammY: its bundle holds the check, the light SQS and Secrets Manager calls, and the logger.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Update } from 'grammy/types';
import { handleTelegramWebhook } from '../../bots/telegram/telegram-webhook.ts';
import { telegramWebhookConfig } from './config.ts';
import { fetchQueue, fetchSecrets } from './fetch-clients.ts';
import { toHttpRequest, toLambdaResult } from './http-event.ts';
import { lambdaLogger } from './lambda-logger.ts';
import { readSecret } from './secret-value.ts';

const config = telegramWebhookConfig();
const { log, invoked } = lambdaLogger('telegram-webhook');
const queue = fetchQueue<Update>(config.aws, config.queueUrl);
const secrets = fetchSecrets(config.aws);

/** Nothing slow before the answer: Telegram holds the chat's next updates until it gets one. */
export const webhook = invoked(
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
    toLambdaResult(
      await handleTelegramWebhook(
        // Read per request from Powertools' cache, so a rotated secret is seen within SECRET_MAX_AGE_S.
        { secretToken: await readSecret(config.webhookSecret, secrets), queue, log },
        toHttpRequest(event),
      ),
    ),
);
