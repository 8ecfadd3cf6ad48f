// A fresh in-memory dynalite with the project's table, for adapter tests through the real DynamoDB client.
import { randomUUID } from 'node:crypto';
import { ensureTable, type LocalDynamo, startLocalDynamo } from '../../adapters/local/local-dynamodb.ts';

export async function freshTable(): Promise<LocalDynamo & { tableName: string }> {
  const dynamo = await startLocalDynamo();
  const tableName = `t-${randomUUID()}`;
  await ensureTable(dynamo.client, tableName);
  return { ...dynamo, tableName };
}
