// ensureTable against dynalite with a CREATING window wide enough to hit every time: it returns only once the table
// takes writes.
import { DescribeTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureTable, type LocalDynamo, startLocalDynamo } from '../../../adapters/local/local-dynamodb.ts';

let dynamo: LocalDynamo | undefined;
afterEach(async () => {
  await dynamo?.close();
  dynamo = undefined;
});

const put = (d: LocalDynamo, table: string) =>
  d.client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'K' }, sk: { S: 'K' } } }));

describe('ensureTable', () => {
  it('returns once a new table is ACTIVE, so the first write right after it succeeds', async () => {
    dynamo = await startLocalDynamo({ createTableMs: 300 });
    await ensureTable(dynamo.client, 'fresh-table');
    expect((await dynamo.client.send(new DescribeTableCommand({ TableName: 'fresh-table' }))).Table?.TableStatus).toBe(
      'ACTIVE',
    );
    await expect(put(dynamo, 'fresh-table')).resolves.toBeDefined();
  });

  it('lets two callers race to create the same table: both return with it ACTIVE', async () => {
    dynamo = await startLocalDynamo({ createTableMs: 300 });
    await Promise.all([ensureTable(dynamo.client, 'raced-table'), ensureTable(dynamo.client, 'raced-table')]);
    await expect(put(dynamo, 'raced-table')).resolves.toBeDefined();
  });

  it('returns at once for a table that is already ACTIVE', async () => {
    dynamo = await startLocalDynamo();
    await ensureTable(dynamo.client, 'old-table');
    await put(dynamo, 'old-table');
    await ensureTable(dynamo.client, 'old-table');
    await expect(put(dynamo, 'old-table')).resolves.toBeDefined();
  });
});
