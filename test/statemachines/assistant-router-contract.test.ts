// The router's pure helpers: history trimming (the caller's and the state machine's), and the cheap classifier's JSON.
import { describe, expect, it } from 'vitest';
import { buildRouterInput, parseClassifierOutput, toRouterMessages, trimHistory } from '../../core/router-contract.ts';
import { createRouterTasks } from '../../statemachines/router-tasks.ts';

describe('trimHistory', () => {
  it('always starts with a user turn: leading assistant turns, blanks and junk are dropped', () => {
    expect(
      trimHistory([
        { role: 'assistant', text: 'Oi!' },
        { role: 'user', text: ' ' },
        null,
        3,
        { role: 'system', text: 'x' },
        { role: 'user', text: 'a' },
      ]),
    ).toEqual([{ role: 'user', text: 'a' }]);
    expect(trimHistory('not a list')).toEqual([]);
  });

  it('merges consecutive same-role turns and keeps the last turns, re-trimmed to start with a user turn', () => {
    const turns = [
      { role: 'user', text: 'u1' },
      { role: 'user', text: 'u2' },
      { role: 'assistant', text: 'a1' },
      { role: 'user', text: 'u3' },
      { role: 'assistant', text: 'a2' },
    ];
    expect(trimHistory(turns)).toEqual([
      { role: 'user', text: 'u1\n\nu2' },
      { role: 'assistant', text: 'a1' },
      { role: 'user', text: 'u3' },
      { role: 'assistant', text: 'a2' },
    ]);
    expect(trimHistory(turns, 3)).toEqual([
      { role: 'user', text: 'u3' },
      { role: 'assistant', text: 'a2' },
    ]);
  });

  it('is what the caller applies before starting the router', () => {
    const input = buildRouterInput({
      message: 'oi',
      lang: 'pt-BR',
      conversationId: 'c',
      customerId: 'c_1',
      orders: [],
      history: [{ role: 'assistant', text: 'x' }],
    });
    expect(input.history).toEqual([]);
  });
});

describe('toRouterMessages', () => {
  it('ends with the current message, merged with a trailing user turn, in the Converse shape', () => {
    expect(
      toRouterMessages(
        [
          { role: 'assistant', text: 'x' },
          { role: 'user', text: 'a' },
        ],
        'b',
      ),
    ).toEqual([{ Role: 'user', Content: [{ Text: 'a\n\nb' }] }]);
  });
});

describe('parseClassifierOutput', () => {
  it('accepts strict JSON, or one JSON object in a code fence', () => {
    expect(parseClassifierOutput('{"intent":"order_status"}')).toEqual({ intent: 'order_status' });
    expect(parseClassifierOutput('```json\n{"intent": "faq"}\n```')).toEqual({ intent: 'faq' });
  });

  it('returns null for anything else, never throwing', () => {
    for (const bad of [
      'faq',
      '{intent: faq}',
      '{"intent":"transfer_money"}',
      '{"label":"faq"}',
      '',
      null,
      42,
      '{"intent":"faq"',
    ]) {
      expect(parseClassifierOutput(bad)).toBeNull();
    }
  });

  it('the Lambda step turns an unusable answer into faq', async () => {
    const tasks = createRouterTasks();
    const turn = await tasks.prepareTurn({ message: 'hmm e aquela parada lá', lang: 'pt-BR', history: [] });
    expect(turn.needsClassifier).toBe(true);
    expect(await tasks.parseClassifierOutput({ turn, text: 'not json' })).toMatchObject({
      intent: 'faq',
      needsClassifier: false,
      classifiedBy: 'fallback',
    });
    expect(await tasks.parseClassifierOutput({ turn, text: '{"intent":"human_handoff"}' })).toMatchObject({
      intent: 'human_handoff',
      classifiedBy: 'model',
    });
  });

  it("settles the model's order intent as the phrase rules do: the policy without an open order, the order with one", async () => {
    const tasks = createRouterTasks();
    const none = await tasks.prepareTurn({ message: 'hmm e aquela parada lá', lang: 'pt-BR', orders: [] });
    expect(await tasks.parseClassifierOutput({ turn: none, text: '{"intent":"cancel_order"}' })).toMatchObject({
      intent: 'faq',
      classifiedBy: 'model',
    });
    const open = await tasks.prepareTurn({
      message: 'hmm e aquela parada lá',
      lang: 'pt-BR',
      orders: [{ orderId: 'A2A2A2', status: 'CONFIRMED' }],
    });
    expect(await tasks.parseClassifierOutput({ turn: open, text: '{"intent":"cancel_order"}' })).toMatchObject({
      intent: 'cancel_order',
    });
    const eta = await tasks.prepareTurn({ message: 'em média quantos minutos leva?', lang: 'pt-BR', orders: [] });
    expect(eta.intent).toBe('faq');
    const mine = await tasks.prepareTurn({ message: 'cadê meu pedido?', lang: 'pt-BR', orders: [] });
    expect(mine.intent).toBe('order_status');
  });
});
