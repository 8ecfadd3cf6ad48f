// Estimated delivery time from an order's status, its history timestamps, its distance and the store's kitchen (its
// preparation time and the live delay staff set): an estimate, never a promise.
import type { Store } from './catalog.ts';
import type { Order, OrderStatus } from './order.ts';

/**
 * The assumptions behind every estimate, in minutes, besides the kitchen's own figures (the store's `prepMinutes` and
 * `delayMinutes`). They are typical figures, not measurements: the chat states the result as an estimate. Change them
 * here and every channel follows.
 */
export const ETA_ASSUMPTIONS = {
  /** RECEIVED → CONFIRMED: stock check and payment, usually seconds; a little slack. */
  confirmMinutes: 2,
  /** CONFIRMED → PREPARING: the kitchen picks the order up. */
  queueMinutes: 5,
  /** OUT_FOR_DELIVERY → DELIVERED: pick-up and parking, plus per km of `distanceKm`. */
  travelBaseMinutes: 5,
  travelPerKmMinutes: 4,
  /** Used when the order has no distance yet (it is set when the fee is computed). */
  defaultDistanceKm: 4,
  /** Never tell a customer "0 minutes": a late order is still at least this far away. */
  minRemainingMinutes: 5,
} as const;

/** The same figures, as a type a caller (or a test) can pass its own values for. */
export type EtaAssumptions = { [K in keyof typeof ETA_ASSUMPTIONS]: number };

/**
 * The store's kitchen as the estimate counts it: `prepMinutes` is PREPARING → OUT_FOR_DELIVERY, and the live
 * `delayMinutes` is added to every order still in the kitchen (not to one already on its way: the delay is the
 * kitchen's, and that order has left it).
 */
export type Kitchen = Pick<Store, 'prepMinutes' | 'delayMinutes'>;

/** What to tell the customer: an estimate for an open order, when a delivered one arrived, or that nothing is coming. */
export type DeliveryEstimate =
  /** `arrival` is the estimated arrival; `late` when the stage has run past the usual time; `arrival` is never closer than the minimum. */
  | { kind: 'estimate'; status: OrderStatus; arrival: Date; minutesLeft: number; late: boolean }
  | { kind: 'delivered'; at: Date }
  /** Cancelled, unavailable, payment failed or rejected: nothing is coming. */
  | { kind: 'closed'; status: OrderStatus };

const MINUTE = 60_000;

/** Minutes still needed from the moment the order entered `status` until it reaches the door. */
export function minutesFromStageStart(
  status: OrderStatus,
  distanceKm: number,
  kitchen: Kitchen,
  a: EtaAssumptions = ETA_ASSUMPTIONS,
): number | undefined {
  const travel = a.travelBaseMinutes + a.travelPerKmMinutes * distanceKm;
  const cooking = kitchen.prepMinutes + Math.max(0, kitchen.delayMinutes ?? 0);
  switch (status) {
    case 'RECEIVED':
      return a.confirmMinutes + a.queueMinutes + cooking + travel;
    case 'CONFIRMED':
      return a.queueMinutes + cooking + travel;
    case 'PREPARING':
      return cooking + travel;
    case 'OUT_FOR_DELIVERY':
      return travel;
    default:
      return undefined;
  }
}

/** When the order entered its current status: the latest history entry for it, else its creation. */
function stageStart(order: Pick<Order, 'status' | 'history' | 'createdAt'>): Date {
  const entry = [...order.history].reverse().find((h) => h.status === order.status);
  return new Date(entry?.at ?? order.createdAt);
}

/**
 * Estimates the arrival of an open order. Each stage restarts the clock from its own timestamp, so the estimate
 * improves as staff advance the order; a stage that overran is reported as late rather than as "arriving now".
 */
export function estimateDelivery(
  order: Pick<Order, 'status' | 'history' | 'createdAt' | 'distanceKm'>,
  now: Date,
  kitchen: Kitchen,
  a: EtaAssumptions = ETA_ASSUMPTIONS,
): DeliveryEstimate {
  if (order.status === 'DELIVERED') return { kind: 'delivered', at: stageStart(order) };
  const minutes = minutesFromStageStart(order.status, order.distanceKm ?? a.defaultDistanceKm, kitchen, a);
  if (minutes === undefined) return { kind: 'closed', status: order.status };
  const expected = stageStart(order).getTime() + minutes * MINUTE;
  const earliest = now.getTime() + a.minRemainingMinutes * MINUTE;
  const late = expected < now.getTime();
  const arrival = new Date(Math.max(expected, earliest));
  return {
    kind: 'estimate',
    status: order.status,
    arrival,
    minutesLeft: Math.ceil((arrival.getTime() - now.getTime()) / MINUTE),
    late,
  };
}
