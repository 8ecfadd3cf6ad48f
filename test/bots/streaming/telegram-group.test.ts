// Streaming into a group: send, then edit at the policy's pace, never an identical edit, 429s honoured, long answers
// split; real grammY against the fake Bot API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitForLimit } from '../../../bots/streaming/split-text.ts';
import { ConversationPacer, renderStream, type StreamPolicy } from '../../../bots/streaming/stream-renderer.ts';
import { toTelegramMarkdownV2 } from '../../../bots/streaming/telegram-markdown.ts';
import { TelegramEditSurface, TYPING_REPEAT_MS, telegramStream } from '../../../bots/streaming/telegram-surfaces.ts';
import {
  callsOf,
  finalTexts,
  gaps,
  groupChat,
  identicalEdits,
  longAnswer,
  sleep,
  startTelegramRig,
  type TelegramRig,
  timedDeltas,
} from './stream-harness.ts';

const FAST: StreamPolicy = { minIntervalMs: 100, minNewChars: 10, maxStaleMs: 200, refreshMs: Infinity };
const ANSWER =
  'Boa noite, pessoal! O pedido da mesa 4 (Q4M8XZ) saiu às 19:40 e chega em uns 15 minutos. Total: R$ 43,83 no Pix; a nota vai junto. Qualquer coisa, é só chamar aqui.';

