// The Slack Lambda entries wired as on AWS (environment only): the edge queues to a fake SQS FIFO queue, the worker
// runs the real console on dynalite against the fake Slack API, SNS order events and the sweep are queued per group.
import { randomUUID } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SlackWork } from '../../../bots/slack/slack-work.ts';
import { buildOrderNotification } from '../../../core/order-notification.ts';
import { makeOrder } from '../../core/order-fixture.ts';
import { httpApiEvent } from '../../support/api-gateway-event.ts';
import { type AwsStandIns, startAwsStandIns, TOPIC_ARN } from '../../support/aws-stand-ins.ts';
import { type FakeSecretsManager, startFakeSecretsManager } from '../../support/fake-secrets-manager.ts';
import {
  BOT_USER_ID,
  type FakeSlackApi,
  SLACK_SIGNING_SECRET,
  SLACK_TEST_TOKEN,
  SUPPORT_CHANNEL,
  startFakeSlackApi,
} from '../../support/fake-slack-api.ts';
import { type FakeSqs, sqsEvent, sqsRecord, startFakeSqs } from '../../support/fake-sqs.ts';
import { type FakeTelegramApi, startFakeTelegramApi, TEST_TOKEN } from '../../support/fake-telegram-api.ts';
import { eventRequest, signedRequest, threadReply } from '../../support/slack-requests.ts';

type WorkerModule = typeof import('../../../apps/lambda/lambda-slack-worker.ts');
/** The Slack console's four functions, each its own entry (and bundle) on AWS. */
interface SlackFunctions {
  events: typeof import('../../../apps/lambda/lambda-slack-events.ts')['events'];
  worker: WorkerModule['worker'];
  orderEvents: typeof import('../../../apps/lambda/lambda-slack-order-events.ts')['orderEvents'];
  sweep: typeof import('../../../apps/lambda/lambda-slack-sweep.ts')['sweep'];
}
const WORKER_ENTRY = new URL('../../../apps/lambda/lambda-slack-worker.ts', import.meta.url).href;
const QUEUE = 'DeliveryAssistantStack-SlackWork1A2B3C-Qw12Er34Ty56.fifo';
const SIGNING_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:SlackSigningSecret-AbCdEf';
const BOT_TOKEN_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:SlackBotToken-GhIjKl';
const TELEGRAM_TOKEN_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:TelegramBotBotToken-MnOpQr';

let aws: AwsStandIns;
let secrets: FakeSecretsManager;
let sqs: FakeSqs;
let slack: FakeSlackApi;
let telegram: FakeTelegramApi;
let lambda: SlackFunctions;

/** A signed request as API Gateway hands it to the function (header names as Slack sends them). */
function apiEvent(req: ReturnType<typeof signedRequest>) {
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
  return httpApiEvent('POST', '/slack/events', { body: req.body, headers });
}
const queued = () =>
  sqs.messages(QUEUE).map((m) => ({ group: m.messageGroupId, work: JSON.parse(m.body) as SlackWork }));

beforeAll(async () => {
  aws = await startAwsStandIns();
  slack = await startFakeSlackApi();
  slack.members.set(SUPPORT_CHANNEL, [BOT_USER_ID]);
  telegram = await startFakeTelegramApi();
  secrets = await startFakeSecretsManager({
    [SIGNING_ARN]: SLACK_SIGNING_SECRET,
    [BOT_TOKEN_ARN]: SLACK_TEST_TOKEN,
    [TELEGRAM_TOKEN_ARN]: TEST_TOKEN,
  });
  sqs = await startFakeSqs({ queues: [QUEUE] });
  aws.setEnv({
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    AWS_ENDPOINT_URL_SQS: sqs.url,
    SLACK_QUEUE_URL: sqs.queueUrl(QUEUE),
    SLACK_SIGNING_SECRET_SECRET_ARN: SIGNING_ARN,
    SLACK_BOT_TOKEN_SECRET_ARN: BOT_TOKEN_ARN,
    TELEGRAM_BOT_TOKEN_SECRET_ARN: TELEGRAM_TOKEN_ARN,
    SLACK_SUPPORT_CHANNEL: SUPPORT_CHANNEL,
    SLACK_API_URL: slack.apiUrl,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    ORDER_EVENTS_TOPIC_ARN: TOPIC_ARN,
    SLACK_SIGNING_SECRET: undefined,
    SLACK_BOT_TOKEN: undefined,
    TELEGRAM_BOT_TOKEN: undefined,
    // Powertools' Logger writes through the global console (which the tests spy on) instead of its own stdout Console.
    POWERTOOLS_DEV: 'true',
  });
  const [events, worker, feed, sweep] = await Promise.all([
    import('../../../apps/lambda/lambda-slack-events.ts'),
    import('../../../apps/lambda/lambda-slack-worker.ts'),
    import('../../../apps/lambda/lambda-slack-order-events.ts'),
    import('../../../apps/lambda/lambda-slack-sweep.ts'),
  ]);
  lambda = { events: events.events, worker: worker.worker, orderEvents: feed.orderEvents, sweep: sweep.sweep };
});
afterAll(async () => {
  await aws?.stop();
  await Promise.all([secrets?.close(), sqs?.close(), slack?.close(), telegram?.close()]);
});

