// The HTTP API for web and app clients: routes, bearer-token checks, and calls into the order use cases (the staff's
// store controls are in store-routes.ts).
import * as z from 'zod';
import { advanceOrder } from '../core/advance-order.ts';
import { cancelOrder } from '../core/cancel-order.ts';
import { changeAddress } from '../core/change-address.ts';
import { issueChatLink } from '../core/chat-link.ts';
import type { OrderDeps } from '../core/deps.ts';
import { ErrorCode, OrderNotFound, Unauthorized } from '../core/errors.ts';
import type { HttpRequest, HttpResponse } from '../core/http-exchange.ts';
import { jsonResponse, toErrorResponse } from '../core/http-exchange.ts';
import { type Lang, langFromAcceptLanguage } from '../core/lang.ts';
import type { Order } from '../core/order.ts';
import { isOrderIdShaped, safeEqual, tokenMatchesHash } from '../core/order-ids.ts';
import { parseAddress } from '../core/order-request.ts';
import { placeOrder } from '../core/place-order.ts';
import { type IssueCodes, parseWithCodes } from '../core/validation.ts';
import { catalogView } from './catalog-view.ts';
import { orderView } from './order-view.ts';
import { parseJsonBody } from './request-body.ts';
import { bearer, Forbidden, MethodNotAllowed, RouteNotFound } from './route-errors.ts';
import { storeRoute } from './store-routes.ts';

export interface ApiContext {
  deps: OrderDeps;
  staffToken: string;
  /**
   * The Telegram bot's username, when the bot runs: a placed order then comes with a one-time link that lets the
   * customer follow it in Telegram. Undefined when the bot is off, and then there is no link.
   */
  telegramBotUsername?: string;
  /** False until the stack can serve (GET /health answers 503 meanwhile). */
  ready?: () => boolean;
}

/** Visible ASCII only: the key is stored (hashed) and compared byte for byte. */
const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/)
    .optional(),
  'idempotency-secret': z
    .string()
    .regex(/^[\x21-\x7e]{32,255}$/)
    .optional(),
});
const IDEMPOTENCY_CODES = {
  // The headers are always an object: only the two keys can be wrong.
  '': ErrorCode.InvalidIdempotencyKey,
  'idempotency-key': ErrorCode.InvalidIdempotencyKey,
  'idempotency-secret': ErrorCode.InvalidIdempotencySecret,
} as const satisfies IssueCodes;

type Caller = { kind: 'staff' } | { kind: 'customer'; order: Order };

const ORDER_ROUTE = /^\/api\/orders\/([^/]+)(?:\/(address|cancel|advance))?$/;

export async function handleHttpRequest(ctx: ApiContext, req: HttpRequest): Promise<HttpResponse> {
  const lang = langFromAcceptLanguage(req.headers['accept-language']);
  try {
    return await route(ctx, req, lang);
  } catch (err) {
    const { response, unexpected } = toErrorResponse(err, lang);
    if (unexpected)
      ctx.deps.log.error('request failed (answered 500)', {
        method: req.method,
        path: req.path,
        error: err,
      });
    return response;
  }
}

