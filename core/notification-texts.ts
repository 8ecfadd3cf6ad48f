// Customer-facing texts for each order event, in pt-BR and en (SMS, e-mail and chat all use these).
import { CUSTOMER_TEXT_LIMITS, quoteCustomerText } from './customer-text.ts';
import { formatMoney, type Lang } from './lang.ts';
import { closingMoney, type Order } from './order.ts';

export type OrderEventName =
  | 'RECEIVED'
  | 'AWAITING_PAYMENT'
  | 'CONFIRMED'
  | 'PREPARING'
  | 'OUT_FOR_DELIVERY'
  | 'DELIVERED'
  | 'CANCELLED'
  | 'UNAVAILABLE'
  | 'PAYMENT_FAILED'
  | 'REJECTED'
  | 'ADDRESS_CHANGED'
  | 'KITCHEN_DELAY'
  | 'PAYMENT_REFUNDED'
  | 'STAGE_OVERDUE';

/** Events that concern the customer; the others (STAGE_OVERDUE) are for staff only. */
export const CUSTOMER_EVENTS: readonly OrderEventName[] = [
  'RECEIVED',
  'AWAITING_PAYMENT',
  'CONFIRMED',
  'PREPARING',
  'OUT_FOR_DELIVERY',
  'DELIVERED',
  'CANCELLED',
  'UNAVAILABLE',
  'PAYMENT_FAILED',
  'REJECTED',
  'ADDRESS_CHANGED',
  'KITCHEN_DELAY',
  'PAYMENT_REFUNDED',
];

type Render = (o: Order, m: (c: number) => string) => string;

/** Minutes the charge the order waits on stays payable, counted from when it started waiting. */
const minutesToPay = (o: Order) => {
  const since = Date.parse(o.history.at(-1)?.at ?? o.createdAt);
  const until = Date.parse(o.awaitingPayment?.expiresAt ?? '');
  return Number.isFinite(until) ? Math.max(1, Math.round((until - since) / 60_000)) : 15;
};
const toPay = (o: Order) => o.awaitingPayment?.amount ?? o.total;
/** The refund of a payment that landed after its order had ended (a Pix paid after it expired, or after a cancel). */
const lateRefund = (o: Order) => o.refunds.filter((r) => r.reason === 'closing').reduce((s, r) => s + r.amount, 0);

/** The address as the customer typed it: these texts go out by SMS, e-mail and chat, so it is quoted and clipped. */
const addressOf = (o: Order) => quoteCustomerText(o.address.text, CUSTOMER_TEXT_LIMITS.address);

const missingList = (o: Order) =>
  (o.missing ?? [])
    .map((l) => {
      const item = o.items.find((i) => i.sku === l.sku);
      return `${item?.name ?? l.sku}`;
    })
    .join(', ');

/** One sentence on what happened to the money of an order that ended; it never claims a refund that did not happen. */
const moneyBack: Record<Lang, Render> = {
  'pt-BR': (o, m) => {
    const c = closingMoney(o);
    switch (c.kind) {
      case 'refunded':
        return `Estornamos ${m(c.amount)}.`;
      case 'refunding':
        return `O estorno de ${m(c.amount)} está a caminho e pode levar alguns minutos.`;
      case 'uncertain':
        return 'Se algum valor chegar a ser cobrado, ele será estornado automaticamente.';
      case 'none':
        return c.cash ? 'Nada foi cobrado: o pagamento seria em dinheiro, na entrega.' : 'Nada foi cobrado.';
    }
  },
  en: (o, m) => {
    const c = closingMoney(o);
    switch (c.kind) {
      case 'refunded':
        return `We refunded ${m(c.amount)}.`;
      case 'refunding':
        return `The refund of ${m(c.amount)} is on its way and may take a few minutes.`;
      case 'uncertain':
        return 'If any amount does get charged, it will be refunded automatically.';
      case 'none':
        return c.cash ? 'Nothing was charged: you were going to pay cash on delivery.' : 'Nothing was charged.';
    }
  },
};

