// Places an order: validates against the live catalog and the store's hours, stores it as RECEIVED, publishes the
// event, starts the workflow.
import { stageHeartbeatSeconds } from './catalog.ts';
import type { OrderDeps } from './deps.ts';
import { ErrorCode, IdempotencyKeyReused, OrderBeingProcessed, ValidationError } from './errors.ts';
import type { Lang } from './lang.ts';
import { assertTakingOrders } from './opening-hours.ts';
import { type Order, type OrderLine, subtotalOf } from './order.ts';
import {
  accessTokenFromSecret,
  customerIdFor,
  fingerprint,
  newAccessToken,
  newOrderId,
  sha256,
  tokenMatchesHash,
} from './order-ids.ts';
import { buildOrderNotification } from './order-notification.ts';
import { type PlaceOrderRequest, parsePlaceOrder } from './order-request.ts';

/**
 * `accessToken` is the order's bearer token for the client that made it: the first answer always has it; a replay has
 * it only when it proved it sent the first request (the same Idempotency-Secret), since the key and the body alone can
 * be known to others (logs, a shared device).
 */
export interface PlacedOrder {
  order: Order;
  accessToken?: string;
  replayed: boolean;
}

export interface PlaceOrderOptions {
  lang: Lang;
  /** Same key (for the same customer) and same body: the same order. Scoped to the customer, so keys never collide across customers. */
  idempotencyKey?: string;
  /** A secret the client keeps with the key: the token is derived from it, so a retry holding it gets the token back. */
  idempotencySecret?: string;
  /**
   * The Telegram chat placing the order. Only the bot sets it, from the update Telegram delivered (the chat it will
   * answer); it never comes from a request body, so no client can point an order's messages at someone else's chat.
   */
  telegramChatId?: number;
}

/** What a key's body must match on replay: the validated request and its language. */
export const requestFingerprint = (req: PlaceOrderRequest, lang: Lang) => fingerprint({ req, lang });

/**
 * A key is the customer's own: the claim is stored under key + phone (+ the chat, for the bot), so nobody else can
 * replay or pre-empt it, and a client can never replay into an order of the bot's.
 */
export const idempotencyScope = (key: string, phone: string, telegramChatId?: number) =>
  JSON.stringify(['order', phone, telegramChatId ?? null, key]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function placeOrder(deps: OrderDeps, body: unknown, opts: PlaceOrderOptions): Promise<PlacedOrder> {
  const req = parsePlaceOrder(body);
  const [store, productList] = await Promise.all([deps.catalog.getStore(), deps.catalog.listProducts()]);
  const products = new Map(productList.map((p) => [p.sku, p]));
  const start = { heartbeatSeconds: stageHeartbeatSeconds(store) };
  const items: OrderLine[] = req.items.map(({ sku, qty }) => {
    const p = products.get(sku);
    if (!p) throw new ValidationError('UNKNOWN_SKU', `Unknown sku: ${sku}`, { sku });
    return { sku, name: p.name[opts.lang], qty, price: p.price };
  });
  // The store says which methods it takes (store.yaml `payments`); another one is refused before anything is held.
  if (store.payments && !store.payments.includes(req.payment.method))
    throw new ValidationError(ErrorCode.InvalidPaymentMethod, `The store does not take ${req.payment.method}`, {
      method: req.payment.method,
      accepted: store.payments,
    });

  let orderId = newOrderId();
  const scope =
    opts.idempotencyKey === undefined
      ? undefined
      : idempotencyScope(opts.idempotencyKey, req.customer.phone, opts.telegramChatId);
  const candidate =
    scope !== undefined && opts.idempotencySecret !== undefined
      ? accessTokenFromSecret(opts.idempotencySecret, scope)
      : newAccessToken();
  let accessTokenHash = sha256(candidate);
  /** The token this caller may be given: its own (a first request), or the first request's when it proved to hold it. */
  let accessToken: string | undefined = candidate;
  /** True when an earlier request holds the key: even finishing its work, this answer is a replay of it. */
  let replayed = false;
  if (scope !== undefined) {
    const fp = requestFingerprint(req, opts.lang);
    const earlier = await deps.orders.claimIdempotencyKey(scope, { orderId, accessTokenHash, fingerprint: fp });
    if (earlier) {
      if (earlier.fingerprint !== fp) throw new IdempotencyKeyReused();
      replayed = true;
      ({ orderId, accessTokenHash } = earlier);
      accessToken =
        opts.idempotencySecret !== undefined && tokenMatchesHash(candidate, accessTokenHash) ? candidate : undefined;
      const existing = await waitForOrder(deps, orderId);
      if (existing) return { order: await ensureWorkflowStarted(deps, existing, start), accessToken, replayed: true };
      // The first request claimed the key and died before storing the order: finish its work with the same id and the
      // first request's token hash, so its client (retrying with its secret) can still read the order.
    }
  }

  const now = deps.clock.now();
  // After the key's replay (an order placed while the shop was open is still answered after it closes), before the
  // order exists: a closed or paused shop refuses here, and the workflow checks again before reserving stock. The
  // key is given back, so a retry once the shop is open is a new request (with its own token).
  try {
    assertTakingOrders(store, now);
  } catch (err) {
    if (scope !== undefined && !replayed) await deps.orders.releaseIdempotencyKey(scope, orderId);
    throw err;
  }
  const subtotal = subtotalOf(items);
  const order: Order = {
    orderId,
    status: 'RECEIVED',
    customer: {
      id: customerIdFor(req.customer.phone),
      ...req.customer,
      lang: opts.lang,
      ...(opts.telegramChatId !== undefined ? { telegramChatId: opts.telegramChatId } : {}),
    },
    items,
    subtotal,
    deliveryFee: 0,
    total: subtotal,
    address: req.address,
    ...(req.note ? { note: req.note } : {}),
    payment: req.payment,
    ...(opts.telegramChatId !== undefined ? { placedInChat: true } : {}),
    ...(req.changeFor !== undefined && req.payment.method === 'cash' ? { changeFor: req.changeFor } : {}),
    charges: [],
    refunds: [],
    history: [{ status: 'RECEIVED', at: now.toISOString() }],
    createdAt: now.toISOString(),
    version: 0,
    accessTokenHash,
  };
  while (!(await deps.orders.create(order))) {
    if (scope !== undefined) {
      // A concurrent replay finished this claim's work first (same token hash); anything else is an id collision.
      const existing = await deps.orders.get(orderId);
      if (existing?.accessTokenHash === accessTokenHash)
        return { order: await ensureWorkflowStarted(deps, existing, start), accessToken, replayed: true };
    }
    order.orderId = orderId = newOrderId(); // id collision: 1 in ~7×10^8 per pair, just draw again
  }

  try {
    await deps.events.subscribeCustomer(order.customer);
  } catch (err) {
    deps.log.warn('could not subscribe customer to notifications', { orderId, error: err });
  }
  await deps.events.publish(buildOrderNotification('RECEIVED', order, now));
  return { order: await ensureWorkflowStarted(deps, order, start), accessToken, replayed };
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
async function ensureWorkflowStarted(
  deps: OrderDeps,
  order: Order,
  start: { heartbeatSeconds: number },
): Promise<Order> {
  if (order.status !== 'RECEIVED' || order.executionArn) return order;
  try {
    await deps.workflow.startOrderWorkflow(order.orderId, start);
  } catch (err) {
    deps.log.warn('could not start the order workflow', { orderId: order.orderId, error: err });
    throw new OrderBeingProcessed();
  }
  return order;
}
