// Lambda entries for Slack: the edge (API Gateway → SQS FIFO), the worker (FIFO → console), order events (SNS → FIFO) and the handoff sweep (schedule → FIFO).

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
import { Api } from 'grammy';
import { BedrockAnswerModel } from '../../adapters/aws/bedrock-answer-model.ts';
import { DynamoChatSessionStore } from '../../adapters/aws/dynamo-chat-session-store.ts';
import { DynamoStaffDeskStore } from '../../adapters/aws/dynamo-staff-desk-store.ts';
import { SqsChatWorkQueue } from '../../adapters/aws/sqs-chat-work-queue.ts';
import { createSlackConsole, type SlackConsole } from '../../bots/slack/slack-console.ts';
import { createSlackEdge, type SlackEdge } from '../../bots/slack/slack-edge.ts';
import type { SlackWork } from '../../bots/slack/slack-work.ts';
import { telegramCustomerLink } from '../../bots/telegram/customer-link.ts';
import { storePhoneOf } from '../../core/catalog.ts';
import { langFromTag } from '../../core/lang.ts';
import type { OrderEventPayload } from '../../core/order-notification.ts';
import { createAwsDeps, jsonLogger, required } from './aws-deps.ts';
import { handleFifoBatch } from './fifo-batch.ts';
import { toHttpRequest, toLambdaResult } from './http-event.ts';
import { cachedLoader, secretValue } from './secret-value.ts';

const queue = cachedLoader(
  async () => new SqsChatWorkQueue<SlackWork>(new SQSClient({}), required(process.env, 'SLACK_QUEUE_URL')),
);

const edge = cachedLoader<SlackEdge>(async () =>
  createSlackEdge({ signingSecret: await secretValue('SLACK_SIGNING_SECRET'), queue: await queue(), log: jsonLogger }),
);

/** POST /slack/events: verify, queue, acknowledge — well inside Slack's 3 s. */
export async function events(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return toLambdaResult(await (await edge()).handle(toHttpRequest(event)));
}

const slackConsole = cachedLoader<SlackConsole>(async () => {
  const dynamo = new DynamoDBClient({});
  const table = required(process.env, 'TABLE_NAME');
  const sessions = new DynamoChatSessionStore(dynamo, table);
  const telegramToken = await secretValue('TELEGRAM_BOT_TOKEN');
  const api = new Api(
    telegramToken,
    process.env.TELEGRAM_API_ROOT ? { apiRoot: process.env.TELEGRAM_API_ROOT } : undefined,
  );
  const minutes = Number(process.env.SLACK_HANDOFF_TIMEOUT_MINUTES);
  const orders = createAwsDeps();
  return createSlackConsole({
    token: await secretValue('SLACK_BOT_TOKEN'),
    apiUrl: process.env.SLACK_API_URL || undefined,
    supportChannel: required(process.env, 'SLACK_SUPPORT_CHANNEL'),
    staffLang: langFromTag(process.env.SLACK_STAFF_LANG ?? 'en'),
    orders,
    sessions,
    desks: new DynamoStaffDeskStore(dynamo, table),
    customers: telegramCustomerLink(api, sessions, jsonLogger, {
      storePhone: async () => storePhoneOf(await orders.catalog.getStore()),
      orders: orders.orders,
    }),
    log: jsonLogger,
    // The staff assistant streams from the customers' answer model when one is configured (a local summary otherwise).
    ...(process.env.ANSWER_MODEL_ID
      ? { model: new BedrockAnswerModel(new BedrockRuntimeClient({}), process.env.ANSWER_MODEL_ID) }
      : {}),
    ...(Number.isFinite(minutes) && minutes > 0 ? { handoffTimeoutMs: minutes * 60_000 } : {}),
  });
});

let warnedUnconfigured = false;

/**
 * SQS FIFO → console, in order. After a failure, that record and the later records of its group are reported failed,
 * so SQS redelivers them in order (and sets them aside in the DLQ after maxReceiveCount).
 */
export async function worker(event: SQSEvent): Promise<SQSBatchResponse> {
  // Deployed without a support channel (synth warned): there is nowhere to post, so the work is dropped, said once per
  // container, instead of failing three times into the dead-letter queue.
  if (!process.env.SLACK_SUPPORT_CHANNEL) {
    if (!warnedUnconfigured)
      jsonLogger.warn(
        'Slack console not configured: deploy with -c slackSupportChannel=<channel id>; Slack work is dropped until then',
        { dropped: event.Records.length },
      );
    warnedUnconfigured = true;
    return { batchItemFailures: [] };
  }
  const c = await slackConsole();
  return handleFifoBatch<SlackWork>(event, (work) => c.handle(work), jsonLogger, 'Slack work');
}

/** OrderEvents (SNS) → the Slack queue, one FIFO group per order so its card and thread follow the events in order. */
export async function orderEvents(event: SNSEvent): Promise<void> {
  const q = await queue();
  for (const record of event.Records) {
    const payload = JSON.parse(record.Sns.Message) as OrderEventPayload;
    await q.enqueue(`order:${payload.orderId}`, `order-event:${record.Sns.MessageId}`, {
      kind: 'order_event',
      payload,
    });
  }
}

/** Every minute (EventBridge schedule): look for escalations nobody took in time. */
export async function sweep(): Promise<void> {
  const at = new Date().toISOString();
  await (await queue()).enqueue('slack-desk', `sweep-${at.replace(/[^\dT]/g, '')}`, { kind: 'sweep', at });
}
