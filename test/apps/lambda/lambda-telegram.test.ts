// The Telegram Lambda entries wired as on AWS (environment only): the webhook sends to a fake SQS FIFO queue, the
// worker
// runs the real bot on dynalite, fake SNS/Step Functions and a fake Bot API, and the push reaches the fake Bot API.
// Both secrets are read from the fake Secrets Manager by ARN, as the deployed functions read them.
import { randomUUID } from 'node:crypto';
import { PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SNSEvent, SQSRecord } from 'aws-lambda';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoCatalogStore } from '../../../adapters/aws/dynamo-catalog-store.ts';
import { SqsChatWorkQueue } from '../../../adapters/aws/sqs-chat-work-queue.ts';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { CUSTOMER_EVENTS } from '../../../core/notification-texts.ts';
import { buildOrderNotification, type OrderNotification } from '../../../core/order-notification.ts';
import { makeOrder } from '../../core/order-fixture.ts';
import { httpApiEvent } from '../../support/api-gateway-event.ts';
import { type AwsStandIns, startAwsStandIns, TOPIC_ARN } from '../../support/aws-stand-ins.ts';
import { DEMO_STORE } from '../../support/demo-store.ts';
import { startFakeGeoPlaces } from '../../support/fake-geo-places.ts';
import { type FakeSecretsManager, startFakeSecretsManager } from '../../support/fake-secrets-manager.ts';
import { type FakeSqs, type SqsMessage, sqsEvent, sqsRecord, startFakeSqs } from '../../support/fake-sqs.ts';
import { type FakeTelegramApi, startFakeTelegramApi, TEST_TOKEN } from '../../support/fake-telegram-api.ts';
import { type LoopbackServer, startLoopbackServer } from '../../support/loopback-server.ts';
import { command, textMessage } from '../../support/telegram-updates.ts';

type WebhookModule = typeof import('../../../apps/lambda/lambda-telegram-webhook.ts');
type WorkerModule = typeof import('../../../apps/lambda/lambda-telegram-worker.ts');
type PushModule = typeof import('../../../apps/lambda/lambda-telegram-push.ts');
/** The Telegram bot's three functions, each its own entry (and bundle) on AWS. */
interface TelegramFunctions {
  webhook: WebhookModule['webhook'];
  worker: WorkerModule['worker'];
  orderEvents: PushModule['orderEvents'];
}
const PUSH_ENTRY = new URL('../../../apps/lambda/lambda-telegram-push.ts', import.meta.url).href;

const QUEUE = 'DeliveryAssistantStack-TelegramBotUpdatesC4A7488E-Zx81kQ2mLp0a.fifo';
const WEBHOOK_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:TelegramBotWebhookSecret-AbCdEf';
const BOT_TOKEN_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:TelegramBotBotToken-GhIjKl';
/** Shaped like the deployed one: 64 characters of A-Za-z0-9. */
const WEBHOOK_SECRET = 'q7Hc2LmZ0vX9rTkB4wNs8YdE1gUaJf6KpQ3oRiV5xCzW7nMbS2eA0tGhD9uLyF4j';
const STORE_NAME = 'Açaí & Pizza Copacabana';
const PUSH_FUNCTION_ARN =
  'arn:aws:lambda:us-east-1:123456789012:function:DeliveryAssistantStack-TelegramBotOrderEventPush';

/**
 * dynalite behind a loopback proxy that can make DynamoDB answer 500 InternalServerError to every write of one item,
 * as during a partial outage: the SDK retries it (the DynamoDB client makes 4 attempts) and then the call fails.
 */
