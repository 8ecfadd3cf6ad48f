// Staff-facing texts of the order feed, the order buttons, /pedido and App Home, in en and pt-BR (SLACK_STAFF_LANG).
import type { Lang } from '../../core/lang.ts';
import { BY_CUSTOMER_IN_CHAT, type OrderStatus, type PaymentMethod } from '../../core/order.ts';

/** The stages a staff button moves an order to. */
export type AdvanceTarget = 'PREPARING' | 'OUT_FOR_DELIVERY' | 'DELIVERED';

/** Who did something, from an order history entry's `by`: a Slack name, staff through the API, the customer. */
export type Actor =
  | { kind: 'slack'; name: string }
  | { kind: 'staff' }
  | { kind: 'customer' }
  | { kind: 'other'; by: string };

export interface OrdersTexts {
  status: Record<OrderStatus, string>;
  /** Why an order ended (Order.reason). */
  reason: Record<string, string>;
  payment: Record<PaymentMethod, string>;
  actor(a: Actor): string;
  card: {
    title(orderId: string): string;
    status: string;
    customer: string;
    total: string;
    totalDetail(total: string, fee: string): string;
    /** Before the delivery fee is priced: the items' subtotal, and the fee still being calculated. */
    totalFeePending(subtotal: string): string;
    payment: string;
    items: string;
    address: string;
    complement: string;
    reference: string;
    map: string;
    /** The customer's note for the kitchen ("sem cebola"). */
    note: string;
    /** Cash: what the customer pays with, so the rider brings change. */
    changeFor(amount: string): string;
    phone(phone: string): string;
    distance(km: string): string;
    placed(date: string): string;
    fromTelegram: string;
    /** AWAITING_PAYMENT: how it is paid and when the charge stops being payable. */
    awaitingPayment(payment: string, expires: string): string;
    overdue(alerts: number): string;
    refunded(amount: string): string;
    thread: string;
    summary(orderId: string, status: string, customer: string, total: string): string;
  };
  advance: Record<AdvanceTarget, string>;
  cancel: {
    button: string;
    cashButton: string;
    title: string;
    paid(amount: string): string;
    unpaid: string;
    /** A Pix or checkout not paid yet: nothing charged, and a payment that still lands is refunded. */
    awaiting: string;
    cash: string;
    confirm: string;
    deny: string;
  };
  /** What happened to the money of an order that ended, said as it really happened (one sentence). */
  moneyBack: {
    refunded(amount: string): string;
    refunding(amount: string): string;
    uncertain: string;
    none: string;
    cash: string;
  };
  /** Replies in the order's thread, one per event after the card (mrkdwn; values come escaped). */
  events: {
    confirmed(total: string, payment: string): string;
    stage(status: string, by?: string): string;
    cancelled(by: string | undefined, money: string): string;
    unavailable(missing: string): string;
    missingLine(name: string, requested: number, available: number): string;
    paymentFailed(total: string, payment: string): string;
    awaitingPayment(total: string, payment: string, expires: string): string;
    /** Nobody paid in time (the Pix, or the card's checkout): the order ended and its stock went back. */
    paymentExpired(pix: boolean): string;
    /** A payment that landed after the order had ended, given back by the provider. */
    lateRefund(amount: string, payment: string): string;
    rejectedOutOfArea(km: string): string;
    rejected(reason: string, money: string): string;
    addressChanged(address: string, fee: string, total: string): string;
    overdue(status: string, alerts: number): string;
  };
  actions: {
    notMember: string;
    notFound(orderId: string): string;
    malformed(command: string, text: string): string;
    stale(orderId: string, status: string): string;
    /** A stale click whose card could not be refreshed either. */
    staleCardLate(orderId: string, status: string): string;
    notAwaiting(orderId: string, status: string): string;
    notCancellable(orderId: string, status: string): string;
    alreadyCancelled(orderId: string): string;
    stillApplying(orderId: string, status: string): string;
    failed(orderId: string): string;
    /** The action is done, but Slack would not let the card be redrawn yet. */
    movedCardLate(orderId: string, status: string): string;
    cancelledCardLate(orderId: string): string;
    /** An unexpected failure after the order had already changed. */
    changedThenFailed(orderId: string, status: string): string;
  };
  home: {
    title: string;
    updated(date: string): string;
    notMember: string;
    escalations(n: number): string;
    /** The customers already with a person (handled, not waiting). */
    withPerson(n: number): string;
    noEscalations: string;
    waiting(name: string, since: string): string;
    taken(name: string, by: string, since: string): string;
    toldNobody: string;
    thread: string;
    orders(n: number): string;
    noOrders: string;
    stage(status: string, n: number): string;
    order(orderId: string, customer: string, total: string, placed: string, since: string): string;
    more(n: number): string;
    moreOrders(n: number): string;
  };
}

