// Lambda entry for the Slack worker (SQS FIFO → the console): posts to Slack, advances and cancels orders as the API
// function does, and relays staff replies to the customer's Telegram chat.
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { Api } from 'grammy';
import { BedrockAnswerModel } from '../../adapters/aws/bedrock-answer-model.ts';
import { DynamoChatSessionStore } from '../../adapters/aws/dynamo-chat-session-store.ts';
import { DynamoStaffDeskStore } from '../../adapters/aws/dynamo-staff-desk-store.ts';
import { DynamoStoreControlLog } from '../../adapters/aws/dynamo-store-control-log.ts';
import { createSlackConsole, type SlackConsole } from '../../bots/slack/slack-console.ts';
import type { SlackWork } from '../../bots/slack/slack-work.ts';
import { telegramCustomerLink } from '../../bots/telegram/customer-link.ts';
import { storePhoneOf } from '../../core/catalog.ts';
import { createAwsDeps } from './aws-deps.ts';
import { slackWorkerConfig } from './config.ts';
import { handleFifoBatch } from './fifo-batch.ts';
import { lambdaLogger } from './lambda-logger.ts';
import { sdkSecrets } from './sdk-secrets.ts';
import { cachedLoader, readSecret } from './secret-value.ts';

const config = slackWorkerConfig();
const { log, invoked } = lambdaLogger('slack-worker');
const secrets = sdkSecrets();

const slackConsole = cachedLoader<SlackConsole>(async () => {
  const dynamo = new DynamoDBClient({});
  const sessions = new DynamoChatSessionStore(dynamo, config.orders.tableName);
  const api = new Api(
    await readSecret(config.telegramBotToken, secrets),
    config.telegramApiRoot ? { apiRoot: config.telegramApiRoot } : undefined,
  );
  const orders = createAwsDeps(config.orders, log, dynamo);
  return createSlackConsole({
    token: await readSecret(config.slackBotToken, secrets),
    apiUrl: config.slackApiUrl,
    supportChannel: config.supportChannel!,
    staffLang: config.staffLang,
    orders,
    sessions,
    desks: new DynamoStaffDeskStore(dynamo, config.orders.tableName),
    controlLog: new DynamoStoreControlLog(dynamo, config.orders.tableName),
    customers: telegramCustomerLink(api, sessions, log, {
      storePhone: async () => storePhoneOf(await orders.catalog.getStore()),
      orders: orders.orders,
    }),
    log,
    // The staff assistant streams from the customers' answer model when one is configured (a local summary otherwise).
    ...(config.answerModelId
      ? { model: new BedrockAnswerModel(new BedrockRuntimeClient({}), config.answerModelId) }
      : {}),
    ...(config.handoffTimeoutMs ? { handoffTimeoutMs: config.handoffTimeoutMs } : {}),
  });
});

let warnedUnconfigured = false;

/**
 * SQS FIFO → console, in order. After a failure, that record and the later records of its group are reported failed,
 * so SQS redelivers them in order (and sets them aside in the DLQ after maxReceiveCount).
 */
export const worker = invoked(async (event: SQSEvent): Promise<SQSBatchResponse> => {
  // Deployed without a support channel (synth warned): there is nowhere to post, so the work is dropped, said once per
  // container, instead of failing three times into the dead-letter queue.
  if (!config.supportChannel) {
    if (!warnedUnconfigured)
      log.warn(
        'Slack console not configured: deploy with -c slackSupportChannel=<channel id>; Slack work is dropped until then',
        { dropped: event.Records.length },
      );
    warnedUnconfigured = true;
    return { batchItemFailures: [] };
  }
  const c = await slackConsole();
  return handleFifoBatch<SlackWork>(event, (work) => c.handle(work), log, 'Slack work');
});