interface DynamoProxy extends LoopbackServer {
  /** PutItem attempts that were refused, per pk. */
  refused: Map<string, number>;
  failWritesOf(pk: string): void;
  heal(): void;
}
async function startDynamoProxy(target: string): Promise<DynamoProxy> {
  const failing = new Set<string>();
  const refused = new Map<string, number>();
  const server = await startLoopbackServer(async (req) => {
    if (req.headers['x-amz-target'] === 'DynamoDB_20120810.PutItem') {
      const pk = (JSON.parse(req.body) as { Item?: { pk?: { S?: string } } }).Item?.pk?.S ?? '';
      if (failing.has(pk)) {
        refused.set(pk, (refused.get(pk) ?? 0) + 1);
        return {
          status: 500,
          contentType: 'application/x-amz-json-1.0',
          body: JSON.stringify({
            __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
            message: 'Internal server error',
          }),
        };
      }
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        ([k, v]) => typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k),
      ),
    ) as Record<string, string>;
    const res = await fetch(`${target}${req.url}`, { method: req.method, headers, body: req.body });
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? 'application/x-amz-json-1.0',
      body: await res.text(),
    };
  });
  return {
    ...server,
    refused,
    failWritesOf: (pk) => {
      failing.add(pk);
    },
    heal: () => failing.clear(),
  };
}

/** An SNS → Lambda event for one delivery, shaped like the documented one (Message = the body SNS chose for `lambda`). */
function snsEvent(message: string, attributes: Record<string, string>): SNSEvent {
  const messageId = randomUUID();
  return {
    Records: [
      {
        EventVersion: '1.0',
        EventSubscriptionArn: `${TOPIC_ARN}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
        EventSource: 'aws:sns',
        Sns: {
          SignatureVersion: '1',
          Timestamp: new Date().toISOString(),
          Signature: 'tcc6faL2yUC6dgZdmrwh1Y4cGa/ebXEkAi6RibDsvpi+tE/1+82j...65r==',
          SigningCertUrl:
            'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-ac565b8b1a6c5d002d285f9598aa1d9b.pem',
          MessageId: messageId,
          Message: message,
          MessageAttributes: Object.fromEntries(
            Object.entries(attributes).map(([k, v]) => [k, { Type: 'String', Value: v }]),
          ),
          Type: 'Notification',
          UnsubscribeUrl: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC_ARN}:2bcfbf39`,
          TopicArn: TOPIC_ARN,
          Subject: '',
        },
      },
    ],
  };
}

let aws: AwsStandIns;
let dynamo: DynamoProxy;
let secrets: FakeSecretsManager;
let sqs: FakeSqs;
let telegram: FakeTelegramApi;
let lambda: TelegramFunctions;
let placesGeocoder: WorkerModule['placesGeocoder'];

const post = (update: Update | string, secret: string | null = WEBHOOK_SECRET) =>
  lambda.webhook(
    httpApiEvent('POST', '/telegram/webhook', {
      body: typeof update === 'string' ? update : JSON.stringify(update),
      headers: secret === null ? {} : { 'X-Telegram-Bot-Api-Secret-Token': secret },
    }),
  );
const sends = () => sqs.calls.filter((c) => c.operation === 'SendMessage');
const queued = () => sqs.messages(QUEUE);
/** The queued message that carries this update. */
const messageOf = (update: Update): SqsMessage =>
  queued().find((m) => (JSON.parse(m.body) as Update).update_id === update.update_id)!;
/** Webhook → queue for each update, in order; the records as Lambda's poller would hand them over. */
async function enqueue(...updates: Update[]): Promise<SQSRecord[]> {
  for (const u of updates) expect((await post(u)).statusCode).toBe(200);
  return updates.map((u) => sqsRecord(messageOf(u)));
}
const sentTexts = (chatId: number) =>
  telegram
    .chat(chatId)
    .filter((c) => c.method === 'sendMessage')
    .map((c) => String(c.params.text));
const greeting = (name = 'Ana') => `${TEXTS['pt-BR'].greeting(name, STORE_NAME)}\n\n${TEXTS['pt-BR'].mainMenuPrompt}`;

