// Streaming into a private chat: drafts while generating, then sendMessage with the whole text; real grammY, fake Bot
// API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitForLimit } from '../../../bots/streaming/split-text.ts';
import { ConversationPacer, renderStream, type StreamPolicy } from '../../../bots/streaming/stream-renderer.ts';
import { toTelegramMarkdownV2 } from '../../../bots/streaming/telegram-markdown.ts';
import {
  DRAFT_ACTIVITY_REPEAT_MS,
  TELEGRAM_DRAFT_POLICY,
  TelegramDraftSurface,
  telegramStream,
} from '../../../bots/streaming/telegram-surfaces.ts';
import {
  answerEvents,
  callsOf,
  finalTexts,
  longAnswer,
  privateChat,
  sleep,
  startTelegramRig,
  type TelegramRig,
  timedDeltas,
} from './stream-harness.ts';

/** Short intervals so the tests run in well under a second; the production policy has its own test file. */
const FAST: StreamPolicy = { minIntervalMs: 60, minNewChars: 10, maxStaleMs: 150, refreshMs: 20_000 };
const ANSWER =
  'O seu pedido Q4M8XZ saiu para entrega às 19:40. O entregador chega em uns 15 minutos; o total foi R$ 43,83 (pago no Pix).';

describe('Telegram streaming: private chat (drafts)', () => {
  let rig: TelegramRig;
  beforeAll(async () => {
    rig = await startTelegramRig();
  });
  afterAll(async () => {
    await rig.close();
  });

  it('streams growing plain drafts under one draft_id, then sends the exact model text once', async () => {
    // Prepare
    const chat = privateChat();
    const surface = new TelegramDraftSurface(rig.api, chat.id);
    // Act
    const result = await renderStream(timedDeltas(ANSWER, { chunk: 12, everyMs: 20 }), surface, FAST, {
      pacer: new ConversationPacer(),
    });
    // Assess
    const drafts = callsOf(rig.fake, chat.id, 'sendMessageDraft').filter((c) => c.params.text !== '');
    const sends = callsOf(rig.fake, chat.id, 'sendMessage');
    expect(sends).toHaveLength(1);
    expect(finalTexts(rig.fake, chat.id)).toEqual([ANSWER]);
    expect(result).toMatchObject({
      text: ANSWER,
      parts: [ANSWER],
      messages: 1,
      outcome: 'complete',
      formatFallbacks: 0,
    });
    expect(drafts.length).toBeGreaterThanOrEqual(2);
    expect(new Set(drafts.map((c) => c.params.draft_id))).toEqual(new Set([surface.draftId - 1]));
    for (const [i, d] of drafts.entries()) {
      expect(ANSWER.startsWith(String(d.params.text))).toBe(true);
      expect(d.params.parse_mode).toBeUndefined();
      if (i > 0) expect(String(d.params.text).length).toBeGreaterThan(String(drafts[i - 1]!.params.text).length);
    }
    expect(sends[0]!.at).toBeGreaterThanOrEqual(drafts[drafts.length - 1]!.at);
    expect(result.apiCalls).toBe(
      callsOf(rig.fake, chat.id).filter((c) => c.method !== 'sendMessageDraft' || c.params.text !== '').length,
    );
  });

  it('sends a 12k-character answer as 3+ messages of at most 4096, split at paragraphs, joined back exactly', async () => {
    // Prepare
    const chat = privateChat();
    const text = longAnswer(12_000);
    const { surface } = telegramStream(rig.api, chat);
    // Act
    const result = await renderStream(timedDeltas(text, { chunk: 150, everyMs: 8 }), surface, FAST, {
      pacer: new ConversationPacer(),
    });
    // Assess
    const messages = finalTexts(rig.fake, chat.id);
    expect(messages.length).toBeGreaterThanOrEqual(3);
    expect(messages.join('')).toBe(text);
    expect(messages).toEqual(splitForLimit(text));
    expect(result.parts).toEqual(messages);
    for (const m of messages) expect(m.length).toBeLessThanOrEqual(4096);
    for (const m of messages.slice(0, -1)) expect(m.endsWith('\n\n')).toBe(true);
    // Each message streamed under its own draft id, and its drafts came before it was sent
    const calls = callsOf(rig.fake, chat.id, 'sendMessageDraft', 'sendMessage').filter((c) => c.params.text !== '');
    let expectedDraftId = Number(calls[0]!.params.draft_id);
    for (const c of calls) {
      if (c.method === 'sendMessage') {
        expectedDraftId++;
        continue;
      }
      expect(c.params.draft_id).toBe(expectedDraftId);
      expect(String(c.params.text).length).toBeLessThanOrEqual(4096);
    }
    // (the last part may be complete before its first draft is due, so it can go straight to sendMessage)
    expect(
      new Set(calls.filter((c) => c.method === 'sendMessageDraft').map((c) => c.params.draft_id)).size,
    ).toBeGreaterThanOrEqual(messages.length - 1);
    expect(callsOf(rig.fake, chat.id).filter((c) => c.error)).toEqual([]);
  });

  it('formats only the final message: drafts are plain, the message shows the promised visible text with entities', async () => {
    // Prepare
    const chat = privateChat();
    const model = '**Pedido Q4M8XZ** a caminho!\n- Total: R$ 43,83\n- Pagamento: Pix (aprovado).';
    // Act
    const result = await renderStream(answerEvents(model, 9, 15), new TelegramDraftSurface(rig.api, chat.id), FAST, {
      pacer: new ConversationPacer(),
    });
    // Assess
    const drafts = callsOf(rig.fake, chat.id, 'sendMessageDraft').filter((c) => c.params.text !== '');
    const [send] = callsOf(rig.fake, chat.id, 'sendMessage');
    expect(drafts.length).toBeGreaterThan(0);
    for (const d of drafts) {
      expect(model.startsWith(String(d.params.text))).toBe(true);
      expect(d.params.parse_mode).toBeUndefined();
    }
    expect(send!.params.parse_mode).toBe('MarkdownV2');
    expect(send!.result).toMatchObject({
      text: toTelegramMarkdownV2(model).visible,
      entities: [{ type: 'bold', offset: 0, length: 'Pedido Q4M8XZ'.length }],
    });
    expect(result).toMatchObject({
      text: model,
      parts: [model],
      usage: { inputTokens: 120 },
      stopReason: 'end_turn',
      formatFallbacks: 0,
    });
  });

  it('delivers the exact plain text when the platform refuses the formatting', async () => {
    // Prepare: a formatter that forgets to escape (the fake's parser genuinely rejects the '.'), and, in a second
    // chat, an injected "can't parse entities" answer to a correctly escaped message
    const model = '**Total:** R$ 43,83. Obrigado!';
    const broken = new TelegramDraftSurface(rig.api, privateChat().id, {
      toMarkdownV2: (t) => ({ markdownV2: t, visible: t, changed: true }),
    });
    const refused = new TelegramDraftSurface(rig.api, privateChat().id);
    rig.fake.failNext('sendMessage', {
      error_code: 400,
      description: "Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 0",
    });
    // Act
    const r1 = await renderStream(timedDeltas(model, { chunk: 40 }), refused, FAST, { pacer: new ConversationPacer() });
    const r2 = await renderStream(timedDeltas(model, { chunk: 40 }), broken, FAST, { pacer: new ConversationPacer() });
    // Assess
    for (const [surface, result] of [
      [refused, r1],
      [broken, r2],
    ] as const) {
      const sends = callsOf(rig.fake, surface.chatId, 'sendMessage');
      expect(sends.map((c) => [c.params.parse_mode, c.error?.error_code])).toEqual([
        ['MarkdownV2', 400],
        [undefined, undefined],
      ]);
      expect(sends[0]!.error!.description).toContain("can't parse entities");
      expect(finalTexts(rig.fake, surface.chatId)).toEqual([model]);
      expect(result.formatFallbacks).toBe(1);
    }
  });

  it('refreshes the draft before it expires while no new text arrives', async () => {
    // Prepare: a small refreshMs to watch the mechanism; the source goes quiet for 1 s mid-answer
    const chat = privateChat();
    const policy: StreamPolicy = { ...FAST, refreshMs: 250 };
    const source = timedDeltas('Deixa eu ver o seu pedido… Pronto: saiu às 19:40.', {
      chunk: 27,
      pauses: { 1: 1_000 },
    });
    // Act
    await renderStream(source, new TelegramDraftSurface(rig.api, chat.id), policy, { pacer: new ConversationPacer() });
    // Assess: during the quiet second, the same draft was re-sent at least every 250 ms (+ scheduling slack)
    const quiet = callsOf(rig.fake, chat.id, 'sendMessageDraft').filter(
      (c) => c.params.text === 'Deixa eu ver o seu pedido… ',
    );
    expect(quiet.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < quiet.length; i++) expect(quiet[i]!.at - quiet[i - 1]!.at).toBeLessThan(250 + 120);
    expect(TELEGRAM_DRAFT_POLICY.refreshMs).toBeLessThan(30_000);
    expect(TELEGRAM_DRAFT_POLICY.refreshMs).toBeLessThanOrEqual(20_000);
    expect(DRAFT_ACTIVITY_REPEAT_MS).toBeLessThanOrEqual(20_000);
  });

  it('shows a "Thinking…" draft at once when the message arrives, while the router still works, and keeps it alive', async () => {
    // Prepare: the router takes 1.5 s before the first delta
    const chat = privateChat();
    const surface = new TelegramDraftSurface(rig.api, chat.id, { activityRepeatMs: 300 });
    const source = timedDeltas(ANSWER, { chunk: 40, everyMs: 20, firstDelayMs: 1_500 });
    const arrivedAt = Date.now();
    // Act: what the bot does when the customer's message arrives, then the answer
    void surface.startActivity();
    const result = await renderStream(source, surface, FAST, { pacer: new ConversationPacer() });
    // Assess
    const [first] = callsOf(rig.fake, chat.id);
    expect(first).toMatchObject({ method: 'sendMessageDraft', params: { text: '' } });
    expect(first!.at - arrivedAt).toBeLessThan(1_000);
    expect(first!.at).toBeLessThan(source.yieldedAt[0]!);
    const placeholders = callsOf(rig.fake, chat.id, 'sendMessageDraft').filter((c) => c.params.text === '');
    expect(placeholders.length).toBeGreaterThanOrEqual(4); // 0, 300, 600, 900, 1200 ms
    expect(placeholders.every((c) => c.at < source.yieldedAt[0]! + 50)).toBe(true);
    expect(new Set(callsOf(rig.fake, chat.id, 'sendMessageDraft').map((c) => c.params.draft_id)).size).toBe(1);
    expect(result.firstTextAt! - arrivedAt).toBeGreaterThanOrEqual(1_500);
    expect(finalTexts(rig.fake, chat.id)).toEqual([ANSWER]);
  });

  it('delivers what arrived when the model stream fails or the customer stops it', async () => {
    // Prepare
    const failing = privateChat();
    const stopping = privateChat();
    async function* throttled() {
      yield 'Seu pedido está ';
      await sleep(30);
      yield 'a caminho';
      throw new Error('throttlingException');
    }
    async function* endless() {
      for (let i = 0; ; i++) {
        yield `parte ${i}. `;
        await sleep(20);
      }
    }
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 200);
    // Act
    const failed = await renderStream(throttled(), new TelegramDraftSurface(rig.api, failing.id), FAST, {
      pacer: new ConversationPacer(),
    });
    const stopped = await renderStream(endless(), new TelegramDraftSurface(rig.api, stopping.id), FAST, {
      pacer: new ConversationPacer(),
      signal: stop.signal,
    });
    // Assess
    expect(failed).toMatchObject({ outcome: 'source_error', text: 'Seu pedido está a caminho', messages: 1 });
    expect(String(failed.error)).toContain('throttlingException');
    expect(finalTexts(rig.fake, failing.id)).toEqual(['Seu pedido está a caminho']);
    expect(stopped.outcome).toBe('stopped');
    expect(stopped.text).toMatch(/^parte 0\. parte 1\. /);
    expect(finalTexts(rig.fake, stopping.id)).toEqual([stopped.text]);
  });
});
