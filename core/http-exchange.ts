// The HTTP exchange every edge speaks (the HTTP API, the Telegram and Slack webhooks, on Lambda or the local server):
// transport-neutral request and response, and the one JSON error shape, { error: { code, message } }, in the caller's language.

import { errorMessage, type MessageVars } from './error-messages.ts';
import { DomainError, ErrorCode, ValidationError } from './errors.ts';
import type { Lang } from './lang.ts';

export interface HttpRequest {
  method: string;
  path: string;
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

const STATUS_BY_CODE: Record<string, number> = {
  [ErrorCode.OrderNotFound]: 404,
  [ErrorCode.Unauthorized]: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  [ErrorCode.OutOfDeliveryArea]: 422,
  [ErrorCode.AddressChangeNotAllowed]: 409,
  [ErrorCode.OrderNotCancellable]: 409,
  [ErrorCode.OrderBeingProcessed]: 409,
  [ErrorCode.NoStageAwaiting]: 409,
  [ErrorCode.ConcurrentUpdate]: 409,
  [ErrorCode.PaymentDeclined]: 402,
  [ErrorCode.IdempotencyKeyReused]: 422,
  PAYLOAD_TOO_LARGE: 413,
  INVALID_JSON: 400,
  JSON_TOO_DEEP: 400,
  MALFORMED_REQUEST: 400,
  HEADERS_TOO_LARGE: 431,
  REQUEST_TIMEOUT: 408,
  FORBIDDEN_KEY: 400,
  INVALID_BODY: 400,
  INVALID_IDEMPOTENCY_KEY: 400,
  INVALID_IDEMPOTENCY_SECRET: 400,
};

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export function errorResponse(
  code: string,
  lang: Lang,
  fallback: string,
  status?: number,
  vars?: MessageVars,
): HttpResponse {
  return jsonResponse(status ?? STATUS_BY_CODE[code] ?? 500, {
    error: { code, message: errorMessage(code, lang, fallback, vars) },
  });
}

/** The string and number details of an error, for its sentence (e.g. a limit); anything else stays out. */
function varsOf(details: Record<string, unknown>): MessageVars {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(details)) if (typeof v === 'string' || typeof v === 'number') vars[k] = String(v);
  return vars;
}

/** Known errors map to their status; anything else is a 500 with a generic message (details go to the log only). */
export function toErrorResponse(err: unknown, lang: Lang): { response: HttpResponse; unexpected: boolean } {
  if (err instanceof DomainError) {
    const status = STATUS_BY_CODE[err.code] ?? (err instanceof ValidationError ? 422 : 500);
    const response = errorResponse(err.code, lang, err.message, status, varsOf(err.details));
    if (err.code === ErrorCode.OrderBeingProcessed) response.headers['retry-after'] = '2';
    return { response, unexpected: status >= 500 };
  }
  return { response: errorResponse('INTERNAL', lang, 'Internal error', 500), unexpected: true };
}
