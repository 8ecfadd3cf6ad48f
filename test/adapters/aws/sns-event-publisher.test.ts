// SnsEventPublisher through the real @aws-sdk/client-sns against a loopback SNS stand-in (AWS Query protocol).
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SnsEventPublisher } from '../../../adapters/aws/sns-event-publisher.ts';
import { CUSTOMER_EVENTS } from '../../../core/notification-texts.ts';
import { buildOrderNotification, parseNotification } from '../../../core/order-notification.ts';
import { makeOrder } from '../../core/order-fixture.ts';
import { type FakeSns, messageAttributes, queryMap, startFakeSns } from '../../support/fake-sns.ts';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:OrderEvents';
const AT = new Date('2025-03-01T12:05:00.000Z');
const ANA = {
  id: 'c_ana00000000000000000',
  name: 'Ana Souza',
  phone: '+5521987654321',
  email: 'ana@example.com',
  lang: 'pt-BR' as const,
};
const BRUNO = { id: 'c_bruno000000000000000', name: 'Bruno Lima', phone: '+5521911112222', lang: 'en' as const };

let sns: FakeSns;
let client: SNSClient;
let publisher: SnsEventPublisher;

beforeAll(async () => {
  sns = await startFakeSns({ topics: [TOPIC] });
  client = new SNSClient({
    endpoint: sns.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  publisher = new SnsEventPublisher(client, TOPIC);
});
afterAll(async () => {
  client.destroy();
  await sns.close();
});
beforeEach(() => {
  sns.calls.length = 0;
  sns.subscriptions.length = 0;
  sns.deliveries.length = 0;
});

describe('SnsEventPublisher.publish', () => {
  it('sends one Query-protocol Publish with the topic, a json MessageStructure and String attributes', async () => {
    // Prepare
    const order = makeOrder({ customer: ANA });
    const notification = buildOrderNotification('RECEIVED', order, AT);

    // Act
    await publisher.publish(notification);

    // Assess
    expect(sns.calls).toHaveLength(1);
    const { action, params, contentType } = sns.calls[0]!;
    expect(contentType).toBe('application/x-www-form-urlencoded');
    expect(action).toBe('Publish');
    expect(params).toMatchObject({ Version: '2010-03-31', TopicArn: TOPIC, MessageStructure: 'json' });
    expect(messageAttributes(params)).toEqual({
      event: { DataType: 'String', StringValue: 'RECEIVED' },
      orderId: { DataType: 'String', StringValue: 'K7M2QX' },
      customerId: { DataType: 'String', StringValue: ANA.id },
    });
    const bodies = JSON.parse(params.Message!) as Record<string, string>;
    expect(Object.keys(bodies).sort()).toEqual(['default', 'email', 'sms']);
    expect(bodies.sms).toBe('Recebemos seu pedido K7M2QX. Estamos conferindo a disponibilidade e o pagamento.');
    expect(bodies.email).toBe(bodies.sms);
    expect(JSON.parse(bodies.default!)).toEqual(parseNotification(notification).payload);
    expect(JSON.parse(bodies.default!)).toMatchObject({
      event: 'RECEIVED',
      orderId: 'K7M2QX',
      customerId: ANA.id,
      at: AT.toISOString(),
    });
  });

  it('rejects with the SNS error when the topic refuses the message', async () => {
    // Prepare
    sns.failNext('Publish', 'AuthorizationError', 403);

    // Act
    const result = publisher.publish(buildOrderNotification('CONFIRMED', makeOrder({ customer: ANA }), AT));

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'AuthorizationErrorException',
      $metadata: { httpStatusCode: 403 },
    });
  });
});

