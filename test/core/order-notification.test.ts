// The SNS-ready order event: per-protocol JSON message, 'json' structure, and String attributes for filter policies.
import { describe, expect, it } from 'vitest';
import { renderOrderEvent } from '../../core/notification-texts.ts';
import { buildOrderNotification, parseNotification } from '../../core/order-notification.ts';
import { makeOrder } from './order-fixture.ts';

const AT = new Date('2025-03-01T12:34:56.789Z');

describe('buildOrderNotification', () => {
  it('is shaped like SNS Publish parameters with a json MessageStructure', () => {
    // Prepare
    const order = makeOrder({ status: 'CONFIRMED' });

    // Act
    const n = buildOrderNotification('CONFIRMED', order, AT);

    // Assess
    expect(Object.keys(n).sort()).toEqual(['Message', 'MessageAttributes', 'MessageStructure']);
    expect(n.MessageStructure).toBe('json');
    expect(n.MessageAttributes).toEqual({
      event: { DataType: 'String', StringValue: 'CONFIRMED' },
      orderId: { DataType: 'String', StringValue: 'K7M2QX' },
      customerId: { DataType: 'String', StringValue: 'c_0123456789abcdef0123' },
    });
  });

  it('carries the sentence for e-mail and SMS and the structured payload as default', () => {
    // Prepare
    const order = makeOrder({ status: 'CONFIRMED', customer: { ...makeOrder().customer, lang: 'en' } });

    // Act
    const n = buildOrderNotification('CONFIRMED', order, AT);
    const bodies = JSON.parse(n.Message) as Record<string, string>;

    // Assess
    expect(Object.keys(bodies).sort()).toEqual(['default', 'email', 'sms']);
    const text = renderOrderEvent('CONFIRMED', order, 'en');
    expect(bodies.email).toBe(text);
    expect(bodies.sms).toBe(text);
    expect(JSON.parse(bodies.default!)).toEqual({
      event: 'CONFIRMED',
      orderId: 'K7M2QX',
      customerId: 'c_0123456789abcdef0123',
      status: 'CONFIRMED',
      lang: 'en',
      text,
      at: '2025-03-01T12:34:56.789Z',
      total: 5073,
      paymentMethod: order.payment.method,
      // CONFIRMED carries the whole order: a Pix or card order gets its one confirmation in the chat from it.
      confirmation: {
        lines: order.items.map((l) => ({ qty: l.qty, name: l.name, lineTotal: l.qty * l.price })),
        deliveryFee: order.deliveryFee,
        total: order.subtotal + order.deliveryFee,
        address: order.address.text,
        ...(order.address.complement ? { complement: order.address.complement } : {}),
        ...(order.address.reference ? { reference: order.address.reference } : {}),
        payment: order.payment.method,
      },
    });
  });

  it("carries the store's time zone and the estimated arrival when built with the store", () => {
    // Prepare
    const order = makeOrder({ status: 'CONFIRMED' });

    // Act
    const n = buildOrderNotification('CONFIRMED', order, AT, {
      prepMinutes: 20,
      delayMinutes: 0,
      timezone: 'America/Sao_Paulo',
    });
    const payload = JSON.parse((JSON.parse(n.Message) as { default: string }).default);

    // Assess
    expect(payload.timeZone).toBe('America/Sao_Paulo');
    expect(Date.parse(payload.confirmation.arrival)).toBeGreaterThan(AT.getTime());
  });

  it("writes the text in the customer's language", () => {
    // Prepare
    const pt = makeOrder();
    const en = makeOrder({ customer: { ...pt.customer, lang: 'en' } });

    // Act
    const ptSms = parseNotification(buildOrderNotification('RECEIVED', pt, AT)).sms;
    const enSms = parseNotification(buildOrderNotification('RECEIVED', en, AT)).sms;

    // Assess
    expect(ptSms).toBe(renderOrderEvent('RECEIVED', pt, 'pt-BR'));
    expect(enSms).toBe(renderOrderEvent('RECEIVED', en, 'en'));
    expect(ptSms).not.toBe(enSms);
  });

  it('adds the reason and the Telegram chat id only when the order has them', () => {
    // Prepare
    const plain = makeOrder({ status: 'PAYMENT_FAILED' });
    const rich = makeOrder({
      status: 'REJECTED',
      reason: 'OUT_OF_DELIVERY_AREA',
      distanceKm: 12.68,
      customer: { ...plain.customer, telegramChatId: 987654321 },
    });

    // Act
    const plainPayload = parseNotification(buildOrderNotification('PAYMENT_FAILED', plain, AT)).payload;
    const richPayload = parseNotification(buildOrderNotification('REJECTED', rich, AT)).payload;

    // Assess
    expect(plainPayload).not.toHaveProperty('reason');
    expect(plainPayload).not.toHaveProperty('telegramChatId');
    expect(richPayload).toMatchObject({ event: 'REJECTED', reason: 'OUT_OF_DELIVERY_AREA', telegramChatId: 987654321 });
  });

  it('never leaks the access-token hash, payment token or charges into the message', () => {
    // Prepare
    const order = makeOrder({
      status: 'CONFIRMED',
      accessTokenHash: 'f'.repeat(64),
      payment: { method: 'card', token: 'tok_secret_visa' },
      charges: [{ chargeId: 'ch_secret', amount: 5073, idempotencyKey: 'K7M2QX:charge' }],
    });

    // Act
    const n = buildOrderNotification('CONFIRMED', order, AT);

    // Assess
    const wire = JSON.stringify(n);
    expect(wire).not.toContain('f'.repeat(64));
    expect(wire).not.toContain('tok_secret_visa');
    expect(wire).not.toContain('ch_secret');
  });

  it('publishes the staff-only STAGE_OVERDUE event with the same shape', () => {
    // Prepare
    const order = makeOrder({ status: 'PREPARING' });

    // Act
    const n = buildOrderNotification('STAGE_OVERDUE', order, AT);
    const { payload } = parseNotification(n);

    // Assess
    expect(n.MessageAttributes.event.StringValue).toBe('STAGE_OVERDUE');
    expect(payload.event).toBe('STAGE_OVERDUE');
    expect(payload.text).toContain('PREPARING');
  });
});