const TEXTS: Record<Lang, Record<OrderEventName, Render>> = {
  'pt-BR': {
    RECEIVED: (o) => `Recebemos seu pedido ${o.orderId}. Estamos conferindo a disponibilidade e o pagamento.`,
    AWAITING_PAYMENT: (o, m) =>
      o.awaitingPayment?.checkoutUrl
        ? `Pedido ${o.orderId}: falta só pagar ${m(toPay(o))} com cartão, na página segura do pagamento: ${o.awaitingPayment.checkoutUrl}`
        : `Pedido ${o.orderId}: falta só o Pix de ${m(toPay(o))}. Use o QR code ou o código copia e cola; ele vale por ${minutesToPay(o)} min. Assim que o pagamento cair, o pedido é confirmado.`,
    CONFIRMED: (o, m) =>
      `Pedido ${o.orderId} confirmado! Total ${m(o.total)} (entrega ${m(o.deliveryFee)}). Avisaremos quando começar o preparo.`,
    PREPARING: (o) => `Seu pedido ${o.orderId} está sendo preparado.`,
    OUT_FOR_DELIVERY: (o) => `Seu pedido ${o.orderId} saiu para entrega em ${addressOf(o)}.`,
    DELIVERED: (o) => `Pedido ${o.orderId} entregue. Bom apetite!`,
    CANCELLED: (o, m) => `Pedido ${o.orderId} cancelado. ${moneyBack['pt-BR'](o, m)}`,
    UNAVAILABLE: (o) =>
      `Desculpe, não foi possível fazer o pedido ${o.orderId}: ${missingList(o)} sem estoque suficiente no momento. Nada foi cobrado.`,
    PAYMENT_FAILED: (o, m) =>
      o.reason === 'PAYMENT_EXPIRED'
        ? `O prazo para pagar o pedido ${o.orderId} acabou e ele foi cancelado. ${moneyBack['pt-BR'](o, m)} Se ainda quiser, é só ${o.payment.method === 'card' ? 'tentar o pagamento de novo' : 'gerar um novo Pix'}.`
        : `O pagamento do pedido ${o.orderId} foi recusado. Nada foi cobrado; tente outro meio de pagamento.`,
    REJECTED: (o, m) => {
      switch (o.reason) {
        case 'OUT_OF_DELIVERY_AREA':
          return `Desculpe, o endereço do pedido ${o.orderId} fica a ${o.distanceKm?.toFixed(1).replace('.', ',')} km, fora da nossa área de entrega. Nada foi cobrado.`;
        case 'STORE_CLOSED':
          return `Desculpe, não deu para aceitar o pedido ${o.orderId}: estamos fechados agora. ${moneyBack['pt-BR'](o, m)}`;
        case 'STORE_PAUSED':
          return `Desculpe, não deu para aceitar o pedido ${o.orderId}: pausamos os pedidos por alguns minutos. ${moneyBack['pt-BR'](o, m)} Tente de novo daqui a pouco.`;
        default:
          return `Não conseguimos concluir o pedido ${o.orderId}. ${moneyBack['pt-BR'](o, m)} Fale com a gente se precisar.`;
      }
    },
    ADDRESS_CHANGED: (o, m) =>
      `Endereço do pedido ${o.orderId} alterado para ${addressOf(o)}. Nova taxa de entrega: ${m(o.deliveryFee)}; total ${m(o.total)}.`,
    KITCHEN_DELAY: (o) =>
      `Pedido ${o.orderId}: a cozinha está com muito movimento e seu pedido deve atrasar uns ${o.delayNotice?.minutes ?? 0} min. Desculpe a demora!`,
    PAYMENT_REFUNDED: (o, m) =>
      `Recebemos um pagamento de ${m(lateRefund(o))} do pedido ${o.orderId} depois que ele já tinha sido encerrado, então estornamos o valor. Ele volta para a sua conta em instantes.`,
    STAGE_OVERDUE: (o) => `Pedido ${o.orderId} parado em ${o.status} além do tempo esperado.`,
  },
  en: {
    RECEIVED: (o) => `We received your order ${o.orderId}. We are checking availability and payment.`,
    AWAITING_PAYMENT: (o, m) =>
      o.awaitingPayment?.checkoutUrl
        ? `Order ${o.orderId}: one step left, pay ${m(toPay(o))} by card on the secure payment page: ${o.awaitingPayment.checkoutUrl}`
        : `Order ${o.orderId}: one step left, the Pix of ${m(toPay(o))}. Scan the QR code or paste the copy-and-paste code; it is valid for ${minutesToPay(o)} min. Your order is confirmed as soon as the payment lands.`,
    CONFIRMED: (o, m) =>
      `Order ${o.orderId} confirmed! Total ${m(o.total)} (delivery ${m(o.deliveryFee)}). We will tell you when preparation starts.`,
    PREPARING: (o) => `Your order ${o.orderId} is being prepared.`,
    OUT_FOR_DELIVERY: (o) => `Your order ${o.orderId} is out for delivery to ${addressOf(o)}.`,
    DELIVERED: (o) => `Order ${o.orderId} delivered. Enjoy your meal!`,
    CANCELLED: (o, m) => `Order ${o.orderId} cancelled. ${moneyBack.en(o, m)}`,
    UNAVAILABLE: (o) =>
      `Sorry, we could not place order ${o.orderId}: not enough ${missingList(o)} in stock right now. Nothing was charged.`,
    PAYMENT_FAILED: (o, m) =>
      o.reason === 'PAYMENT_EXPIRED'
        ? `The time to pay for order ${o.orderId} ran out, so it was cancelled. ${moneyBack.en(o, m)} If you still want it, just ${o.payment.method === 'card' ? 'try the payment again' : 'create a new Pix'}.`
        : `The payment for order ${o.orderId} was declined. Nothing was charged; please try another payment method.`,
    REJECTED: (o, m) => {
      switch (o.reason) {
        case 'OUT_OF_DELIVERY_AREA':
          return `Sorry, the address of order ${o.orderId} is ${o.distanceKm?.toFixed(1)} km away, outside our delivery area. Nothing was charged.`;
        case 'STORE_CLOSED':
          return `Sorry, we could not accept order ${o.orderId}: we are closed right now. ${moneyBack.en(o, m)}`;
        case 'STORE_PAUSED':
          return `Sorry, we could not accept order ${o.orderId}: we have paused orders for a few minutes. ${moneyBack.en(o, m)} Please try again shortly.`;
        default:
          return `We could not complete order ${o.orderId}. ${moneyBack.en(o, m)} Talk to us if you need help.`;
      }
    },
    ADDRESS_CHANGED: (o, m) =>
      `The address of order ${o.orderId} is now ${addressOf(o)}. New delivery fee: ${m(o.deliveryFee)}; total ${m(o.total)}.`,
    KITCHEN_DELAY: (o) =>
      `Order ${o.orderId}: the kitchen is very busy and your order may be about ${o.delayNotice?.minutes ?? 0} min late. Sorry for the wait!`,
    PAYMENT_REFUNDED: (o, m) =>
      `A payment of ${m(lateRefund(o))} for order ${o.orderId} arrived after the order had ended, so we refunded it. It will be back in your account shortly.`,
    STAGE_OVERDUE: (o) => `Order ${o.orderId} has been ${o.status} for longer than expected.`,
  },
};