beforeAll(async () => {
  aws = await startAwsStandIns();
  dynamo = await startDynamoProxy(aws.dynamo.endpoint);
  secrets = await startFakeSecretsManager({ [WEBHOOK_SECRET_ARN]: WEBHOOK_SECRET, [BOT_TOKEN_ARN]: TEST_TOKEN });
  sqs = await startFakeSqs({ queues: [QUEUE] });
  telegram = await startFakeTelegramApi();
  // What infra/telegram-bot.ts gives the functions, plus the endpoints of the stand-ins.
  aws.setEnv({
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    AWS_ENDPOINT_URL_SQS: sqs.url,
    TELEGRAM_QUEUE_URL: sqs.queueUrl(QUEUE),
    TELEGRAM_WEBHOOK_SECRET_SECRET_ARN: WEBHOOK_SECRET_ARN,
    TELEGRAM_BOT_TOKEN_SECRET_ARN: BOT_TOKEN_ARN,
    NOTIFICATIONS_DLQ_ARN: 'arn:aws:sqs:us-east-1:123456789012:NotificationsDlq',
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: undefined,
    TELEGRAM_BOT_TOKEN: undefined,
    // Powertools' Logger writes through the global console (which the tests spy on) instead of its own stdout Console.
    POWERTOOLS_DEV: 'true',
  });
  // Imported after the environment is set, as Lambda loads the bundle in an environment that already holds it.
  const [webhook, worker, push] = await Promise.all([
    import('../../../apps/lambda/lambda-telegram-webhook.ts'),
    import('../../../apps/lambda/lambda-telegram-worker.ts'),
    import('../../../apps/lambda/lambda-telegram-push.ts'),
  ]);
  lambda = { webhook: webhook.webhook, worker: worker.worker, orderEvents: push.orderEvents };
  placesGeocoder = worker.placesGeocoder;
});
afterAll(async () => {
  await aws?.stop();
  await Promise.all([dynamo?.close(), secrets?.close(), sqs?.close(), telegram?.close()]);
});

describe('the SQS stand-in, through SqsChatWorkQueue and the real client', () => {
  it('accepts a FIFO send (the SDK checks the MD5), drops a repeated deduplication id for 5 minutes, and refuses what SQS refuses', async () => {
    // Prepare
    const other = 'contract-check.fifo';
    const fake = await startFakeSqs({ queues: [other] });
    const client = new SQSClient({ endpoint: fake.url });
    const queue = new SqsChatWorkQueue<{ n: number }>(client, fake.queueUrl(other));
    try {
      // Act
      await queue.enqueue('telegram:1', '100', { n: 1 });
      await queue.enqueue('telegram:1', '100', { n: 1 });
      fake.advanceTime(5 * 60 * 1000 + 1);
      await queue.enqueue('telegram:1', '100', { n: 1 });
      const noGroup = client.send(
        new SendMessageCommand({ QueueUrl: fake.queueUrl(other), MessageBody: 'x', MessageDeduplicationId: '1' }),
      );
      const noDedupe = client.send(
        new SendMessageCommand({ QueueUrl: fake.queueUrl(other), MessageBody: 'x', MessageGroupId: 'g' }),
      );
      const unknown = new SqsChatWorkQueue(client, fake.queueUrl('nope.fifo')).enqueue('g', '1', {});

      // Assess
      await expect(noGroup).rejects.toMatchObject({ name: 'MissingParameter' });
      await expect(noDedupe).rejects.toMatchObject({ name: 'InvalidParameterValue' });
      await expect(unknown).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
      expect(fake.sendResults.slice(0, 3).map((r) => r.duplicate)).toEqual([false, true, false]);
      expect(fake.sendResults[1]!.messageId).toBe(fake.sendResults[0]!.messageId);
      expect(fake.messages(other).map((m) => [m.messageGroupId, m.messageDeduplicationId, m.body])).toEqual([
        ['telegram:1', '100', '{"n":1}'],
        ['telegram:1', '100', '{"n":1}'],
      ]);
      expect(BigInt(fake.messages(other)[1]!.sequenceNumber!)).toBeGreaterThan(
        BigInt(fake.messages(other)[0]!.sequenceNumber!),
      );
      expect(fake.calls[0]!.headers).toMatchObject({
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.SendMessage',
      });
    } finally {
      client.destroy();
      await fake.close();
    }
  });
});

