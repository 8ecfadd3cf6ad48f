// EventPublisher for the local stack: records every event and prints what SMS and e-mail would have been sent.
import { CUSTOMER_EVENTS, type OrderEventName } from '../../core/notification-texts.ts';
import type { Customer } from '../../core/order.ts';
import { type OrderEventPayload, type OrderNotification, parseNotification } from '../../core/order-notification.ts';
import type { EventPublisher } from '../../core/ports.ts';

export interface Delivery {
  channel: 'sms' | 'email';
  to: string;
  text: string;
}
export interface RecordedEvent {
  payload: OrderEventPayload;
  attributes: Record<string, string>;
  deliveries: Delivery[];
}

/**
 * Mirrors the SNS set-up: the topic gets one event per change, and each customer's SMS/e-mail "subscription" receives
 * the customer-facing events whose customerId matches, exactly like the filter policy on AWS.
 */
export class LocalNotifier implements EventPublisher {
  readonly events: RecordedEvent[] = [];
  private readonly subscriptions = new Map<string, { phone: string; email?: string }>();
  private readonly listeners = new Set<(e: RecordedEvent) => void>();

  constructor(private readonly print: (line: string) => void = () => {}) {}

  async subscribeCustomer(customer: Customer): Promise<void> {
    this.subscriptions.set(customer.id, { phone: customer.phone, email: customer.email });
  }

  async publish(n: OrderNotification): Promise<void> {
    const { payload, sms, email } = parseNotification(n);
    const attributes = Object.fromEntries(Object.entries(n.MessageAttributes).map(([k, v]) => [k, v.StringValue]));
    const deliveries: Delivery[] = [];
    const sub = this.subscriptions.get(attributes.customerId!);
    if (sub && CUSTOMER_EVENTS.includes(attributes.event as OrderEventName)) {
      deliveries.push({ channel: 'sms', to: sub.phone, text: sms });
      if (sub.email) deliveries.push({ channel: 'email', to: sub.email, text: email });
    }
    const recorded = { payload, attributes, deliveries };
    this.events.push(recorded);
    this.print(`📣 ${payload.event} ${payload.orderId}${deliveries.length ? '' : ' (staff only)'}`);
    for (const d of deliveries) this.print(`   ${d.channel === 'sms' ? '📱 SMS' : '✉️  e-mail'} → ${d.to}: ${d.text}`);
    for (const l of this.listeners) l(recorded);
  }

  /** Lets in-process consumers (tests, later the chat bots) subscribe to the event stream. */
  onEvent(listener: (e: RecordedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  eventsFor(orderId: string): RecordedEvent[] {
    return this.events.filter((e) => e.payload.orderId === orderId);
  }
}
