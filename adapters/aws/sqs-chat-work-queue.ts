// ChatWorkQueue on SQS FIFO: MessageGroupId = chat keeps each chat's updates in order; the dedupe id drops re-sends.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ChatWorkQueue } from '../../core/work-queue.ts';

export class SqsChatWorkQueue<T> implements ChatWorkQueue<T> {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(groupKey: string, dedupeId: string, item: T): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(item),
        MessageGroupId: groupKey,
        MessageDeduplicationId: dedupeId,
      }),
    );
  }
}
