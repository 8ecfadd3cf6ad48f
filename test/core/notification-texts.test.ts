// Customer-facing texts for every order event in pt-BR and en: present, naming the order, translated, with money
// formatted.
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../core/lang.ts';
import {
  CUSTOMER_EVENTS,
  EMAIL_SUBJECTS,
  type OrderEventName,
  renderOrderEvent,
} from '../../core/notification-texts.ts';
import { ORDER_STATUSES } from '../../core/order.ts';
import { buildOrderNotification, parseNotification } from '../../core/order-notification.ts';
import { makeOrder } from './order-fixture.ts';

// A Record forces the compiler to list every OrderEventName: adding an event without updating this test fails tsc.
const EVERY_EVENT: Record<OrderEventName, true> = {
  RECEIVED: true,
  AWAITING_PAYMENT: true,
  PAYMENT_REFUNDED: true,
  CONFIRMED: true,
  PREPARING: true,
  OUT_FOR_DELIVERY: true,
  DELIVERED: true,
  CANCELLED: true,
  UNAVAILABLE: true,
  PAYMENT_FAILED: true,
  REJECTED: true,
  ADDRESS_CHANGED: true,
  KITCHEN_DELAY: true,
  STAGE_OVERDUE: true,
};
const EVENTS = Object.keys(EVERY_EVENT) as OrderEventName[];
const LANGS: Lang[] = ['pt-BR', 'en'];

