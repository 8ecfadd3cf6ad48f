// EventPublisher on SNS: one Publish per order event, and per-customer SMS/e-mail subscriptions filtered on customerId.
import { PublishCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CUSTOMER_EVENTS } from '../../core/notification-texts.ts';
import type { OrderNotification } from '../../core/order-notification.ts';
import type { Customer } from '../../core/order.ts';
import type { EventPublisher } from '../../core/ports.ts';

export class SnsEventPublisher implements EventPublisher {
  /** `deadLetterQueueArn`: where SNS puts an SMS or e-mail it could not deliver after its retries (nothing is lost silently). */
  constructor(private readonly sns: SNSClient, private readonly topicArn: string, private readonly deadLetterQueueArn?: string) {}

  async publish(n: OrderNotification): Promise<void> {
    await this.sns.send(new PublishCommand({ TopicArn: this.topicArn, ...n }));
  }

  /** SNS returns the existing subscription for the same endpoint, so this is safe to call on every order. */
  async subscribeCustomer(customer: Customer): Promise<void> {
    const Attributes: Record<string, string> = { FilterPolicy: JSON.stringify({ customerId: [customer.id], event: CUSTOMER_EVENTS }) };
    if (this.deadLetterQueueArn) Attributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: this.deadLetterQueueArn });
    const endpoints: [string, string][] = [['sms', customer.phone]];
    if (customer.email) endpoints.push(['email', customer.email]);
    for (const [Protocol, Endpoint] of endpoints) {
      await this.sns.send(new SubscribeCommand({ TopicArn: this.topicArn, Protocol, Endpoint, Attributes, ReturnSubscriptionArn: true }));
    }
  }
}
