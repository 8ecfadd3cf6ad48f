// An older data folder (its table made before GSI2) opened by this version: the index is added on disk, its items
// indexed, nothing lost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  UpdateTableCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoCatalogStore } from '../../../adapters/aws/dynamo-catalog-store.ts';
import { DynamoChatSessionStore } from '../../../adapters/aws/dynamo-chat-session-store.ts';
import { DynamoOrderRepository, documentClient } from '../../../adapters/aws/dynamo-order-repository.ts';
import { TABLE_KEYS } from '../../../adapters/aws/table-design.ts';
import type { IndexUpgrade } from '../../../adapters/local/dynalite-index-upgrade.ts';
import { type LocalDynamo, startLocalDynamo, tableDefinition } from '../../../adapters/local/local-dynamodb.ts';
import { LOCAL_TABLE, startLocalStack } from '../../../apps/local/local-stack.ts';
import type { Order } from '../../../core/order.ts';
import { makeOrder } from '../../core/order-fixture.ts';
import { DEMO_PACKAGE, DEMO_PRODUCTS } from '../../support/demo-store.ts';

const root = mkdtempSync(join(tmpdir(), 'da-index-upgrade-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The table as versions before GSI2 created it: the same keys and gsi1, nothing else. */
function definitionBeforeGsi2(tableName: string): CreateTableCommandInput {
  const now = tableDefinition(tableName);
  const { gsi2 } = TABLE_KEYS;
  return {
    ...now,
    AttributeDefinitions: now.AttributeDefinitions!.filter(
      (a) => a.AttributeName !== gsi2.partitionKey && a.AttributeName !== gsi2.sortKey,
    ),
    GlobalSecondaryIndexes: now.GlobalSecondaryIndexes!.filter((i) => i.IndexName !== gsi2.name),
  };
}

async function oldFolder(path: string, tableName: string, fill: (d: LocalDynamo) => Promise<void>): Promise<void> {
  const dynamo = await startLocalDynamo({ path });
  try {
    await dynamo.client.send(new CreateTableCommand(definitionBeforeGsi2(tableName)));
    await waitUntilTableExists(
      { client: dynamo.client, maxWaitTime: 10, minDelay: 0.01, maxDelay: 0.1 },
      { TableName: tableName },
    );
    await fill(dynamo);
  } finally {
    await dynamo.close();
  }
}

/** An order item as the repository wrote it before the status index: no gsi2 attributes. */
async function putOldOrder(d: LocalDynamo, tableName: string, order: Order): Promise<void> {
  await documentClient(d.client).send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...order,
        pk: `ORDER#${order.orderId}`,
        sk: 'ORDER',
        gsi1pk: `CUSTOMER#${order.customer.id}`,
        gsi1sk: `${order.createdAt}#${order.orderId}`,
      },
    }),
  );
}

