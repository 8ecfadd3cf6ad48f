// DynamoStoreControlLog against dynalite: a click is claimed once (a failed one again), settled with its outcome, and
// the latest entries come back newest first.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../../adapters/aws/dynamo-order-repository.ts';
import { DynamoStoreControlLog } from '../../../adapters/aws/dynamo-store-control-log.ts';
import { storeControlKey } from '../../../adapters/aws/table-design.ts';
import type { StoreControlEntry } from '../../../core/store-control-log.ts';
import { freshTable } from '../../support/dynalite-table.ts';

let db: Awaited<ReturnType<typeof freshTable>>;
let log: DynamoStoreControlLog;
beforeAll(async () => {
  db = await freshTable();
  log = new DynamoStoreControlLog(db.client, db.tableName);
});
afterAll(async () => {
  await db.close();
});

const click = (id: string, at: string): Omit<StoreControlEntry, 'outcome'> => ({
  id,
  at,
  by: 'slack:Ana',
  userId: 'U0ANA0001',
  control: { kind: 'pause', minutes: 30 },
});

describe('DynamoStoreControlLog', () => {
  it('claims a click once: the second claim gets the entry as recorded, settled with its outcome and the state after', async () => {
    // Prepare
    const entry = click('trig-1', '2026-03-02T15:00:00.000Z');

    // Act
    const first = await log.claim(entry);
    const whileApplying = await log.claim(entry);
    await log.settle(entry, 'done', { after: { pausedUntil: '2026-03-02T15:30:00.000Z' } });
    const afterDone = await log.claim(entry);

    // Assess
    expect(first).toBe('claimed');
    expect(whileApplying).toEqual({ ...entry, outcome: 'applying' });
    expect(afterDone).toEqual({ ...entry, outcome: 'done', after: { pausedUntil: '2026-03-02T15:30:00.000Z' } });
    const item = await documentClient(db.client).send(
      new GetCommand({ TableName: db.tableName, Key: storeControlKey(entry.at, entry.id) }),
    );
    // Kept 90 days after the click, then DynamoDB's TTL takes it.
    expect(item.Item?.expiresAt).toBe(Date.parse(entry.at) / 1000 + 90 * 24 * 3600);
  });

  it('lets a failed click be claimed again, and records a refusal with its code', async () => {
    // Prepare
    const failed = click('trig-2', '2026-03-02T15:01:00.000Z');
    const refused = {
      ...click('trig-3', '2026-03-02T15:02:00.000Z'),
      control: { kind: 'delay', minutes: 999 } as const,
    };
    await log.claim(failed);
    await log.settle(failed, 'failed');
    await log.claim(refused);

    // Act
    const again = await log.claim(failed);
    await log.settle(refused, 'refused', { code: 'INVALID_STORE_CONTROL' });

    // Assess
    expect(again).toBe('claimed');
    expect(await log.claim(refused)).toMatchObject({ outcome: 'refused', code: 'INVALID_STORE_CONTROL' });
  });

  it('never settles a click nobody claimed', async () => {
    await expect(log.settle({ id: 'nobody', at: '2026-03-02T15:03:00.000Z' }, 'done')).rejects.toThrow();
  });

  it('lists the latest entries newest first, at most the limit', async () => {
    // Prepare: a table of its own, clicks recorded out of order
    const own = await freshTable();
    const mine = new DynamoStoreControlLog(own.client, own.tableName);
    for (const [id, at] of [
      ['b', '2026-03-02T10:05:00.000Z'],
      ['a', '2026-03-02T10:00:00.000Z'],
      ['c', '2026-03-02T10:10:00.000Z'],
    ] as const)
      await mine.claim(click(id, at));

    // Act
    const latest = await mine.recent(2);
    await own.close();

    // Assess
    expect(latest.map((e) => e.id)).toEqual(['c', 'b']);
    expect(latest[0]).toEqual({ ...click('c', '2026-03-02T10:10:00.000Z'), outcome: 'applying' });
  });
});
