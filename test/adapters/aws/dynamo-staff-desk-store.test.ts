// DynamoStaffDeskStore against dynalite: one versioned item per desk, and the open desks listed from the sparse index,
// oldest first.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../../adapters/aws/dynamo-order-repository.ts';
import { DynamoStaffDeskStore } from '../../../adapters/aws/dynamo-staff-desk-store.ts';
import { ConcurrentUpdate } from '../../../core/errors.ts';
import type { ConversationDesk } from '../../../core/staff-desk.ts';
import { freshTable } from '../../support/dynalite-table.ts';

let db: Awaited<ReturnType<typeof freshTable>>;
let store: DynamoStaffDeskStore;
beforeAll(async () => {
  db = await freshTable();
  store = new DynamoStaffDeskStore(db.client, db.tableName);
});
afterAll(async () => {
  await db.close();
});

const aDesk = (key: string, since: string, status: ConversationDesk['status'] = 'waiting'): ConversationDesk => ({
  conversationKey: key,
  channel: 'C0SUPPORT',
  ts: status === 'opening' ? '' : `1700000000.${key.slice(-3)}`,
  customerName: `Customer ${key}`,
  lang: 'pt-BR',
  since,
  status,
});
const keysOf = (r: { desks: ConversationDesk[] }) => r.desks.map((d) => d.conversationKey);

describe('DynamoStaffDeskStore', () => {
  it('creates a desk at version 1, writes it with the version read, and refuses a stale or second first write', async () => {
    const desk = aDesk('telegram:100', '2026-01-01T10:00:00.000Z');
    expect(await store.get('telegram:100')).toBeUndefined();
    const v1 = await store.put(desk, 0);
    const v2 = await store.put({ ...desk, status: 'taken', takenBy: { id: 'U1', name: 'Ana' } }, v1);
    await expect(store.put({ ...desk, status: 'waiting' }, v1)).rejects.toBeInstanceOf(ConcurrentUpdate);
    await expect(store.put(desk, 0)).rejects.toBeInstanceOf(ConcurrentUpdate);
    expect([v1, v2]).toEqual([1, 2]);
    expect(await store.get('telegram:100')).toEqual({
      desk: { ...desk, status: 'taken', takenBy: { id: 'U1', name: 'Ana' } },
      version: 2,
    });
  });

  it('lists only open desks, longest waiting first, at most `limit`, with how many are open in all', async () => {
    // Prepare: open desks written out of order, one opening (no card yet) and one closed
    for (const [key, minute] of [
      ['telegram:203', 3],
      ['telegram:201', 1],
      ['telegram:204', 4],
      ['telegram:202', 2],
    ] as const)
      await store.put(aDesk(key, `2026-01-02T10:0${minute}:00.000Z`), 0);
    await store.put(aDesk('telegram:205', '2026-01-02T09:00:00.000Z', 'opening'), 0);
    await store.put({ ...aDesk('telegram:206', '2026-01-02T08:00:00.000Z', 'closed') }, 0);

    // Act
    const two = await store.listOpen(2);
    const all = await store.listOpen();

    // Assess: telegram:100 (taken, since Jan 1) is open too, and waits longest
    expect(keysOf(two)).toEqual(['telegram:100', 'telegram:201']);
    expect(two.total).toBe(5);
    expect(keysOf(all)).toEqual(['telegram:100', 'telegram:201', 'telegram:202', 'telegram:203', 'telegram:204']);
    expect(all.total).toBe(5);
    expect(all.desks[0]).toMatchObject({ status: 'taken', takenBy: { name: 'Ana' } });
  });

  it('takes a desk out of the open list in the write that closes it, and back in when it opens again', async () => {
    // Act
    const stored = (await store.get('telegram:202'))!;
    const closedVersion = await store.put({ ...stored.desk, status: 'closed' }, stored.version);

    // Assess
    expect(keysOf(await store.listOpen())).not.toContain('telegram:202');
    const item = await documentClient(db.client).send(
      new GetCommand({ TableName: db.tableName, Key: { pk: 'DESK#telegram:202', sk: 'DESK' } }),
    );
    expect(item.Item).not.toHaveProperty('gsi2pk');
    expect(item.Item!.expiresAt).toBeGreaterThan(Date.now() / 1000 + 89 * 24 * 3600);

    // Act: a new escalation of the same conversation, later
    await store.put(aDesk('telegram:202', '2026-01-03T10:00:00.000Z'), closedVersion);

    // Assess: listed again, now as the newest
    expect(keysOf(await store.listOpen()).at(-1)).toBe('telegram:202');
  });

  it('lets fifty desks be written at once: no write waits for another', async () => {
    // Act
    const keys = Array.from({ length: 50 }, (_, i) => `telegram:${3000 + i}`);
    const versions = await Promise.all(
      keys.map((k, i) => store.put(aDesk(k, `2026-01-04T10:00:${String(i).padStart(2, '0')}.000Z`), 0)),
    );

    // Assess
    expect(versions.every((v) => v === 1)).toBe(true);
    const open = keysOf(await store.listOpen());
    expect(open.filter((k) => keys.includes(k))).toEqual(keys);
  });
});
