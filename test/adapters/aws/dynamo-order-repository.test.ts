// DynamoOrderRepository against dynalite: create-once, optimistic locking, the customer index and Idempotency-Key claims.

import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
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
});
