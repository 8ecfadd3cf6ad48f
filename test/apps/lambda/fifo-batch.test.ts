// The FIFO batch contract on Powertools Batch: records in order; a failure fails that record and the later records of
// its
// group (SQS redelivers them in order) while other groups go on; a batch that fails whole is reported, not thrown.
import { describe, expect, it } from 'vitest';
import { handleFifoBatch } from '../../../apps/lambda/fifo-batch.ts';
import { type SqsMessage, sqsEvent, sqsRecord } from '../../support/fake-sqs.ts';
import { recordingLogger } from '../../support/recording-logger.ts';

let seq = 0;
/** A FIFO message of `group` carrying its own id, shaped as the fake queue stores it. */
const message = (group: string, n: number): SqsMessage => {
  const body = JSON.stringify({ id: `m-${group}-${n}` });
  return {
    queueName: 'work.fifo',
    messageId: `m-${group}-${n}`,
    body,
    md5OfBody: '',
    sentTimestamp: Date.now(),
    messageGroupId: group,
    messageDeduplicationId: `d-${++seq}`,
    sequenceNumber: String(10_000 + seq),
  };
};

describe('handleFifoBatch (Powertools SqsFifoPartialProcessorAsync)', () => {
  it('after a failure, fails that record and the later ones of its group, and handles the other groups in order', async () => {
    // Prepare: a1 a2 b1 a3 b2 c1, and a2 fails
    const records = [
      message('a', 1),
      message('a', 2),
      message('b', 1),
      message('a', 3),
      message('b', 2),
      message('c', 1),
    ].map((m) => sqsRecord(m));
    const handled: string[] = [];
    const { log, lines } = recordingLogger();

    // Act
    const res = await handleFifoBatch<{ id: string }>(
      sqsEvent(records),
      async ({ id }) => {
        if (id === 'm-a-2') throw new Error('DynamoDB throttled');
        handled.push(id);
      },
      log,
      'Test work',
    );

    // Assess
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm-a-2' }, { itemIdentifier: 'm-a-3' }]);
    expect(handled).toEqual(['m-a-1', 'm-b-1', 'm-b-2', 'm-c-1']);
    expect(lines).toEqual([
      {
        level: 'warn',
        msg: 'Test work failed',
        fields: {
          messageId: 'm-a-2',
          error: expect.objectContaining({ name: 'Error', message: 'DynamoDB throttled' }),
        },
      },
    ]);
  });

  it('reports a batch that fails whole as item failures instead of throwing (no function error, the queue retries)', async () => {
    // Prepare
    const records = [message('x', 1), message('x', 2), message('y', 1)].map((m) => sqsRecord(m));
    const { log } = recordingLogger();

    // Act
    const res = await handleFifoBatch(
      sqsEvent(records),
      async () => {
        throw new Error('down');
      },
      log,
      'Test work',
    );

    // Assess
    expect(res.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m-x-1', 'm-x-2', 'm-y-1']);
  });
});