const indexNames = async (d: LocalDynamo, tableName: string) =>
  ((await d.client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.GlobalSecondaryIndexes ?? []).map(
    (i) => [i.IndexName, i.IndexStatus],
  );

describe('a data folder made before GSI2', () => {
  it("is one dynalite cannot upgrade itself: UpdateTable's index Create is answered and dropped", async () => {
    const path = join(root, 'update-table');
    await oldFolder(path, 'old-table', async () => {});
    const dynamo = await startLocalDynamo({ path });
    try {
      const { gsi2 } = TABLE_KEYS;
      const index = tableDefinition('old-table').GlobalSecondaryIndexes!.find((i) => i.IndexName === gsi2.name)!;
      await dynamo.client.send(
        new UpdateTableCommand({
          TableName: 'old-table',
          AttributeDefinitions: tableDefinition('old-table').AttributeDefinitions,
          // dynalite's validation wants a throughput even on an on-demand table (AWS refuses one there).
          GlobalSecondaryIndexUpdates: [
            { Create: { ...index, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } } },
          ],
        }),
      );
      // If dynalite ever applies it, dynalite-index-upgrade.ts can go.
      expect(await indexNames(dynamo, 'old-table')).toEqual([['gsi1', 'ACTIVE']]);
      await expect(new DynamoOrderRepository(dynamo.client, 'old-table').listByStatus('CONFIRMED', 5)).rejects.toThrow(
        /index/,
      );
    } finally {
      await dynamo.close();
    }
  });

  it('gets the index at the next start, with the items that already carried its attributes in it, and keeps every item', async () => {
    // Prepare: an old folder with an item carrying gsi2 attributes (written before the index existed) and others
    const path = join(root, 'start');
    await oldFolder(path, 'old-table', async (d) => {
      const doc = documentClient(d.client);
      await doc.send(
        new PutCommand({
          TableName: 'old-table',
          Item: { pk: 'A', sk: 'A', gsi2pk: 'ORDERS#CONFIRMED', gsi2sk: '1#A' },
        }),
      );
      for (let i = 0; i < 20; i++)
        await doc.send(new PutCommand({ TableName: 'old-table', Item: { pk: `B${i}`, sk: 'B' } }));
    });

    // Act
    const upgrades: IndexUpgrade[] = [];
    const dynamo = await startLocalDynamo({
      path,
      upgradeTables: ['old-table'],
      onUpgraded: (u) => upgrades.push(...u),
    });
    try {
      // Assess
      expect(upgrades).toEqual([{ table: 'old-table', index: 'gsi2', indexed: 1 }]);
      expect(await indexNames(dynamo, 'old-table')).toEqual([
        ['gsi1', 'ACTIVE'],
        ['gsi2', 'ACTIVE'],
      ]);
      const doc = documentClient(dynamo.client);
      expect((await doc.send(new ScanCommand({ TableName: 'old-table' }))).Items).toHaveLength(21);
      const query = (p: string) =>
        doc.send(
          new QueryCommand({
            TableName: 'old-table',
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :p',
            ExpressionAttributeValues: { ':p': p },
          }),
        );
      expect((await query('ORDERS#CONFIRMED')).Items?.map((i) => i.pk)).toEqual(['A']);
      // Writes keep the new index from now on, as on a table created with it.
      await doc.send(
        new PutCommand({
          TableName: 'old-table',
          Item: { pk: 'A', sk: 'A', gsi2pk: 'ORDERS#PREPARING', gsi2sk: '1#A' },
        }),
      );
      expect((await query('ORDERS#CONFIRMED')).Items).toEqual([]);
      expect((await query('ORDERS#PREPARING')).Items?.map((i) => i.pk)).toEqual(['A']);
    } finally {
      await dynamo.close();
    }

    // Act 2: the next start finds nothing to do
    const again: IndexUpgrade[] = [];
    const reopened = await startLocalDynamo({
      path,
      upgradeTables: ['old-table'],
      onUpgraded: (u) => again.push(...u),
    });
    await reopened.close();
    expect(again).toEqual([]);
  });

  it('starts the local stack on it: the shop, its orders and chats kept, and the open orders listed by status', async () => {
    // Prepare: a shop as an older version left it, with an order in progress, a delivered one and a chat session
    const dataDir = join(root, 'stack');
    const confirmed = makeOrder({
      orderId: 'OLDCF1',
      status: 'CONFIRMED',
      payment: { method: 'cash' },
      history: [
        { status: 'RECEIVED', at: '2026-01-05T10:00:00.000Z' },
        { status: 'CONFIRMED', at: '2026-01-05T10:00:05.000Z' },
      ],
      createdAt: '2026-01-05T10:00:00.000Z',
    });
    const delivered = makeOrder({
      orderId: 'OLDDL1',
      status: 'DELIVERED',
      payment: { method: 'cash' },
      createdAt: '2026-01-04T10:00:00.000Z',
    });
    await oldFolder(join(dataDir, 'dynamodb'), LOCAL_TABLE, async (d) => {
      await new DynamoCatalogStore(d.client, LOCAL_TABLE).applyStore(DEMO_PACKAGE);
      await putOldOrder(d, LOCAL_TABLE, confirmed);
      await putOldOrder(d, LOCAL_TABLE, delivered);
      await new DynamoChatSessionStore(d.client, LOCAL_TABLE).put('telegram:77', { orderIds: ['OLDCF1'] }, 0);
    });

    // Act
    const lines: string[] = [];
    const stack = await startLocalStack({
      catalog: DEMO_PACKAGE,
      port: 0,
      dataDir,
      staffToken: 'staff',
      print: (l) => lines.push(l),
    });
    try {
      // Assess
      expect(lines).toContain(
        `🩹 added index gsi2 to table ${LOCAL_TABLE}, made by an older version (0 item(s) in it, data kept)`,
      );
      expect(lines).toContain('🩹 indexed 1 open order(s) by status, saved by an older version');
      expect(stack.seeded).toBe(false);
      expect(await stack.deps.catalog.listProducts()).toHaveLength(DEMO_PRODUCTS.length);
      expect((await stack.deps.orders.get('OLDDL1'))?.status).toBe('DELIVERED');
      expect((await stack.sessions.get('telegram:77'))?.state).toEqual({ orderIds: ['OLDCF1'] });
      expect((await stack.deps.orders.listByStatus('CONFIRMED', 10)).orders.map((o) => o.orderId)).toEqual(['OLDCF1']);
      expect((await stack.deps.orders.listByStatus('DELIVERED', 10)).orders).toEqual([]);
    } finally {
      await stack.stop();
    }

    // Act 2: restarted, there is nothing left to upgrade
    const next: string[] = [];
    const restarted = await startLocalStack({
      catalog: DEMO_PACKAGE,
      port: 0,
      dataDir,
      staffToken: 'staff',
      print: (l) => next.push(l),
    });
    await restarted.stop();
    expect(next.filter((l) => l.startsWith('🩹'))).toEqual([]);
  });
});
