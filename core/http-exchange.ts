// The HTTP exchange every edge speaks (the HTTP API, the Telegram and Slack webhooks, on Lambda or the local server):
// transport-neutral request and response, and the one JSON error shape, { error: { code, message, ...details a client
// acts on } }, in the caller's language.

import { errorMessage, type MessageVars } from './error-messages.ts';
import { DomainError, ErrorCode } from './errors.ts';
import type { Lang } from './lang.ts';

export interface HttpRequest {
  method: string;
  path: string;
  /** The raw query string, without the `?` (a provider's webhook signs a value it carries there). */
  query?: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  body?: string;
}
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}
export const MAX_BODY_BYTES = 64 * 1024;

/** A body limit as people write it: 65536 → "64 KB", 1048576 → "1 MB". */
export const byteLimitLabel = (bytes: number): string =>
  bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${Math.round(bytes / 1024)} KB`;

/** The status of every code; 500 for the ones that are never the client's fault (answered as INTERNAL). */
const STATUS_BY_CODE: Record<ErrorCode, number> = {
  ORDER_NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  OUT_OF_DELIVERY_AREA: 422,
  ADDRESS_CHANGE_NOT_ALLOWED: 409,
  ORDER_NOT_CANCELLABLE: 409,
  ORDER_BEING_PROCESSED: 409,
  NO_STAGE_AWAITING: 409,
  PAYMENT_DECLINED: 402,
  ADDRESS_CHANGE_NEEDS_PAYMENT: 409,
  CONCURRENT_UPDATE: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INVALID_JSON: 400,
  JSON_TOO_DEEP: 400,
  FORBIDDEN_KEY: 400,
  PAYLOAD_TOO_LARGE: 413,
  MALFORMED_REQUEST: 400,
  HEADERS_TOO_LARGE: 431,
  REQUEST_TIMEOUT: 408,
  INVALID_IDEMPOTENCY_KEY: 400,
  INVALID_IDEMPOTENCY_SECRET: 400,
  // Syntax and shape are 400; a well-formed body whose values break the contract is 422.
  INVALID_BODY: 400,
  INVALID_CUSTOMER: 422,
  INVALID_PHONE: 422,
  INVALID_EMAIL: 422,
  INVALID_ITEMS: 422,
  INVALID_QUANTITY: 422,
  UNKNOWN_SKU: 422,
  STORE_CLOSED: 409,
  STORE_PAUSED: 409,
  STORE_NOT_SET_UP: 503,
  INVALID_STORE_CONTROL: 422,
  INVALID_ADDRESS: 422,
  INVALID_COORDINATES: 422,
  INVALID_PAYMENT_METHOD: 422,
  PAYMENT_TOKEN_REQUIRED: 422,
  INVALID_TRANSITION: 500,
  ORDER_NO_LONGER_PENDING: 500,
  TRANSIENT: 500,
  INTERNAL: 500,
};

/**
 * The details of an error a client may act on, answered next to `code` and `message` (`{ error: { code, message,
 * opensAt } }`). Every other detail stays in the log: they name internals (a field's limits, an order's status).
 */
const BODY_DETAILS: Partial<Record<ErrorCode, readonly string[]>> = {
  STORE_CLOSED: ['opensAt'],
  STORE_PAUSED: ['pausedUntil'],
};

/** The status an error code is answered with. */
export const statusOf = (code: ErrorCode): number => STATUS_BY_CODE[code];

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export function errorResponse(
  code: ErrorCode,
  lang: Lang,
  fallback: string,
  status?: number,
  vars?: MessageVars,
  details: Record<string, unknown> = {},
): HttpResponse {
  const shown: Record<string, unknown> = {};
  for (const key of BODY_DETAILS[code] ?? []) if (details[key] !== undefined) shown[key] = details[key];
  return jsonResponse(status ?? STATUS_BY_CODE[code], {
    error: { code, message: errorMessage(code, lang, fallback, vars), ...shown },
  });
}

/** The string and number details of an error, for its sentence (e.g. a limit); anything else stays out. */
function varsOf(details: Record<string, unknown>): MessageVars {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(details)) if (typeof v === 'string' || typeof v === 'number') vars[k] = String(v);
  return vars;
}

/**
 * Known errors map to their status and sentence. Anything else, and a code that is never the client's fault, is a 500
 * with the generic INTERNAL sentence: the error's own message and details go to the log only.
 */
export function toErrorResponse(err: unknown, lang: Lang): { response: HttpResponse; unexpected: boolean } {
  if (err instanceof DomainError && STATUS_BY_CODE[err.code] < 500) {
    const response = errorResponse(
      err.code,
      lang,
      err.message,
      STATUS_BY_CODE[err.code],
      varsOf(err.details),
      err.details,
    );
    if (err.code === ErrorCode.OrderBeingProcessed) response.headers['retry-after'] = '2';
    return { response, unexpected: false };
  }
  return { response: errorResponse(ErrorCode.Internal, lang, 'Internal error', 500), unexpected: true };
}
