// The Lambda configuration of Mercado Pago: the access token's secret turns the provider on in every order function,
// the payment worker refuses to start without it, and the webhook edge needs its webhook secret.
import { describe, expect, it } from 'vitest';
import { orderTasksConfig, paymentWebhookConfig, paymentWorkerConfig } from '../../../apps/lambda/config.ts';

const LAMBDA = { AWS_REGION: 'sa-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' };
const ORDERS = { TABLE_NAME: 'Table', ORDER_EVENTS_TOPIC_ARN: 'arn:aws:sns:sa-east-1:1:OrderEvents' };

describe('Mercado Pago in the Lambda configuration', () => {
  it('leaves the order functions on the simulated gateway when no access token is configured', () => {
    // Act
    const c = orderTasksConfig(ORDERS);
    // Assess
    expect(c.orders.mercadopago).toBeUndefined();
  });

  it('reads PIX_EXPIRY_MINUTES for the order tasks, and refuses to start on a wrong one', () => {
    // Act
    const c = orderTasksConfig({ ...ORDERS, PIX_EXPIRY_MINUTES: '25' });
    // Assess
    expect(c.orders.pixExpiryMinutes).toBe(25);
    expect(orderTasksConfig(ORDERS).orders.pixExpiryMinutes).toBeUndefined();
    expect(() => orderTasksConfig({ ...ORDERS, PIX_EXPIRY_MINUTES: 'soon' })).toThrow(/PIX_EXPIRY_MINUTES/);
  });

  it('turns Mercado Pago on from the access token secret ARN, with the notification URL and API root', () => {
    // Act
    const c = orderTasksConfig({
      ...ORDERS,
      MERCADOPAGO_ACCESS_TOKEN_SECRET_ARN: 'arn:mp-token',
      MERCADOPAGO_NOTIFICATION_URL: 'https://api.example/payments/mercadopago/webhook',
      MERCADOPAGO_API_URL: 'http://127.0.0.1:9',
    });
    // Assess
    expect(c.orders.mercadopago).toEqual({
      accessToken: { name: 'MERCADOPAGO_ACCESS_TOKEN', arn: 'arn:mp-token' },
      notificationUrl: 'https://api.example/payments/mercadopago/webhook',
      apiUrl: 'http://127.0.0.1:9',
    });
  });

  it('refuses to start the payment worker without the access token, and names both ways to give it', () => {
    // Act
    const missing = () => paymentWorkerConfig(ORDERS);
    const byValue = paymentWorkerConfig({ ...ORDERS, MERCADOPAGO_ACCESS_TOKEN: 'TEST-1' });
    // Assess
    expect(missing).toThrow(
      'Payment worker configuration: missing environment variable MERCADOPAGO_ACCESS_TOKEN or ' +
        'MERCADOPAGO_ACCESS_TOKEN_SECRET_ARN',
    );
    expect(byValue.mercadopago.accessToken).toEqual({ name: 'MERCADOPAGO_ACCESS_TOKEN', value: 'TEST-1' });
  });

  it('gives the webhook edge its queue and webhook secret, and refuses to start without the secret', () => {
    // Act
    const c = paymentWebhookConfig({
      ...LAMBDA,
      PAYMENT_QUEUE_URL: 'http://127.0.0.1:2/1/p.fifo',
      MERCADOPAGO_WEBHOOK_SECRET_SECRET_ARN: 'arn:mp-webhook',
    });
    // Assess
    expect(c.queueUrl).toBe('http://127.0.0.1:2/1/p.fifo');
    expect(c.webhookSecret).toEqual({ name: 'MERCADOPAGO_WEBHOOK_SECRET', arn: 'arn:mp-webhook' });
    expect(() => paymentWebhookConfig({ ...LAMBDA, PAYMENT_QUEUE_URL: 'q' })).toThrow(
      /MERCADOPAGO_WEBHOOK_SECRET or MERCADOPAGO_WEBHOOK_SECRET_SECRET_ARN/,
    );
  });
});
