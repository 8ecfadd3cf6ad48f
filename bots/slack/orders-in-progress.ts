// The orders in progress App Home lists, by stage: read from the order index by status (a Query per stage), never kept
// beside the orders.
import type { ChatSessionStore } from '../../core/chat-session.ts';
import type { Order, OrderStatus } from '../../core/order.ts';
import type { OrderRepository } from '../../core/ports.ts';
import { statusSince } from './order-card.ts';
import { type OrderThread, orderThreadKey, readRecord } from './slack-records.ts';

/** The stages App Home shows, in delivery order. */
export const STAGES_IN_PROGRESS = [
  'CONFIRMED',
  'PREPARING',
  'OUT_FOR_DELIVERY',
] as const satisfies readonly OrderStatus[];
export type StageInProgress = (typeof STAGES_IN_PROGRESS)[number];

/** One order in progress (CONFIRMED, PREPARING, OUT_FOR_DELIVERY), as App Home lists it. */
export interface OrderInProgress {
  orderId: string;
  status: string;
  customerName: string;
  total: number;
  placedAt: string;
  /** When the order entered its current status. */
  since: string;
  overdue?: boolean;
  /** Link to the order's feed card, when the feed posted one. */
  permalink?: string;
}

/** The line App Home shows for an order. */
export function inProgressEntry(order: Order, permalink?: string): OrderInProgress {
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

export interface StageList {
  stage: StageInProgress;
  orders: OrderInProgress[];
  total: number;
}

/**
 * The orders in progress by stage, placed earliest first, at most `perStage` of each, and how many each stage holds.
 * Each stage is a Query of the order index by status, which every save of an order keeps (an order that ends leaves
 * it in the same write): nothing here depends on the feed having seen an event. The cards' links are read per order.
 */
export async function ordersInProgressByStage(
  sessions: ChatSessionStore,
  orders: Pick<OrderRepository, 'listByStatus'>,
  perStage: number,
): Promise<StageList[]> {
  return Promise.all(
    STAGES_IN_PROGRESS.map(async (stage) => {
      const listed = await orders.listByStatus(stage, perStage);
      const threads = await Promise.all(
        listed.orders.map((o) => readRecord<OrderThread>(sessions, orderThreadKey(o.orderId))),
      );
      return {
        stage,
        orders: listed.orders.map((o, i) => inProgressEntry(o, threads[i]?.permalink)),
        total: listed.total,
      };
    }),
  );
}
