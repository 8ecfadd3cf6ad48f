// The Logger port over Powertools' Logger: JSON lines with the service, each invocation's request id and cold start
// (children made before the invocation included), fields and errors with their stack and cause.
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { PowertoolsLoggerAdapter, withInvocationContext } from '../../../adapters/aws/powertools-logger.ts';

const context = (requestId: string): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'DeliveryAssistantStack-TelegramBotWebhook',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:DeliveryAssistantStack-TelegramBotWebhook',
  memoryLimitInMB: '512',
  awsRequestId: requestId,
  logGroupName: '/aws/lambda/webhook',
  logStreamName: '2026/12/03/[$LATEST]abc',
  getRemainingTimeInMillis: () => 10_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
});

let info: MockInstance;
let error: MockInstance;
const lines = (spy: MockInstance) =>
  spy.mock.calls.map((args) => JSON.parse(String(args[0])) as Record<string, unknown>);

beforeEach(() => {
  // Powertools then writes through the global console, where the spies are.
  vi.stubEnv('POWERTOOLS_DEV', 'true');
  // What Lambda sets for an on-demand execution environment; Powertools counts a cold start only then.
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
  info = vi.spyOn(console, 'info').mockImplementation(() => {});
  error = vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('PowertoolsLoggerAdapter', () => {
  it('puts each invocation’s request id and cold start on every line, also on a child made at start', async () => {
    // Prepare
    const adapter = new PowertoolsLoggerAdapter(() => new PowertoolsLogger({ serviceName: 'telegram-webhook' }));
    const component = adapter.log.child({ component: 'queue' });
    const handler = withInvocationContext(adapter, async (event: { n: number }) => {
      component.info('enqueued', { n: event.n });
      return event.n;
    });

    // Act
    const results = [await handler({ n: 1 }, context('req-1')), await handler({ n: 2 }, context('req-2'))];

    // Assess
    expect(results).toEqual([1, 2]);
    expect(lines(info)).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'enqueued',
        service: 'telegram-webhook',
        component: 'queue',
        n: 1,
        function_request_id: 'req-1',
        cold_start: true,
      }),
      expect.objectContaining({ n: 2, function_request_id: 'req-2', cold_start: false }),
    ]);
  });

  it('builds the Powertools Logger only when a line is logged, and a first line in a later invocation is no cold start', async () => {
    // Prepare
    let built = 0;
    const adapter = new PowertoolsLoggerAdapter(() => {
      built++;
      return new PowertoolsLogger({ serviceName: 'slack-events' });
    });
    const handler = withInvocationContext(adapter, async (event: { log: boolean }) => {
      if (event.log) adapter.log.info('refused');
    });

    // Act
    await handler({ log: false }, context('req-1'));
    const builtAfterQuietInvocation = built;
    await handler({ log: true }, context('req-2'));
    await handler({ log: true }, context('req-3'));

    // Assess
    expect([builtAfterQuietInvocation, built]).toEqual([0, 1]);
    expect(lines(info)).toEqual([
      expect.objectContaining({ function_request_id: 'req-2', cold_start: false }),
      expect.objectContaining({ function_request_id: 'req-3', cold_start: false }),
    ]);
  });

  it('writes an error field with its name, message, stack and cause', () => {
    // Prepare
    const { log } = new PowertoolsLoggerAdapter(() => new PowertoolsLogger({ serviceName: 'slack-worker' }));
    const err = new Error('could not post', { cause: Object.assign(new Error('ratelimited'), { code: 429 }) });

    // Act
    log.error('slack: post failed', { error: err, channel: 'C1' });

    // Assess
    expect(lines(error)).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'slack: post failed',
        channel: 'C1',
        error: expect.objectContaining({
          name: 'Error',
          message: 'could not post',
          stack: expect.stringContaining('could not post'),
          cause: expect.objectContaining({ message: 'ratelimited', code: 429 }),
        }),
      }),
    ]);
  });
});
