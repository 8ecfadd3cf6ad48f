// The orders-in-progress index App Home reads: kept from the order events the feed receives (never a table scan), checked against the orders it shows.
import type { ChatSessionStore } from '../../core/chat-session.ts';
import type { Order, OrderStatus } from '../../core/order.ts';
import type { OrderRepository } from '../../core/ports.ts';
import { statusSince } from './order-card.ts';
import {
  ORDERS_IN_PROGRESS_KEY,
  type OrderInProgress,
  type OrdersInProgressIndex,
  readRecord,
  updateRecord,
} from './slack-records.ts';

/** The stages App Home shows, in delivery order. */
export const STAGES_IN_PROGRESS = [
  'CONFIRMED',
  'PREPARING',
  'OUT_FOR_DELIVERY',
] as const satisfies readonly OrderStatus[];
export type StageInProgress = (typeof STAGES_IN_PROGRESS)[number];
const isInProgress = (s: string): s is StageInProgress => (STAGES_IN_PROGRESS as readonly string[]).includes(s);

/** Every order event of every order updates this one record; optimistic retries need room under a busy feed. */
const INDEX_WRITE_ATTEMPTS = 25;

/** The index entry for an order, or null when the order is not in progress (still being checked, or ended). */
export function inProgressEntry(order: Order, permalink?: string): OrderInProgress | null {
  if (!isInProgress(order.status)) return null;
  return {
    orderId: order.orderId,
    status: order.status,
    customerName: order.customer.name,
    total: order.total,
    placedAt: order.createdAt,
    since: statusSince(order),
    ...((order.overdueAlerts ?? 0) > 0 ? { overdue: true } : {}),
    ...(permalink ? { permalink } : {}),
  };
}

const sameEntry = (a: OrderInProgress | undefined | null, b: OrderInProgress | undefined | null) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Oldest order first (when it was placed), then by id so the order is stable. */
export const oldestFirst = (a: OrderInProgress, b: OrderInProgress) =>
  a.placedAt < b.placedAt
    ? -1
    : a.placedAt > b.placedAt
      ? 1
      : a.orderId < b.orderId
        ? -1
        : a.orderId > b.orderId
          ? 1
          : 0;

/**
 * Puts the order's current state in the index: added on its first status in progress, updated on each change,
 * removed once it ends. Built from the order itself (not the event), so a late or repeated event writes the truth.
 */
export async function trackOrderInProgress(store: ChatSessionStore, order: Order, permalink?: string): Promise<void> {
  const index = await readRecord<OrdersInProgressIndex>(store, ORDERS_IN_PROGRESS_KEY);
  const existing = index?.orders.find((e) => e.orderId === order.orderId);
  const entry = inProgressEntry(order, permalink ?? existing?.permalink);
  if (sameEntry(existing, entry)) return;
  await updateRecord<OrdersInProgressIndex>(
    store,
    ORDERS_IN_PROGRESS_KEY,
    (current) => {
      const orders = (current?.orders ?? []).filter((e) => e.orderId !== order.orderId);
      if (entry) orders.push(entry);
      return { orders };
    },
    INDEX_WRITE_ATTEMPTS,
  );
}

export interface StageList {
  stage: StageInProgress;
  orders: OrderInProgress[];
  total: number;
}

/**
 * The orders in progress by stage, oldest first, at most `perStage` of each. The ones shown are read back from the
 * orders (Gets, no scan): an order that moved on since its last event is shown where it is now, and the index is
 * corrected, so App Home is right even if an event is late or was lost.
 */
export async function ordersInProgressByStage(
  store: ChatSessionStore,
  orders: OrderRepository,
  perStage: number,
): Promise<StageList[]> {
  const index = (await readRecord<OrdersInProgressIndex>(store, ORDERS_IN_PROGRESS_KEY))?.orders ?? [];
  const shown = STAGES_IN_PROGRESS.flatMap((stage) =>
    index
      .filter((e) => e.status === stage)
      .sort(oldestFirst)
      .slice(0, perStage),
  );
  const current = await Promise.all(shown.map((e) => orders.get(e.orderId)));
  const corrections = new Map<string, { seen: OrderInProgress; now: OrderInProgress | null }>();
  shown.forEach((seen, i) => {
    const order = current[i];
    const now = order ? inProgressEntry(order, seen.permalink) : null;
    if (!sameEntry(seen, now)) corrections.set(seen.orderId, { seen, now });
  });
  let entries = index;
  if (corrections.size > 0) {
    const written = await updateRecord<OrdersInProgressIndex>(
      store,
      ORDERS_IN_PROGRESS_KEY,
      (stored) => ({
        // An entry the feed rewrote meanwhile is newer than what we read: only entries still as we saw them are corrected.
        orders: (stored?.orders ?? []).flatMap((e) => {
          const c = corrections.get(e.orderId);
          return !c || !sameEntry(e, c.seen) ? [e] : c.now ? [c.now] : [];
        }),
      }),
      INDEX_WRITE_ATTEMPTS,
    );
    entries = written.orders;
  }
  return STAGES_IN_PROGRESS.map((stage) => {
    const inStage = entries.filter((e) => e.status === stage).sort(oldestFirst);
    return { stage, orders: inStage.slice(0, perStage), total: inStage.length };
  });
}
