// The built bundles, not the sources: each edge and worker bundled as infra bundles it (grammY's web build, Bolt's
// unused
// receivers left out), loaded by a plain Node process in a Lambda-shaped environment, and run against the stand-ins.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../../apps/cli/lambda-bench.ts';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { buildOrderNotification } from '../../../core/order-notification.ts';
import {
  SLACK_EVENTS_ENTRY,
  SLACK_WORKER_ENTRY,
  TELEGRAM_PUSH_ENTRY,
  TELEGRAM_WEBHOOK_ENTRY,
  TELEGRAM_WORKER_ENTRY,
} from '../../../infra/repo-paths.ts';
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
import { eventRequest, threadReply } from '../../support/slack-requests.ts';
import { command } from '../../support/telegram-updates.ts';

const run = promisify(execFile);
const UPDATES = 'TelegramUpdates.fifo';
const SLACK_WORK = 'SlackWork.fifo';
const WEBHOOK_SECRET = 'q7Hc2LmZ0vX9rTkB4wNs8YdE1gUaJf6KpQ3oRiV5xCzW7nMbS2eA0tGhD9uLyF4j';
const ARN = (name: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-AbCdEf`;
/** Marks the child's answer among the log lines it writes to stdout. */
const RESULT = '@@result ';

let aws: AwsStandIns;
let sqs: FakeSqs;
let secrets: FakeSecretsManager;
let telegram: FakeTelegramApi;
let slack: FakeSlackApi;
let dir: string;
const bundles = new Map<string, string>();

/** What Lambda's environment holds for every function, pointed at the stand-ins. */
const lambdaEnv = (): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_SESSION_TOKEN: 'session',
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  AWS_ENDPOINT_URL_DYNAMODB: aws.dynamo.endpoint,
  AWS_ENDPOINT_URL_SNS: process.env.AWS_ENDPOINT_URL_SNS!,
  AWS_ENDPOINT_URL_SFN: process.env.AWS_ENDPOINT_URL_SFN!,
  AWS_ENDPOINT_URL_SQS: sqs.url,
  AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
});
/** What infra adds for every function but the edges. */
const SOURCE_MAPS = { NODE_OPTIONS: '--enable-source-maps' };

/**
 * Loads the bundle of `entry` in a fresh Node process with `env` (Lambda's, plus the function's own), calls `handler`
 * with each event in turn and returns what it returned. Asynchronous: the stand-ins answer from this process meanwhile.
 */
async function invoke(entry: string, handler: string, env: Record<string, string>, events: unknown[]) {
  const script = `
    const fn = (await import(${JSON.stringify(pathToFileURL(bundles.get(entry)!).href)}))[${JSON.stringify(handler)}];
    const out = [];
    for (const event of ${JSON.stringify(events)}) out.push(await fn(event, { awsRequestId: 'req-' + out.length }));
    console.log(${JSON.stringify(RESULT)} + JSON.stringify(out));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...lambdaEnv(), ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT));
  if (!line) throw new Error(`no result from ${handler}: ${stdout.slice(-2000)}`);
  return { results: JSON.parse(line.slice(RESULT.length)) as unknown[], stdout };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lambda-bundles-'));
  const entries = [
    TELEGRAM_WEBHOOK_ENTRY,
    TELEGRAM_WORKER_ENTRY,
    TELEGRAM_PUSH_ENTRY,
    SLACK_EVENTS_ENTRY,
    SLACK_WORKER_ENTRY,
  ];
  for (const entry of entries)
    bundles.set(entry, (await buildBundle(entry, mkdtempSync(path.join(dir, 'bundle-')))).file);
  aws = await startAwsStandIns();
  sqs = await startFakeSqs({ queues: [UPDATES, SLACK_WORK] });
  secrets = await startFakeSecretsManager({
    [ARN('WebhookSecret')]: WEBHOOK_SECRET,
    [ARN('TelegramBotToken')]: TEST_TOKEN,
    [ARN('SlackSigningSecret')]: SLACK_SIGNING_SECRET,
    [ARN('SlackBotToken')]: SLACK_TEST_TOKEN,
  });
  telegram = await startFakeTelegramApi();
  slack = await startFakeSlackApi();
  slack.members.set(SUPPORT_CHANNEL, [BOT_USER_ID]);
}, 120_000);
afterAll(async () => {
  await aws?.stop();
  await Promise.all([sqs?.close(), secrets?.close(), telegram?.close(), slack?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the Telegram bundles', () => {
  it('webhook bundle → SQS → worker bundle → the greeting on the Bot API; the push bundle sends an order event', async () => {
    // Prepare
    const update = command(9001, '/start', { firstName: 'Ana' });
    const order = makeOrder({ status: 'PREPARING', customer: { ...makeOrder().customer, telegramChatId: 9002 } });
    const n = buildOrderNotification('PREPARING', order, new Date());
    const sns: SNSEvent = {
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
            Message: (JSON.parse(n.Message) as { default: string }).default,
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

    // Act
    const webhook = await invoke(
      TELEGRAM_WEBHOOK_ENTRY,
      'webhook',
      { TELEGRAM_QUEUE_URL: sqs.queueUrl(UPDATES), TELEGRAM_WEBHOOK_SECRET_SECRET_ARN: ARN('WebhookSecret') },
      [
        httpApiEvent('POST', '/telegram/webhook', {
          body: JSON.stringify(update),
          headers: { 'X-Telegram-Bot-Api-Secret-Token': WEBHOOK_SECRET },
        }),
      ],
    );
    const worker = await invoke(
      TELEGRAM_WORKER_ENTRY,
      'worker',
      {
        ...SOURCE_MAPS,
        TABLE_NAME: aws.dynamo.tableName,
        ORDER_EVENTS_TOPIC_ARN: TOPIC_ARN,
        TELEGRAM_BOT_TOKEN_SECRET_ARN: ARN('TelegramBotToken'),
        TELEGRAM_API_ROOT: telegram.apiRoot,
      },
      [sqsEvent(sqs.messages(UPDATES).map((m) => sqsRecord(m)))],
    );
    await invoke(
      TELEGRAM_PUSH_ENTRY,
      'orderEvents',
      { ...SOURCE_MAPS, TELEGRAM_BOT_TOKEN_SECRET_ARN: ARN('TelegramBotToken'), TELEGRAM_API_ROOT: telegram.apiRoot },
      [sns],
    );

    // Assess
    expect(webhook.results).toEqual([expect.objectContaining({ statusCode: 200 })]);
    expect(worker.results).toEqual([{ batchItemFailures: [] }]);
    const sent = (chatId: number) =>
      telegram
        .chat(chatId)
        .filter((c) => c.method === 'sendMessage')
        .map((c) => String(c.params.text));
    expect(sent(9001)[0]).toContain(TEXTS['pt-BR'].mainMenuPrompt);
    expect(sent(9002)).toEqual([expect.stringMatching(/^Seu pedido K7M2QX está sendo preparado/)]);
    // The worker's lines carry the invocation's request id (Powertools, through the port).
    expect(worker.stdout).toMatch(/"function_request_id":"req-0"/);
  });
});

describe('the Slack bundles', () => {
  it('events bundle → SQS → worker bundle (Bolt without its left-out receivers) handles the event', async () => {
    // Prepare
    const req = eventRequest(threadReply('U1', '1700000000.000200', 'oi'), { eventId: 'EvBundle1' });
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;

    // Act
    const events = await invoke(
      SLACK_EVENTS_ENTRY,
      'events',
      { SLACK_QUEUE_URL: sqs.queueUrl(SLACK_WORK), SLACK_SIGNING_SECRET_SECRET_ARN: ARN('SlackSigningSecret') },
      [httpApiEvent('POST', '/slack/events', { body: req.body, headers })],
    );
    const worker = await invoke(
      SLACK_WORKER_ENTRY,
      'worker',
      {
        ...SOURCE_MAPS,
        TABLE_NAME: aws.dynamo.tableName,
        ORDER_EVENTS_TOPIC_ARN: TOPIC_ARN,
        SLACK_BOT_TOKEN_SECRET_ARN: ARN('SlackBotToken'),
        TELEGRAM_BOT_TOKEN_SECRET_ARN: ARN('TelegramBotToken'),
        SLACK_SUPPORT_CHANNEL: SUPPORT_CHANNEL,
        SLACK_API_URL: slack.apiUrl,
        TELEGRAM_API_ROOT: telegram.apiRoot,
      },
      [sqsEvent(sqs.messages(SLACK_WORK).map((m) => sqsRecord(m)))],
    );

    // Assess
    expect(events.results).toEqual([expect.objectContaining({ statusCode: 200 })]);
    expect(sqs.messages(SLACK_WORK).map((m) => m.messageGroupId)).toEqual([
      `slack:${SUPPORT_CHANNEL}:1700000000.000200`,
    ]);
    expect(worker.results).toEqual([{ batchItemFailures: [] }]);
    expect(slack.callsOf('auth.test')).toHaveLength(1);
    expect(worker.stdout).not.toMatch(/left out of the Lambda bundles/);
  });
});
