// The order aggregate: statuses, allowed transitions, history, totals, and the rules for address change and cancel.
import { AddressChangeNotAllowed, InvalidTransition, OrderNotCancellable } from './errors.ts';
import type { Lang } from './lang.ts';
import type { PaymentInstructions, ProviderPaymentStatus } from './payment-instructions.ts';

export const ORDER_STATUSES = [
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
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type PaymentMethod = 'card' | 'pix' | 'cash';
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['card', 'pix', 'cash'];

export interface Address {
  text: string;
  lat: number;
  lon: number;
  /** Flat, block, floor ("apto 302, bloco B"): what the rider needs at the door. */
  complement?: string;
  /** A landmark ("em frente à padaria"). */
  reference?: string;
}
export interface Customer {
  id: string;
  name: string;
  phone: string;
  email?: string;
  telegramChatId?: number;
  lang: Lang;
}
export interface OrderLine {
  sku: string;
  name: string;
  qty: number;
  price: number;
}
export interface HistoryEntry {
  status: OrderStatus;
  at: string;
  by?: string;
  note?: string;
}
/** Why money moved: the order itself, a delivery-fee difference, the order ending (cancel, failure), or undoing a charge. */
export type MoneyReason = 'order' | 'address-change' | 'closing' | 'undo';
export interface Charge {
  chargeId: string;
  amount: number;
  idempotencyKey: string;
  reason?: MoneyReason;
}
export interface Refund {
  refundId: string;
  chargeId: string;
  amount: number;
  idempotencyKey: string;
  reason?: MoneyReason;
}
export interface MissingLine {
  sku: string;
  requested: number;
  available: number;
}

/** The terms of an address change that waits for its fee difference to be paid. */
export interface AddressChangeTerms {
  address: Address;
  deliveryFee: number;
  distanceKm: number;
  total: number;
}

/**
 * Money the order has committed to move and not yet moved. It is written in the same conditional save as the change
 * that needs it, before any call to the payment provider, so a crash or a lost race can never move money for a change
 * that was not committed. The key names exactly this amount: replaying it can only ever return the same operation.
 */
export interface PaymentIntent {
  kind: 'charge' | 'refund';
  amount: number;
  idempotencyKey: string;
  reason: MoneyReason;
  /** Refunds: the charge given back. */
  chargeId?: string;
  /** Charges for an address change: applied to the order once the charge is approved, dropped if declined. */
  addressChange?: AddressChangeTerms;
  /** When it was committed: a charge intent this old has no sender still waiting on the provider. */
  at: string;
  /** A Pix (or hosted checkout) charge: when it stops being payable. */
  expiresAt?: string;
}

/**
 * The charge a Pix or hosted-checkout order waits on: the provider's payment, what it asks, how to pay it, and where it
 * stands as the provider last told us. Money counts only once it is in `charges` (the provider said approved).
 */
export interface AwaitingPayment extends PaymentInstructions {
  chargeId: string;
  amount: number;
  idempotencyKey: string;
  status: ProviderPaymentStatus;
  statusDetail?: string;
}

/**
 * Who a change was made by when the customer made it in the chat, so the chat does not repeat what it just said; the
 * same customer through the HTTP API is plain "customer", and the chat is told.
 */
export const BY_CUSTOMER_IN_CHAT = 'customer:chat';

/** Why a payment failed when it was never paid in time: the Pix expired (our timeout, or the provider's). */
export const PAYMENT_EXPIRED = 'PAYMENT_EXPIRED';

export interface Order {
  orderId: string;
  status: OrderStatus;
  reason?: string;
  customer: Customer;
  items: OrderLine[];
  subtotal: number;
  deliveryFee: number;
  distanceKm?: number;
  total: number;
  address: Address;
  /** The customer's note for the kitchen ("sem cebola"), optional. */
  note?: string;
  payment: { method: PaymentMethod; token?: string };
  /** Cash only: the note the customer will pay with, so the rider brings change (centavos); absent when none needed. */
  changeFor?: number;
  charges: Charge[];
  refunds: Refund[];
  missing?: MissingLine[];
  history: HistoryEntry[];
  createdAt: string;
  /** Optimistic lock: every save must present the version it read. */
  version: number;
  accessTokenHash: string;
  /** Callback token of the delivery stage the workflow is waiting on, if any. */
  taskToken?: string;
  executionArn?: string;
  /** How many times the current stage went past its heartbeat with nobody acting. */
  overdueAlerts?: number;
  /** When the last STAGE_OVERDUE alert was raised: the stage's heartbeat counts from here (or from the stage's start). */
  overdueAt?: string;
  /** Committed payment operations not yet carried out (see PaymentIntent); settleOrder carries them out. */
  paymentIntents?: PaymentIntent[];
  /**
   * Customer events committed with a change and not yet published; settleOrder publishes them after the money. A
   * settler first moves them to `claimed` (until a deadline), so two settlers at once never both publish them; a claim
   * left by a crash expires and the events are published by the next settler.
   */
  outbox?: { events: OutboxEvent[]; claimed?: { events: OutboxEvent[]; until: string } };
  /** The last charge the provider declined for a change (an address change), so the caller can say so. */
  lastDecline?: { idempotencyKey: string; declineCode: string };
  /** True when the order was placed in the chat (whose own reply confirmed it), not linked to it later. */
  placedInChat?: boolean;
  /** Pix and hosted checkout: the charge the order waits on (AWAITING_PAYMENT), kept after for the record. */
  awaitingPayment?: AwaitingPayment;
  /** Provider events already applied (`<paymentId>:<status>`): a webhook delivered again acts once. */
  providerEvents?: string[];
  /** The kitchen delay the customer was told about (core/kitchen-delay.ts): a delay no longer is told again. */
  delayNotice?: { minutes: number; at: string };
}

/** The events a use case outside the workflow publishes through the order's outbox. */
export type OutboxEvent = 'CANCELLED' | 'ADDRESS_CHANGED' | 'KITCHEN_DELAY' | 'PAYMENT_REFUNDED';

/** Adds `event` to the order's outbox, once: the same event pending twice would tell the customer the same thing twice. */
export function withOutboxEvent(o: Order, event: OutboxEvent): Order {
  const events = o.outbox?.events ?? [];
  return events.includes(event) ? o : { ...o, outbox: { ...o.outbox, events: [...events, event] } };
}

/** True while the order has events committed and not yet published. */
export const hasUnpublishedEvents = (o: Pick<Order, 'outbox'>) =>
  (o.outbox?.events.length ?? 0) + (o.outbox?.claimed?.events.length ?? 0) > 0;

const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  RECEIVED: ['AWAITING_PAYMENT', 'CONFIRMED', 'UNAVAILABLE', 'PAYMENT_FAILED', 'REJECTED', 'CANCELLED'],
  // REJECTED: the workflow's CloseAsFailed is reached from the payment wait too (a failure in WaitForPayment, in
  // ExpirePayment when the provider cannot take the cancel, or in ConfirmOrder). Without it closeOrder threw
  // InvalidTransition after releasing the stock, and the order stayed AWAITING_PAYMENT for good, its workflow ended.
  AWAITING_PAYMENT: ['CONFIRMED', 'PAYMENT_FAILED', 'REJECTED', 'CANCELLED'],
  CONFIRMED: ['PREPARING', 'CANCELLED'],
  PREPARING: ['OUT_FOR_DELIVERY', 'CANCELLED'],
  OUT_FOR_DELIVERY: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: [],
  UNAVAILABLE: [],
  PAYMENT_FAILED: [],
  REJECTED: [],
};

