// The escalation card as staff read it: the request quoted with the problem before it, the order's status in words
// kept live, and a second escalation linking the first thread with what staff said there.
import { afterEach, describe, expect, it } from 'vitest';
import { RETURN_TO_BOT_ACTION, TAKE_OVER_ACTION } from '../../../bots/slack/handoff-desk.ts';
import { HANDOFF_TEXTS } from '../../../bots/slack/handoff-texts.ts';
import { ORDERS_TEXTS } from '../../../bots/slack/orders-texts.ts';
import { COPACABANA } from '../../support/api-client.ts';
import { type SlackMessage, SUPPORT_CHANNEL } from '../../support/fake-slack-api.ts';
import { blockActionBody, interactionRequest } from '../../support/slack-requests.ts';
import { type ChatDriver, checkoutToSummary, waitForOrderStatus } from '../telegram/bot-harness.ts';
import { customer, reply } from './handoff-helpers.ts';
import { pressOrderButton } from './order-feed-helpers.ts';
import { ANA, type SlackHarness, startSlackHarness } from './slack-harness.ts';

const staff = HANDOFF_TEXTS.en;
const words = ORDERS_TEXTS.en.status;

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const keyOf = (chat: ChatDriver) => `telegram:${chat.chatId}`;
const cardsOf = (harness: SlackHarness, name: string) =>
  harness.slack.messages.filter(
    (m) => m.channel === SUPPORT_CHANNEL && !m.thread_ts && m.text.startsWith(staff.cardFallback(`“${name}”`)),
  );
/** The card's mrkdwn as staff read it (every section's text), as it is now. */
const cardText = (m: SlackMessage) =>
  (m.blocks ?? [])
    .flatMap((b: any) => [b.text?.text, ...(b.fields ?? []).map((f: any) => f.text)])
    .filter(Boolean)
    .join('\n');
const press = (harness: SlackHarness, actionId: string, chat: ChatDriver, card: SlackMessage) =>
  harness.send(interactionRequest(blockActionBody(ANA, { action_id: actionId, value: keyOf(chat) }, { ts: card.ts })));

describe('the escalation card', () => {
  it('quotes the request, shows the order in words, and follows the order as it moves', async () => {
    // Prepare: a customer with a confirmed order asks for a person
    h = await startSlackHarness();
    const chat = customer(h, { firstName: 'Téo', languageCode: 'pt-BR' });
    await checkoutToSummary(chat, { ...COPACABANA, phone: '+5521987650002', payment: /^pay:pix:/ });
    await chat.press(/^place:/);
    const orderId = ((await h.stack.sessions.get<any>(keyOf(chat)))!.state.orderIds as string[])[0]!;
    const order = await waitForOrderStatus(h.stack, orderId, 'CONFIRMED');
    await h.settle();
    await chat.text('quero falar com uma pessoa');
    const [card] = cardsOf(h, 'Téo');

    // Assess 1
    const shown = cardText(card!);
    expect(shown).toContain(staff.summaryLastMessage('“quero falar com uma pessoa”'));
    expect(shown).toContain(staff.summaryLatestOrder(orderId, words.CONFIRMED, order.total));
    expect(shown).not.toMatch(/\bCONFIRMED\b/);

    // Act 2: the kitchen starts the order from its feed card
    await pressOrderButton(h, ANA, orderId, { actionPrefix: 'order_advance:' });
    await waitForOrderStatus(h.stack, orderId, 'PREPARING');
    await h.settle();

    // Assess 2: the same card now says so, in words
    expect(cardText(card!)).toContain(staff.summaryLatestOrder(orderId, words.PREPARING, order.total));
    expect(cardText(card!)).not.toMatch(/PREPARING|OUT_FOR_DELIVERY/);
  });

  it('a second escalation links the earlier thread and carries what staff said there', async () => {
    // Prepare: a first escalation where Ana promised a coupon and noted a remake, then handed back
    h = await startSlackHarness();
    const chat = customer(h, { firstName: 'Nara' });
    await chat.text('quero falar com uma pessoa');
    const [first] = cardsOf(h, 'Nara');
    await press(h, TAKE_OVER_ACTION, chat, first!);
    await reply(h, ANA, first!, 'Desculpa, Nara! Vou te mandar um *cupom de 10%* no próximo pedido.');
    await reply(h, ANA, first!, 'nota: refazer a pizza amanhã sem custo');
    await press(h, RETURN_TO_BOT_ACTION, chat, first!);

    // Act: she asks for a person again
    await chat.text('preciso falar com um atendente de novo');

    // Assess: a new card linking the first thread, with Ana's words there
    const cards = cardsOf(h, 'Nara');
    expect(cards).toHaveLength(2);
    const shown = cardText(cards[1]!);
    const link = `https://fake.slack.com/archives/${SUPPORT_CHANNEL}/p${first!.ts.replace('.', '')}`;
    expect(shown).toContain(`<${link}|${staff.earlierThread}>`);
    expect(shown).toContain('*Ana*: “Desculpa, Nara! Vou te mandar um cupom de 10% no próximo pedido.”');
    expect(shown).toContain('🔒 *Ana*: “refazer a pizza amanhã sem custo”');
  });

  it('summarizes the problem before the request from what the customer wrote, leaving out a bare hello', async () => {
    // Prepare
    h = await startSlackHarness();
    const escalation = {
      conversationKey: 'telegram:777001',
      customerName: 'Caio',
      lang: 'pt-BR' as const,
      reason: 'asked_in_chat' as const,
      transcript: [
        { role: 'user' as const, text: 'oi' },
        { role: 'assistant' as const, text: 'Oi! Como posso ajudar?' },
        { role: 'user' as const, text: 'a pizza chegou fria e a caixa amassada' },
        { role: 'assistant' as const, text: 'Sinto muito! Posso chamar alguém da equipe.' },
        { role: 'user' as const, text: 'quero falar com uma pessoa' },
      ],
      orders: [{ orderId: 'ABC123', status: 'OUT_FOR_DELIVERY', total: 5290 }],
      at: new Date().toISOString(),
    };

    // Act: the escalation as the chat hands it to the desk's worker
    await h.stack.slack!.console.handle({ kind: 'escalate', escalation });

    // Assess
    const shown = cardText(cardsOf(h, 'Caio')[0]!);
    expect(shown).toContain(
      `${staff.summaryLastMessage('“quero falar com uma pessoa”')}\n${staff.summaryBefore('“a pizza chegou fria e a caixa amassada”')}`,
    );
    expect(shown).toContain(staff.summaryLatestOrder('ABC123', words.OUT_FOR_DELIVERY, 5290));
    expect(shown).not.toMatch(/OUT_FOR_DELIVERY|“oi”/);
  });
});
