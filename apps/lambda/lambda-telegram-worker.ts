// Lambda entry for the Telegram worker (SQS FIFO → bot, with the assistant when configured): the whole conversation.
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GeoPlacesClient } from '@aws-sdk/client-geo-places';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { TranscribeStreamingClient } from '@aws-sdk/client-transcribe-streaming';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { BedrockAnswerModel } from '../../adapters/aws/bedrock-answer-model.ts';
import { DynamoChatSessionStore } from '../../adapters/aws/dynamo-chat-session-store.ts';
import {
  createSfnAssistantRouter,
  ROUTER_STATE_MACHINE_ARN,
  routerSfnClientConfig,
} from '../../adapters/aws/sfn-assistant-router.ts';
import { SqsChatWorkQueue } from '../../adapters/aws/sqs-chat-work-queue.ts';
import { TranscribeStreamingTranscriber } from '../../adapters/aws/transcribe-streaming-transcriber.ts';
import { LocationPlacesGeocoder, PLACES_CLIENT_DEFAULTS } from '../../adapters/geo/location-places-geocoder.ts';
import { QueuedStaffDesk, type SlackWork } from '../../bots/slack/slack-work.ts';
import { type Assistant, createAssistant } from '../../bots/telegram/answer-question.ts';
import { createTelegramBot } from '../../bots/telegram/telegram-bot.ts';
import { processTelegramUpdate } from '../../bots/telegram/telegram-update-worker.ts';
import type { OrderDeps } from '../../core/deps.ts';
import type { Geocoder } from '../../core/geocoder.ts';
import type { Logger } from '../../core/logger.ts';
import { ROUTER_CONFIG } from '../../core/router-contract.ts';
import { createAwsDeps } from './aws-deps.ts';
import { telegramWorkerConfig } from './config.ts';
import { handleFifoBatch } from './fifo-batch.ts';
import { lambdaLogger } from './lambda-logger.ts';
import { sdkSecrets } from './sdk-secrets.ts';
import { cachedLoader, readSecret } from './secret-value.ts';

type WorkerConfig = ReturnType<typeof telegramWorkerConfig>;

const config = telegramWorkerConfig();
const { log, invoked } = lambdaLogger('telegram-worker');
const secrets = sdkSecrets();
const dynamo = new DynamoDBClient({});
const sessions = new DynamoChatSessionStore(dynamo, config.orders.tableName);

/**
 * The free-question assistant: the router state machine (StartSyncExecution) and the answer model (Bedrock
 * ConverseStream), both named by the configuration. Without either, free questions get the fallback text; said once.
 */
export function assistantFrom(c: WorkerConfig, orders: OrderDeps, logger: Logger): Assistant | undefined {
  const stateMachineArn = c.routerStateMachineArn?.trim();
  const answerModelId = c.answerModelId?.trim();
  if (!stateMachineArn || !answerModelId) {
    const missing = [
      !stateMachineArn && ROUTER_STATE_MACHINE_ARN,
      !answerModelId && ROUTER_CONFIG.answerModelId,
    ].filter(Boolean);
    logger.info('assistant off: free questions get the fallback text', { missing });
    return undefined;
  }
  const router = createSfnAssistantRouter({
    stateMachineArn,
    client: new SFNClient(routerSfnClientConfig(c.sfnEndpointEnv)),
  });
  return createAssistant({
    route: (input) => router.route(input),
    model: new BedrockAnswerModel(new BedrockRuntimeClient({}), answerModelId),
    store: () => orders.catalog.getStore(),
    log: logger,
  });
}

/**
 * Addresses and shared points on Amazon Location Places, biased to the store profile's position (and country, when
 * the profile names one). The client's region and credentials are the function's; AWS_ENDPOINT_URL_GEO_PLACES, when
 * set, points it elsewhere (the tests' stand-in). IAM: geo-places:Geocode and ReverseGeocode (infra/telegram-bot.ts).
 */
export function placesGeocoder(orders: Pick<OrderDeps, 'catalog'>): Geocoder {
  return new LocationPlacesGeocoder(new GeoPlacesClient(PLACES_CLIENT_DEFAULTS), {
    store: () => orders.catalog.getStore(),
  });
}

const bot = cachedLoader<Bot>(async () => {
  const token = await readSecret(config.botToken, secrets);
  const orders = createAwsDeps(config.orders, log, dynamo);
  const assistant = assistantFrom(config, orders, log);
  // The Slack support desk, when deployed: escalations and handed-off messages go to its FIFO queue.
  const staffDesk = config.slackQueueUrl
    ? new QueuedStaffDesk(new SqsChatWorkQueue<SlackWork>(new SQSClient({}), config.slackQueueUrl))
    : undefined;
  const b = createTelegramBot(
    token,
    {
      orders,
      sessions,
      geocoder: placesGeocoder(orders),
      // Voice notes (pt-BR and en) in the function's region; IAM: transcribe:StartStreamTranscription (infra/telegram-bot.ts).
      transcriber: new TranscribeStreamingTranscriber(new TranscribeStreamingClient({})),
      log,
      ...(assistant ? { assistant } : {}),
      ...(staffDesk ? { staffDesk } : {}),
    },
    { apiRoot: config.apiRoot },
  );
  await b.init();
  return b;
});

/**
 * SQS FIFO → bot, one record at a time in order. After a failure, that record and every later record of the same
 * chat are reported failed, so SQS redelivers them in order (and to the DLQ after maxReceiveCount).
 */
export const worker = invoked(async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const b = await bot();
  return handleFifoBatch<Update>(
    event,
    (update) => processTelegramUpdate(b, sessions, update, log),
    log,
    'Telegram update',
  );
});