/** The delivery stages staff advance, in order; each maps to the status it leads to. */
export const NEXT_STAGE: Partial<Record<OrderStatus, OrderStatus>> = {
  CONFIRMED: 'PREPARING',
  PREPARING: 'OUT_FOR_DELIVERY',
  OUT_FOR_DELIVERY: 'DELIVERED',
};

export const isTerminal = (s: OrderStatus) => NEXT[s].length === 0;
/** Ended without being delivered: nothing may stay charged or held. */
export const endedUndelivered = (s: OrderStatus) => isTerminal(s) && s !== 'DELIVERED';
/** Cash is paid to the rider on delivery: the payment provider never sees it, so nothing is charged or refunded. */
export const paidOnDelivery = (o: Pick<Order, 'payment'>) => o.payment.method === 'cash';
export const canTransition = (from: OrderStatus, to: OrderStatus) => NEXT[from].includes(to);

/** Returns a new order in status `to`, with the change appended to its history. */
export function transition(
  order: Order,
  to: OrderStatus,
  at: Date,
  extra: { reason?: string; by?: string; note?: string } = {},
): Order {
  if (!canTransition(order.status, to)) throw new InvalidTransition(order.status, to);
  const entry: HistoryEntry = { status: to, at: at.toISOString() };
  if (extra.by) entry.by = extra.by;
  if (extra.note) entry.note = extra.note;
  const next: Order = { ...order, status: to, history: [...order.history, entry] };
  if (extra.reason) next.reason = extra.reason;
  return next;
}

