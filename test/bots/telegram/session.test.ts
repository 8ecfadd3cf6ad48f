// The conversation session: defensive loading of stored state and optimistic updates that survive a concurrent writer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../apps/local/local-stack.ts';
import { ChatConversation, INITIAL_CART_REV, normalizeState, sessionKey } from '../../../bots/telegram/session.ts';
import { DEMO_PACKAGE } from '../../support/demo-store.ts';

describe('ChatConversation', () => {
  let stack: LocalStack;
  let chatId = 920_000_000;
  beforeAll(async () => {
    stack = await startLocalStack({ catalog: DEMO_PACKAGE, port: 0 });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('starts a fresh chat with an empty cart and a stable revision, and writes nothing until something changes', async () => {
    // Prepare
    const id = chatId++;

    // Act
    const a = await ChatConversation.load(stack.sessions, id, 'en');
    const b = await ChatConversation.load(stack.sessions, id, 'pt-br');
    await a.update(() => undefined);

    // Assess
    expect(a.state.cart).toEqual({ lines: [], rev: INITIAL_CART_REV });
    expect(b.state.cart.rev).toBe(a.state.cart.rev);
    expect([a.lang, b.lang]).toEqual(['en', 'pt-BR']);
    expect(await stack.sessions.get(sessionKey(id))).toBeUndefined();
  });

  it("re-applies a change on top of a concurrent writer's instead of losing either", async () => {
    // Prepare: two handlers hold the same version
    const id = chatId++;
    const first = await ChatConversation.load(stack.sessions, id, 'pt-br');
    const second = await ChatConversation.load(stack.sessions, id, 'pt-br');

    // Act
    await first.update((s) => {
      s.orderIds.unshift('AAAAAA');
    });
    await second.update((s) => {
      s.lang = 'en';
    });

    // Assess
    const stored = await stack.sessions.get<any>(sessionKey(id));
    expect(stored!.state.orderIds).toEqual(['AAAAAA']);
    expect(stored!.state.lang).toBe('en');
    expect(stored!.version).toBe(2);
    expect(second.state.orderIds).toEqual(['AAAAAA']);
  });

  it('uses the stored language choice over the app language', async () => {
    // Prepare
    const id = chatId++;
    await stack.sessions.put(
      sessionKey(id),
      { schema: 1, lang: 'en', cart: { lines: [], rev: 'abcd1234' }, orderIds: [] },
      0,
    );

    // Act
    const conv = await ChatConversation.load(stack.sessions, id, 'pt-br');

    // Assess
    expect(conv.lang).toBe('en');
    expect(conv.t.buttonMenu).toBe('🍽 Menu');
  });

  it('degrades a malformed stored session to a fresh one instead of failing every update', () => {
    // Act / Assess
    expect(normalizeState({ schema: 99 })).toEqual({
      schema: 1,
      cart: { lines: [], rev: INITIAL_CART_REV },
      orderIds: [],
    });
    expect(normalizeState('nonsense').orderIds).toEqual([]);
    const kept = normalizeState({
      schema: 1,
      lang: 'fr',
      cart: { lines: [{ sku: 'ACAI-300', qty: 2 }, { sku: 'X', qty: -1 }, 'bad'], rev: 'abcd1234' },
      orderIds: ['AAAAAA', 7],
    });
    expect(kept).toMatchObject({
      lang: undefined,
      cart: { lines: [{ sku: 'ACAI-300', qty: 2 }], rev: 'abcd1234' },
      orderIds: ['AAAAAA'],
    });
  });
});