async function route(ctx: ApiContext, req: HttpRequest, lang: Lang): Promise<HttpResponse> {
  const { deps } = ctx;
  const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
  if (path === '/health') {
    if (req.method !== 'GET') throw new MethodNotAllowed();
    const ready = ctx.ready?.() ?? true;
    return jsonResponse(ready ? 200 : 503, { status: ready ? 'ok' : 'starting' });
  }
  if (path === '/api/catalog') {
    if (req.method !== 'GET') throw new MethodNotAllowed();
    const [store, products] = await Promise.all([deps.catalog.getStore(), deps.catalog.listProducts()]);
    return jsonResponse(200, catalogView(store, products, lang, deps.clock.now()));
  }
  const store = await storeRoute(deps, ctx.staffToken, req, path, lang);
  if (store) return store;
  if (path === '/api/orders') {
    if (req.method !== 'POST') throw new MethodNotAllowed();
    const { 'idempotency-key': key, 'idempotency-secret': secret } = parseWithCodes(
      idempotencyHeaders,
      req.headers,
      IDEMPOTENCY_CODES,
    );
    const placed = await placeOrder(deps, parseJsonBody(req.body), {
      lang,
      idempotencyKey: key,
      idempotencySecret: secret,
    });
    const body: Record<string, unknown> = { orderId: placed.order.orderId, status: placed.order.status };
    if (placed.accessToken !== undefined) {
      body.accessToken = placed.accessToken;
      // Only for the client that holds the token: a link lets whoever opens it follow the order.
      const telegram = await telegramLink(ctx, placed.order.orderId);
      if (telegram) body.links = { telegram };
    }
    return jsonResponse(202, body, {
      location: `/api/orders/${placed.order.orderId}`,
      ...(placed.replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
  }
  const m = ORDER_ROUTE.exec(path);
  if (!m) throw new RouteNotFound();
  const [, rawId, action] = m;
  const orderId = decodeOrderId(rawId!);
  if (action === undefined && req.method !== 'GET') throw new MethodNotAllowed();
  if (action !== undefined && req.method !== 'POST') throw new MethodNotAllowed();

  const caller = await authenticate(ctx, req, orderId);
  switch (action) {
    case undefined:
      return jsonResponse(200, orderView(caller.kind === 'customer' ? caller.order : await loadOrder(deps, orderId)));
    case 'address': {
      const address = parseAddress(parseJsonBody(req.body));
      return jsonResponse(200, orderView(await changeAddress(deps, orderId, address)));
    }
    case 'cancel':
      return jsonResponse(200, orderView(await cancelOrder(deps, orderId, caller.kind)));
    case 'advance': {
      if (caller.kind !== 'staff') throw new Forbidden();
      const { order, applied } = await advanceOrder(deps, orderId, 'staff');
      return jsonResponse(applied ? 200 : 202, orderView(order));
    }
    default:
      throw new RouteNotFound();
  }
}

/**
 * `https://t.me/<bot>?start=<token>`: Telegram opens the bot and sends `/start <token>` from the customer's own chat.
 * The order is already placed, so a failure here costs only the link (logged), never the order.
 */
async function telegramLink(ctx: ApiContext, orderId: string): Promise<string | undefined> {
  if (!ctx.telegramBotUsername) return undefined;
  try {
    const token = await issueChatLink(ctx.deps, orderId);
    return `https://t.me/${ctx.telegramBotUsername}?start=${token}`;
  } catch (err) {
    ctx.deps.log.warn('could not issue the Telegram link of an order', { orderId, error: err });
    return undefined;
  }
}

/** A malformed %-escape is just an id that names no order. */
function decodeOrderId(raw: string): string {
  try {
    return decodeURIComponent(raw).toUpperCase();
  } catch {
    return '';
  }
}

async function loadOrder(deps: OrderDeps, orderId: string): Promise<Order> {
  const order = isOrderIdShaped(orderId) ? await deps.orders.get(orderId) : undefined;
  if (!order) throw new OrderNotFound(orderId);
  return order;
}

/** No token: 401. A token that is not this order's (nor staff's): 404, exactly as for an unknown order. */
async function authenticate(ctx: ApiContext, req: HttpRequest, orderId: string): Promise<Caller> {
  const token = bearer(req);
  if (!token) throw new Unauthorized();
  // Checked for staff too: a malformed id must never reach a use case or the database.
  if (!isOrderIdShaped(orderId)) throw new OrderNotFound(orderId.slice(0, 32));
  if (safeEqual(token, ctx.staffToken)) return { kind: 'staff' };
  const order = await loadOrder(ctx.deps, orderId);
  if (!tokenMatchesHash(token, order.accessTokenHash)) throw new OrderNotFound(orderId);
  return { kind: 'customer', order };
}
