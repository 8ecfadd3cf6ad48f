// dynalite's iterator leak (issue 9): the catalog query, a customer's orders (GSI, with a Limit) and the open-orders
// Scan leave no level iterator open.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoCatalogStore } from '../../../adapters/aws/dynamo-catalog-store.ts';
import { DynamoOrderRepository } from '../../../adapters/aws/dynamo-order-repository.ts';
import { liveLevelIterators } from '../../../adapters/local/dynalite-iterator-leak.ts';
import { ensureTable, startLocalDynamo } from '../../../adapters/local/local-dynamodb.ts';
import { DEMO_PACKAGE, DEMO_PRODUCTS } from '../../support/demo-store.ts';

const root = mkdtempSync(join(tmpdir(), 'da-iterators-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const READS = 100;

describe.each([
  ['on disk (classic-level), as the local stack runs', true],
  ['in memory (memory-level), as the adapter tests run', false],
])('dynalite %s', (_name, onDisk) => {
  it(`keeps the number of live iterators flat over ${READS} catalog reads, customer-order queries and full order scans`, async () => {
    const dynamo = await startLocalDynamo({ path: onDisk ? join(root, 'dynamodb') : undefined });
    try {
      await ensureTable(dynamo.client, 'leak-test');
      const catalog = new DynamoCatalogStore(dynamo.client, 'leak-test');
      const orders = new DynamoOrderRepository(dynamo.client, 'leak-test');
      await catalog.applyStore(DEMO_PACKAGE);
      const readAll = async () => {
        expect(await catalog.listProducts()).toHaveLength(DEMO_PRODUCTS.length);
        await orders.listByCustomer('c-1', 5);
        for await (const _page of orders.listAll()) {
          /* every order, as the start-up sweep reads them */
        }
      };
      await readAll(); // first use loads every iterator class (their prototypes are counted too)
      const before = liveLevelIterators();

      for (let i = 0; i < READS; i++) await readAll();

      // Unfixed dynalite 4.0.0 leaves 1 iterator per query in memory and 2 on disk: +300 / +600 here.
      expect(liveLevelIterators() - before).toBeLessThan(10);
    } finally {
      await dynamo.close();
    }
  });
});