describe('SnsEventPublisher.subscribeCustomer', () => {
  const expectedPolicy = (id: string) => ({
    customerId: [id],
    event: CUSTOMER_EVENTS.filter((e) => e !== 'STAGE_OVERDUE'),
  });

  it('subscribes the phone by SMS and the e-mail, each filtered on the customer and the customer events', async () => {
    // Act
    await publisher.subscribeCustomer(ANA);

    // Assess
    expect(sns.calls.map((c) => c.action)).toEqual(['Subscribe', 'Subscribe']);
    expect(sns.calls.map((c) => [c.params.Protocol, c.params.Endpoint])).toEqual([
      ['sms', ANA.phone],
      ['email', ANA.email],
    ]);
    for (const { params } of sns.calls) {
      expect(params).toMatchObject({ TopicArn: TOPIC, ReturnSubscriptionArn: 'true' });
      const attributes = queryMap(params, 'Attributes', 'key', 'value');
      expect(Object.keys(attributes)).toEqual(['FilterPolicy']);
      expect(JSON.parse(attributes.FilterPolicy!)).toEqual(expectedPolicy(ANA.id));
      expect(JSON.parse(attributes.FilterPolicy!).event).not.toContain('STAGE_OVERDUE');
    }
  });

  it('subscribes only the phone when the customer gave no e-mail', async () => {
    // Act
    await publisher.subscribeCustomer(BRUNO);

    // Assess
    expect(sns.calls).toHaveLength(1);
    expect(sns.calls[0]!.params).toMatchObject({ Action: 'Subscribe', Protocol: 'sms', Endpoint: BRUNO.phone });
    expect(JSON.parse(queryMap(sns.calls[0]!.params, 'Attributes', 'key', 'value').FilterPolicy!)).toEqual(
      expectedPolicy(BRUNO.id),
    );
  });

  it('is safe to repeat for the same customer: SNS answers the existing subscriptions', async () => {
    // Act
    await publisher.subscribeCustomer(ANA);
    await publisher.subscribeCustomer(ANA);

    // Assess
    expect(sns.calls).toHaveLength(4);
    expect(sns.subscriptions).toHaveLength(2);
  });

  it('with the filter policy, a customer gets their own events by SMS and e-mail, and nobody gets STAGE_OVERDUE', async () => {
    // Prepare
    await publisher.subscribeCustomer(ANA);
    await publisher.subscribeCustomer(BRUNO);

    // Act
    await publisher.publish(buildOrderNotification('CONFIRMED', makeOrder({ customer: ANA, status: 'CONFIRMED' }), AT));
    await publisher.publish(
      buildOrderNotification('STAGE_OVERDUE', makeOrder({ customer: ANA, status: 'PREPARING' }), AT),
    );

    // Assess
    expect(sns.deliveries.map((d) => [d.protocol, d.endpoint])).toEqual([
      ['sms', ANA.phone],
      ['email', ANA.email],
    ]);
    expect(sns.deliveries[0]!.body).toMatch(/^Pedido K7M2QX confirmado! Total R\$\s50,73/);
  });

  it('adds a RedrivePolicy to the dead-letter queue when one is configured', async () => {
    // Prepare
    const dlq = 'arn:aws:sqs:us-east-1:123456789012:NotificationsDlq';
    const withDlq = new SnsEventPublisher(client, TOPIC, dlq);

    // Act
    await withDlq.subscribeCustomer(BRUNO);

    // Assess
    const attributes = queryMap(sns.calls[0]!.params, 'Attributes', 'key', 'value');
    expect(Object.keys(attributes).sort()).toEqual(['FilterPolicy', 'RedrivePolicy']);
    expect(JSON.parse(attributes.RedrivePolicy!)).toEqual({ deadLetterTargetArn: dlq });
  });

  // SNS keys subscriptions on topic + endpoint and refuses a second Subscribe with a different FilterPolicy
  // ("Subscription already exists with different attributes"); the publisher then widens the existing one.
  it('subscribes a second customer who shares an e-mail address, so both get their e-mails', async () => {
    // Prepare
    const partner = { ...BRUNO, id: 'c_partner00000000000', phone: '+5521933334444', email: ANA.email };
    await publisher.subscribeCustomer(ANA);

    // Act
    await publisher.subscribeCustomer(partner);
    await publisher.publish(
      buildOrderNotification('RECEIVED', makeOrder({ orderId: 'P4RTNR', customer: partner }), AT),
    );

    // Assess
    expect(sns.deliveries.map((d) => [d.protocol, d.endpoint]).sort()).toEqual([
      ['email', ANA.email],
      ['sms', partner.phone],
    ]);
  });

  // The same refusal on the next deploy: a customer subscribed before the DLQ existed orders again once it does.
  it('re-subscribes an existing customer when the subscription attributes changed (a DLQ was added)', async () => {
    // Prepare
    await publisher.subscribeCustomer(BRUNO);
    const withDlq = new SnsEventPublisher(client, TOPIC, 'arn:aws:sqs:us-east-1:123456789012:NotificationsDlq');

    // Act
    await withDlq.subscribeCustomer(BRUNO);

    // Assess
    expect(sns.subscriptions.map((s) => Object.keys(s.attributes).sort())).toEqual([['FilterPolicy', 'RedrivePolicy']]);
  });

  it('keeps every customer an e-mail serves when a third one shares it, finding it across result pages', async () => {
    // Prepare: other customers first, so the shared e-mail's subscription sits beyond the first page (2 a page)
    for (const [i, id] of ['c_other0000000000001', 'c_other0000000000002', 'c_other0000000000003'].entries()) {
      await publisher.subscribeCustomer({ ...BRUNO, id, phone: `+552195555000${i}`, email: undefined });
    }
    const family = ['c_family000000000001', 'c_family000000000002', 'c_family000000000003'].map((id, i) => ({
      ...BRUNO,
      id,
      phone: `+552194444000${i}`,
      email: 'familia@example.com',
    }));

    // Act
    for (const c of family) await publisher.subscribeCustomer(c);

    // Assess
    const email = sns.subscriptions.filter((s) => s.protocol === 'email');
    expect(email).toHaveLength(1);
    expect(JSON.parse(email[0]!.attributes.FilterPolicy!).customerId).toEqual(family.map((c) => c.id));
    expect(
      sns.calls.filter((c) => c.action === 'ListSubscriptionsByTopic' && c.params.NextToken !== undefined).length,
    ).toBeGreaterThan(0);
  });
});
