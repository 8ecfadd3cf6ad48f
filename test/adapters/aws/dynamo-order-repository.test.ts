// DynamoOrderRepository against dynalite: create-once, optimistic locking, the customer and status indexes, and
// Idempotency-Key claims.

import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoOrderRepository, documentClient } from '../../../adapters/aws/dynamo-order-repository.ts';
import { ConcurrentUpdate } from '../../../core/errors.ts';
import type { Order } from '../../../core/order.ts';
import { sha256 } from '../../../core/order-ids.ts';
import { freshTable } from '../../support/dynalite-table.ts';

let db: Awaited<ReturnType<typeof freshTable>>;
let repo: DynamoOrderRepository;
beforeAll(async () => {
  db = await freshTable();
  repo = new DynamoOrderRepository(db.client, db.tableName);
});
afterAll(async () => {
  await db.close();
});

function anOrder(orderId: string, customerId: string, createdAt: string): Order {
  return {
    orderId,
    status: 'RECEIVED',
    customer: { id: customerId, name: 'Ana', phone: '+5521987654321', lang: 'pt-BR' },
    items: [{ sku: 'ACAI-300', name: 'Açaí', qty: 1, price: 1890 }],
    subtotal: 1890,
    deliveryFee: 0,
    total: 1890,
    address: { text: 'Rua X', lat: -22.97, lon: -43.18 },
    payment: { method: 'pix' },
    charges: [],
    refunds: [],
    history: [{ status: 'RECEIVED', at: createdAt }],
    createdAt,
    version: 0,
    accessTokenHash: 'h',
  };
}

