// ChatWorkQueue on SQS FIFO through the light JSON client: what the edges and the small forwarders send with, so their
// bundles carry no AWS SDK. Same message as SqsChatWorkQueue: group = chat (or order), dedupe id = the sender's.
import { createHash } from 'node:crypto';
import type { ChatWorkQueue } from '../../core/work-queue.ts';
import type { AwsJsonApi } from './aws-json-fetch.ts';

export class SqsFetchWorkQueue<T> implements ChatWorkQueue<T> {
  constructor(
    private readonly sqs: AwsJsonApi,
    private readonly queueUrl: string,
  ) {}

  async enqueue(groupKey: string, dedupeId: string, item: T): Promise<void> {
    const body = JSON.stringify(item);
    const res = await this.sqs.call<{ MD5OfMessageBody?: string }>('SendMessage', {
      QueueUrl: this.queueUrl,
      MessageBody: body,
      MessageGroupId: groupKey,
      MessageDeduplicationId: dedupeId,
    });
    // The check the SDK makes on every SendMessage: SQS stored exactly the body that was sent.
    const md5 = createHash('md5').update(body).digest('hex');
    if (res.MD5OfMessageBody !== md5)
      throw new Error(
        `SendMessage: MD5 of the stored body ${res.MD5OfMessageBody} is not ${md5} (the body was altered)`,
      );
  }
}
