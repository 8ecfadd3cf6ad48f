// ChatSessionStore on DynamoDB: one item per chat (CHAT#<key>), and short-lived update markers for de-duplication.
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ChatSessionStore, StoredSession } from '../../core/chat-session.ts';
import { ConcurrentUpdate } from '../../core/errors.ts';
import { documentClient } from './dynamo-order-repository.ts';
import { TTL_ATTRIBUTE } from './table-design.ts';

const SESSION_TTL_SECONDS = 90 * 24 * 3600;
const UPDATE_MARK_TTL_SECONDS = 24 * 3600;

export class DynamoChatSessionStore implements ChatSessionStore {
  private readonly doc: DynamoDBDocumentClient;
  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {
    this.doc = documentClient(client);
  }

  async get<T>(chatKey: string): Promise<StoredSession<T> | undefined> {
    const res = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `CHAT#${chatKey}`, sk: 'SESSION' },
        ConsistentRead: true,
      }),
    );
    return res.Item ? { state: res.Item.state as T, version: res.Item.version as number } : undefined;
  }

  async put<T>(chatKey: string, state: T, expectedVersion: number): Promise<number> {
    const version = expectedVersion + 1;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `CHAT#${chatKey}`,
            sk: 'SESSION',
            state,
            version,
            [TTL_ATTRIBUTE]: Math.floor(this.now() / 1000) + SESSION_TTL_SECONDS,
          },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
        }),
      );
      return version;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new ConcurrentUpdate(chatKey);
      throw err;
    }
  }

  async markUpdateSeen(updateKey: string): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `UPDATE#${updateKey}`,
            sk: 'UPDATE',
            [TTL_ATTRIBUTE]: Math.floor(this.now() / 1000) + UPDATE_MARK_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }
}
