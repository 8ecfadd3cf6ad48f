// SfnWorkflowEngine through the real @aws-sdk/client-sfn against a loopback Step Functions stand-in (AWS JSON 1.0).
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SfnWorkflowEngine } from '../../../adapters/aws/sfn-workflow-engine.ts';
import { ErrorCode, NoStageAwaiting } from '../../../core/errors.ts';
import { type FakeSfn, startFakeSfn } from '../../support/fake-sfn.ts';

const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:OrderWorkflow';
const executionArn = (orderId: string) =>
  `arn:aws:states:us-east-1:123456789012:execution:OrderWorkflow:order-${orderId}`;

let sfn: FakeSfn;
let client: SFNClient;
let engine: SfnWorkflowEngine;

beforeAll(async () => {
  sfn = await startFakeSfn({ stateMachines: [STATE_MACHINE] });
  client = new SFNClient({
    endpoint: sfn.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  engine = new SfnWorkflowEngine(client, STATE_MACHINE);
});
afterAll(async () => {
  client.destroy();
  await sfn.close();
});
beforeEach(() => {
  sfn.calls.length = 0;
});

/** The store's overdue threshold, which the ASL reads as the stage heartbeat (HeartbeatSecondsPath). */
const HB = { heartbeatSeconds: 1800 };

describe('SfnWorkflowEngine.startOrderWorkflow', () => {
  it('starts an execution named after the order with { orderId, heartbeatSeconds } as input', async () => {
    // Act
    const started = await engine.startOrderWorkflow('K7M2QX', HB);

    // Assess
    expect(started).toEqual({ executionArn: executionArn('K7M2QX') });
    expect(sfn.calls).toEqual([
      {
        operation: 'StartExecution',
        contentType: 'application/x-amz-json-1.0',
        body: {
          stateMachineArn: STATE_MACHINE,
          name: 'order-K7M2QX',
          input: '{"orderId":"K7M2QX","heartbeatSeconds":1800}',
        },
      },
    ]);
  });

  it('a repeated start while the execution runs answers the same execution', async () => {
    // Prepare
    await engine.startOrderWorkflow('R3P3AT', HB);

    // Act
    const again = await engine.startOrderWorkflow('R3P3AT', HB);

    // Assess
    expect(again).toEqual({ executionArn: executionArn('R3P3AT') });
    expect(sfn.calls.map((c) => c.operation)).toEqual(['StartExecution', 'StartExecution']);
  });

  it('treats ExecutionAlreadyExists (the execution already closed) as started, with the derived execution ARN', async () => {
    // Prepare
    await engine.startOrderWorkflow('D0N3XX', HB);
    sfn.closeExecution('order-D0N3XX');

    // Act
    const again = await engine.startOrderWorkflow('D0N3XX', HB);

    // Assess
    expect(again).toEqual({ executionArn: executionArn('D0N3XX') });
    expect(again.executionArn).toBe(sfn.executions.get('order-D0N3XX')!.executionArn);
  });

  it('lets any other error through, e.g. an unknown state machine', async () => {
    // Prepare
    const wrong = new SfnWorkflowEngine(client, STATE_MACHINE.replace('OrderWorkflow', 'Missing'));

    // Act
    const result = wrong.startOrderWorkflow('K7M2QX', HB);

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('SfnWorkflowEngine callbacks', () => {
  it('completeTask sends SendTaskSuccess with the output as JSON', async () => {
    // Prepare
    sfn.addTask('tok-success');

    // Act
    await engine.completeTask('tok-success', { to: 'PREPARING', by: 'staff' });

    // Assess
    expect(sfn.calls).toEqual([
      {
        operation: 'SendTaskSuccess',
        contentType: 'application/x-amz-json-1.0',
        body: { taskToken: 'tok-success', output: '{"to":"PREPARING","by":"staff"}' },
      },
    ]);
  });

  it('failTask sends SendTaskFailure with the error and cause', async () => {
    // Prepare
    sfn.addTask('tok-failure');

    // Act
    await engine.failTask('tok-failure', 'OrderCancelled', 'The customer cancelled');

    // Assess
    expect(sfn.calls[0]).toMatchObject({
      operation: 'SendTaskFailure',
      body: { taskToken: 'tok-failure', error: 'OrderCancelled', cause: 'The customer cancelled' },
    });
  });

  it.each([
    ['an unknown token (TaskDoesNotExist)', 'tok-never-issued', () => {}],
    [
      'an already used token (TaskDoesNotExist)',
      'tok-used',
      () => {
        sfn.addTask('tok-used', 'done');
      },
    ],
    [
      'an expired token (TaskTimedOut)',
      'tok-expired',
      () => {
        sfn.addTask('tok-expired', 'timedOut');
      },
    ],
    [
      'a malformed token (InvalidToken)',
      'tok-malformed',
      () => {
        sfn.failNext('SendTaskSuccess', 'InvalidToken');
      },
    ],
  ])('turns %s into the domain error NoStageAwaiting', async (_case, token, prepare) => {
    // Prepare
    prepare();

    // Act
    const result = engine.completeTask(token, { to: 'PREPARING', by: 'staff' });

    // Assess
    await expect(result).rejects.toBeInstanceOf(NoStageAwaiting);
    await expect(result).rejects.toMatchObject({ code: ErrorCode.NoStageAwaiting });
    expect(sfn.calls.map((c) => c.operation)).toEqual(['SendTaskSuccess']);
  });

  it('failTask on an expired token is NoStageAwaiting too', async () => {
    // Prepare
    sfn.addTask('tok-expired-2', 'timedOut');

    // Act
    const result = engine.failTask('tok-expired-2', 'E', 'C');

    // Assess
    await expect(result).rejects.toBeInstanceOf(NoStageAwaiting);
  });

  it('lets other errors through unchanged (not NoStageAwaiting)', async () => {
    // Prepare
    sfn.addTask('tok-denied');
    sfn.failNext('SendTaskSuccess', 'AccessDeniedException');

    // Act
    const result = engine.completeTask('tok-denied', { to: 'PREPARING', by: 'staff' });

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(result).rejects.not.toBeInstanceOf(NoStageAwaiting);
  });
});
