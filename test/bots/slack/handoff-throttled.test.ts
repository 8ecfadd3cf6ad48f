// The handoff desk when Slack throttles: an escalation whose transcript was refused still gets it (once, on one card),
// and a first reply whose take-over note was refused still reaches the customer.
import { afterEach, describe, expect, it } from 'vitest';
import { HANDOFF_TEXTS } from '../../../bots/slack/handoff-texts.ts';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { SUPPORT_CHANNEL } from '../../support/fake-slack-api.ts';
import { customer, onlyCard, reply, sentTo } from './handoff-helpers.ts';
import { ANA, type SlackHarness, startSlackHarness } from './slack-harness.ts';

const staffEn = HANDOFF_TEXTS.en;
const pt = TEXTS['pt-BR'];
const RATE_LIMITED = { error: 'ratelimited', status: 429, retryAfter: 1 };

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const threadTexts = (s: SlackHarness, ts: string) =>
  s.slack
    .thread(SUPPORT_CHANNEL, ts)
    .slice(1)
    .map((m) => m.text);

describe('Slack handoff under rate limits', () => {
  it('an escalation whose transcript post gets a 429: one card, and the transcript posted once after the retry', async () => {
    // Prepare: the transcript is the first thread reply the desk posts
    h = await startSlackHarness();
    h.slack.failNext('chat.postMessage', {
      ...RATE_LIMITED,
      when: (p) => typeof p.thread_ts === 'string' && String(p.text).startsWith(staffEn.transcriptTitle),
    });
    const chat = customer(h, { firstName: 'Vera' });

    // Act
    await chat.text('quero falar com uma pessoa');

    // Assess
    const card = onlyCard(h, 'Vera');
    expect(threadTexts(h, card.ts).filter((t) => t.startsWith(staffEn.transcriptTitle))).toHaveLength(1);
    expect(h.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.error === 'ratelimited')).toHaveLength(1);
  });

  it('a first reply whose take-over note gets a 429 still reaches the customer, and the note is posted after the wait', async () => {
    // Prepare
    h = await startSlackHarness();
    const chat = customer(h, { firstName: 'Rui' });
    await chat.text('quero falar com uma pessoa');
    const card = onlyCard(h, 'Rui');
    h.slack.failNext('chat.postMessage', { ...RATE_LIMITED, when: (p) => p.text === staffEn.tookOver('Ana') });
    const mark = sentTo(chat).length;

    // Act: Ana answers without pressing Take over (the reply takes it over)
    await reply(h, ANA, card, 'Oi Rui, aqui é a Ana!');

    // Assess
    expect(sentTo(chat).slice(mark)).toEqual([pt.staffJoined('Ana'), 'Oi Rui, aqui é a Ana!']);
    expect(threadTexts(h, card.ts).filter((t) => t === staffEn.tookOver('Ana'))).toHaveLength(1);
  });
});