/** The stages whose push carries the updated estimate: each one restarts the clock (core/delivery-eta.ts). */
export const ETA_EVENTS: readonly OrderEventName[] = ['CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY'];

/** The estimated arrival, in the store's time zone: "previsão: por volta das 19:40". */
export interface PushEta {
  arrival: Date;
  timeZone: string;
}

const ETA_SENTENCE: Record<Lang, (time: string) => string> = {
  'pt-BR': (time) => `Previsão: por volta das ${time}.`,
  en: (time) => `Estimated arrival: around ${time}.`,
};

const clockOf = (at: Date, timeZone: string, lang: Lang) =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'pt-BR', {
    timeZone,
    hour: lang === 'en' ? 'numeric' : '2-digit',
    minute: '2-digit',
  }).format(at);

export function renderOrderEvent(event: OrderEventName, order: Order, lang: Lang, eta?: PushEta): string {
  const text = TEXTS[lang][event](order, (c) => formatMoney(c, lang));
  if (!eta || !ETA_EVENTS.includes(event)) return text;
  return `${text} ${ETA_SENTENCE[lang](clockOf(eta.arrival, eta.timeZone, lang))}`;
}

export const EMAIL_SUBJECTS: Record<Lang, (orderId: string) => string> = {
  'pt-BR': (id) => `Seu pedido ${id}`,
  en: (id) => `Your order ${id}`,
};
