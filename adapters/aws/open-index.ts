// Reads one partition of the sparse open-work index (GSI2, table-design.ts patterns 10 and 11): oldest first, and its
// size.
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { TABLE_KEYS } from './table-design.ts';

/**
 * The first `limit` items of `partition` (all of them without a limit), sort key ascending, and how many the partition
 * holds. Past the limit the rest is counted (Select COUNT reads no attributes back), never listed.
 */
export async function queryOpenIndex(
  doc: DynamoDBDocumentClient,
  tableName: string,
  partition: string,
  limit?: number,
): Promise<{ items: Record<string, unknown>[]; total: number }> {
  const query: QueryCommandInput = {
    TableName: tableName,
    IndexName: TABLE_KEYS.gsi2.name,
    KeyConditionExpression: '#p = :p',
    ExpressionAttributeNames: { '#p': TABLE_KEYS.gsi2.partitionKey },
    ExpressionAttributeValues: { ':p': partition },
    ScanIndexForward: true,
  };
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  if (limit === undefined || limit > 0) {
    do {
      const res = await doc.send(
        new QueryCommand({
          ...query,
          ExclusiveStartKey: start,
          ...(limit !== undefined ? { Limit: limit - items.length } : {}),
        }),
      );
      items.push(...(res.Items ?? []));
      start = res.LastEvaluatedKey;
    } while (start && (limit === undefined || items.length < limit));
    if (!start) return { items, total: items.length };
  }
  let total = items.length;
  do {
    const res = await doc.send(new QueryCommand({ ...query, Select: 'COUNT', ExclusiveStartKey: start }));
    total += res.Count ?? 0;
    start = res.LastEvaluatedKey;
  } while (start);
  return { items, total };
}
