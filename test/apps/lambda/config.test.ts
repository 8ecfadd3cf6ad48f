// The Lambda configuration: each function's variables parsed once, a secret given as value or ARN, and one error that
// names every missing or invalid variable.
import { describe, expect, it } from 'vitest';
import {
  httpApiConfig,
  slackForwarderConfig,
  slackWorkerConfig,
  telegramWebhookConfig,
} from '../../../apps/lambda/config.ts';

const LAMBDA = { AWS_REGION: 'sa-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' };
const ORDERS = { TABLE_NAME: 'Table', ORDER_EVENTS_TOPIC_ARN: 'arn:aws:sns:sa-east-1:1:OrderEvents' };

describe('Lambda configuration', () => {
  it('names every missing variable in one error, and a secret as its value or its ARN', () => {
    // Act
    const missing = () => httpApiConfig({});

    // Assess
    expect(missing).toThrow(
      'HTTP API configuration: missing environment variable TABLE_NAME; missing environment variable ' +
        'ORDER_EVENTS_TOPIC_ARN; missing environment variable STAFF_API_TOKEN or STAFF_API_TOKEN_SECRET_ARN',
    );
  });

  it('reads a secret as its value when given, else as its ARN; an empty value counts as unset', () => {
    // Act
    const byValue = httpApiConfig({ ...ORDERS, STAFF_API_TOKEN: 'tok', STAFF_API_TOKEN_SECRET_ARN: 'arn:secret' });
    const byArn = httpApiConfig({ ...ORDERS, STAFF_API_TOKEN: '', STAFF_API_TOKEN_SECRET_ARN: 'arn:secret' });

    // Assess
    expect(byValue.staffToken).toEqual({ name: 'STAFF_API_TOKEN', value: 'tok' });
    expect(byArn.staffToken).toEqual({ name: 'STAFF_API_TOKEN', arn: 'arn:secret' });
    expect(byArn).toMatchObject({ orders: { tableName: 'Table' }, telegramBotUsername: undefined });
  });

  it('gives the SDK-free functions the role credentials and the stand-in endpoints the SDK would use', () => {
    // Act
    const c = telegramWebhookConfig({
      ...LAMBDA,
      AWS_SESSION_TOKEN: 'session',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:2',
      TELEGRAM_QUEUE_URL: 'http://127.0.0.1:2/1/q.fifo',
      TELEGRAM_WEBHOOK_SECRET_SECRET_ARN: 'arn:webhook',
    });

    // Assess: the service's own variable wins; the general one covers the rest
    expect(c.aws).toEqual({
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'session', region: 'sa-east-1' },
      sqsEndpoint: 'http://127.0.0.1:2',
      secretsManagerEndpoint: 'http://127.0.0.1:1',
    });
    expect(() => slackForwarderConfig({ SLACK_QUEUE_URL: 'q' })).toThrow(
      /missing environment variable AWS_REGION; missing environment variable AWS_ACCESS_KEY_ID/,
    );
  });

  it("parses the Slack worker's options and refuses a timeout that is not a positive number", () => {
    // Prepare
    const env = {
      ...ORDERS,
      SLACK_BOT_TOKEN_SECRET_ARN: 'arn:slack',
      TELEGRAM_BOT_TOKEN: 'tg',
      SLACK_STAFF_LANG: 'pt-BR',
      SLACK_HANDOFF_TIMEOUT_MINUTES: '15',
    };

    // Act
    const c = slackWorkerConfig(env);
    const bad = () => slackWorkerConfig({ ...env, SLACK_HANDOFF_TIMEOUT_MINUTES: 'ten' });

    // Assess
    expect(c).toMatchObject({ staffLang: 'pt-BR', handoffTimeoutMs: 15 * 60_000 });
    expect(c).not.toHaveProperty('supportChannel');
    expect(bad).toThrow(/^Slack worker configuration: SLACK_HANDOFF_TIMEOUT_MINUTES is invalid/);
  });
});
