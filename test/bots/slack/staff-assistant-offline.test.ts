// The staff assistant with no model, in a customer conversation handed to a person: each question gets its own
// answer (the order, the phone, a summary that keeps promises), and what it cannot do offline is said plainly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAKE_OVER_ACTION } from '../../../bots/slack/handoff-desk.ts';
import { HANDOFF_TEXTS } from '../../../bots/slack/handoff-texts.ts';
import { STAFF_ASSISTANT_TEXTS } from '../../../bots/slack/staff-assistant-texts.ts';
import { formatMoney } from '../../../core/lang.ts';
import type { Order } from '../../../core/order.ts';
import { COPACABANA } from '../../support/api-client.ts';
import { BOT_USER_ID, type SlackMessage, SUPPORT_CHANNEL } from '../../support/fake-slack-api.ts';
import { blockActionBody, eventRequest, interactionRequest, threadReply } from '../../support/slack-requests.ts';
import { checkoutToSummary, waitForOrderStatus } from '../telegram/bot-harness.ts';
import { customer, onlyCard, reply } from './handoff-helpers.ts';
import { ANA, BRUNO, type SlackHarness, startSlackHarness } from './slack-harness.ts';

const t = STAFF_ASSISTANT_TEXTS['pt-BR'];
const PHONE = '+5521987654321';

let h: SlackHarness;
let card: SlackMessage;
let order: Order;

/** `user` writes in the thread: Slack keeps the message (conversations.replies reads it) and sends the event. */
async function staffWrites(user: string, text: string): Promise<void> {
  const r = await reply(h, user, card, text);
  h.slack.messages.push({ channel: SUPPORT_CHANNEL, ts: r.ts, thread_ts: card.ts, text, user, edits: 0 });
}

/** Bruno asks the assistant in the conversation's thread; returns the answer it posted there. */
async function ask(question: string): Promise<string> {
  const event = { ...threadReply(BRUNO, card.ts, `<@${BOT_USER_ID}> ${question}`), type: 'app_mention' };
  expect((await h.send(eventRequest(event))).status).toBe(200);
  const answers = h.slack
    .thread(SUPPORT_CHANNEL, card.ts)
    .filter((m) => m.user === BOT_USER_ID && m.text.startsWith(t.local.header));
  return answers.at(-1)!.text;
}

describe('staff assistant, offline, in a customer conversation (staff in Portuguese)', () => {
  beforeAll(async () => {
    // A customer with a confirmed order asks for a person; Ana takes over, promises a coupon and notes a remake
    h = await startSlackHarness({ staffLang: 'pt-BR' });
    const chat = customer(h, { firstName: 'Júlia', languageCode: 'pt-BR' });
    await checkoutToSummary(chat, { ...COPACABANA, phone: PHONE, payment: /^pay:pix:/ });
    await chat.press(/^place:/);
    const orderId = ((await h.stack.sessions.get<any>(`telegram:${chat.chatId}`))!.state.orderIds as string[])[0]!;
    order = await waitForOrderStatus(h.stack, orderId, 'CONFIRMED');
    await h.settle();
    await chat.text('quero falar com uma pessoa');
    card = onlyCard(h, 'Júlia', HANDOFF_TEXTS['pt-BR']);
    await h.send(
      interactionRequest(
        blockActionBody(ANA, { action_id: TAKE_OVER_ACTION, value: `telegram:${chat.chatId}` }, { ts: card.ts }),
      ),
    );
    await chat.text('a pizza chegou fria');
    await staffWrites(ANA, 'Poxa, desculpa! Vou te mandar um cupom de 15% pro próximo pedido.');
    await staffWrites(ANA, 'nota: refazer a pizza dela amanhã sem custo');
    await staffWrites(ANA, 'Já já te mando o código.');
  });
  afterAll(async () => {
    await h.close();
  });

  it('"o que o cliente pediu?" gives the items, total, status in words and address', async () => {
    const text = await ask('o que o cliente pediu?');
    for (const line of order.items) expect(text).toContain(`${line.qty} × ${line.name}`);
    expect(text).toContain(t.offline.orderNow(order.orderId, 'confirmado'));
    expect(text).toContain(formatMoney(order.total, 'pt-BR'));
    expect(text).toContain(order.address.text);
    expect(text).not.toMatch(/CONFIRMED|cupom|chegou fria/);
    expect(text).not.toContain(PHONE);
  });

  it('"qual o telefone dela?" gives the phone, to a member', async () => {
    const text = await ask('qual o telefone dela?');
    expect(text).toContain(t.offline.phone('“Júlia”', PHONE, order.orderId));
    expect(text).not.toContain('× ');
  });

  it('"resuma" is a real summary that keeps the promises made, and says who has the conversation', async () => {
    const text = await ask('resuma');
    expect(text).toContain(t.offline.who('“Júlia”'));
    expect(text).toContain('Pediu: “quero falar com uma pessoa”');
    expect(text).toContain(t.offline.orderNow(order.orderId, 'confirmado'));
    expect(text).toContain('a pizza chegou fria');
    expect(text).toContain(
      t.offline.promises([
        'Ana: Poxa, desculpa! Vou te mandar um cupom de 15% pro próximo pedido.',
        'Ana: nota: refazer a pizza dela amanhã sem custo',
      ]),
    );
    expect(text).toContain('Já já te mando o código.');
    expect(text).toContain(t.offline.withWhom('Ana'));
  });

  it('a question it cannot answer offline says so plainly, then gives the summary', async () => {
    const text = await ask('ela é cliente antiga?');
    expect(text).toContain(t.offline.cannot);
    expect(text).toContain('cupom de 15%');
  });
});
