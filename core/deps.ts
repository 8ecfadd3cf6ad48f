// The set of ports the order use cases run against; each runtime (Lambda, local stack, tests) builds one.
import type { Logger } from './logger.ts';
import type { CatalogStore, Clock, EventPublisher, OrderRepository, PaymentGateway, WorkflowEngine } from './ports.ts';

export interface OrderDeps {
  orders: OrderRepository;
  catalog: CatalogStore;
  payments: PaymentGateway;
  events: EventPublisher;
  workflow: WorkflowEngine;
  clock: Clock;
  log: Logger;
  /** How long a Pix stays payable (PIX_EXPIRY_MINUTES); 15 when absent. The workflow waits this long for it. */
  pixExpiryMinutes?: number;
}

export const DEFAULT_PIX_EXPIRY_MINUTES = 15;
