// Free questions through the real bot with the local assistant: activity first, a grounded answer streamed into the
// chat,
// citing the knowledge-base document; deterministic questions never reach the answer model.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OfflineAnswerModel } from '../../../adapters/local/offline-answer-model.ts';
import { createLocalRouter, offlineConverse } from '../../../apps/local/local-router.ts';
import { createAssistant } from '../../../bots/telegram/answer-question.ts';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import type { AnswerEvent, AnswerModel, AnswerRequest } from '../../../core/answer-model.ts';
import { freshTable } from '../../support/dynalite-table.ts';
import { ChatDriver, type Harness, startHarness } from './bot-harness.ts';

const pt = TEXTS['pt-BR'];

/** An AnswerModel port implementation that counts its calls and delegates to the offline model. */
class CountingAnswerModel implements AnswerModel {
  readonly name = 'offline-counting';
  readonly requests: AnswerRequest[] = [];
  constructor(private readonly inner: AnswerModel) {}
  stream(req: AnswerRequest, signal?: AbortSignal): AsyncIterable<AnswerEvent> {
    this.requests.push(req);
    return this.inner.stream(req, signal);
  }
}

describe('Telegram conversation: free questions answered by the assistant', () => {
  let h: Harness;
  const model = new CountingAnswerModel(new OfflineAnswerModel({ delayMs: 20 }));
  beforeAll(async () => {
    h = await startHarness({
      assistant: ({ stack, log }) =>
        createAssistant({
          route: (input) => stack.router!.route(input),
          model,
          store: () => stack.deps.catalog.getStore(),
          log,
        }),
    });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => {
    model.requests.length = 0;
  });

  it('shows activity, then a grounded pt-BR answer saying Niterói is not served, citing its document', async () => {
    // Prepare
    const chat = new ChatDriver(h);

    // Act
    const calls = await chat.text('vocês entregam em Niterói?');

    // Assess: activity (an empty draft) before any message; the final message cites the delivery-areas document
    const methods = calls.map((c) => c.method);
    const firstSend = methods.indexOf('sendMessage');
    expect(firstSend).toBeGreaterThan(0);
    expect(methods.slice(0, firstSend).some((m) => m === 'sendMessageDraft' || m === 'sendChatAction')).toBe(true);
    expect(calls.find((c) => c.method === 'sendMessageDraft')!.params.text).toBe('');
    const answer = chat.lastText();
    expect(answer).toMatch(/Niter[oó]i/i);
    expect(answer).toContain('não entregamos');
    expect(answer).toContain('Fonte: Áreas e taxas de entrega · resposta automática');
    expect(answer).not.toMatch(/areas-e-taxas|knowledge\/|\.md|sem modelo de IA|lat -/);
    expect(answer.length).toBeLessThan(400);
    expect(answer).not.toBe(pt.freeQuestion);
    expect(model.requests).toHaveLength(1);
    expect(
      h.logs.some(
        (l) => l.msg === 'answer usage' && l.fields?.model === 'offline-counting' && l.fields?.route === 'rag',
      ),
    ).toBe(true);
    // The turn is remembered for a follow-up
    const stored = await h.stack.sessions.get<{ history?: { role: string }[] }>(`telegram:${chat.chatId}`);
    expect(stored!.state.history?.map((t) => t.role)).toEqual(['user', 'assistant']);
  });

  it('answers an English question in English, citing the opening-hours document', async () => {
    // Prepare
    const chat = new ChatDriver(h, undefined, { languageCode: 'en' });

    // Act
    const calls = await chat.text('do you deliver on Sundays?');

    // Assess
    expect(calls.some((c) => c.method === 'sendMessageDraft')).toBe(true);
    const answer = chat.lastText();
    expect(answer).toMatch(/Sundays/);
    expect(answer).toMatch(/Sources?: .*· automatic answer$/);
    expect(answer).not.toMatch(/opening-hours|no AI model/);
    expect(model.requests).toHaveLength(1);
    expect(model.requests[0]!.grounding.lang).toBe('en');
  });

  it('answers a deterministic question ("cadê meu pedido?") without any model call', async () => {
    // Prepare
    const chat = new ChatDriver(h);

    // Act
    const calls = await chat.text('cadê meu pedido?');

    // Assess: the usual order-status answer, no draft, no answer model
    expect(calls.some((c) => c.method === 'sendMessageDraft')).toBe(false);
    expect(ChatDriver.texts(calls).length).toBeGreaterThan(0);
    expect(model.requests).toHaveLength(0);
  });

  it("answers from data when the router's cheap classifier reads a question the phrase classifier missed as an order question", async () => {
    // Prepare: the real router (same ASL, local interpreter) whose cheap model says order_status for a message the
    // phrase classifier is unsure about ("e aí, minha janta vem ou não?" → faq at 0.3).
    const table = await freshTable();
    const offline = offlineConverse();
    const router = await createLocalRouter({
      dynamo: table.client,
      tableName: table.tableName,
      retryIntervalMs: 1,
      converse: async (params, ctx) =>
        (params.RequestMetadata as { routerTask?: string } | undefined)?.routerTask === 'intent-classifier'
          ? {
              Output: { Message: { Role: 'assistant', Content: [{ Text: '{"intent": "order_status"}' }] } },
              StopReason: 'end_turn',
              Usage: { InputTokens: 40, OutputTokens: 8, TotalTokens: 48 },
            }
          : offline(params, ctx),
    });
    const routed = await startHarness({
      assistant: ({ stack, log }) =>
        createAssistant({
          route: (input) => router.route(input),
          model,
          store: () => stack.deps.catalog.getStore(),
          log,
        }),
    });
    try {
      const chat = new ChatDriver(routed);

      // Act
      const calls = await chat.text('e aí, minha janta vem ou não?');

      // Assess: the order-status answer (no orders yet), not the free-question fallback, and no answer model call
      expect(chat.lastText()).not.toBe(pt.freeQuestion);
      expect(chat.lastText()).toBe(pt.noOrders);
      expect(
        calls.some((c) => c.method === 'sendMessage' && String(c.params.text).includes('Resposta automática local')),
      ).toBe(false);
      expect(model.requests).toHaveLength(0);
    } finally {
      await routed.close();
      await router.stop();
      await table.close();
    }
  });

  it('falls back to the menu and a person when the assistant fails', async () => {
    // Prepare: a router that fails (the assistant is the same module, with a failing port)
    const failing = await startHarness({
      assistant: ({ stack, log }) =>
        createAssistant({
          route: async () => {
            throw new Error('router down');
          },
          model,
          store: () => stack.deps.catalog.getStore(),
          log,
        }),
    });
    try {
      const chat = new ChatDriver(failing);

      // Act
      await chat.text('vocês aceitam vale-refeição?');

      // Assess
      expect(chat.lastText()).toBe(pt.freeQuestion);
      expect(
        failing.logs.some(
          (l) => l.level === 'warn' && l.msg === 'telegram: the assistant failed; answering with the fallback',
        ),
      ).toBe(true);
      expect(model.requests).toHaveLength(0);
    } finally {
      await failing.close();
    }
  });

  it('answers "em média quantos minutos leva?" from a customer with no order with the policy, not "no orders"', async () => {
    // Prepare
    const chat = new ChatDriver(h);

    // Act
    await chat.text('em média quantos minutos leva?');

    // Assess
    const answer = chat.lastText();
    expect(answer).not.toBe(pt.noOrders);
    expect(answer).toMatch(/20 minutos de preparo/);
    expect(answer).toMatch(/4 minutos por km/);
  });

  it('answers a diet question that names food ("tem algo sem lactose?") from the knowledge, not with the category list', async () => {
    // Prepare
    const chat = new ChatDriver(h);

    // Act
    await chat.text('tem algo sem lactose?');

    // Assess
    const answer = chat.lastText();
    expect(answer).not.toBe(pt.categoriesTitle);
    expect(answer).toMatch(/^Sem lactose, temos/);
    expect(answer).toContain('Fonte: Perguntas frequentes');
  });

  it('answers an item price from the menu ("how much is the chicken pizza")', async () => {
    // Prepare
    const chat = new ChatDriver(h, undefined, { languageCode: 'en' });

    // Act
    await chat.text('how much is the chicken pizza');

    // Assess
    expect(chat.lastText()).toMatch(/^Chicken and catupiry pizza \(8 slices\): R\$\s?62\.90\./);
  });

  it('says plainly it does not know, shows "Falar com uma pessoa", and a "sim" starts the handoff', async () => {
    // Prepare
    const chat = new ChatDriver(h);

    // Act
    await chat.text('vcs fazem pizza meio a meio?');

    // Assess: an honest don't-know, then the button
    const shown = chat.shown();
    const dontKnow = shown.find((m) => /^Não sei responder isso/.test(m.text ?? ''));
    expect(dontKnow?.text).toMatch(/Quer falar com uma pessoa\?$/);
    expect(chat.lastText()).toBe(pt.personOfferPrompt);
    expect(chat.findButton(pt.buttonHuman)).toBeTruthy();

    // Act: the customer says yes
    await chat.text('sim');

    // Assess: the handoff is asked for, as if the button had been tapped (this harness has no desk, so the customer
    // hears that nobody can be reached), and the offer is used up
    expect(
      h.logs.some((l) => l.msg.includes('a person was asked for') && l.fields?.reason === 'assistant_offered'),
    ).toBe(true);
    expect(chat.lastText()).not.toBe(pt.personOfferPrompt);
    const stored = await h.stack.sessions.get<{ personOfferedAt?: string }>(`telegram:${chat.chatId}`);
    expect(stored!.state.personOfferedAt).toBeUndefined();
  });

  it('a "sim" with no offer before it is not read as a yes to a person', async () => {
    // Prepare
    const chat = new ChatDriver(h);

    // Act
    await chat.text('aceitam pix?');
    await chat.text('sim');

    // Assess
    const key = `telegram:${chat.chatId}`;
    expect(h.logs.some((l) => l.msg.includes('a person was asked for') && l.fields?.chatKey === key)).toBe(false);
  });

  it('streams with send-then-edit (no drafts) outside private chats', async () => {
    // The bot itself only talks in private chats (groups get "private only"), so the assistant is driven directly here.
    const group = -4_000_777;
    const assistant = h.stack.assistant!;
    const answer = await assistant.answer({
      api: h.bot.api,
      chatId: group,
      chatType: 'group',
      lang: 'pt-BR',
      question: 'vocês entregam em Niterói?',
      history: [],
      orders: [],
    });

    const calls = h.fake.chat(group);
    expect(answer.route).toBe('rag');
    expect(calls.some((c) => c.method === 'sendMessageDraft')).toBe(false);
    expect(calls[0]!.method).toBe('sendChatAction');
    const methods = calls.map((c) => c.method);
    expect(methods).toContain('sendMessage');
    expect(methods.lastIndexOf('editMessageText')).toBeGreaterThan(methods.indexOf('sendMessage'));
    expect(answer.text).toContain('Fonte: Áreas e taxas de entrega');
  });
});
