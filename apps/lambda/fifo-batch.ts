// Handles an SQS FIFO batch in order, reporting a failed record and every later record of its message group as failed, so SQS redelivers them in order.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Logger } from '../../core/logger.ts';

/** `what` names the item in the log line ("Telegram update", "Slack work"). */
export async function handleFifoBatch<T>(
  event: SQSEvent,
  handle: (item: T) => Promise<unknown>,
  log: Logger,
  what: string,
): Promise<SQSBatchResponse> {
  const failedGroups = new Set<string>();
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    const group = record.attributes.MessageGroupId ?? '';
    if (failedGroups.has(group)) {
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      await handle(JSON.parse(record.body) as T);
    } catch (err) {
      log.warn(`${what} failed`, { messageId: record.messageId, error: String(err) });
      failedGroups.add(group);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
