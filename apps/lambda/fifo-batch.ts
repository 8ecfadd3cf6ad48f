// Handles an SQS FIFO batch with Powertools Batch (SqsFifoPartialProcessorAsync): records one at a time in order; a
// failed record and every later record of its message group are reported failed, so SQS redelivers them in order,
// while the other groups go on.
import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from '../../core/logger.ts';

/** `what` names the item in the log line ("Telegram update", "Slack work"). */
export async function handleFifoBatch<T>(
  event: SQSEvent,
  handle: (item: T) => Promise<unknown>,
  log: Logger,
  what: string,
): Promise<SQSBatchResponse> {
  // One processor per batch: it holds the batch's state, and a test may run two batches of one container at once.
  const processor = new SqsFifoPartialProcessorAsync();
  return processPartialResponse(
    event,
    async (record: SQSRecord) => {
      try {
        await handle(JSON.parse(record.body) as T);
      } catch (err) {
        log.warn(`${what} failed`, { messageId: record.messageId, error: err });
        throw err;
      }
    },
    processor,
    {
      // Only the failed record's group waits; without this Powertools fails every later record of the batch.
      skipGroupOnError: true,
      // A batch that fails whole is reported like any other, not thrown: throwing would count as a function error
      // (the Errors alarm) for what is an item failure, which the queue retries and sets aside in its DLQ.
      throwOnFullBatchFailure: false,
    },
  );
}