describe('Slack on AWS (Lambda entries)', () => {
  it('the edge reads the signing secret by ARN, answers the challenge, refuses a bad signature, and queues a thread message in its thread group', async () => {
    const challenge = await lambda.events(
      apiEvent(signedRequest(JSON.stringify({ type: 'url_verification', challenge: 'xyz' }), 'application/json')),
    );
    const bad = await lambda.events(
      apiEvent(eventRequest(threadReply('U1', '1700000000.000100', 'oi'), { secret: 'wrong' })),
    );
    const good = await lambda.events(
      apiEvent(eventRequest(threadReply('U1', '1700000000.000100', 'oi'), { eventId: 'EvAWS1' })),
    );
    const retried = await lambda.events(
      apiEvent(eventRequest(threadReply('U1', '1700000000.000100', 'oi'), { eventId: 'EvAWS1', retryNum: 1 })),
    );

    expect([challenge.statusCode, JSON.parse(String(challenge.body))]).toEqual([200, { challenge: 'xyz' }]);
    expect([bad.statusCode, good.statusCode, retried.statusCode]).toEqual([401, 200, 200]);
    const events = queued().filter((q) => q.work.kind === 'slack');
    // The retry reached SQS with the same deduplication id, and SQS dropped it.
    expect(events).toHaveLength(1);
    expect(events[0]!.group).toBe(`slack:${SUPPORT_CHANNEL}:1700000000.000100`);
  });

  it("order events from SNS are queued in the order's group; the sweep is queued for the desk", async () => {
    const order = makeOrder({ status: 'CONFIRMED' });
    const n = buildOrderNotification('CONFIRMED', order, new Date());
    const event: SNSEvent = {
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: `${TOPIC_ARN}:1`,
          Sns: {
            Type: 'Notification',
            MessageId: randomUUID(),
            TopicArn: TOPIC_ARN,
            Subject: '',
            Message: JSON.parse(n.Message).default,
            Timestamp: new Date().toISOString(),
            SignatureVersion: '1',
            Signature: 'x',
            SigningCertUrl: 'https://x',
            UnsubscribeUrl: 'https://x',
            MessageAttributes: {},
          },
        },
      ],
    };
    await lambda.orderEvents(event);
    await lambda.sweep({
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      time: new Date().toISOString(),
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:123456789012:rule/SlackConsoleSweepSchedule'],
      detail: {},
    });
    const items = queued();
    expect(items.find((q) => q.work.kind === 'order_event')).toMatchObject({
      group: `order:${order.orderId}`,
      work: { payload: { orderId: order.orderId, event: 'CONFIRMED' } },
    });
    expect(items.find((q) => q.work.kind === 'sweep')?.group).toBe('slack-desk');
  });

  it('the worker runs each queued item through the console (auth.test once), and handles a repeated event_id once', async () => {
    const records = sqs.messages(QUEUE).map((m) => sqsRecord(m));
    const first = await lambda.worker(sqsEvent(records));
    expect(first.batchItemFailures).toEqual([]);
    expect(slack.callsOf('auth.test')).toHaveLength(1);
    const logged: string[] = [];
    const spy = vi.spyOn(console, 'info').mockImplementation((line: unknown) => {
      logged.push(String(line));
    });
    try {
      const again = await lambda.worker(
        sqsEvent(records.filter((r) => (JSON.parse(r.body) as SlackWork).kind === 'slack')),
      );
      expect(again.batchItemFailures).toEqual([]);
    } finally {
      spy.mockRestore();
    }
    expect(logged.filter((l) => l.includes('event already handled') && l.includes('EvAWS1'))).toHaveLength(1);
    expect(slack.callsOf('auth.test')).toHaveLength(1);
  });
});

describe('Slack on AWS without a support channel', () => {
  it('drops the work with one warning instead of failing it into the dead-letter queue', async () => {
    // Prepare: another container of the worker bundle, deployed without -c slackSupportChannel.
    const saved = process.env.SLACK_SUPPORT_CHANNEL;
    delete process.env.SLACK_SUPPORT_CHANNEL;
    const warned: string[] = [];
    const spy = vi.spyOn(console, 'warn').mockImplementation((line: unknown) => {
      warned.push(String(line));
    });
    try {
      const unconfigured = (await import(/* @vite-ignore */ `${WORKER_ENTRY}?container=no-channel`)) as WorkerModule;
      const records = sqs.messages(QUEUE).map((m) => sqsRecord(m));
      expect((await unconfigured.worker(sqsEvent(records))).batchItemFailures).toEqual([]);
      expect((await unconfigured.worker(sqsEvent(records))).batchItemFailures).toEqual([]);
    } finally {
      spy.mockRestore();
      process.env.SLACK_SUPPORT_CHANNEL = saved;
    }
    expect(warned.filter((l) => l.includes('Slack console not configured'))).toHaveLength(1);
  });
});
