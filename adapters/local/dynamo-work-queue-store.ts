// The local work queue's items in the project's DynamoDB table (dynalite locally): pending items in enqueue order, dead
// letters kept, so a restart picks up where the last run stopped.
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DeadLetter, QueuedWork, WorkQueueStore } from '../../core/work-queue.ts';
import { documentClient } from '../aws/dynamo-order-repository.ts';
import { queueDeadLetterKey, queueItemKey, queuePartition } from '../aws/table-design.ts';

/**
 * One partition per queue (`QUEUE#<name>`, sort key = the item's id, which sorts in enqueue order) and one for its
 * dead letters (`QUEUE#<name>#DEAD`). The body is kept as JSON text: queue items are whatever the webhook received,
 * and DynamoDB's own types (empty strings in sets, numbers past 38 digits) should not get a say in them.
 */
export class DynamoWorkQueueStore<T> implements WorkQueueStore<T> {
  private readonly doc: DynamoDBDocumentClient;
  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly queue: string,
  ) {
    this.doc = documentClient(client);
  }

  async add(w: QueuedWork<T>): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...queueItemKey(this.queue, w.id), ...toItem(w) } }),
    );
  }

  async recordFailure(w: QueuedWork<T>): Promise<void> {
    // Only while still pending: a slow write must not bring back an item that was dead-lettered meanwhile.
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: queueItemKey(this.queue, w.id),
          UpdateExpression: 'SET attempts = :a, lastError = :e',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':a': w.attempts, ':e': w.lastError ?? '' },
        }),
      )
      .catch((err: unknown) => {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      });
  }

  async remove(w: QueuedWork<T>): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: queueItemKey(this.queue, w.id) }));
  }

  async deadLetter(w: DeadLetter<T>): Promise<void> {
    // Written before the pending item goes: a crash in between leaves it in both places, never in neither.
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...queueDeadLetterKey(this.queue, w.id), ...toItem(w), deadAt: w.deadAt },
      }),
    );
    await this.remove(w);
  }

  async pending(): Promise<QueuedWork<T>[]> {
    return (await this.query(queuePartition(this.queue))).map((i) => fromItem<T>(i));
  }

  async deadLetters(): Promise<DeadLetter<T>[]> {
    return (await this.query(queueDeadLetterKey(this.queue, '').pk)).map((i) => ({
      ...fromItem<T>(i),
      deadAt: String(i.deadAt),
    }));
  }

  private async query(pk: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const res = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ConsistentRead: true,
          ScanIndexForward: true,
          ExclusiveStartKey,
        }),
      );
      items.push(...(res.Items ?? []));
      ExclusiveStartKey = res.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }
}

function toItem<T>(w: QueuedWork<T>): Record<string, unknown> {
  return {
    id: w.id,
    groupKey: w.groupKey,
    dedupeId: w.dedupeId,
    body: JSON.stringify(w.item),
    attempts: w.attempts,
    enqueuedAt: w.enqueuedAt,
    ...(w.lastError ? { lastError: w.lastError } : {}),
  };
}

function fromItem<T>(i: Record<string, unknown>): QueuedWork<T> {
  return {
    id: String(i.id),
    groupKey: String(i.groupKey),
    dedupeId: String(i.dedupeId),
    item: JSON.parse(String(i.body)) as T,
    attempts: Number(i.attempts ?? 0),
    enqueuedAt: String(i.enqueuedAt),
    ...(i.lastError ? { lastError: String(i.lastError) } : {}),
  };
}
