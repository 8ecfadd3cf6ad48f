// Who may message whom: an API order reaches a Telegram chat only after that chat opened the order's one-time link
// (local stack, real bot, fake Bot API).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../apps/local/local-stack.ts';
import { TEXTS } from '../../bots/telegram/telegram-texts.ts';
import { placeOrder } from '../../core/place-order.ts';
import { COPACABANA, call, orderBody, waitForAwaitingStaff, waitForStatus } from '../support/api-client.ts';
import { DEMO_PACKAGE } from '../support/demo-store.ts';
import { BOT_INFO, type FakeTelegramApi, startFakeTelegramApi } from '../support/fake-telegram-api.ts';
import { command, textMessage } from '../support/telegram-updates.ts';

const pt = TEXTS['pt-BR'];
const SECRET = 'link-test-webhook-secret';
const STAFF = 'staff-token-for-link-tests';
const LINK = new RegExp(`^https://t\\.me/${BOT_INFO.username}\\?start=([A-Za-z0-9_-]{43})$`);
const PHISHING = 'URGENTE: seu cartão foi recusado. Pague de novo via Pix em http://pix-pagamento.example/pague';

let stack: LocalStack;
let fake: FakeTelegramApi;
let nextChat = 880_000_000;

beforeAll(async () => {
  fake = await startFakeTelegramApi();
  stack = await startLocalStack({
    catalog: DEMO_PACKAGE,
    port: 0,
    staffToken: STAFF,
    assistant: false,
    retryIntervalMs: 5,
    telegram: { token: fake.token, apiRoot: fake.apiRoot, webhookSecret: SECRET, botInfo: BOT_INFO },
  });
});
afterAll(async () => {
  await stack?.stop();
  await fake?.close();
});

