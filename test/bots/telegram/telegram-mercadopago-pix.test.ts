// The whole Pix path a Brazilian customer takes, with Mercado Pago at a loopback stand-in: the order placed in
// Telegram, the provider's own QR and copia-e-cola in the chat, the payment made in the bank app, the provider's signed
// webhook (delivered twice, and once forged), and exactly one confirmation in the chat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MERCADOPAGO_WEBHOOK_PATH } from '../../../api/payment-webhook.ts';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { COPACABANA } from '../../support/api-client.ts';
import {
  FAKE_MP_TOKEN,
  FAKE_MP_WEBHOOK_SECRET,
  type FakeMercadoPago,
  startFakeMercadoPago,
} from '../../support/fake-mercadopago.ts';
import {
  ChatDriver,
  checkoutToSummary,
  type Harness,
  orderIdsOf,
  startHarness,
  waitForOrderStatus,
} from './bot-harness.ts';

const pt = TEXTS['pt-BR'];

describe('Telegram Pix paid through Mercado Pago', () => {
  let mp: FakeMercadoPago;
  let h: Harness;
  beforeAll(async () => {
    mp = await startFakeMercadoPago();
    h = await startHarness({
      push: true,
      payment: { pixPaySeconds: 0, pixExpiryMinutes: 15 },
      mercadopago: { accessToken: FAKE_MP_TOKEN, webhookSecret: FAKE_MP_WEBHOOK_SECRET, apiUrl: mp.url },
    });
  });
  afterAll(async () => {
    await h?.close();
    await mp?.close();
  });

  it('shows the provider’s QR and code, ignores a forged webhook, and confirms once when the signed one arrives', async () => {
    // Prepare: a customer checks out with Pix
    const chat = new ChatDriver(h);
    await checkoutToSummary(chat, { ...COPACABANA, phone: '+5521987650900', payment: /^pay:pix:/ });
    await chat.press(pt.buttonConfirmOrder);
    const [orderId] = await orderIdsOf(h, chat.chatId);
    await waitForOrderStatus(h.stack, orderId!, 'AWAITING_PAYMENT');
    const inChat = (match: (c: { method: string; params: Record<string, unknown> }) => boolean) =>
      h.fake.waitFor((c) => String(c.params.chat_id) === String(chat.chatId) && !c.error && match(c), 5000);
    const photo = await inChat((c) => c.method === 'sendPhoto');
    const code = await inChat((c) => c.method === 'sendMessage' && String(c.params.text).startsWith(pt.pixCopyPaste));
    const [payment] = mp.paymentsOf(orderId!);
    const tx = payment!.point_of_interaction!.transaction_data!;
    const hook = `${h.stack.url}${MERCADOPAGO_WEBHOOK_PATH}`;

    // Act: someone forges "paid" before the customer pays; then the customer scans and pays, and the provider tells
    // us twice, as it does
    const forged = await mp.sendWebhook(hook, String(payment!.id), { signature: 'wrong' });
    await new Promise((r) => setTimeout(r, 200));
    const afterForgery = (await h.stack.deps.orders.get(orderId!))!.status;
    mp.pay(String(payment!.id));
    const first = await mp.sendWebhook(hook, String(payment!.id));
    const second = await mp.sendWebhook(hook, String(payment!.id));
    await waitForOrderStatus(h.stack, orderId!, 'CONFIRMED');
    await inChat((c) => String(c.params.text).startsWith('✅ Pagamento recebido!'));
    await new Promise((r) => setTimeout(r, 300)); // anything else the bot would say arrives meanwhile

    // Assess: the chat showed the provider's own QR and copia-e-cola
    expect((photo.params.photo as { size: number }).size).toBe(Buffer.from(tx.qr_code_base64!, 'base64').length);
    expect(code.params.text).toBe(`${pt.pixCopyPaste}\n${tx.qr_code}`);
    // Assess: the forgery was refused and changed nothing; the real webhooks were taken
    expect(forged).toBe(401);
    expect(afterForgery).toBe('AWAITING_PAYMENT');
    expect([first, second]).toEqual([200, 200]);
    // Assess: one confirmation, one charge of the provider's payment
    const transcript = chat.transcript();
    expect(transcript.filter((t) => t.startsWith('✅ Pagamento recebido!'))).toHaveLength(1);
    const order = (await h.stack.deps.orders.get(orderId!))!;
    expect(order.charges).toEqual([expect.objectContaining({ chargeId: String(payment!.id), amount: order.total })]);
  });
});
