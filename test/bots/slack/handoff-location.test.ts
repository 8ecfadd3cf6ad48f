// A location the customer shares during a handoff reaches the staff thread as a place in words plus its exact point,
// and as the point alone when the geocoder has no name for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAKE_OVER_ACTION } from '../../../bots/slack/handoff-desk.ts';
import { HANDOFF_TEXTS } from '../../../bots/slack/handoff-texts.ts';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { COPACABANA } from '../../support/api-client.ts';
import { type SlackMessage, SUPPORT_CHANNEL } from '../../support/fake-slack-api.ts';
import { blockActionBody, interactionRequest } from '../../support/slack-requests.ts';
import type { ChatDriver } from '../telegram/bot-harness.ts';
import { customer, onlyCard, sentTo } from './handoff-helpers.ts';
import { ANA, type SlackHarness, startSlackHarness } from './slack-harness.ts';

const staffEn = HANDOFF_TEXTS.en;
const pt = TEXTS['pt-BR'];
const threadOf = (h: SlackHarness, card: SlackMessage) =>
  h.slack
    .thread(SUPPORT_CHANNEL, card.ts)
    .slice(1)
    .map((m) => m.text);

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(() => h.close());

/** A customer who asked for a person, and Ana took the conversation over. */
async function takenConversation(name: string): Promise<{ chat: ChatDriver; card: SlackMessage }> {
  const chat = customer(h, { firstName: name });
  await chat.text('quero falar com uma pessoa');
  const card = onlyCard(h, name, staffEn);
  await h.send(
    interactionRequest(
      blockActionBody(ANA, { action_id: TAKE_OVER_ACTION, value: `telegram:${chat.chatId}` }, { ts: card.ts }),
    ),
  );
  expect(sentTo(chat).at(-1)).toBe(pt.staffJoined('Ana'));
  return { chat, card };
}

describe('Slack handoff: a shared location', () => {
  it('is mirrored as the place in words and its exact point', async () => {
    // Prepare
    const { chat, card } = await takenConversation('Lia');

    // Act
    await chat.location(COPACABANA.lat, COPACABANA.lon);

    // Assess
    expect(threadOf(h, card).at(-1)).toBe(
      `${staffEn.mirrorPrefix('“Lia”')} “[location perto de Copacabana, Rio de Janeiro (-22.96680, -43.18700)]”`,
    );
  });

  it('is mirrored as the point alone where the geocoder has no name (at sea)', async () => {
    // Prepare
    const { chat, card } = await takenConversation('Noa');

    // Act
    await chat.location(-23.1, -43.18);

    // Assess
    expect(threadOf(h, card).at(-1)).toBe(`${staffEn.mirrorPrefix('“Noa”')} “[location -23.10000, -43.18000]”`);
  });
});
