// Lambda entries for Telegram: the webhook (API Gateway → SQS FIFO), the worker (SQS FIFO → bot, with the assistant when configured), and order-event pushes (SNS → chat).
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  SNSEvent,
  SQSBatchResponse,
  SQSEvent,
} from 'aws-lambda';
import { Api, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { BedrockAnswerModel } from '../../adapters/aws/bedrock-answer-model.ts';
import { DynamoChatSessionStore } from '../../adapters/aws/dynamo-chat-session-store.ts';
import { createSfnAssistantRouter, ROUTER_STATE_MACHINE_ARN } from '../../adapters/aws/sfn-assistant-router.ts';
import { SqsChatWorkQueue } from '../../adapters/aws/sqs-chat-work-queue.ts';
import { RioGazetteer } from '../../adapters/geo/rio-gazetteer.ts';
import { QueuedStaffDesk, type SlackWork } from '../../bots/slack/slack-work.ts';
import { type Assistant, createAssistant } from '../../bots/telegram/answer-question.ts';
import { isForChat, pushOrderEventToChat } from '../../bots/telegram/order-event-push.ts';
import { createTelegramBot } from '../../bots/telegram/telegram-bot.ts';
import { processTelegramUpdate } from '../../bots/telegram/telegram-update-worker.ts';
import { handleTelegramWebhook } from '../../bots/telegram/telegram-webhook.ts';
import type { OrderDeps } from '../../core/deps.ts';
import type { OrderEventPayload } from '../../core/order-notification.ts';
import { ROUTER_CONFIG } from '../../core/router-contract.ts';
import { createAwsDeps, jsonLogger } from './aws-deps.ts';
import { handleFifoBatch } from './fifo-batch.ts';
import { toHttpRequest, toLambdaResult } from './http-event.ts';
import { cachedLoader, secretValue } from './secret-value.ts';

const webhookSecret = cachedLoader(() => secretValue('TELEGRAM_WEBHOOK_SECRET'));
let queue: SqsChatWorkQueue<Update> | undefined;

/** POST /telegram/webhook: verify, enqueue, 200 — nothing slow before the answer. */
export async function webhook(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  queue ??= new SqsChatWorkQueue<Update>(new SQSClient({}), process.env.TELEGRAM_QUEUE_URL!);
  const res = await handleTelegramWebhook(
    { secretToken: await webhookSecret(), queue, log: jsonLogger },
    toHttpRequest(event),
  );
  return toLambdaResult(res);
}

let sessions: DynamoChatSessionStore | undefined;
const sessionStore = () => (sessions ??= new DynamoChatSessionStore(new DynamoDBClient({}), process.env.TABLE_NAME!));

/**
 * The free-question assistant: the router state machine (StartSyncExecution) and the answer model (Bedrock
 * ConverseStream), both named by the environment. Without either, free questions get the fallback text; said once.
 */
export function assistantFromEnv(orders: OrderDeps, env: NodeJS.ProcessEnv = process.env): Assistant | undefined {
  const stateMachineArn = env[ROUTER_STATE_MACHINE_ARN]?.trim();
  const answerModelId = env[ROUTER_CONFIG.answerModelId]?.trim();
  if (!stateMachineArn || !answerModelId) {
    const missing = [
      !stateMachineArn && ROUTER_STATE_MACHINE_ARN,
      !answerModelId && ROUTER_CONFIG.answerModelId,
    ].filter(Boolean);
    jsonLogger.info('assistant off: free questions get the fallback text', { missing });
    return undefined;
  }
  const router = createSfnAssistantRouter({ stateMachineArn });
  return createAssistant({
    route: (input) => router.route(input),
    model: new BedrockAnswerModel(new BedrockRuntimeClient({}), answerModelId),
    store: () => orders.catalog.getStore(),
    log: jsonLogger,
  });
}

// The offline gazetteer serves on AWS too until an Amazon Location adapter implements the same Geocoder port.
const bot = cachedLoader<Bot>(async () => {
  const token = await secretValue('TELEGRAM_BOT_TOKEN');
  const orders = createAwsDeps();
  const assistant = assistantFromEnv(orders);
  // The Slack support desk, when deployed: escalations and handed-off messages go to its FIFO queue.
  const staffDesk = process.env.SLACK_QUEUE_URL
    ? new QueuedStaffDesk(new SqsChatWorkQueue<SlackWork>(new SQSClient({}), process.env.SLACK_QUEUE_URL))
    : undefined;
  const b = createTelegramBot(
    token,
    {
      orders,
      sessions: sessionStore(),
      geocoder: new RioGazetteer(),
      log: jsonLogger,
      ...(assistant ? { assistant } : {}),
      ...(staffDesk ? { staffDesk } : {}),
    },
    { apiRoot: process.env.TELEGRAM_API_ROOT },
  );
  await b.init();
  return b;
});

/**
 * SQS FIFO → bot, one record at a time in order. After a failure, that record and every later record of the same
 * chat are reported failed, so SQS redelivers them in order (and to the DLQ after maxReceiveCount).
 */
export async function worker(event: SQSEvent): Promise<SQSBatchResponse> {
  const b = await bot();
  return handleFifoBatch<Update>(
    event,
    (update) => processTelegramUpdate(b, sessionStore(), update, jsonLogger),
    jsonLogger,
    'Telegram update',
  );
}

/** Just the Bot API client: pushing a text needs the token, not the conversation bot or the order stores. */
const pushApi = cachedLoader(
  async () =>
    new Api(
      await secretValue('TELEGRAM_BOT_TOKEN'),
      process.env.TELEGRAM_API_ROOT ? { apiRoot: process.env.TELEGRAM_API_ROOT } : undefined,
    ),
);

/**
 * OrderEvents (SNS) → the customer's chat. The `default` body is the JSON payload built by core. Events of orders
 * not placed from Telegram are skipped before anything is loaded, so they cost no secret read and no Bot API call.
 */
export async function orderEvents(event: SNSEvent): Promise<void> {
  for (const record of event.Records) {
    const payload = JSON.parse(record.Sns.Message) as OrderEventPayload;
    if (isForChat(payload)) await pushOrderEventToChat(await pushApi(), payload, jsonLogger);
  }
}
