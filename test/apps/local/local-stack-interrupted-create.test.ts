// A first start killed while dynalite's table is CREATING (issue 9, item 6), and start-up that waits for ACTIVE (item
// 7).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDynaliteTables, type TableDescription } from '../../../adapters/local/dynalite-table-repair.ts';
import { LOCAL_TABLE, startLocalStack } from '../../../apps/local/local-stack.ts';
import {
  call,
  getOrder,
  orderBody,
  placeOrder,
  stockOf,
  waitForAwaitingStaff,
  waitForStatus,
} from '../../support/api-client.ts';
import { DEMO_PACKAGE, DEMO_PRODUCTS } from '../../support/demo-store.ts';

const CHILD = resolve(import.meta.dirname, '../../support/create-table-child.ts');
const root = mkdtempSync(join(tmpdir(), 'da-interrupted-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function tableOnDisk(dataDir: string): Promise<TableDescription | undefined> {
  const tables = await openDynaliteTables(join(dataDir, 'dynamodb'));
  try {
    return await tables.get(LOCAL_TABLE);
  } finally {
    await tables.close();
  }
}

/** Runs CreateTable in a child process on `dataDir` and SIGKILLs it inside the CREATING window. */
async function killWhileCreating(dataDir: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, join(dataDir, 'dynamodb'), LOCAL_TABLE], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const gone = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((creating, fail) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('CREATING\n')) creating();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`child exited (${code}) before CREATING:\n${output}`)));
  });
  child.kill('SIGKILL');
  await gone;
}

/** The on-disk state a kill inside the CREATING window leaves: what createTable.js writes before its ACTIVE timer runs. */
function asLeftCreating(table: TableDescription): TableDescription {
  const next = structuredClone(table);
  next.TableStatus = 'CREATING';
  for (const index of next.GlobalSecondaryIndexes ?? []) index.IndexStatus = 'CREATING';
  delete next.BillingModeSummary?.LastUpdateToPayPerRequestDateTime;
  return next;
}

describe('a table left CREATING on disk', () => {
  it('is finished at the next start, which then seeds and serves the catalog and takes orders', async () => {
    const dataDir = join(root, 'killed-first-start');
    await killWhileCreating(dataDir);
    expect((await tableOnDisk(dataDir))?.TableStatus).toBe('CREATING'); // the brick, produced for real

    const lines: string[] = [];
    const stack = await startLocalStack({
      catalog: DEMO_PACKAGE,
      port: 0,
      dataDir,
      staffToken: 'staff',
      print: (l) => lines.push(l),
    });
    try {
      expect(lines.some((l) => l.includes(`${LOCAL_TABLE}`) && l.includes('CREATING'))).toBe(true);
      expect(stack.seeded).toBe(true);
      const catalog = await call(stack, 'GET', '/api/catalog');
      expect(catalog.status).toBe(200);
      expect(catalog.body.items).toHaveLength(DEMO_PRODUCTS.length);
      const placed = await placeOrder(stack, orderBody({ items: [{ sku: 'ACAI-300', qty: 1 }] }));
      await waitForStatus(stack, placed.orderId, placed.accessToken, 'CONFIRMED');
    } finally {
      await stack.stop();
    }
    expect((await tableOnDisk(dataDir))?.TableStatus).toBe('ACTIVE');
  });

  it('keeps the orders and the stock already in it', async () => {
    const dataDir = join(root, 'with-orders');
    const first = await startLocalStack({ catalog: DEMO_PACKAGE, port: 0, dataDir, staffToken: 'staff' });
    const placed = await placeOrder(first, orderBody({ items: [{ sku: 'ACAI-300', qty: 2 }] }));
    await waitForStatus(first, placed.orderId, placed.accessToken, 'CONFIRMED');
    await waitForAwaitingStaff(first, placed.orderId);
    const stock = await stockOf(first, 'ACAI-300');
    await first.stop();

    const tables = await openDynaliteTables(join(dataDir, 'dynamodb'));
    try {
      await tables.put(asLeftCreating((await tables.get(LOCAL_TABLE))!));
    } finally {
      await tables.close();
    }
    expect((await tableOnDisk(dataDir))?.GlobalSecondaryIndexes?.[0]?.IndexStatus).toBe('CREATING');

    const lines: string[] = [];
    const second = await startLocalStack({
      catalog: DEMO_PACKAGE,
      port: 0,
      dataDir,
      staffToken: 'staff',
      print: (l) => lines.push(l),
    });
    try {
      expect(second.seeded).toBe(false);
      expect(lines.some((l) => l.includes('resumed 1 order'))).toBe(true);
      const order = await getOrder(second, placed.orderId, placed.accessToken);
      expect(order.status).toBe(200);
      expect(order.body.status).toBe('CONFIRMED');
      expect(await stockOf(second, 'ACAI-300')).toBe(stock);
      await waitForAwaitingStaff(second, placed.orderId);
      const advanced = await call(second, 'POST', `/api/orders/${placed.orderId}/advance`, { token: 'staff' });
      expect(advanced.body.status).toBe('PREPARING');
    } finally {
      await second.stop();
    }
  });
});

describe('start-up and a table that is not ACTIVE yet', () => {
  it('waits for ACTIVE before its first table operation, with a CREATING window far wider than a timer tick', async () => {
    const stack = await startLocalStack({ catalog: DEMO_PACKAGE, port: 0, staffToken: 'staff', createTableMs: 400 });
    try {
      expect(stack.seeded).toBe(true);
      expect((await call(stack, 'GET', '/api/catalog')).body.items).toHaveLength(DEMO_PRODUCTS.length);
    } finally {
      await stack.stop();
    }
  });
});