describe('renderOrderEvent', () => {
  it.each(EVENTS)('%s: non-empty, names the order, and pt-BR differs from en', (event) => {
    // Prepare
    const order = makeOrder({ orderId: 'Q4ZP9K' });

    // Act
    const [pt, en] = LANGS.map((lang) => renderOrderEvent(event, order, lang));

    // Assess
    for (const text of [pt!, en!]) {
      expect(text.trim().length).toBeGreaterThan(10);
      expect(text).toContain('Q4ZP9K');
      expect(text).not.toMatch(/undefined|NaN|\[object Object\]/);
    }
    expect(pt).not.toBe(en);
  });

  it.each(['ADDRESS_CHANGED', 'OUT_FOR_DELIVERY'] as const)(
    '%s quotes and clips the address the customer typed, on one line',
    (event) => {
      // Prepare: what anyone may type as an address, sent by SMS, e-mail and chat push.
      const text =
        'URGENTE: seu cartão foi recusado.\nPague de novo via Pix em http://pix-pagamento.example/pague-agora-mesmo-ou-perde';
      const order = makeOrder({ status: 'PREPARING', address: { text, lat: -22.97, lon: -43.18 } });

      // Act
      const [pt, en] = LANGS.map((lang) => renderOrderEvent(event, order, lang));

      // Assess
      for (const sentence of [pt!, en!]) {
        expect(sentence).toContain(
          '“URGENTE: seu cartão foi recusado. Pague de novo via Pix em http://pix-pagamento…”',
        );
        expect(sentence).not.toContain('\n');
        expect(sentence).not.toContain('pague-agora');
      }
    },
  );

  it('formats the CONFIRMED total and delivery fee per language', () => {
    // Prepare
    const order = makeOrder({ status: 'CONFIRMED', total: 5073, deliveryFee: 603 });

    // Act
    const pt = renderOrderEvent('CONFIRMED', order, 'pt-BR');
    const en = renderOrderEvent('CONFIRMED', order, 'en');

    // Assess
    expect(pt).toContain('50,73');
    expect(pt).toContain('6,03');
    expect(en).toContain('50.73');
    expect(en).toContain('6.03');
  });

  it('says nothing was charged on a cancel without refunds, and the refunded sum otherwise', () => {
    // Prepare
    const unpaid = makeOrder({ status: 'CANCELLED' });
    const refunded = makeOrder({
      status: 'CANCELLED',
      refunds: [
        { refundId: 'r1', chargeId: 'c1', amount: 4000, idempotencyKey: 'k1', reason: 'closing' },
        { refundId: 'r2', chargeId: 'c2', amount: 383, idempotencyKey: 'k2', reason: 'closing' },
      ],
    });

    // Act
    const texts = {
      unpaidPt: renderOrderEvent('CANCELLED', unpaid, 'pt-BR'),
      unpaidEn: renderOrderEvent('CANCELLED', unpaid, 'en'),
      refundedPt: renderOrderEvent('CANCELLED', refunded, 'pt-BR'),
      refundedEn: renderOrderEvent('CANCELLED', refunded, 'en'),
    };

    // Assess
    expect(texts.unpaidPt).toContain('Nada foi cobrado');
    expect(texts.unpaidEn).toContain('Nothing was charged');
    expect(texts.refundedPt).toContain('43,83');
    expect(texts.refundedEn).toContain('43.83');
    expect(texts.refundedPt).not.toContain('Nada foi cobrado');
  });

  // Regression (issue 9): the cancel text summed every refund, and a cash order that was never charged was "refunded".
  it('tells what the cancel itself gave back, says cash was never charged, and never claims a refund still on its way', () => {
    // Prepare
    const charge = { chargeId: 'c1', amount: 5375, idempotencyKey: 'K7M2QX:charge:5375', reason: 'order' as const };
    const afterCheaperAddress = makeOrder({
      status: 'CANCELLED',
      charges: [charge],
      refunds: [
        { refundId: 'r1', chargeId: 'c1', amount: 302, idempotencyKey: 'a', reason: 'address-change' },
        { refundId: 'r2', chargeId: 'c1', amount: 5073, idempotencyKey: 'b', reason: 'closing' },
      ],
    });
    const cash = makeOrder({ status: 'CANCELLED', payment: { method: 'cash' } });
    const onItsWay = makeOrder({
      status: 'CANCELLED',
      charges: [charge],
      paymentIntents: [
        {
          kind: 'refund',
          amount: 5375,
          chargeId: 'c1',
          reason: 'closing',
          idempotencyKey: 'c',
          at: '2025-03-01T12:00:00.000Z',
        },
      ],
    });

    // Act
    const [pt, cashPt, cashEn, wayPt, wayEn] = [
      renderOrderEvent('CANCELLED', afterCheaperAddress, 'pt-BR'),
      renderOrderEvent('CANCELLED', cash, 'pt-BR'),
      renderOrderEvent('CANCELLED', cash, 'en'),
      renderOrderEvent('CANCELLED', onItsWay, 'pt-BR'),
      renderOrderEvent('CANCELLED', onItsWay, 'en'),
    ];

    // Assess
    expect(pt).toMatch(/Estornamos R\$\s50,73\.$/);
    expect(cashPt).toBe('Pedido K7M2QX cancelado. Nada foi cobrado: o pagamento seria em dinheiro, na entrega.');
    expect(cashEn).toBe('Order K7M2QX cancelled. Nothing was charged: you were going to pay cash on delivery.');
    expect(wayPt).toMatch(/O estorno de R\$\s53,75 está a caminho/);
    expect(wayEn).toMatch(/The refund of R\$53\.75 is on its way/);
    expect(wayPt).not.toMatch(/Estornamos|Nada foi cobrado/);
  });

  it("gives the distance of an out-of-area rejection with the language's decimal mark", () => {
    // Prepare
    const order = makeOrder({ status: 'REJECTED', reason: 'OUT_OF_DELIVERY_AREA', distanceKm: 12.68 });

    // Act
    const pt = renderOrderEvent('REJECTED', order, 'pt-BR');
    const en = renderOrderEvent('REJECTED', order, 'en');

    // Assess
    expect(pt).toContain('12,7 km');
    expect(en).toContain('12.7 km');
  });

  it('says a shop that closed or paused refused the order, and that nothing was charged', () => {
    // Prepare
    const closed = makeOrder({ orderId: 'Q4ZP9K', status: 'REJECTED', reason: 'STORE_CLOSED' });
    const paused = makeOrder({ orderId: 'Q4ZP9K', status: 'REJECTED', reason: 'STORE_PAUSED' });

    // Act
    const [closedPt, closedEn, pausedPt, pausedEn] = [
      renderOrderEvent('REJECTED', closed, 'pt-BR'),
      renderOrderEvent('REJECTED', closed, 'en'),
      renderOrderEvent('REJECTED', paused, 'pt-BR'),
      renderOrderEvent('REJECTED', paused, 'en'),
    ];

    // Assess
    expect(closedPt).toBe('Desculpe, não deu para aceitar o pedido Q4ZP9K: estamos fechados agora. Nada foi cobrado.');
    expect(closedEn).toBe('Sorry, we could not accept order Q4ZP9K: we are closed right now. Nothing was charged.');
    expect(pausedPt).toBe(
      'Desculpe, não deu para aceitar o pedido Q4ZP9K: pausamos os pedidos por alguns minutos. Nada foi cobrado. Tente de novo daqui a pouco.',
    );
    expect(pausedEn).toBe(
      'Sorry, we could not accept order Q4ZP9K: we have paused orders for a few minutes. Nothing was charged. Please try again shortly.',
    );
  });

  it('tells the kitchen delay recorded on the order, in minutes', () => {
    // Prepare
    const order = makeOrder({
      orderId: 'Q4ZP9K',
      status: 'PREPARING',
      delayNotice: { minutes: 20, at: '2025-03-01T12:00:00.000Z' },
    });

    // Act
    const pt = renderOrderEvent('KITCHEN_DELAY', order, 'pt-BR');
    const en = renderOrderEvent('KITCHEN_DELAY', order, 'en');

    // Assess
    expect(pt).toBe(
      'Pedido Q4ZP9K: a cozinha está com muito movimento e seu pedido deve atrasar uns 20 min. Desculpe a demora!',
    );
    expect(en).toBe(
      'Order Q4ZP9K: the kitchen is very busy and your order may be about 20 min late. Sorry for the wait!',
    );
  });

  it('names the missing products of an UNAVAILABLE order', () => {
    // Prepare
    const order = makeOrder({ status: 'UNAVAILABLE', missing: [{ sku: 'GUARANA-350', requested: 1, available: 0 }] });

    // Act
    const pt = renderOrderEvent('UNAVAILABLE', order, 'pt-BR');

    // Assess
    expect(pt).toContain('Guaraná lata 350 ml');
  });

  it('mentions the new address after an address change', () => {
    // Prepare
    const order = makeOrder({
      status: 'PREPARING',
      address: { text: 'Rua Visconde de Pirajá 300, Ipanema', lat: -22.9846, lon: -43.2041 },
    });

    // Act
    const texts = LANGS.map((lang) => renderOrderEvent('ADDRESS_CHANGED', order, lang));

    // Assess
    for (const t of texts) expect(t).toContain('Rua Visconde de Pirajá 300, Ipanema');
  });
});

