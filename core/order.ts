// The order aggregate: statuses, allowed transitions, history, totals, and the rules for address change and cancel.
import { AddressChangeNotAllowed, InvalidTransition, OrderNotCancellable } from './errors.ts';
import type { Lang } from './lang.ts';

export const ORDER_STATUSES = [
  'RECEIVED', 'CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY', 'DELIVERED',
  'CANCELLED', 'UNAVAILABLE', 'PAYMENT_FAILED', 'REJECTED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type PaymentMethod = 'card' | 'pix' | 'cash';
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['card', 'pix', 'cash'];

export interface Address { text: string; lat: number; lon: number }
export interface Customer {
  id: string;
  name: string;
  phone: string;
  email?: string;
  telegramChatId?: number;
  lang: Lang;
}
export interface OrderLine { sku: string; name: string; qty: number; price: number }
export interface HistoryEntry { status: OrderStatus; at: string; by?: string; note?: string }
export interface Charge { chargeId: string; amount: number; idempotencyKey: string }
export interface Refund { refundId: string; chargeId: string; amount: number; idempotencyKey: string }
export interface MissingLine { sku: string; requested: number; available: number }

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
  payment: { method: PaymentMethod; token?: string };
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
}

const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  RECEIVED: ['CONFIRMED', 'UNAVAILABLE', 'PAYMENT_FAILED', 'REJECTED', 'CANCELLED'],
  CONFIRMED: ['PREPARING', 'CANCELLED'],
  PREPARING: ['OUT_FOR_DELIVERY', 'CANCELLED'],
  OUT_FOR_DELIVERY: ['DELIVERED'],
  DELIVERED: [], CANCELLED: [], UNAVAILABLE: [], PAYMENT_FAILED: [], REJECTED: [],
};

/** The delivery stages staff advance, in order; each maps to the status it leads to. */
export const NEXT_STAGE: Partial<Record<OrderStatus, OrderStatus>> = {
  CONFIRMED: 'PREPARING',
  PREPARING: 'OUT_FOR_DELIVERY',
  OUT_FOR_DELIVERY: 'DELIVERED',
};

export const isTerminal = (s: OrderStatus) => NEXT[s].length === 0;
export const canTransition = (from: OrderStatus, to: OrderStatus) => NEXT[from].includes(to);

/** Returns a new order in status `to`, with the change appended to its history. */
export function transition(order: Order, to: OrderStatus, at: Date, extra: { reason?: string; by?: string; note?: string } = {}): Order {
  if (!canTransition(order.status, to)) throw new InvalidTransition(order.status, to);
  const entry: HistoryEntry = { status: to, at: at.toISOString() };
  if (extra.by) entry.by = extra.by;
  if (extra.note) entry.note = extra.note;
  const next: Order = { ...order, status: to, history: [...order.history, entry] };
  if (extra.reason) next.reason = extra.reason;
  return next;
}

export const subtotalOf = (items: OrderLine[]) => items.reduce((sum, l) => sum + l.price * l.qty, 0);
export const chargedAmount = (o: Pick<Order, 'charges'>) => o.charges.reduce((s, c) => s + c.amount, 0);
export const refundedAmount = (o: Pick<Order, 'refunds'>) => o.refunds.reduce((s, r) => s + r.amount, 0);
/** What the customer has paid and not been refunded, in centavos. */
export const paidAmount = (o: Pick<Order, 'charges' | 'refunds'>) => chargedAmount(o) - refundedAmount(o);

/** Address changes are allowed once paid and before dispatch (RECEIVED is still being priced by the workflow). */
export function assertAddressChangeAllowed(order: Order): void {
  if (order.status === 'CONFIRMED' || order.status === 'PREPARING') return;
  throw new AddressChangeNotAllowed(order.status);
}

export function assertCancellable(order: Order): void {
  if (order.status === 'RECEIVED' || order.status === 'CONFIRMED' || order.status === 'PREPARING') return;
  throw new OrderNotCancellable(order.status);
}

/** Which charges to refund, newest first, to give back `amount` centavos without exceeding any charge's remainder. */
export function refundPlan(o: Pick<Order, 'charges' | 'refunds'>, amount: number): { chargeId: string; amount: number; remaining: number }[] {
  const plan: { chargeId: string; amount: number; remaining: number }[] = [];
  let left = amount;
  for (const c of [...o.charges].reverse()) {
    if (left <= 0) break;
    const remaining = c.amount - o.refunds.filter((r) => r.chargeId === c.chargeId).reduce((s, r) => s + r.amount, 0);
    const take = Math.min(remaining, left);
    if (take > 0) { plan.push({ chargeId: c.chargeId, amount: take, remaining }); left -= take; }
  }
  return plan;
}
