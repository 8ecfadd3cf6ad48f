// A second store's own knowledge: served from its folder, the bot answers free questions from that store's documents
// (BM25 over STORE_DIR/knowledge), never from the demo's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineAnswerModel } from '../../../adapters/local/offline-answer-model.ts';
import { createAssistant } from '../../../bots/telegram/answer-question.ts';
import { ChatDriver, clockFrom, type Harness, startHarness } from './bot-harness.ts';

const BURGER = new URL('../../fixtures/stores/burger-da-vila/', import.meta.url).pathname;

describe('Burger da Vila answers from its own documents', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      storeDir: BURGER,
      // A Sunday, when it is open all day.
      clock: clockFrom('2026-12-06T15:00:00-03:00'),
      assistant: ({ stack, log }) =>
        createAssistant({
          route: (input) => stack.router!.route(input),
          model: new OfflineAnswerModel({ delayMs: 0 }),
          store: () => stack.deps.catalog.getStore(),
          log,
        }),
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('says it takes no cards, citing its payment document', async () => {
    const chat = new ChatDriver(h);
    await chat.text('vocês aceitam cartão de crédito?');
    const answer = chat.lastText();
    expect(answer).toContain('Não aceitamos cartão');
    expect(answer).toContain('Fonte: Pagamento');
  });

  it('gives its own delivery radius and fee, not the demo one', async () => {
    const chat = new ChatDriver(h);
    await chat.text('qual a taxa de entrega de vocês?');
    const answer = chat.lastText();
    expect(answer).toContain('R$ 4,00 mais R$ 1,20 por km');
    expect(answer).not.toMatch(/R\$ ?5,00|8 km/);
  });
});
