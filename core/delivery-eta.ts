// Estimated delivery time from an order's status, its history timestamps and its distance: an estimate, never a
// promise.
import type { Order, OrderStatus } from './order.ts';

/**
 * The assumptions behind every estimate, in minutes. They are the shop's typical figures, not measurements: the
 * chat states the result as an estimate. Change them here and every channel follows.
 */
export const ETA_ASSUMPTIONS = {
  /** RECEIVED → CONFIRMED: stock check and payment, usually seconds; a little slack. */
  confirmMinutes: 2,
  /** CONFIRMED → PREPARING: the kitchen picks the order up. */
  queueMinutes: 5,
  /** PREPARING → OUT_FOR_DELIVERY. */
  prepareMinutes: 20,
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
  a: EtaAssumptions = ETA_ASSUMPTIONS,
): number | undefined {
  const travel = a.travelBaseMinutes + a.travelPerKmMinutes * distanceKm;
  switch (status) {
    case 'RECEIVED':
      return a.confirmMinutes + a.queueMinutes + a.prepareMinutes + travel;
    case 'CONFIRMED':
      return a.queueMinutes + a.prepareMinutes + travel;
    case 'PREPARING':
      return a.prepareMinutes + travel;
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
  a: EtaAssumptions = ETA_ASSUMPTIONS,
): DeliveryEstimate {
  if (order.status === 'DELIVERED') return { kind: 'delivered', at: stageStart(order) };
  const minutes = minutesFromStageStart(order.status, order.distanceKm ?? a.defaultDistanceKm, a);
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
