// Places an order: validates against the live catalog, stores it as RECEIVED, publishes the event, starts the workflow.
import { stageHeartbeatSeconds } from './catalog.ts';
import type { OrderDeps } from './deps.ts';
import { IdempotencyKeyReused, OrderBeingProcessed, ValidationError } from './errors.ts';
import type { Lang } from './lang.ts';
import { buildOrderNotification } from './order-notification.ts';
import { customerIdFor, fingerprint, newAccessToken, newOrderId, sha256 } from './order-ids.ts';
import { subtotalOf, type Order, type OrderLine } from './order.ts';
import { parsePlaceOrder } from './order-request.ts';

export interface PlacedOrder { order: Order; accessToken: string; replayed: boolean }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function placeOrder(deps: OrderDeps, body: unknown, opts: { lang: Lang; idempotencyKey?: string }): Promise<PlacedOrder> {
  const req = parsePlaceOrder(body);
  const [store, productList] = await Promise.all([deps.catalog.getStore(), deps.catalog.listProducts()]);
  const products = new Map(productList.map((p) => [p.sku, p]));
  const start = { heartbeatSeconds: stageHeartbeatSeconds(store) };
  const items: OrderLine[] = req.items.map(({ sku, qty }) => {
    const p = products.get(sku);
    if (!p) throw new ValidationError('UNKNOWN_SKU', `Unknown sku: ${sku}`, { sku });
    return { sku, name: p.name[opts.lang], qty, price: p.price };
  });

  let orderId = newOrderId();
  let accessToken = newAccessToken();
  if (opts.idempotencyKey !== undefined) {
    const fp = fingerprint({ req, lang: opts.lang });
    const earlier = await deps.orders.claimIdempotencyKey(opts.idempotencyKey, { orderId, accessToken, fingerprint: fp });
    if (earlier) {
      if (earlier.fingerprint !== fp) throw new IdempotencyKeyReused();
      ({ orderId, accessToken } = earlier);
      const existing = await waitForOrder(deps, orderId);
      if (existing) return { order: await ensureWorkflowStarted(deps, existing, start), accessToken, replayed: true };
      // The first request claimed the key and died before storing the order: finish its work with the same id.
    }
  }

  const now = deps.clock.now();
  const subtotal = subtotalOf(items);
  const order: Order = {
    orderId,
    status: 'RECEIVED',
    customer: { id: customerIdFor(req.customer.phone), ...req.customer, lang: opts.lang },
    items,
    subtotal,
    deliveryFee: 0,
    total: subtotal,
    address: req.address,
    payment: req.payment,
    charges: [],
    refunds: [],
    history: [{ status: 'RECEIVED', at: now.toISOString() }],
    createdAt: now.toISOString(),
    version: 0,
    accessTokenHash: sha256(accessToken),
  };
  while (!(await deps.orders.create(order))) {
    if (opts.idempotencyKey !== undefined) {
      const existing = await deps.orders.get(orderId);
      if (existing) return { order: await ensureWorkflowStarted(deps, existing, start), accessToken, replayed: true };
    }
    order.orderId = orderId = newOrderId(); // id collision: 1 in ~7×10^8 per pair, just draw again
  }

  try {
    await deps.events.subscribeCustomer(order.customer);
  } catch (err) {
    deps.log.warn('could not subscribe customer to notifications', { orderId, error: String(err) });
  }
  await deps.events.publish(buildOrderNotification('RECEIVED', order, now));
  return { order: await ensureWorkflowStarted(deps, order, start), accessToken, replayed: false };
}

async function waitForOrder(deps: OrderDeps, orderId: string): Promise<Order | undefined> {
  for (let i = 0; i < 20; i++) {
    const o = await deps.orders.get(orderId);
    if (o) return o;
    await sleep(50);
  }
  return undefined;
}

/** Starting is idempotent (the execution is named after the order), so a replay safely finishes a half-done start. */
async function ensureWorkflowStarted(deps: OrderDeps, order: Order, start: { heartbeatSeconds: number }): Promise<Order> {
  if (order.status !== 'RECEIVED' || order.executionArn) return order;
  try {
    await deps.workflow.startOrderWorkflow(order.orderId, start);
  } catch (err) {
    deps.log.warn('could not start the order workflow', { orderId: order.orderId, error: String(err) });
    throw new OrderBeingProcessed();
  }
  return order;
}
