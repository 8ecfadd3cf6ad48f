// Delivery estimates: each stage restarts the clock from its own timestamp; overruns say "late", never "arriving now".
import { describe, expect, it } from 'vitest';
import { ETA_ASSUMPTIONS, estimateDelivery, minutesFromStageStart } from '../../core/delivery-eta.ts';
import type { HistoryEntry, OrderStatus } from '../../core/order.ts';
import { makeOrder } from './order-fixture.ts';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const history = (...steps: [OrderStatus, number][]): HistoryEntry[] =>
  steps.map(([status, m]) => ({ status, at: at(m).toISOString() }));
/** A kitchen that takes 20 minutes and runs on time. */
const KITCHEN = { prepMinutes: 20 };

describe('estimateDelivery', () => {
  it('adds queue, preparation and travel (5 min + 4 min/km) for a CONFIRMED order', () => {
    // Prepare: 2 km away, confirmed at T0+1
    const order = makeOrder({
      status: 'CONFIRMED',
      distanceKm: 2,
      history: history(['RECEIVED', 0], ['CONFIRMED', 1]),
    });

    // Act
    const eta = estimateDelivery(order, at(1), KITCHEN);

    // Assess: 5 + 20 + 5 + 8 = 38 minutes after confirmation
    expect(eta).toEqual({ kind: 'estimate', status: 'CONFIRMED', arrival: at(39), minutesLeft: 38, late: false });
  });

  it("counts from the current stage's own timestamp as staff advance the order", () => {
    // Prepare
    const preparing = makeOrder({
      status: 'PREPARING',
      distanceKm: 2,
      history: history(['RECEIVED', 0], ['CONFIRMED', 1], ['PREPARING', 10]),
    });
    const out = makeOrder({
      status: 'OUT_FOR_DELIVERY',
      distanceKm: 2,
      history: history(['RECEIVED', 0], ['CONFIRMED', 1], ['PREPARING', 10], ['OUT_FOR_DELIVERY', 28]),
    });

    // Act
    const a = estimateDelivery(preparing, at(15), KITCHEN);
    const b = estimateDelivery(out, at(30), KITCHEN);

    // Assess: 10 + 20 + 13 = 43; 28 + 13 = 41
    expect(a).toMatchObject({ arrival: at(43), minutesLeft: 28, late: false });
    expect(b).toMatchObject({ arrival: at(41), minutesLeft: 11, late: false });
  });

  it('reports an overrun as late, still at least the minimum away', () => {
    // Prepare: out for delivery 1 km away (9 min) an hour ago
    const order = makeOrder({ status: 'OUT_FOR_DELIVERY', distanceKm: 1, history: history(['OUT_FOR_DELIVERY', 0]) });

    // Act
    const eta = estimateDelivery(order, at(60), KITCHEN);

    // Assess
    expect(eta).toEqual({
      kind: 'estimate',
      status: 'OUT_FOR_DELIVERY',
      arrival: at(60 + ETA_ASSUMPTIONS.minRemainingMinutes),
      minutesLeft: 5,
      late: true,
    });
  });

  it('assumes the default distance when the fee (and so the distance) is not computed yet', () => {
    // Prepare
    const order = makeOrder({ status: 'RECEIVED', distanceKm: undefined });

    // Act
    const eta = estimateDelivery(order, at(0), KITCHEN);

    // Assess: 2 + 5 + 20 + 5 + 4 × 4
    expect(eta).toMatchObject({ minutesLeft: 48 });
  });

  it("counts the store's own preparation time: a 25-minute kitchen adds 5 minutes to a 20-minute one", () => {
    // Prepare
    const order = makeOrder({ status: 'PREPARING', distanceKm: 2, history: history(['PREPARING', 0]) });

    // Act
    const slow = estimateDelivery(order, at(0), { prepMinutes: 25 });

    // Assess: 25 + 5 + 8
    expect(slow).toMatchObject({ arrival: at(38), minutesLeft: 38 });
  });

  it('adds the kitchen delay to every order still in the kitchen, not to one already on its way', () => {
    // Prepare: a 20-minute delay staff set
    const delayed = { prepMinutes: 20, delayMinutes: 20 };
    const stages = (['RECEIVED', 'CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY'] as const).map((status) =>
      makeOrder({ status, distanceKm: 2, history: history([status, 0]) }),
    );

    // Act
    const onTime = stages.map((o) => estimateDelivery(o, at(0), KITCHEN));
    const late = stages.map((o) => estimateDelivery(o, at(0), delayed));

    // Assess
    const minutes = (e: ReturnType<typeof estimateDelivery>) => (e.kind === 'estimate' ? e.minutesLeft : Number.NaN);
    expect(late.map(minutes)).toEqual(onTime.map((e, i) => minutes(e) + (i < 3 ? 20 : 0)));
    expect(onTime.map(minutes)).toEqual([40, 38, 33, 13]);
  });

  it('says when a delivered order arrived, and that a closed one is not coming', () => {
    // Prepare
    const delivered = makeOrder({ status: 'DELIVERED', history: history(['RECEIVED', 0], ['DELIVERED', 40]) });
    const cancelled = makeOrder({ status: 'CANCELLED', history: history(['RECEIVED', 0], ['CANCELLED', 3]) });

    // Act / Assess
    expect(estimateDelivery(delivered, at(50), KITCHEN)).toEqual({ kind: 'delivered', at: at(40) });
    expect(estimateDelivery(cancelled, at(50), KITCHEN)).toEqual({ kind: 'closed', status: 'CANCELLED' });
    expect(
      ['UNAVAILABLE', 'PAYMENT_FAILED', 'REJECTED'].map((s) => minutesFromStageStart(s as OrderStatus, 1, KITCHEN)),
    ).toEqual([undefined, undefined, undefined]);
  });
});
