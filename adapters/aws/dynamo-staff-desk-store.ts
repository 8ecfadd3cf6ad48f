// StaffDeskStore on DynamoDB: one item per desk (DESK#<conversationKey>) written conditionally on its version, the open
// ones on the sparse GSI2.
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConcurrentUpdate } from '../../core/errors.ts';
import { type ConversationDesk, isOpenDesk, type StaffDeskStore, type StoredDesk } from '../../core/staff-desk.ts';
import { documentClient } from './dynamo-order-repository.ts';
import { queryOpenIndex } from './open-index.ts';
import { deskKey, OPEN_DESKS_PARTITION, TTL_ATTRIBUTE } from './table-design.ts';

/** As long as a chat session: a desk nobody touched for that long is history. */
const DESK_TTL_SECONDS = 90 * 24 * 3600;

export class DynamoStaffDeskStore implements StaffDeskStore {
  private readonly doc: DynamoDBDocumentClient;
  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {
    this.doc = documentClient(client);
  }

  async get(conversationKey: string): Promise<StoredDesk | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: deskKey(conversationKey), ConsistentRead: true }),
    );
    return res.Item ? { desk: res.Item.desk as ConversationDesk, version: res.Item.version as number } : undefined;
  }

  async put(desk: ConversationDesk, expectedVersion: number): Promise<number> {
    const version = expectedVersion + 1;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...deskKey(desk.conversationKey),
            desk,
            version,
            // Only an open desk is in the open index: the write that closes it (or starts opening it) takes it out.
            ...(isOpenDesk(desk)
              ? { gsi2pk: OPEN_DESKS_PARTITION, gsi2sk: `${desk.since}#${desk.conversationKey}` }
              : {}),
            [TTL_ATTRIBUTE]: Math.floor(this.now() / 1000) + DESK_TTL_SECONDS,
          },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
        }),
      );
      return version;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new ConcurrentUpdate(desk.conversationKey);
      throw err;
    }
  }

  async listOpen(limit?: number): Promise<{ desks: ConversationDesk[]; total: number }> {
    const { items, total } = await queryOpenIndex(this.doc, this.tableName, OPEN_DESKS_PARTITION, limit);
    return { desks: items.map((i) => i.desk as ConversationDesk), total };
  }
}
