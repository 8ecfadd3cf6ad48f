// DynamoChatSessionStore against dynalite: versioned chat sessions and once-only update markers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoChatSessionStore } from '../../../adapters/aws/dynamo-chat-session-store.ts';
import { ConcurrentUpdate } from '../../../core/errors.ts';
import { freshTable } from '../../support/dynalite-table.ts';

let db: Awaited<ReturnType<typeof freshTable>>;
let store: DynamoChatSessionStore;
beforeAll(async () => {
  db = await freshTable();
  store = new DynamoChatSessionStore(db.client, db.tableName);
});
afterAll(async () => {
  await db.close();
});

describe('DynamoChatSessionStore', () => {
  it('creates a session at version 1, updates it with the version read, and refuses a stale write', async () => {
    expect(await store.get('telegram:42')).toBeUndefined();
    const v1 = await store.put('telegram:42', { lang: 'pt-BR', cart: { 'ACAI-300': 2 } }, 0);
    const v2 = await store.put('telegram:42', { lang: 'en', cart: {} }, v1);
    await expect(store.put('telegram:42', { lang: 'pt-BR' }, v1)).rejects.toBeInstanceOf(ConcurrentUpdate);
    await expect(store.put('telegram:42', { lang: 'pt-BR' }, 0)).rejects.toBeInstanceOf(ConcurrentUpdate);
    expect([v1, v2]).toEqual([1, 2]);
    expect(await store.get('telegram:42')).toEqual({ state: { lang: 'en', cart: {} }, version: 2 });
  });

  it('marks an update as seen once, however many times it is re-delivered concurrently', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => store.markUpdateSeen('telegram:1001')));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.markUpdateSeen('telegram:1002')).toBe(true);
  });
});