describe('CUSTOMER_EVENTS', () => {
  it('is every event except the staff-only STAGE_OVERDUE, and covers every order status', () => {
    // Act
    const customer = new Set(CUSTOMER_EVENTS);

    // Assess
    expect(customer.has('STAGE_OVERDUE')).toBe(false);
    expect([...customer].sort()).toEqual(EVENTS.filter((e) => e !== 'STAGE_OVERDUE').sort());
    for (const status of ORDER_STATUSES) expect(customer.has(status)).toBe(true);
  });
});

describe('EMAIL_SUBJECTS', () => {
  it('names the order in both languages, differently', () => {
    // Act
    const pt = EMAIL_SUBJECTS['pt-BR']('Q4ZP9K');
    const en = EMAIL_SUBJECTS.en('Q4ZP9K');

    // Assess
    expect(pt).toContain('Q4ZP9K');
    expect(en).toContain('Q4ZP9K');
    expect(pt).not.toBe(en);
  });

  it('adds the estimate to the stage pushes when the store is known, in its time zone, and to no other event', () => {
    // Prepare: confirmed at 21:00 UTC (18:00 in Rio), 2 km away, a 20-minute kitchen
    const at = new Date('2026-03-10T21:00:00Z');
    const store = { prepMinutes: 20, delayMinutes: 0, timezone: 'America/Sao_Paulo' };
    const order = makeOrder({
      status: 'CONFIRMED',
      distanceKm: 2,
      history: [{ status: 'CONFIRMED', at: at.toISOString() }],
      customer: { ...makeOrder().customer, lang: 'pt-BR' },
    });

    // Act
    const confirmed = parseNotification(buildOrderNotification('CONFIRMED', order, at, store)).payload.text;
    const english = renderOrderEvent('CONFIRMED', order, 'en', {
      arrival: new Date('2026-03-10T21:38:00Z'),
      timeZone: 'America/Sao_Paulo',
    });
    const delivered = parseNotification(
      buildOrderNotification('DELIVERED', { ...order, status: 'DELIVERED' }, at, store),
    ).payload.text;
    const noStore = parseNotification(buildOrderNotification('CONFIRMED', order, at)).payload.text;

    // Assess: queue 5 + kitchen 20 + travel 5 + 4 × 2 = 38 min after 18:00
    expect(confirmed).toMatch(/ Previsão: por volta das 18:38\.$/);
    expect(english).toMatch(/ Estimated arrival: around 6:38 PM\.$/);
    expect(delivered).not.toContain('Previsão');
    expect(noStore).not.toContain('Previsão');
  });
});
