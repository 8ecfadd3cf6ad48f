// The routing errors of the HTTP API (unknown route, wrong method, staff only) and the staff-token check.
import { DomainError, ErrorCode, Unauthorized } from '../core/errors.ts';
import type { HttpRequest } from '../core/http-exchange.ts';
import { safeEqual } from '../core/order-ids.ts';

export class Forbidden extends DomainError {
  constructor() {
    super(ErrorCode.Forbidden, 'Only staff can do this');
  }
}
export class RouteNotFound extends DomainError {
  constructor() {
    super(ErrorCode.NotFound, 'Route not found');
  }
}
export class MethodNotAllowed extends DomainError {
  constructor() {
    super(ErrorCode.MethodNotAllowed, 'Method not allowed');
  }
}

/** The token of an `Authorization: Bearer <token>` header, if any. */
export function bearer(req: HttpRequest): string | undefined {
  const h = req.headers.authorization;
  const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m?.[1];
}

/** Staff routes: no token is 401, any token but the staff token (a customer's order token, say) is 403. */
export function requireStaff(req: HttpRequest, staffToken: string): void {
  const token = bearer(req);
  if (!token) throw new Unauthorized();
  if (!safeEqual(token, staffToken)) throw new Forbidden();
}
