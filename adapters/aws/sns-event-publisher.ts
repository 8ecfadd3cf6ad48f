// EventPublisher on SNS: one Publish per order event, and per-customer SMS/e-mail subscriptions filtered on customerId.
import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  type SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { CUSTOMER_EVENTS } from '../../core/notification-texts.ts';
import type { Customer } from '../../core/order.ts';
import type { OrderNotification } from '../../core/order-notification.ts';
import type { EventPublisher } from '../../core/ports.ts';

/** SNS refuses a Subscribe whose endpoint is already subscribed with other attributes. */
const isAttributeConflict = (err: unknown) =>
  err instanceof Error && /already exists with different attributes/i.test(err.message);

export class SnsEventPublisher implements EventPublisher {
  /** `deadLetterQueueArn`: where SNS puts an SMS or e-mail it could not deliver after its retries (nothing is lost silently). */
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
    private readonly deadLetterQueueArn?: string,
  ) {}

  async publish(n: OrderNotification): Promise<void> {
    await this.sns.send(new PublishCommand({ TopicArn: this.topicArn, ...n }));
  }

  /** Same endpoint and attributes: SNS answers the existing subscription, so this is safe to call on every order. */
  async subscribeCustomer(customer: Customer): Promise<void> {
    const endpoints: [string, string][] = [['sms', customer.phone]];
    if (customer.email) endpoints.push(['email', customer.email]);
    for (const [Protocol, Endpoint] of endpoints) {
      try {
        await this.sns.send(
          new SubscribeCommand({
            TopicArn: this.topicArn,
            Protocol,
            Endpoint,
            Attributes: this.attributesFor([customer.id]),
            ReturnSubscriptionArn: true,
          }),
        );
      } catch (err) {
        if (!isAttributeConflict(err)) throw err;
        // The endpoint is subscribed with other attributes: shared by another customer (a family e-mail), or
        // subscribed before the policy changed (e.g. the DLQ was added). Update it, keeping every customer it serves.
        await this.widenSubscription(Protocol, Endpoint, customer.id);
      }
    }
  }

  private attributesFor(customerIds: string[]): Record<string, string> {
    const attributes: Record<string, string> = {
      FilterPolicy: JSON.stringify({ customerId: customerIds, event: CUSTOMER_EVENTS }),
    };
    if (this.deadLetterQueueArn)
      attributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: this.deadLetterQueueArn });
    return attributes;
  }

  private async widenSubscription(protocol: string, endpoint: string, customerId: string): Promise<void> {
    const arn = await this.findSubscription(protocol, endpoint);
    if (!arn) throw new Error(`SNS reported a ${protocol} subscription for this endpoint but none was listed`);
    const current = await this.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }));
    let ids: string[] = [];
    try {
      ids = (JSON.parse(current.Attributes?.FilterPolicy ?? '{}') as { customerId?: string[] }).customerId ?? [];
    } catch {
      // An unreadable policy is replaced by one for this customer alone.
    }
    const wanted = this.attributesFor([...new Set([...ids, customerId])]);
    for (const [AttributeName, AttributeValue] of Object.entries(wanted)) {
      if (current.Attributes?.[AttributeName] !== AttributeValue) {
        await this.sns.send(
          new SetSubscriptionAttributesCommand({ SubscriptionArn: arn, AttributeName, AttributeValue }),
        );
      }
    }
  }

  /** Walks the topic's subscriptions (100 a page); only the rare conflict path above pays for this. */
  private async findSubscription(protocol: string, endpoint: string): Promise<string | undefined> {
    let NextToken: string | undefined;
    do {
      const page = await this.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: this.topicArn, NextToken }));
      const hit = page.Subscriptions?.find((s) => s.Protocol === protocol && s.Endpoint === endpoint);
      if (hit?.SubscriptionArn) return hit.SubscriptionArn;
      NextToken = page.NextToken;
    } while (NextToken);
    return undefined;
  }
}