/** The order's own charge (not an address-change difference); records made before reasons existed count too. */
export const orderChargeOf = (o: Pick<Order, 'charges'>): Charge | undefined =>
  o.charges.find((c) => c.reason === undefined || c.reason === 'order');

export const subtotalOf = (items: OrderLine[]) => items.reduce((sum, l) => sum + l.price * l.qty, 0);
export const chargedAmount = (o: Pick<Order, 'charges'>) => o.charges.reduce((s, c) => s + c.amount, 0);
export const refundedAmount = (o: Pick<Order, 'refunds'>) => o.refunds.reduce((s, r) => s + r.amount, 0);
/** What the customer has paid and not been refunded, in centavos. */
export const paidAmount = (o: Pick<Order, 'charges' | 'refunds'>) => chargedAmount(o) - refundedAmount(o);
/** What was refunded for one reason (e.g. 'closing': what a cancel gave back), in centavos. */
export const refundedFor = (o: Pick<Order, 'refunds'>, reason: MoneyReason) =>
  o.refunds.filter((r) => r.reason === reason).reduce((s, r) => s + r.amount, 0);
/** What happened to the money of an order that ended: what the texts to the customer and to staff say. */
export type ClosingMoney =
  | { kind: 'refunded'; amount: number }
  | { kind: 'refunding'; amount: number }
  | { kind: 'uncertain' }
  | { kind: 'none'; cash: boolean };

/**
 * Refunded: the closing refunds that went through. Refunding: committed and still on their way (the provider was
 * down). Uncertain: a charge whose outcome is not known yet (it is refunded if it went through). None: nothing was
 * charged (cash is paid on delivery).
 */
export function closingMoney(o: Order): ClosingMoney {
  const pending = intentsOf(o);
  if (pending.some((i) => i.kind === 'charge')) return { kind: 'uncertain' };
  const refunding = pending.filter((i) => i.kind === 'refund').reduce((s, i) => s + i.amount, 0);
  if (refunding > 0) return { kind: 'refunding', amount: refunding + refundedFor(o, 'closing') };
  const refunded = refundedFor(o, 'closing');
  return refunded > 0 ? { kind: 'refunded', amount: refunded } : { kind: 'none', cash: paidOnDelivery(o) };
}

/** Payment operations committed and not yet carried out. */
export const intentsOf = (o: Pick<Order, 'paymentIntents'>): PaymentIntent[] => o.paymentIntents ?? [];
/** Net money still to move: pending charges minus pending refunds, in centavos. */
export const pendingNet = (o: Pick<Order, 'paymentIntents'>) =>
  intentsOf(o).reduce((s, i) => s + (i.kind === 'charge' ? i.amount : -i.amount), 0);

/** Address changes are allowed once paid and before dispatch (RECEIVED is still being priced by the workflow). */
export function assertAddressChangeAllowed(order: Order): void {
  if (order.status === 'CONFIRMED' || order.status === 'PREPARING') return;
  throw new AddressChangeNotAllowed(order.status);
}

export function assertCancellable(order: Order): void {
  if (['RECEIVED', 'AWAITING_PAYMENT', 'CONFIRMED', 'PREPARING'].includes(order.status)) return;
  throw new OrderNotCancellable(order.status);
}

/** Which charges to refund, newest first, to give back `amount` centavos without exceeding any charge's remainder. */
export function refundPlan(
  o: Pick<Order, 'charges' | 'refunds'>,
  amount: number,
): { chargeId: string; amount: number; remaining: number }[] {
  const plan: { chargeId: string; amount: number; remaining: number }[] = [];
  let left = amount;
  for (const c of [...o.charges].reverse()) {
    if (left <= 0) break;
    const remaining = c.amount - o.refunds.filter((r) => r.chargeId === c.chargeId).reduce((s, r) => s + r.amount, 0);
    const take = Math.min(remaining, left);
    if (take > 0) {
      plan.push({ chargeId: c.chargeId, amount: take, remaining });
      left -= take;
    }
  }
  return plan;
}