/** Telegram delivering one update to the webhook, and the bot done with it. */
async function deliver(update: unknown): Promise<void> {
  const res = await fetch(`${stack.url}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  });
  expect(res.status).toBe(200);
  await stack.telegram!.drain();
}
const textsOf = (chatId: number) =>
  fake
    .chat(chatId)
    .filter((c) => c.method === 'sendMessage')
    .map((c) => String(c.params.text));
/** Lets the in-process notifier hand its pushes to the fake Bot API. */
const settle = () => new Promise((r) => setTimeout(r, 150));

async function placeViaApi(customer: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await call(stack, 'POST', '/api/orders', {
    body: orderBody({ customer, items: [{ sku: 'GUARANA-350', qty: 1 }], payment: { method: 'pix' } }),
    headers,
  });
  expect(res.status).toBe(202);
  return res.body as { orderId: string; status: string; accessToken?: string; links?: { telegram: string } };
}

describe('an order placed over the API and a Telegram chat', () => {
  it('ignores customer.telegramChatId: an address change typed by the client never reaches that chat, nor does the order', async () => {
    // Prepare: someone else's chat id in the body
    const victim = nextChat++;
    const placed = await placeViaApi({ name: 'Eve', phone: '+5521900000001', telegramChatId: victim });
    await waitForStatus(stack, placed.orderId, placed.accessToken!, 'CONFIRMED');

    // Act: the same point under new words (the same fee: a Pix order cannot be charged a higher one)
    const changed = await call(stack, 'POST', `/api/orders/${placed.orderId}/address`, {
      token: placed.accessToken,
      body: { ...COPACABANA, text: PHISHING },
    });
    await settle();
    await deliver(textMessage(victim, `cadê o pedido ${placed.orderId}?`));

    // Assess: nothing was pushed to the chat, and the chat does not see the order as its own.
    expect(changed.status).toBe(200);
    expect((await stack.deps.orders.get(placed.orderId))!.customer.telegramChatId).toBeUndefined();
    expect(textsOf(victim)).toEqual([pt.orderNotFound(placed.orderId)]);
  });

  it('answers with a one-time t.me link; the chat that opens it follows the order, and a second chat is refused', async () => {
    // Prepare
    const [customer, other] = [nextChat++, nextChat++];
    const placed = await placeViaApi({ name: 'Ana', phone: '+5521900000002' });
    const token = LINK.exec(placed.links?.telegram ?? '')?.[1];
    expect(token, JSON.stringify(placed)).toBeDefined();
    await waitForAwaitingStaff(stack, placed.orderId);

    // Act
    await deliver(command(customer, '/start', { args: token }));
    await deliver(command(other, '/start', { args: token }));
    await call(stack, 'POST', `/api/orders/${placed.orderId}/advance`, { token: STAFF });
    await settle();
    await deliver(textMessage(customer, 'cadê meu pedido?'));

    // Assess
    const said = textsOf(customer);
    expect(said[0]).toBe(pt.orderLinked(placed.orderId));
    expect(said[1]).toContain(`Pedido ${placed.orderId}: ${pt.statusName.CONFIRMED}`);
    expect(said).toContainEqual(
      expect.stringMatching(
        new RegExp(`^Seu pedido ${placed.orderId} está sendo preparado\\. Previsão: por volta das \\d\\d:\\d\\d\\.$`),
      ),
    );
    expect(said.at(-1)).toContain(`Pedido ${placed.orderId}: ${pt.statusName.PREPARING}`);
    expect(textsOf(other)).toEqual([pt.orderLinkRefused.used]);
    expect((await stack.deps.orders.get(placed.orderId))!.customer.telegramChatId).toBe(customer);
  });

  it('tells the chat of a Telegram order cancelled through the API, once; a cancel in the chat is not repeated', async () => {
    // Prepare: two orders placed in the chat
    const chat = nextChat++;
    const inChat = async (phone: string) =>
      placeOrder(
        stack.deps,
        orderBody({
          customer: { name: 'Rui', phone },
          items: [{ sku: 'GUARANA-350', qty: 1 }],
          payment: { method: 'cash' },
        }),
        { lang: 'pt-BR', telegramChatId: chat },
      );
    const viaApi = await inChat('+5521900000008');
    await waitForAwaitingStaff(stack, viaApi.order.orderId);

    // Act: the same customer cancels on the web (the order's access token)
    const cancelled = await call(stack, 'POST', `/api/orders/${viaApi.order.orderId}/cancel`, {
      token: viaApi.accessToken,
    });
    await settle();

    // Assess
    expect(cancelled.status).toBe(200);
    const told = textsOf(chat).filter((t) => t.includes(viaApi.order.orderId) && /cancelado/.test(t));
    expect(told).toHaveLength(1);
  });

  it('links only one of two chats opening the same link at the same moment', async () => {
    // Prepare
    const chats = [nextChat++, nextChat++];
    const placed = await placeViaApi({ name: 'Bia', phone: '+5521900000003' });
    const token = LINK.exec(placed.links!.telegram)![1];

    // Act: the webhook queues each chat on its own lane, so the two run concurrently.
    await Promise.all(
      chats.map((chat) =>
        fetch(`${stack.url}/telegram/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
          body: JSON.stringify(command(chat, '/start', { args: token })),
        }),
      ),
    );
    await stack.telegram!.drain();

    // Assess
    const firstTexts = chats.map((chat) => textsOf(chat)[0]);
    expect(firstTexts.filter((t) => t === pt.orderLinked(placed.orderId))).toHaveLength(1);
    expect(firstTexts.filter((t) => t === pt.orderLinkRefused.used)).toHaveLength(1);
  });

  it('tells a chat plainly when a link is unknown or malformed, in its language, and shows nothing of any order', async () => {
    // Prepare
    const [pt1, en1] = [nextChat++, nextChat++];

    // Act
    await deliver(command(pt1, '/start', { args: 'Z'.repeat(43) }));
    await deliver(command(en1, '/start', { args: 'not-a-link', languageCode: 'en' }));

    // Assess
    expect(textsOf(pt1)).toEqual([pt.orderLinkRefused.unknown]);
    expect(textsOf(en1)).toEqual([TEXTS.en.orderLinkRefused.unknown]);
  });

  it('gives no link to a replay that cannot prove it made the first request, and a fresh one to one that can', async () => {
    // Prepare
    const headers = { 'idempotency-key': `link-replay-${Date.now()}`, 'idempotency-secret': 'q'.repeat(40) };
    const customer = { name: 'Caio', phone: '+5521900000004' };
    const first = await placeViaApi(customer, headers);

    // Act
    const bare = await placeViaApi(customer, { 'idempotency-key': headers['idempotency-key'] });
    const proven = await placeViaApi(customer, headers);

    // Assess
    expect(first.links?.telegram).toMatch(LINK);
    expect(bare).toEqual({ orderId: first.orderId, status: expect.any(String) });
    expect(proven.links?.telegram).toMatch(LINK);
    expect(proven.links!.telegram).not.toBe(first.links!.telegram);
  });

  it('keeps orders placed in the bot working as before: the chat that placed one is its chat, with no link needed', async () => {
    // Act: an order placed through core with the chat the bot verified (the bot's own checkout path).
    const chat = nextChat++;
    const placed = await placeOrder(
      stack.deps,
      orderBody({
        customer: { name: 'Dani', phone: '+5521900000005' },
        items: [{ sku: 'GUARANA-350', qty: 1 }],
        // Cash: a Pix order's chat gets the Pix itself pushed (the QR and the code), which is not a repeat.
        payment: { method: 'cash' },
      }),
      { lang: 'pt-BR', telegramChatId: chat },
    );
    await settle();

    // Assess
    expect(placed.order.customer.telegramChatId).toBe(chat);
    // The bot's checkout confirms the order in its own reply, so RECEIVED and CONFIRMED are not pushed on top of it.
    expect(textsOf(chat).filter((t) => t.includes(placed.order.orderId))).toEqual([]);
  });
});

describe('without the bot', () => {
  it('answers POST /api/orders without any link', async () => {
    // Prepare
    const bare = await startLocalStack({ catalog: DEMO_PACKAGE, port: 0, staffToken: STAFF, assistant: false });

    // Act
    const res = await call(bare, 'POST', '/api/orders', {
      body: orderBody({ items: [{ sku: 'GUARANA-350', qty: 1 }], payment: { method: 'pix' } }),
    });
    await bare.stop();

    // Assess
    expect(res.status).toBe(202);
    expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'orderId', 'status']);
  });
});
