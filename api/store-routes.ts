// The staff's store controls over HTTP: pause and resume orders, the kitchen delay, an item's stock (staff token).
import * as z from 'zod';
import { SKU_PATTERN } from '../core/catalog.ts';
import type { OrderDeps } from '../core/deps.ts';
import { ErrorCode, ValidationError } from '../core/errors.ts';
import { type HttpRequest, type HttpResponse, jsonResponse } from '../core/http-exchange.ts';
import type { Lang } from '../core/lang.ts';
import { applyStoreControl, type StoreControl } from '../core/store-controls.ts';
import { type IssueCodes, parseWithCodes } from '../core/validation.ts';
import { itemView, storeView } from './catalog-view.ts';
import { parseJsonBody } from './request-body.ts';
import { MethodNotAllowed, requireStaff } from './route-errors.ts';

/** Any body that is not the control's shape is the same mistake; the limits are checked by applyStoreControl. */
const CONTROL_CODES = { '': ErrorCode.InvalidStoreControl } as const satisfies IssueCodes;
const minutesBody = z.object({ minutes: z.number() });
const stockBody = z.object({ stock: z.number().nullable() });

const STORE_ROUTE = /^\/api\/store\/(pause|resume|delay)$/;
const STOCK_ROUTE = /^\/api\/catalog\/items\/([^/]+)\/stock$/;

/** `sku` as the path has it, still escaped. */
type StaffRoute = { kind: 'pause' | 'resume' | 'delay' } | { kind: 'stock'; sku: string };

/** Which control a path names, once its method checks out; undefined for any other path. */
function routeOf(req: HttpRequest, path: string): StaffRoute | undefined {
  const store = STORE_ROUTE.exec(path);
  if (store) {
    if (req.method !== 'POST') throw new MethodNotAllowed();
    return { kind: store[1] as 'pause' | 'resume' | 'delay' };
  }
  const stock = STOCK_ROUTE.exec(path);
  if (stock) {
    if (req.method !== 'PUT') throw new MethodNotAllowed();
    return { kind: 'stock', sku: stock[1]! };
  }
  return undefined;
}

/** The control with its values from the body (resume takes none). */
function controlOf(route: StaffRoute, body: string | undefined): StoreControl {
  switch (route.kind) {
    case 'resume':
      return { kind: 'resume' };
    case 'stock':
      return {
        kind: 'stock',
        sku: decodeSku(route.sku),
        stock: parseWithCodes(stockBody, parseJsonBody(body), CONTROL_CODES).stock,
      };
    default:
      return { kind: route.kind, minutes: parseWithCodes(minutesBody, parseJsonBody(body), CONTROL_CODES).minutes };
  }
}

/** A sku the menu could not have never reaches the table: it is answered as unknown, as an unknown one is. */
function decodeSku(raw: string): string {
  let sku = '';
  try {
    sku = decodeURIComponent(raw);
  } catch {
    // A malformed %-escape names no item.
  }
  if (!SKU_PATTERN.test(sku)) throw new ValidationError(ErrorCode.UnknownSku, 'Unknown sku', { sku: sku.slice(0, 32) });
  return sku;
}

/**
 * Answers a store-control route (200 with the new state: the store as GET /api/catalog shows it, and the item for a
 * stock change), or undefined for any other path. Method first (405), then the staff token (401/403), then the body.
 */
export async function storeRoute(
  deps: OrderDeps,
  staffToken: string,
  req: HttpRequest,
  path: string,
  lang: Lang,
): Promise<HttpResponse | undefined> {
  const route = routeOf(req, path);
  if (!route) return undefined;
  requireStaff(req, staffToken);
  const control = controlOf(route, req.body);
  const result = await applyStoreControl(deps, control);
  deps.log.info('store control applied over HTTP', {
    control,
    ...(result.customersTold !== undefined ? { customersTold: result.customersTold } : {}),
  });
  return jsonResponse(200, {
    store: storeView(result.store, deps.clock.now()),
    ...(result.product ? { item: itemView(result.product, lang) } : {}),
  });
}