describe('DynamoOrderRepository', () => {
  it('creates an order once and reads it back without key attributes', async () => {
    const order = anOrder('AAAAA2', 'c_1', '2026-11-25T10:00:00.000Z');
    expect(await repo.create(order)).toBe(true);
    expect(await repo.create({ ...order, customer: { ...order.customer, name: 'Intruder' } })).toBe(false);
    expect(await repo.get('AAAAA2')).toEqual(order);
    expect(await repo.get('ZZZZZ9')).toBeUndefined();
  });

  it('saves with the version read and refuses a stale version with ConcurrentUpdate', async () => {
    const read = (await repo.get('AAAAA2'))!;
    const saved = await repo.save({ ...read, status: 'CONFIRMED' });
    expect(saved.version).toBe(read.version + 1);
    await expect(repo.save({ ...read, status: 'CANCELLED' })).rejects.toBeInstanceOf(ConcurrentUpdate);
    expect((await repo.get('AAAAA2'))!.status).toBe('CONFIRMED');
  });

  it("lists a customer's orders newest first, and only theirs", async () => {
    await repo.create(anOrder('BBBBB2', 'c_2', '2026-11-25T09:00:00.000Z'));
    await repo.create(anOrder('BBBBB3', 'c_2', '2026-11-25T11:00:00.000Z'));
    await repo.create(anOrder('BBBBB4', 'c_3', '2026-11-25T12:00:00.000Z'));
    expect((await repo.listByCustomer('c_2', 10)).map((o) => o.orderId)).toEqual(['BBBBB3', 'BBBBB2']);
    expect((await repo.listByCustomer('c_2', 1)).map((o) => o.orderId)).toEqual(['BBBBB3']);
  });

  it('claims an Idempotency-Key once and returns the first claim to every later caller', async () => {
    const first = { orderId: 'CCCCC2', accessTokenHash: 'h1', fingerprint: 'f1' };
    expect(await repo.claimIdempotencyKey('key-1', first)).toBeNull();
    const claims = await Promise.all(
      [2, 3, 4].map((n) =>
        repo.claimIdempotencyKey('key-1', { orderId: `CCCCC${n}`, accessTokenHash: 'h', fingerprint: 'f' }),
      ),
    );
    for (const c of claims) expect(c).toEqual(first);
  });

  it('gives a claim back only while it still names the refused order, so the key is free for a new request', async () => {
    // Prepare
    const refused = { orderId: 'CCCCC8', accessTokenHash: 'h8', fingerprint: 'f' };
    const other = { orderId: 'CCCCC9', accessTokenHash: 'h9', fingerprint: 'f' };
    await repo.claimIdempotencyKey('key-4', refused);
    await repo.claimIdempotencyKey('key-5', other);

    // Act
    await repo.releaseIdempotencyKey('key-4', 'CCCCC8');
    await repo.releaseIdempotencyKey('key-5', 'CCCCC8');
    await repo.releaseIdempotencyKey('key-never-claimed', 'CCCCC8');

    // Assess
    expect(await repo.claimIdempotencyKey('key-4', other)).toBeNull();
    expect(await repo.claimIdempotencyKey('key-5', refused)).toEqual(other);
  });

  it('stores no access token in a claim, only its hash', async () => {
    // Act
    await repo.claimIdempotencyKey('key-2', { orderId: 'CCCCC5', accessTokenHash: 'a'.repeat(64), fingerprint: 'f' });

    // Assess: the raw item, as anyone reading the table would see it.
    const items = (await documentClient(db.client).send(new ScanCommand({ TableName: db.tableName }))).Items ?? [];
    const claim = items.find((i) => i.orderId === 'CCCCC5')!;
    expect(Object.keys(claim).sort()).toEqual(['accessTokenHash', 'expiresAt', 'fingerprint', 'orderId', 'pk', 'sk']);
  });

  it('reads a claim stored before hashing (with the raw token) as the hash of that token', async () => {
    // Prepare: an item as the previous version wrote it, still inside its 24 h TTL after a deploy.
    await documentClient(db.client).send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          pk: `IDEMPOTENCY#${sha256('key-3')}`,
          sk: 'IDEMPOTENCY',
          orderId: 'CCCCC6',
          accessToken: 'raw-token',
          fingerprint: 'f',
          expiresAt: 1,
        },
      }),
    );

    // Act
    const earlier = await repo.claimIdempotencyKey('key-3', {
      orderId: 'CCCCC7',
      accessTokenHash: 'x',
      fingerprint: 'f',
    });

    // Assess
    expect(earlier).toEqual({ orderId: 'CCCCC6', accessTokenHash: sha256('raw-token'), fingerprint: 'f' });
  });

  describe('the status index (sparse: open orders only)', () => {
    // Its own table: the orders above are in the index too.
    let own: Awaited<ReturnType<typeof freshTable>>;
    let orders: DynamoOrderRepository;
    beforeAll(async () => {
      own = await freshTable();
      orders = new DynamoOrderRepository(own.client, own.tableName);
    });
    afterAll(async () => {
      await own.close();
    });
    const at = (minute: number) => `2026-11-25T10:${String(minute).padStart(2, '0')}:00.000Z`;
    const move = async (orderId: string, status: Order['status']) =>
      orders.save({ ...(await orders.get(orderId))!, status });

    it('lists the orders in a status placed earliest first, at most `limit`, with how many there are in all', async () => {
      // Prepare: five confirmed orders, created in a shuffled order
      for (const [id, minute] of [
        ['SSSSS3', 3],
        ['SSSSS1', 1],
        ['SSSSS5', 5],
        ['SSSSS2', 2],
        ['SSSSS4', 4],
      ] as const)
        await orders.create({ ...anOrder(id, 'c_s', at(minute)), status: 'CONFIRMED' });
      await orders.create(anOrder('SSSSS6', 'c_s', at(6)));

      // Act
      const two = await orders.listByStatus('CONFIRMED', 2);
      const all = await orders.listByStatus('CONFIRMED', 50);

      // Assess
      expect(two.orders.map((o) => o.orderId)).toEqual(['SSSSS1', 'SSSSS2']);
      expect(two.total).toBe(5);
      expect(all.orders.map((o) => o.orderId)).toEqual(['SSSSS1', 'SSSSS2', 'SSSSS3', 'SSSSS4', 'SSSSS5']);
      expect(all.total).toBe(5);
      expect(all.orders[0]).toEqual(await orders.get('SSSSS1'));
      expect((await orders.listByStatus('RECEIVED', 10)).orders.map((o) => o.orderId)).toEqual(['SSSSS6']);
    });

    it('moves an order between statuses with each save, and drops it from the index when it ends', async () => {
      // Act
      await move('SSSSS1', 'PREPARING');
      await move('SSSSS2', 'CANCELLED');

      // Assess
      expect((await orders.listByStatus('CONFIRMED', 50)).orders.map((o) => o.orderId)).toEqual([
        'SSSSS3',
        'SSSSS4',
        'SSSSS5',
      ]);
      expect((await orders.listByStatus('PREPARING', 50)).orders.map((o) => o.orderId)).toEqual(['SSSSS1']);
      expect(await orders.listByStatus('CANCELLED', 50)).toEqual({ orders: [], total: 0 });
      const ended = await documentClient(own.client).send(
        new GetCommand({ TableName: own.tableName, Key: { pk: 'ORDER#SSSSS2', sk: 'ORDER' } }),
      );
      expect(ended.Item).not.toHaveProperty('gsi2pk');
      expect(ended.Item).not.toHaveProperty('gsi2sk');
    });

    it('indexes open orders saved before the index existed, once, and leaves ended ones out', async () => {
      // Prepare: two orders as the previous version wrote them (no status-index attributes)
      const doc = documentClient(own.client);
      for (const [id, status] of [
        ['OLDOR1', 'OUT_FOR_DELIVERY'],
        ['OLDOR2', 'DELIVERED'],
      ] as const) {
        const o = { ...anOrder(id, 'c_old', at(30)), status };
        await doc.send(
          new PutCommand({
            TableName: own.tableName,
            Item: { ...o, pk: `ORDER#${id}`, sk: 'ORDER', gsi1pk: 'CUSTOMER#c_old', gsi1sk: `${o.createdAt}#${id}` },
          }),
        );
      }
      expect((await orders.listByStatus('OUT_FOR_DELIVERY', 10)).orders).toEqual([]);

      // Act
      const first = await orders.backfillStatusIndex();
      const again = await orders.backfillStatusIndex();

      // Assess
      expect(first).toBe(1);
      expect(again).toBe(0);
      expect((await orders.listByStatus('OUT_FOR_DELIVERY', 10)).orders.map((o) => o.orderId)).toEqual(['OLDOR1']);
      expect((await orders.get('OLDOR1'))!.version).toBe(0);
    });
  });
});