describe('Telegram streaming: group chat (send, then edit)', () => {
  let rig: TelegramRig;
  beforeAll(async () => {
    rig = await startTelegramRig();
  });
  afterAll(async () => {
    await rig.close();
  });

  it('sends the first text, edits it as more arrives, and ends showing the exact model text, with no identical edit', async () => {
    // Prepare: mid-answer, a whitespace-only delta and a pause (nothing new to show); at the end, a pause long enough
    // that the whole text is shown before the stream ends (so the final message needs no edit at all)
    const chat = groupChat();
    const half = ANSWER.indexOf('Total:');
    async function* source() {
      for (let i = 0; i < half; i += 20) {
        yield ANSWER.slice(i, Math.min(i + 20, half));
        await sleep(30);
      }
      yield '  ';
      await sleep(400);
      for (let i = half; i < ANSWER.length; i += 20) {
        yield ANSWER.slice(i, i + 20);
        await sleep(30);
      }
      await sleep(400);
    }
    const text = `${ANSWER.slice(0, half)}  ${ANSWER.slice(half)}`;
    // Act
    const result = await renderStream(source(), new TelegramEditSurface(rig.api, chat.id), FAST, {
      pacer: new ConversationPacer(),
    });
    // Assess
    const sends = callsOf(rig.fake, chat.id, 'sendMessage');
    const edits = callsOf(rig.fake, chat.id, 'editMessageText');
    expect(sends).toHaveLength(1);
    expect(edits.length).toBeGreaterThanOrEqual(2);
    expect(finalTexts(rig.fake, chat.id)).toEqual([text]);
    expect(identicalEdits(rig.fake, chat.id)).toEqual([]);
    const shownTexts = [sends[0]!, ...edits].map((c) => String(c.params.text).trimEnd());
    expect(new Set(shownTexts).size).toBe(shownTexts.length); // never an edit that only adds whitespace
    expect(
      edits.every((e) => Number(e.params.message_id) === (sends[0]!.result as { message_id: number }).message_id),
    ).toBe(true);
    expect(edits.at(-1)!.params.text).toBe(text); // shown by an intermediate edit; the final one was not needed
    expect(result).toMatchObject({ text, parts: [text], messages: 1, apiCalls: 1 + edits.length });
  });

  it('makes at most 1 send + 3 edits for a 2 s stream at a 1 s interval (the bound the policy implies)', async () => {
    // Prepare: 40 deltas, one every 50 ms; each call must start ≥ 1000 ms after the previous one ended, so in a stream
    // of ~2 s there is room for calls at ~0, ≥1 s and ≥2 s, plus the final one at ≥3 s: 4 calls at most.
    const chat = groupChat();
    const policy: StreamPolicy = { minIntervalMs: 1_000, minNewChars: 10, maxStaleMs: 1_000, refreshMs: Infinity };
    const text = longAnswer(1_200).slice(0, 1_200);
    // Act
    const result = await renderStream(
      timedDeltas(text, { chunk: 30, everyMs: 50 }),
      new TelegramEditSurface(rig.api, chat.id),
      policy,
      { pacer: new ConversationPacer() },
    );
    // Assess
    const calls = callsOf(rig.fake, chat.id, 'sendMessage', 'editMessageText');
    expect(calls.filter((c) => c.method === 'sendMessage')).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'editMessageText').length).toBeLessThanOrEqual(3);
    expect(calls.filter((c) => c.method === 'editMessageText').length).toBeGreaterThanOrEqual(2);
    for (const gap of gaps(calls)) expect(gap).toBeGreaterThanOrEqual(1_000);
    expect(result.apiCalls).toBe(calls.length);
    expect(finalTexts(rig.fake, chat.id)).toEqual([text]);
  });

  it('on a 429 for an edit: no call to the chat until retry_after has passed, and the final text still arrives', async () => {
    // Prepare
    const chat = groupChat();
    rig.fake.failNext('editMessageText', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    // Act
    const result = await renderStream(
      timedDeltas(ANSWER, { chunk: 8, everyMs: 40 }),
      new TelegramEditSurface(rig.api, chat.id),
      FAST,
      { pacer: new ConversationPacer() },
    );
    // Assess
    const calls = callsOf(rig.fake, chat.id);
    const limited = calls.findIndex((c) => c.error?.error_code === 429);
    expect(limited).toBeGreaterThan(0);
    const after = calls.slice(limited + 1);
    expect(after.length).toBeGreaterThan(0);
    expect(after[0]!.at - calls[limited]!.at).toBeGreaterThanOrEqual(1_000);
    expect(finalTexts(rig.fake, chat.id)).toEqual([ANSWER]);
    expect(result.rateLimited).toBe(1);
    expect(identicalEdits(rig.fake, chat.id)).toEqual([]);
  });

  it('on a 429 for the final message: waits retry_after and delivers it, once', async () => {
    // Prepare: the whole answer in one delta, so the only call is the final sendMessage
    const chat = groupChat();
    rig.fake.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    async function* oneShot() {
      yield ANSWER;
    }
    // Act
    const result = await renderStream(oneShot(), new TelegramEditSurface(rig.api, chat.id), FAST, {
      pacer: new ConversationPacer(),
    });
    // Assess
    const sends = callsOf(rig.fake, chat.id, 'sendMessage');
    expect(sends.map((c) => c.error?.error_code)).toEqual([429, undefined]);
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(1_000);
    expect(finalTexts(rig.fake, chat.id)).toEqual([ANSWER]);
    expect(result).toMatchObject({ messages: 1, rateLimited: 1 });
  });

  it('finishes a message at 4096 and continues in a new one: a 12k answer joins back exactly', async () => {
    // Prepare
    const chat = groupChat();
    const text = longAnswer(12_000);
    const { surface } = telegramStream(rig.api, chat);
    // Act
    const source = timedDeltas(text, { chunk: 150, everyMs: 6 });
    const result = await renderStream(source, surface, FAST, { pacer: new ConversationPacer() });
    // Assess
    const messages = finalTexts(rig.fake, chat.id);
    expect(messages.length).toBeGreaterThanOrEqual(3);
    expect(messages.join('')).toBe(text);
    expect(messages).toEqual(splitForLimit(text));
    for (const m of messages) expect(m.length).toBeLessThanOrEqual(4096);
    for (const m of messages.slice(0, -1)) expect(m.endsWith('\n\n')).toBe(true);
    for (const c of callsOf(rig.fake, chat.id, 'sendMessage', 'editMessageText'))
      expect(String(c.params.text).length).toBeLessThanOrEqual(4096);
    expect(identicalEdits(rig.fake, chat.id)).toEqual([]);
    expect(callsOf(rig.fake, chat.id).filter((c) => c.error)).toEqual([]);
    expect(result.messages).toBe(messages.length);
    // the rollover happens while streaming: the second message is already out before the model has finished
    expect(callsOf(rig.fake, chat.id, 'sendMessage')[1]!.at).toBeLessThan(source.yieldedAt.at(-1)!);
  });

  it('formats the final edit only, and falls back to the exact plain text (without an identical edit) if refused', async () => {
    // Prepare
    const formatted = groupChat();
    const refused = groupChat();
    const model = '**Pedido Q4M8XZ** saiu!\n- Total: R$ 43,83\n- Chega em ~15 min.';
    // Act
    await renderStream(
      timedDeltas(model, { chunk: 12, everyMs: 40 }),
      new TelegramEditSurface(rig.api, formatted.id),
      FAST,
      { pacer: new ConversationPacer() },
    );
    // the whole text is shown (plain) before the stream ends, so the formatted final edit is the only edit
    async function* shownBeforeTheEnd() {
      yield model;
      await sleep(300);
    }
    rig.fake.failNext('editMessageText', {
      error_code: 400,
      description:
        "Bad Request: can't parse entities: Character '-' is reserved and must be escaped with the preceding '\\'",
    });
    const result = await renderStream(shownBeforeTheEnd(), new TelegramEditSurface(rig.api, refused.id), FAST, {
      pacer: new ConversationPacer(),
    });
    // Assess
    const finalEdit = callsOf(rig.fake, formatted.id, 'editMessageText').at(-1)!;
    expect(finalEdit.params.parse_mode).toBe('MarkdownV2');
    expect(
      callsOf(rig.fake, formatted.id)
        .filter((c) => c.method !== 'sendChatAction' && c !== finalEdit)
        .every((c) => c.params.parse_mode === undefined),
    ).toBe(true);
    expect(finalTexts(rig.fake, formatted.id)).toEqual([toTelegramMarkdownV2(model).visible]);
    const refusedEdits = callsOf(rig.fake, refused.id, 'editMessageText');
    expect(refusedEdits).toHaveLength(1); // the plain fallback would be identical to what the message shows: not sent
    expect(refusedEdits[0]!.params.parse_mode).toBe('MarkdownV2');
    expect(refusedEdits[0]!.error?.description).toContain("can't parse entities");
    expect(finalTexts(rig.fake, refused.id)).toEqual([model]);
    expect(identicalEdits(rig.fake, refused.id)).toEqual([]);
    expect(result.formatFallbacks).toBe(1);
  });

  it('sends the final text as a new message when the streamed one was deleted meanwhile', async () => {
    // Prepare: an admin deletes the bot's message while it streams
    const chat = groupChat();
    const source = timedDeltas(ANSWER, { chunk: 20, everyMs: 40 });
    const deleting = rig.fake
      .waitFor((c) => c.method === 'sendMessage' && String(c.params.chat_id) === String(chat.id))
      .then((c) => rig.api.deleteMessage(chat.id, (c.result as { message_id: number }).message_id));
    // Act
    const result = await renderStream(source, new TelegramEditSurface(rig.api, chat.id), FAST, {
      pacer: new ConversationPacer(),
    });
    await deleting;
    // Assess
    const sends = callsOf(rig.fake, chat.id, 'sendMessage');
    expect(sends).toHaveLength(2);
    expect(sends[1]!.params.text).toBe(ANSWER);
    expect(callsOf(rig.fake, chat.id, 'editMessageText').filter((c) => !c.error)).toEqual([]);
    expect(result.messages).toBe(1);
  });

  it('types at once when the message arrives and every few seconds while the router works, then stops', async () => {
    // Prepare: the router takes 1.5 s; typing repeats every 300 ms here (production: 4.5 s, inside the 5 s a typing
    // shows)
    const chat = groupChat();
    const surface = new TelegramEditSurface(rig.api, chat.id, { activityRepeatMs: 300 });
    const source = timedDeltas(ANSWER, { chunk: 40, everyMs: 30, firstDelayMs: 1_500 });
    const arrivedAt = Date.now();
    // Act
    void surface.startActivity();
    await renderStream(source, surface, FAST, { pacer: new ConversationPacer() });
    // Assess
    const calls = callsOf(rig.fake, chat.id);
    const typing = calls.filter((c) => c.method === 'sendChatAction');
    expect(calls[0]).toMatchObject({ method: 'sendChatAction', params: { action: 'typing' } });
    expect(calls[0]!.at - arrivedAt).toBeLessThan(1_000);
    expect(calls[0]!.at).toBeLessThan(source.yieldedAt[0]!);
    expect(typing.length).toBeGreaterThanOrEqual(4);
    const firstSend = calls.find((c) => c.method === 'sendMessage')!;
    expect(typing.every((c) => c.at <= firstSend.at)).toBe(true);
    expect(TYPING_REPEAT_MS).toBeLessThan(5_000);
  });
});