describe('webhook (lambda-telegram.webhook), API Gateway → SQS FIFO', () => {
  it('answers 401 to a missing or wrong secret token and sends nothing', async () => {
    // Act
    const missing = await post(command(31, '/start'), null);
    const wrong = await post(command(31, '/start'), 'not-the-secret');

    // Assess
    expect([missing.statusCode, wrong.statusCode]).toEqual([401, 401]);
    expect(JSON.parse(wrong.body!).error.code).toBe('UNAUTHORIZED');
    expect(sends()).toEqual([]);
  });

  it("with the secret from Secrets Manager, answers 200 and sends the update to the chat's message group, deduplicated on update_id", async () => {
    // Prepare
    const update = command(32, '/start');

    // Act
    const res = await post(update);

    // Assess
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body!)).toEqual({ ok: true });
    expect(sends().map((c) => c.body)).toEqual([
      {
        QueueUrl: sqs.queueUrl(QUEUE),
        MessageBody: JSON.stringify(update),
        MessageGroupId: 'telegram:32',
        MessageDeduplicationId: String(update.update_id),
      },
    ]);
    expect(secrets.requests).toEqual([WEBHOOK_SECRET_ARN]); // read once per container, also by the 401s above
  });

  it('answers 400 to malformed JSON and sends nothing', async () => {
    // Prepare
    const before = sends().length;

    // Act
    const res = await post('{"update_id": 5, "message": {');

    // Assess
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body!).error.code).toBe('INVALID_JSON');
    expect(sends()).toHaveLength(before);
  });

  it('answers 200 to Telegram re-sending an update, which SQS accepts but does not queue twice', async () => {
    // Prepare
    const update = textMessage(33, 'oi');

    // Act
    const first = await post(update);
    const again = await post(update);

    // Assess
    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
    expect(queued().filter((m) => m.messageDeduplicationId === String(update.update_id))).toHaveLength(1);
    expect(sqs.sendResults.slice(-2).map((r) => r.duplicate)).toEqual([false, true]);
  });
});