export const ORDERS_TEXTS: Record<Lang, OrdersTexts> = {
  en: {
    status: {
      RECEIVED: 'Received',
      AWAITING_PAYMENT: 'Awaiting payment',
      CONFIRMED: 'Confirmed',
      PREPARING: 'Preparing',
      OUT_FOR_DELIVERY: 'Out for delivery',
      DELIVERED: 'Delivered',
      CANCELLED: 'Cancelled',
      UNAVAILABLE: 'Unavailable',
      PAYMENT_FAILED: 'Payment failed',
      REJECTED: 'Rejected',
    },
    reason: {
      OUT_OF_STOCK: 'not enough stock',
      OUT_OF_DELIVERY_AREA: 'outside the delivery area',
      PAYMENT_DECLINED: 'payment declined',
      PROCESSING_ERROR: 'processing error',
      CANCELLED_BY_REQUEST: 'cancelled on request',
      STORE_CLOSED: 'the shop was closed',
      STORE_PAUSED: 'orders were paused',
    },
    payment: { card: 'Card', pix: 'Pix', cash: 'Cash on delivery' },
    actor: (a) =>
      a.kind === 'slack' ? a.name : a.kind === 'staff' ? 'staff (API)' : a.kind === 'customer' ? 'the customer' : a.by,
    card: {
      title: (id) => `Order ${id}`,
      status: 'Status',
      customer: 'Customer',
      total: 'Total',
      payment: 'Payment',
      items: 'Items',
      address: 'Address',
      complement: 'Complement',
      reference: 'Reference',
      map: 'Open the point on a map',
      note: 'Note from the customer',
      changeFor: (amount) => `💵 Change for ${amount}`,
      phone: (p) => `📞 ${p}`,
      totalDetail: (total, fee) => `${total} (delivery ${fee})`,
      totalFeePending: (subtotal) => `${subtotal} + delivery (calculating…)`,
      distance: (km) => `${km} km away`,
      placed: (date) => `Placed ${date}`,
      fromTelegram: 'Placed from Telegram',
      awaitingPayment: (payment, expires) => `(${payment}, expires ${expires})`,
      overdue: (n) => `⏰ Past the expected time in this stage (${n} ${n === 1 ? 'alert' : 'alerts'})`,
      refunded: (amount) => `Refunded ${amount}`,
      thread: 'Open the order thread',
      summary: (id, status, customer, total) => `Order ${id} · ${status} · ${customer} · ${total}`,
    },
    advance: { PREPARING: 'Start preparing', OUT_FOR_DELIVERY: 'Out for delivery', DELIVERED: 'Mark delivered' },
    cancel: {
      button: 'Cancel and refund',
      cashButton: 'Cancel order',
      title: 'Cancel this order?',
      paid: (amount) => `The customer gets ${amount} back and is told at once. This cannot be undone.`,
      unpaid: 'Nothing was charged. The customer is told at once. This cannot be undone.',
      awaiting:
        'Not paid yet, so nothing was charged; a payment that still lands is refunded automatically. The customer is told at once. This cannot be undone.',
      cash: 'Cash on delivery: nothing was charged, so nothing is refunded. The customer is told at once. This cannot be undone.',
      confirm: 'Cancel and refund',
      deny: 'Keep the order',
    },
    moneyBack: {
      refunded: (amount) => `Refunded ${amount}.`,
      refunding: (amount) => `Refund of ${amount} on its way (the payment provider did not answer yet; it is retried).`,
      uncertain: 'A charge was still being processed: if it goes through, it is refunded automatically.',
      none: 'Nothing had been charged.',
      cash: 'Cash on delivery: nothing had been charged.',
    },
    events: {
      confirmed: (total, payment) => `✅ Confirmed: ${total}, ${payment}. Next: start preparing.`,
      stage: (status, by) => `${status}${by ? ` (by ${by})` : ''}.`,
      cancelled: (by, money) => `❌ Cancelled${by ? ` by ${by}` : ''}. ${money}`,
      unavailable: (missing) => `⚠️ Not placed, not enough stock: ${missing}. Nothing was charged.`,
      missingLine: (name, requested, available) => `${name} (asked ${requested}, ${available} left)`,
      paymentFailed: (total, payment) =>
        `⚠️ Payment declined (${total}, ${payment}). Nothing was charged; the customer was asked to try another way.`,
      awaitingPayment: (total, payment, expires) =>
        `⏳ Waiting for the customer to pay ${total} by ${payment} (expires ${expires}). Nothing to do yet.`,
      paymentExpired: (pix) =>
        pix
          ? '⌛ Pix expired unpaid — stock released. Nothing was charged.'
          : '⌛ The card checkout expired unpaid — stock released. Nothing was charged.',
      lateRefund: (amount, payment) =>
        `↩️ A ${payment} payment of ${amount} landed after the order had ended, and was refunded automatically.`,
      rejectedOutOfArea: (km) =>
        `🚫 Rejected: the address is ${km} km away, outside the delivery area. Nothing was charged.`,
      rejected: (reason, money) => `🚫 Not completed: ${reason}. ${money}`,
      addressChanged: (address, fee, total) => `📍 New address: ${address}. Delivery fee ${fee}, total ${total}.`,
      overdue: (status, n) => `⏰ Still *${status}*, past the expected time (alert ${n}). Can someone move it on?`,
    },
    actions: {
      notMember: 'Only members of the support channel can act on orders. Ask to be added to the channel.',
      notFound: (id) => `No order ${id} was found.`,
      malformed: (cmd, text) =>
        text
          ? `"${text}" is not an order id. Try \`${cmd} Q4M8XZ\` (6 letters and digits).`
          : `Which order? Try \`${cmd} Q4M8XZ\`.`,
      stale: (id, status) =>
        `That button was out of date: order ${id} is already *${status}*. The card is up to date now.`,
      staleCardLate: (id, status) =>
        `That button was out of date: order ${id} is already *${status}*, and nothing was changed. The card could not be refreshed yet; \`/order ${id}\` shows the order.`,
      notAwaiting: (id, status) =>
        `Order ${id} is not waiting for a stage change (it is *${status}*). Nothing was changed.`,
      notCancellable: (id, status) => `Order ${id} can no longer be cancelled: it is *${status}*.`,
      alreadyCancelled: (id) => `Order ${id} was already cancelled.`,
      stillApplying: (id, status) => `Sent. The workflow is still applying it; order ${id} shows *${status}* for now.`,
      failed: (id) => `Something went wrong with order ${id}. Nothing was changed by this click; please try again.`,
      movedCardLate: (id, status) =>
        `Done: order ${id} moved to *${status}*. The card could not be refreshed yet (Slack is throttling us); it will catch up.`,
      cancelledCardLate: (id) =>
        `Done: order ${id} is cancelled. The card could not be refreshed yet (Slack is throttling us); it will catch up.`,
      changedThenFailed: (id, status) =>
        `Order ${id} is now *${status}*, but something failed after that step. Check the order's thread before trying again.`,
    },
    home: {
      title: 'Support desk',
      updated: (date) => `Updated ${date}`,
      notMember: 'Orders and escalations are shown to members of the support channel only.',
      escalations: (n) => `*Customers waiting for a person* (${n})`,
      withPerson: (n) => `*Customers with a person* (${n})`,
      noEscalations: 'Nobody is waiting for a person.',
      waiting: (name, since) => `🟡 *${name}* is waiting since ${since}`,
      taken: (name, by, since) => `🟢 *${name}* is with ${by} (since ${since})`,
      toldNobody: 'told nobody is available',
      thread: 'thread',
      orders: (n) => `*Orders in progress* (${n})`,
      noOrders: 'No orders in progress.',
      stage: (status, n) => `*${status}* (${n})`,
      order: (id, customer, total, placed, since) =>
        `${id} · ${customer} · ${total} · placed ${placed} · in this stage since ${since}`,
      more: (n) => `…and ${n} more`,
      moreOrders: (n) => `…and ${n} more (use \`/pedido <id>\`)`,
    },
  },
  'pt-BR': {
    status: {
      RECEIVED: 'Recebido',
      AWAITING_PAYMENT: 'Aguardando pagamento',
      CONFIRMED: 'Confirmado',
      PREPARING: 'Em preparo',
      OUT_FOR_DELIVERY: 'Saiu para entrega',
      DELIVERED: 'Entregue',
      CANCELLED: 'Cancelado',
      UNAVAILABLE: 'Indisponível',
      PAYMENT_FAILED: 'Pagamento recusado',
      REJECTED: 'Recusado',
    },
    reason: {
      OUT_OF_STOCK: 'estoque insuficiente',
      OUT_OF_DELIVERY_AREA: 'fora da área de entrega',
      PAYMENT_DECLINED: 'pagamento recusado',
      PROCESSING_ERROR: 'erro no processamento',
      CANCELLED_BY_REQUEST: 'cancelado a pedido',
      STORE_CLOSED: 'a loja estava fechada',
      STORE_PAUSED: 'os pedidos estavam pausados',
    },
    payment: { card: 'Cartão', pix: 'Pix', cash: 'Dinheiro na entrega' },
    actor: (a) =>
      a.kind === 'slack' ? a.name : a.kind === 'staff' ? 'equipe (API)' : a.kind === 'customer' ? 'o cliente' : a.by,
    card: {
      title: (id) => `Pedido ${id}`,
      status: 'Situação',
      customer: 'Cliente',
      total: 'Total',
      payment: 'Pagamento',
      items: 'Itens',
      address: 'Endereço',
      complement: 'Complemento',
      reference: 'Referência',
      map: 'Abrir o ponto no mapa',
      note: 'Observação do cliente',
      changeFor: (amount) => `💵 Troco para ${amount}`,
      phone: (p) => `📞 ${p}`,
      totalDetail: (total, fee) => `${total} (entrega ${fee})`,
      totalFeePending: (subtotal) => `${subtotal} + entrega (calculando…)`,
      distance: (km) => `a ${km} km`,
      placed: (date) => `Feito ${date}`,
      fromTelegram: 'Feito pelo Telegram',
      awaitingPayment: (payment, expires) => `(${payment}, expira ${expires})`,
      overdue: (n) => `⏰ Passou do tempo esperado nesta etapa (${n} ${n === 1 ? 'alerta' : 'alertas'})`,
      refunded: (amount) => `Estornado ${amount}`,
      thread: 'Abrir o fio do pedido',
      summary: (id, status, customer, total) => `Pedido ${id} · ${status} · ${customer} · ${total}`,
    },
    advance: { PREPARING: 'Começar preparo', OUT_FOR_DELIVERY: 'Saiu para entrega', DELIVERED: 'Marcar entregue' },
    cancel: {
      button: 'Cancelar e estornar',
      cashButton: 'Cancelar pedido',
      title: 'Cancelar este pedido?',
      paid: (amount) => `O cliente recebe ${amount} de volta e é avisado na hora. Não dá para desfazer.`,
      unpaid: 'Nada foi cobrado. O cliente é avisado na hora. Não dá para desfazer.',
      awaiting:
        'Ainda não foi pago, então nada foi cobrado; um pagamento que ainda cair é estornado automaticamente. O cliente é avisado na hora. Não dá para desfazer.',
      cash: 'Dinheiro na entrega: nada foi cobrado, então não há estorno. O cliente é avisado na hora. Não dá para desfazer.',
      confirm: 'Cancelar e estornar',
      deny: 'Manter o pedido',
    },
    moneyBack: {
      refunded: (amount) => `Estornado ${amount}.`,
      refunding: (amount) =>
        `Estorno de ${amount} a caminho (o provedor de pagamento ainda não respondeu; tentamos de novo).`,
      uncertain: 'Uma cobrança ainda estava em processamento: se ela passar, é estornada automaticamente.',
      none: 'Nada tinha sido cobrado.',
      cash: 'Dinheiro na entrega: nada tinha sido cobrado.',
    },
    events: {
      confirmed: (total, payment) => `✅ Confirmado: ${total}, ${payment}. Próximo passo: começar o preparo.`,
      stage: (status, by) => `${status}${by ? ` (por ${by})` : ''}.`,
      cancelled: (by, money) => `❌ Cancelado${by ? ` por ${by}` : ''}. ${money}`,
      unavailable: (missing) => `⚠️ Não foi feito, estoque insuficiente: ${missing}. Nada foi cobrado.`,
      missingLine: (name, requested, available) => `${name} (pediu ${requested}, restam ${available})`,
      paymentFailed: (total, payment) =>
        `⚠️ Pagamento recusado (${total}, ${payment}). Nada foi cobrado; o cliente foi orientado a tentar outro meio.`,
      awaitingPayment: (total, payment, expires) =>
        `⏳ Aguardando o cliente pagar ${total} com ${payment} (expira ${expires}). Nada a fazer por enquanto.`,
      paymentExpired: (pix) =>
        pix
          ? '⌛ Pix expirou sem pagamento — estoque liberado. Nada foi cobrado.'
          : '⌛ O link de pagamento com cartão expirou sem pagamento — estoque liberado. Nada foi cobrado.',
      lateRefund: (amount, payment) =>
        `↩️ Um pagamento de ${amount} (${payment}) caiu depois de o pedido encerrar e foi estornado automaticamente.`,
      rejectedOutOfArea: (km) => `🚫 Recusado: o endereço fica a ${km} km, fora da área de entrega. Nada foi cobrado.`,
      rejected: (reason, money) => `🚫 Não concluído: ${reason}. ${money}`,
      addressChanged: (address, fee, total) => `📍 Novo endereço: ${address}. Taxa de entrega ${fee}, total ${total}.`,
      overdue: (status, n) => `⏰ Ainda *${status}*, além do tempo esperado (alerta ${n}). Alguém pode dar andamento?`,
    },
    actions: {
      notMember: 'Só membros do canal de atendimento podem mexer em pedidos. Peça para ser adicionado ao canal.',
      notFound: (id) => `Pedido ${id} não encontrado.`,
      malformed: (cmd, text) =>
        text
          ? `"${text}" não é um número de pedido. Tente \`${cmd} Q4M8XZ\` (6 letras e números).`
          : `Qual pedido? Tente \`${cmd} Q4M8XZ\`.`,
      stale: (id, status) =>
        `Esse botão estava desatualizado: o pedido ${id} já está *${status}*. O cartão foi atualizado.`,
      staleCardLate: (id, status) =>
        `Esse botão estava desatualizado: o pedido ${id} já está *${status}*, e nada foi alterado. O cartão ainda não pôde ser atualizado; \`/pedido ${id}\` mostra o pedido.`,
      notAwaiting: (id, status) =>
        `O pedido ${id} não está aguardando mudança de etapa (está *${status}*). Nada foi alterado.`,
      notCancellable: (id, status) => `O pedido ${id} não pode mais ser cancelado: está *${status}*.`,
      alreadyCancelled: (id) => `O pedido ${id} já estava cancelado.`,
      stillApplying: (id, status) =>
        `Enviado. O fluxo ainda está aplicando; por enquanto o pedido ${id} aparece como *${status}*.`,
      failed: (id) => `Algo deu errado com o pedido ${id}. Este clique não alterou nada; tente de novo.`,
      movedCardLate: (id, status) =>
        `Feito: o pedido ${id} passou para *${status}*. O cartão ainda não pôde ser atualizado (o Slack está limitando as chamadas); ele se atualiza em seguida.`,
      cancelledCardLate: (id) =>
        `Feito: o pedido ${id} foi cancelado. O cartão ainda não pôde ser atualizado (o Slack está limitando as chamadas); ele se atualiza em seguida.`,
      changedThenFailed: (id, status) =>
        `O pedido ${id} agora está *${status}*, mas algo falhou depois dessa etapa. Confira o fio do pedido antes de tentar de novo.`,
    },
    home: {
      title: 'Central de atendimento',
      updated: (date) => `Atualizado ${date}`,
      notMember: 'Pedidos e atendimentos aparecem só para membros do canal de atendimento.',
      escalations: (n) => `*Clientes esperando uma pessoa* (${n})`,
      withPerson: (n) => `*Clientes já com uma pessoa* (${n})`,
      noEscalations: 'Ninguém está esperando atendimento.',
      waiting: (name, since) => `🟡 *${name}* está esperando desde ${since}`,
      taken: (name, by, since) => `🟢 *${name}* está com ${by} (desde ${since})`,
      toldNobody: 'avisado de que não há ninguém disponível',
      thread: 'fio',
      orders: (n) => `*Pedidos em andamento* (${n})`,
      noOrders: 'Nenhum pedido em andamento.',
      stage: (status, n) => `*${status}* (${n})`,
      order: (id, customer, total, placed, since) =>
        `${id} · ${customer} · ${total} · feito ${placed} · nesta etapa desde ${since}`,
      more: (n) => `…e mais ${n}`,
      moreOrders: (n) => `…e mais ${n} (use \`/pedido <id>\`)`,
    },
  },
};

/** Reads an order history `by` ("slack:Ana", "staff", "customer") as who did it. */
export function actorOf(by: string): Actor {
  if (by.startsWith('slack:')) return { kind: 'slack', name: by.slice('slack:'.length) };
  if (by === 'staff') return { kind: 'staff' };
  if (by === 'customer' || by === BY_CUSTOMER_IN_CHAT) return { kind: 'customer' };
  return { kind: 'other', by };
}
