// The production policies in real time against the fake Bot API: the spacing Telegram sees (the fake's recorded
// arrival times) and the number of calls per answer. Kept to two ~2–3 s streams, run side by side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderStream } from '../../../bots/streaming/stream-renderer.ts';
import {
  TELEGRAM_DRAFT_POLICY,
  TELEGRAM_GROUP_POLICY,
  telegramStream,
} from '../../../bots/streaming/telegram-surfaces.ts';
import {
  callsOf,
  finalTexts,
  gaps,
  groupChat,
  identicalEdits,
  longAnswer,
  privateChat,
  startTelegramRig,
  type TelegramRig,
  timedDeltas,
} from './stream-harness.ts';

describe.concurrent('Telegram streaming: production policies in real time', () => {
  let rig: TelegramRig;
  beforeAll(async () => {
    rig = await startTelegramRig();
  });
  afterAll(async () => {
    await rig.close();
  });

  it('group: edits at least 1 s apart as Telegram receives them, at most 1 send + 3 edits for a 2 s stream', async () => {
    // Prepare: 30 characters every 50 ms for 2 s; the shared (process-wide) pacer, as in production
    const chat = groupChat();
    const text = longAnswer(1_200).slice(0, 1_200);
    const { surface, policy } = telegramStream(rig.api, chat);
    // Act
    const result = await renderStream(timedDeltas(text, { chunk: 30, everyMs: 50 }), surface, policy);
    // Assess
    expect(policy).toBe(TELEGRAM_GROUP_POLICY);
    const calls = callsOf(rig.fake, chat.id, 'sendMessage', 'editMessageText');
    const edits = calls.filter((c) => c.method === 'editMessageText');
    expect(calls.filter((c) => c.method === 'sendMessage')).toHaveLength(1);
    expect(edits.length).toBeGreaterThanOrEqual(2); // it did stream
    expect(edits.length).toBeLessThanOrEqual(3); // calls may start at ≥0, ≥1, ≥2 s while streaming, and the final one
    for (const gap of gaps(edits)) expect(gap).toBeGreaterThanOrEqual(1_000);
    for (const gap of gaps(calls)) expect(gap).toBeGreaterThanOrEqual(1_000);
    expect(identicalEdits(rig.fake, chat.id)).toEqual([]);
    expect(finalTexts(rig.fake, chat.id)).toEqual([text]);
    expect(result.apiCalls).toBe(calls.length);
  });

  it('private: drafts at least 500 ms apart, at most 5 drafts + 1 message for a 2 s stream', async () => {
    // Prepare
    const chat = privateChat();
    const text = longAnswer(1_200).slice(0, 1_200);
    const { surface, policy } = telegramStream(rig.api, chat);
    // Act
    const result = await renderStream(timedDeltas(text, { chunk: 30, everyMs: 50 }), surface, policy);
    // Assess
    expect(policy).toBe(TELEGRAM_DRAFT_POLICY);
    const calls = callsOf(rig.fake, chat.id, 'sendMessageDraft', 'sendMessage').filter((c) => c.params.text !== '');
    const drafts = calls.filter((c) => c.method === 'sendMessageDraft');
    expect(drafts.length).toBeGreaterThanOrEqual(3);
    expect(drafts.length).toBeLessThanOrEqual(5); // at ≥0, 0.5, 1, 1.5, 2 s
    for (const gap of gaps(calls)) expect(gap).toBeGreaterThanOrEqual(500);
    expect(calls.at(-1)!.method).toBe('sendMessage');
    expect(finalTexts(rig.fake, chat.id)).toEqual([text]);
    expect(result.apiCalls).toBe(calls.length);
  });
});
