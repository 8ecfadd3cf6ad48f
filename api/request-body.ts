// Parses a JSON request body defensively: size limit, syntax errors, nesting depth and prototype-pollution keys become
// 4xx errors.
import { ValidationError } from '../core/errors.ts';
import { byteLimitLabel, MAX_BODY_BYTES } from '../core/http-exchange.ts';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** The deepest body the API reads is 3 levels (items[].sku); 32 leaves room and keeps every walk short. */
export const MAX_JSON_DEPTH = 32;

export class PayloadTooLarge extends ValidationError {
  constructor() {
    super('PAYLOAD_TOO_LARGE', `The request body is larger than ${MAX_BODY_BYTES} bytes`, {
      limit: byteLimitLabel(MAX_BODY_BYTES),
    });
  }
}

/**
 * Nesting depth and forbidden keys, walked with an explicit stack. A JSON.parse reviver would do the same walk
 * recursively, and overflows the call stack on valid JSON a few thousand levels deep (a RangeError that used to be
 * reported as INVALID_JSON); V8's parser itself is not recursive, so parsing first is safe.
 */
function checkShape(root: unknown): void {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth + 1 > MAX_JSON_DEPTH) {
      throw new ValidationError('JSON_TOO_DEEP', `The JSON is nested deeper than ${MAX_JSON_DEPTH} levels`, {
        maxDepth: MAX_JSON_DEPTH,
      });
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) throw new ValidationError('FORBIDDEN_KEY', `The key "${key}" is not allowed`);
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
}

export function parseJsonBody(body: string | undefined): unknown {
  if (body === undefined || body.length === 0) throw new ValidationError('INVALID_JSON', 'A JSON body is required');
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) throw new PayloadTooLarge();
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ValidationError('INVALID_JSON', 'The request body is not valid JSON');
  }
  checkShape(parsed);
  return parsed;
}
