// Telegram on the local stack, as `npm start` runs it: the webhook route over HTTP, long polling, and status pushes.
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../apps/local/local-stack.ts';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { call, orderBody, waitForAwaitingStaff, waitForStatus } from '../../support/api-client.ts';
import { DEMO_PACKAGE } from '../../support/demo-store.ts';
import { BOT_INFO, type FakeTelegramApi, startFakeTelegramApi } from '../../support/fake-telegram-api.ts';
import { command, textMessage } from '../../support/telegram-updates.ts';

const SECRET = 'local-webhook-secret';
let stack: LocalStack | undefined;
let fake: FakeTelegramApi | undefined;
afterEach(async () => {
  await stack?.stop();
  await fake?.close();
  stack = undefined;
  fake = undefined;
});

const postUpdate = (s: LocalStack, update: unknown, secret = SECRET) =>
  fetch(`${s.url}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body: JSON.stringify(update),
  });

describe('local stack with Telegram', () => {
  it('serves POST /telegram/webhook when a secret is set: 401 for a wrong secret, the menu for /start', async () => {
    fake = await startFakeTelegramApi();
    stack = await startLocalStack({
      catalog: DEMO_PACKAGE,
      port: 0,
      staffToken: 's',
      telegram: { token: fake.token, apiRoot: fake.apiRoot, webhookSecret: SECRET, botInfo: BOT_INFO },
    });
    expect(stack.telegram?.mode).toBe('webhook');

    const wrong = await postUpdate(stack, command(901, '/start'), 'nope');
    const right = await postUpdate(stack, command(902, '/start', { firstName: 'Bia' }));
    await stack.telegram!.drain();

    expect([wrong.status, right.status]).toEqual([401, 200]);
    expect(fake.chat(901)).toEqual([]);
    const reply = fake.chat(902).find((c) => c.method === 'sendMessage')!;
    expect(String(reply.params.text)).toContain(TEXTS['pt-BR'].mainMenuPrompt);
    expect(fake.calls.filter((c) => c.method === 'setMyCommands')).toHaveLength(2);
  });

  it('accepts an update larger than the API limit of 64 KB on the webhook route (never a 413 Telegram would resend)', async () => {
    fake = await startFakeTelegramApi();
    stack = await startLocalStack({
      catalog: DEMO_PACKAGE,
      port: 0,
      staffToken: 's',
      telegram: { token: fake.token, apiRoot: fake.apiRoot, webhookSecret: SECRET, botInfo: BOT_INFO },
    });
    const res = await postUpdate(stack, { ...textMessage(903, 'x'.repeat(4096)), padding: 'y'.repeat(80_000) });
    await stack.telegram!.drain();
    expect(res.status).toBe(200);
  });

  it("long-polls when there is no secret; an API order's link joins the chat, which then gets its status changes", async () => {
    fake = await startFakeTelegramApi();
    stack = await startLocalStack({
      catalog: DEMO_PACKAGE,
      port: 0,
      staffToken: 's',
      telegram: { token: fake.token, apiRoot: fake.apiRoot, botInfo: BOT_INFO },
    });
    expect(stack.telegram?.mode).toBe('polling');

    fake.enqueueUpdate(command(904, '/start'));
    await fake.waitFor((c) => c.method === 'sendMessage' && String(c.params.chat_id) === '904');

    const res = await call(stack, 'POST', '/api/orders', {
      body: orderBody({
        customer: { name: 'Caio', phone: '+5521977776666' },
        items: [{ sku: 'GUARANA-350', qty: 1 }],
        payment: { method: 'pix' },
      }),
    });
    const placed = res.body as { orderId: string; accessToken: string; links: { telegram: string } };
    await waitForStatus(stack, placed.orderId, placed.accessToken, 'CONFIRMED');
    await waitForAwaitingStaff(stack, placed.orderId);
    // Nothing reaches a chat before it opens the link (https://t.me/<bot>?start=<token>).
    expect(fake.chat(905)).toEqual([]);
    fake.enqueueUpdate(command(905, '/start', { args: new URL(placed.links.telegram).searchParams.get('start')! }));
    await fake.waitFor(
      (c) => c.method === 'sendMessage' && String(c.params.chat_id) === '905' && String(c.params.text).startsWith('📦'),
    );
    await call(stack, 'POST', `/api/orders/${placed.orderId}/advance`, { token: 's' });
    const preparing = await fake.waitFor(
      (c) =>
        c.method === 'sendMessage' &&
        String(c.params.chat_id) === '905' &&
        String(c.params.text).includes('sendo preparado'),
    );
    expect(String(preparing.params.text)).toMatch(
      new RegExp(`^Seu pedido ${placed.orderId} está sendo preparado\\. Previsão: por volta das \\d\\d:\\d\\d\\.$`),
    );
    expect(fake.chat(905).map((c) => String(c.params.text).split(' ')[0])).toEqual(['✅', '📦', 'Seu']);
  });

  it('runs without Telegram when no token is given', async () => {
    stack = await startLocalStack({ catalog: DEMO_PACKAGE, port: 0, staffToken: 's' });
    expect(stack.telegram).toBeUndefined();
    const res = await fetch(`${stack.url}/telegram/webhook`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });
});
