// The texts of paying a Pix or a card on the provider's page (QR code, copy-and-paste code, "Já paguei", a new Pix
// after one expired), in pt-BR and en; spread into the catalog in telegram-texts.ts.

import { formatMoney } from '../../core/lang.ts';
import { describeWhen } from '../../core/opening-hours.ts';

const ptMoney = (cents: number) => formatMoney(cents, 'pt-BR');
const enMoney = (cents: number) => formatMoney(cents, 'en');
/** 24-hour "21:40" in the store's zone, as describeWhen writes it. */
const hhmm = (at: Date, timeZone: string, lang: 'pt-BR' | 'en') => describeWhen(at, at, timeZone, lang).slice(-5);

export const paymentTextsPt = {
  // ── Placing a Pix or card order: the payment comes next, the confirmation once it lands
  orderAwaitingPix: (orderId: string) =>
    `🧾 Pedido ${orderId} recebido! Estou gerando seu Pix; assim que o pagamento cair, confirmo o pedido por aqui.`,
  orderAwaitingCard: (orderId: string) =>
    `🧾 Pedido ${orderId} recebido! Estou gerando o link de pagamento com cartão; assim que o pagamento for aprovado, confirmo o pedido por aqui.`,

  // ── Pix
  pixCaption: (orderId: string, amount: number, expiresAt: Date, timeZone: string) =>
    `💠 Pix de ${ptMoney(amount)} do pedido ${orderId}\nEscaneie o QR code no app do seu banco. Vale até as ${hhmm(expiresAt, timeZone, 'pt-BR')}.`,
  pixCopyPaste:
    'Prefere o Pix copia e cola? Toque em "Copiar código Pix", ou toque e segure o código abaixo para copiar, e cole no app do seu banco:',
  buttonCopyPix: '📋 Copiar código Pix',
  buttonPaid: '✅ Já paguei',
  buttonShowPix: '💠 Ver Pix',
  paymentNotYet: 'Ainda não recebemos o pagamento; assim que cair, confirmamos aqui.',
  paymentLanded: 'Pagamento recebido! A confirmação chega aqui em instantes.',
  paymentNoLongerAwaited: (orderId: string) => `O pedido ${orderId} não está mais esperando pagamento.`,

  // ── Card on the provider's page
  cardCheckout: (orderId: string, amount: number, expiresAt: Date, timeZone: string) =>
    `💳 Pedido ${orderId}: falta pagar ${ptMoney(amount)} com cartão. Toque em "Pagar com cartão" para abrir a página segura do pagamento (os dados do cartão ficam só com ela). O link vale até as ${hhmm(expiresAt, timeZone, 'pt-BR')}.`,
  buttonPayByCard: '💳 Pagar com cartão',

  // ── Expired, cancelled before paying, a fee the payment cannot cover
  buttonNewPix: '💠 Gerar novo Pix',
  buttonNewCheckout: '💳 Tentar pagar de novo',
  newPixPlaced: (orderId: string, oldOrderId: string) =>
    `🧾 Fiz o pedido ${orderId} com os mesmos itens e o mesmo endereço do ${oldOrderId}. Estou gerando o novo Pix…`,
  askCancelUnpaid: (orderId: string, total: number) =>
    `Quer mesmo cancelar o pedido ${orderId} (${ptMoney(total)})? O pagamento ainda não caiu, então nada foi cobrado; se ele cair depois do cancelamento, devolvemos o valor automaticamente.`,
  errorAddressChangeNeedsPayment: (difference: number) =>
    `Esse endereço deixa a entrega ${ptMoney(difference)} mais cara, e não consigo cobrar a diferença por aqui num pedido pago por Pix ou link de pagamento. O endereço continua o mesmo; se precisar mudar, fale com a nossa equipe.`,
  talkToTeamPrompt: 'Quer falar com a equipe?',
};

export type PaymentTexts = typeof paymentTextsPt;

export const paymentTextsEn: PaymentTexts = {
  orderAwaitingPix: (orderId) =>
    `🧾 Order ${orderId} received! I am creating your Pix; as soon as the payment lands, I will confirm the order here.`,
  orderAwaitingCard: (orderId) =>
    `🧾 Order ${orderId} received! I am creating your card payment link; as soon as the payment is approved, I will confirm the order here.`,

  pixCaption: (orderId, amount, expiresAt, timeZone) =>
    `💠 Pix of ${enMoney(amount)} for order ${orderId}\nScan the QR code in your banking app. Valid until ${hhmm(expiresAt, timeZone, 'en')} (local time).`,
  pixCopyPaste:
    'Prefer Pix copy-and-paste? Tap "Copy Pix code", or touch and hold the code below to copy it, then paste it in your banking app:',
  buttonCopyPix: '📋 Copy Pix code',
  buttonPaid: '✅ I have paid',
  buttonShowPix: '💠 Show Pix',
  paymentNotYet: 'We have not received the payment yet; as soon as it lands, we will confirm it here.',
  paymentLanded: 'Payment received! The confirmation arrives here in a moment.',
  paymentNoLongerAwaited: (orderId) => `Order ${orderId} is no longer waiting for a payment.`,

  cardCheckout: (orderId, amount, expiresAt, timeZone) =>
    `💳 Order ${orderId}: one step left, pay ${enMoney(amount)} by card. Tap "Pay by card" to open the secure payment page (your card details stay with it). The link is valid until ${hhmm(expiresAt, timeZone, 'en')} (local time).`,
  buttonPayByCard: '💳 Pay by card',

  buttonNewPix: '💠 Create a new Pix',
  buttonNewCheckout: '💳 Try paying again',
  newPixPlaced: (orderId, oldOrderId) =>
    `🧾 I placed order ${orderId} with the same items and address as ${oldOrderId}. Creating the new Pix…`,
  askCancelUnpaid: (orderId, total) =>
    `Do you really want to cancel order ${orderId} (${enMoney(total)})? The payment has not landed, so nothing was charged; if it lands after the cancel, we refund it automatically.`,
  errorAddressChangeNeedsPayment: (difference) =>
    `That address makes the delivery ${enMoney(difference)} more expensive, and I cannot charge the difference here on an order paid by Pix or a payment link. The address stays the same; if you need to change it, talk to our team.`,
  talkToTeamPrompt: 'Would you like to talk to our team?',
};
