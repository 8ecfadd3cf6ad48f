// StoreControlLog on DynamoDB: one item per click under STORECONTROLS, claimed by a conditional PutItem, settled by an
// UpdateItem, the latest read by a Query newest first.
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { StoreControlEntry, StoreControlLog } from '../../core/store-control-log.ts';
import { documentClient } from './dynamo-order-repository.ts';
import { STORE_CONTROLS_PARTITION, storeControlKey, TTL_ATTRIBUTE } from './table-design.ts';

/** An audit trail of a season is enough; older entries go with the TTL. */
const ENTRY_TTL_SECONDS = 90 * 24 * 3600;

const ENTRY_FIELDS = ['id', 'at', 'by', 'userId', 'control', 'outcome', 'code', 'after'] as const;

function toEntry(item: Record<string, unknown>): StoreControlEntry {
  const entry: Record<string, unknown> = {};
  for (const f of ENTRY_FIELDS) if (item[f] !== undefined) entry[f] = item[f];
  return entry as unknown as StoreControlEntry;
}

export class DynamoStoreControlLog implements StoreControlLog {
  private readonly doc: DynamoDBDocumentClient;
  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  async claim(entry: Omit<StoreControlEntry, 'outcome'>): Promise<'claimed' | StoreControlEntry> {
    const key = storeControlKey(entry.at, entry.id);
    const atMs = Date.parse(entry.at);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key,
            ...entry,
            outcome: 'applying',
            [TTL_ATTRIBUTE]: Math.floor((Number.isFinite(atMs) ? atMs : Date.now()) / 1000) + ENTRY_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #o = :failed',
          ExpressionAttributeNames: { '#o': 'outcome' },
          ExpressionAttributeValues: { ':failed': 'failed' },
        }),
      );
      return 'claimed';
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      const res = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      // Gone between the two calls only if its TTL ran out: as good as handled long ago.
      return res.Item ? toEntry(res.Item) : { ...entry, outcome: 'done' };
    }
  }

  async settle(
    key: Pick<StoreControlEntry, 'id' | 'at'>,
    outcome: Exclude<StoreControlEntry['outcome'], 'applying'>,
    extra: Pick<StoreControlEntry, 'code' | 'after'> = {},
  ): Promise<void> {
    // Every attribute by placeholder: `after` is one of DynamoDB's reserved words.
    const sets = ['#o = :o'];
    const names: Record<string, string> = { '#o': 'outcome' };
    const values: Record<string, unknown> = { ':o': outcome };
    if (extra.code !== undefined) {
      sets.push('#c = :c');
      names['#c'] = 'code';
      values[':c'] = extra.code;
    }
    if (extra.after !== undefined) {
      sets.push('#a = :a');
      names['#a'] = 'after';
      values[':a'] = extra.after;
    }
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: storeControlKey(key.at, key.id),
        UpdateExpression: `SET ${sets.join(', ')}`,
        // Only a claimed entry is settled: a stray settle never creates a half entry.
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  async recent(limit: number): Promise<StoreControlEntry[]> {
    const res = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': STORE_CONTROLS_PARTITION },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (res.Items ?? []).map(toEntry);
  }
}