describe('worker (lambda-telegram.worker), SQS FIFO → bot', () => {
  it('handles /start from two chats: each chat gets the greeting, and no item fails', async () => {
    // Prepare
    const records = await enqueue(
      command(41, '/start', { firstName: 'Ana' }),
      command(42, '/start', { firstName: 'Bia' }),
    );

    // Act
    const res = await lambda.worker(sqsEvent(records));

    // Assess
    expect(res).toEqual({ batchItemFailures: [] });
    expect(sentTexts(41)).toEqual([greeting('Ana')]);
    expect(sentTexts(42)).toEqual([greeting('Bia')]);
    expect(secrets.requests.filter((arn) => arn === BOT_TOKEN_ARN)).toHaveLength(1);
    expect(telegram.calls.filter((c) => c.method === 'getMe')).toHaveLength(1);
  });

  it('after a failure, reports that record and the later records of its chat, handles the other chat, and the redelivery in order', async () => {
    // Prepare: DynamoDB refuses the once-only marker of chat 43's first update (the write before any handling).
    const [c1, d1, c2, d2] = [command(43, '/start'), command(44, '/start'), command(43, '/help'), command(44, '/help')];
    const records = await enqueue(c1, d1, c2, d2);
    dynamo.failWritesOf(`UPDATE#telegram:${c1.update_id}`);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

    // Act
    const res = await lambda.worker(sqsEvent(records));
    dynamo.heal();
    const warnings = warn.mock.calls.map((args) => JSON.parse(String(args[0])) as Record<string, unknown>);
    warn.mockRestore();
    const redelivered = await lambda.worker(
      sqsEvent([sqsRecord(messageOf(c1), { receiveCount: 2 }), sqsRecord(messageOf(c2), { receiveCount: 2 })]),
    );

    // Assess: the failed batch
    expect(res.batchItemFailures).toEqual([
      { itemIdentifier: records[0]!.messageId },
      { itemIdentifier: records[2]!.messageId },
    ]);
    expect(dynamo.refused.get(`UPDATE#telegram:${c1.update_id}`)).toBeGreaterThan(1); // retried (4 attempts: the DynamoDB client's default), then failed
    expect(warnings).toEqual([
      expect.objectContaining({ level: 'WARN', message: 'Telegram update failed', messageId: records[0]!.messageId }),
    ]);
    expect(sentTexts(44)).toEqual([greeting(), TEXTS['pt-BR'].help]);
    // Assess: the redelivery, in the chat's order
    expect(redelivered).toEqual({ batchItemFailures: [] });
    expect(sentTexts(43)).toEqual([greeting(), TEXTS['pt-BR'].help]);
  });

  it('handles an update once when it arrives again (a redelivered record, or a re-send after the 5-minute SQS window)', async () => {
    // Prepare
    const update = command(45, '/start');
    const [record] = await enqueue(update);
    await lambda.worker(sqsEvent([record!]));
    sqs.advanceTime(5 * 60 * 1000 + 1);
    expect((await post(update)).statusCode).toBe(200);
    const copies = queued().filter((m) => m.messageDeduplicationId === String(update.update_id));

    // Act
    const redelivery = await lambda.worker(sqsEvent([sqsRecord(copies[0]!, { receiveCount: 2 })]));
    const resend = await lambda.worker(sqsEvent([sqsRecord(copies[1]!)]));

    // Assess
    expect(copies).toHaveLength(2);
    expect([redelivery, resend]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(sentTexts(45)).toEqual([greeting()]);
  });
});

describe('orderEvents (lambda-telegram.orderEvents), OrderEvents SNS → chat', () => {
  const chatId = 46;
  const customer = { ...makeOrder().customer, telegramChatId: chatId };
  const notify = (event: Parameters<typeof buildOrderNotification>[0], withChat = true) =>
    buildOrderNotification(
      event,
      makeOrder({
        status: 'CONFIRMED',
        customer: withChat ? { ...customer, telegramChatId: chatId } : makeOrder().customer,
      }),
      new Date(),
    );
  const defaultBody = (n: OrderNotification) => (JSON.parse(n.Message) as { default: string }).default;
  const attributesOf = (n: OrderNotification) =>
    Object.fromEntries(Object.entries(n.MessageAttributes).map(([k, v]) => [k, v.StringValue]));

  it("sends the payload's text to its telegramChatId; SNS hands the Lambda subscription the `default` body", async () => {
    // Prepare: a Lambda subscription with the construct's filter policy, and a publish as the workflow makes it.
    const client = new SNSClient({});
    await client.send(
      new SubscribeCommand({
        TopicArn: TOPIC_ARN,
        Protocol: 'lambda',
        Endpoint: PUSH_FUNCTION_ARN,
        Attributes: { FilterPolicy: JSON.stringify({ event: CUSTOMER_EVENTS }) },
      }),
    );
    // PREPARING: the chat's own confirmation covers CONFIRMED, so that one is not pushed (order-event-push.ts).
    const confirmed = notify('PREPARING');
    await client.send(new PublishCommand({ TopicArn: TOPIC_ARN, ...confirmed }));
    await client.send(new PublishCommand({ TopicArn: TOPIC_ARN, ...notify('STAGE_OVERDUE') }));
    client.destroy();
    const deliveries = aws.sns.deliveries.filter((d) => d.endpoint === PUSH_FUNCTION_ARN);

    // Act
    for (const d of deliveries) await lambda.orderEvents(snsEvent(d.body, d.attributes));

    // Assess
    expect(deliveries).toHaveLength(1); // STAGE_OVERDUE is filtered out by the subscription
    expect(deliveries[0]!.body).toBe(defaultBody(confirmed));
    const payload = JSON.parse(defaultBody(confirmed)) as { text: string; telegramChatId: number };
    expect(payload.telegramChatId).toBe(chatId);
    expect(telegram.chat(chatId).map((c) => [c.method, c.params.text])).toEqual([['sendMessage', payload.text]]);
    expect(payload.text).toMatch(/^Seu pedido K7M2QX está sendo preparado/);
  });

  it('sends nothing for STAGE_OVERDUE (were it delivered) or for an order without a Telegram chat', async () => {
    // Prepare
    const before = telegram.calls.filter((c) => c.method === 'sendMessage').length;
    const overdue = notify('STAGE_OVERDUE');
    const noChat = notify('CONFIRMED', false);

    // Act
    await lambda.orderEvents(snsEvent(defaultBody(overdue), attributesOf(overdue)));
    await lambda.orderEvents(snsEvent(defaultBody(noChat), attributesOf(noChat)));

    // Assess
    expect(JSON.parse(defaultBody(noChat))).not.toHaveProperty('telegramChatId');
    expect(telegram.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(before);
  });

  // Regression: orderEvents once built the whole conversation bot (createAwsDeps needs TABLE_NAME and the topic).
  it('works with only the bot token in its environment (a push function needs nothing else)', async () => {
    // Prepare: another container of the push bundle, loaded in the push function's minimal environment.
    const saved = { TABLE_NAME: process.env.TABLE_NAME, ORDER_EVENTS_TOPIC_ARN: process.env.ORDER_EVENTS_TOPIC_ARN };
    const n = notify('PREPARING');
    delete process.env.TABLE_NAME;
    delete process.env.ORDER_EVENTS_TOPIC_ARN;
    try {
      const pushContainer = (await import(/* @vite-ignore */ `${PUSH_ENTRY}?container=push`)) as PushModule;
      // Act
      await pushContainer.orderEvents(snsEvent(defaultBody(n), attributesOf(n)));
    } finally {
      aws.setEnv(saved); // restores (or removes) exactly these two
    }
    // Assess
    expect(telegram.chat(chatId).at(-1)?.params.text).toBe((JSON.parse(defaultBody(n)) as { text: string }).text);
  });

  // Regression: orderEvents once loaded the bot (secret read + getMe) before looking at the payload.
  it('needs no bot for an event without a Telegram chat (no secret read, no Bot API call)', async () => {
    // Prepare: a fresh container, so nothing is cached yet.
    const freshContainer = (await import(/* @vite-ignore */ `${PUSH_ENTRY}?container=no-chat`)) as PushModule;
    const [secretReads, botApiCalls] = [secrets.requests.length, telegram.calls.length];
    const n = notify('CONFIRMED', false);

    // Act
    await freshContainer.orderEvents(snsEvent(defaultBody(n), attributesOf(n)));

    // Assess
    expect(secrets.requests).toHaveLength(secretReads);
    expect(telegram.calls).toHaveLength(botApiCalls);
  });
});

describe('the worker’s geocoder (placesGeocoder)', () => {
  it('is Amazon Location Places, reached through AWS_ENDPOINT_URL_GEO_PLACES and biased to the store profile in the table', async () => {
    // Prepare
    const places = await startFakeGeoPlaces({
      places: [
        {
          type: 'PointAddress',
          lat: -22.9668,
          lon: -43.1849,
          country: 'BRA',
          labels: { 'pt-BR': 'Rua Barata Ribeiro, 200 - Copacabana, Rio de Janeiro - RJ, 22040-002, Brasil' },
        },
      ],
    });
    aws.setEnv({ AWS_ENDPOINT_URL_GEO_PLACES: places.url });
    const geocoder = placesGeocoder({ catalog: new DynamoCatalogStore(aws.dynamo.client, aws.dynamo.tableName) });

    try {
      // Act
      const typed = await geocoder.geocode('Rua Barata Ribeiro 200, Copacabana', 'pt-BR');
      const shared = await geocoder.reverse(-22.967, -43.185, 'pt-BR');

      // Assess
      expect(typed).toMatchObject({ found: true, precision: 'street', lat: -22.9668, lon: -43.1849 });
      expect(shared).toEqual({ found: true, label: expect.stringContaining('Rua Barata Ribeiro, 200') });
      expect(places.calls.map((c) => [c.operation, c.signingService, c.region])).toEqual([
        ['Geocode', 'geo-places', 'us-east-1'],
        ['ReverseGeocode', 'geo-places', 'us-east-1'],
      ]);
      expect(places.calls[0]!.body).toMatchObject({
        BiasPosition: [DEMO_STORE.lon, DEMO_STORE.lat],
        Filter: { IncludeCountries: ['BRA'] },
      });
    } finally {
      aws.setEnv({ AWS_ENDPOINT_URL_GEO_PLACES: undefined });
      await places.close();
    }
  });
});
