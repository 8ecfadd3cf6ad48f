// Parses a JSON request body defensively: size limit, syntax errors and prototype-pollution keys become 4xx errors.
import { ValidationError } from '../core/errors.ts';
import { MAX_BODY_BYTES } from './http-types.ts';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export class PayloadTooLarge extends ValidationError {
  constructor() { super('PAYLOAD_TOO_LARGE', `The request body is larger than ${MAX_BODY_BYTES} bytes`); }
}

export function parseJsonBody(body: string | undefined): unknown {
  if (body === undefined || body.length === 0) throw new ValidationError('INVALID_JSON', 'A JSON body is required');
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) throw new PayloadTooLarge();
  let forbidden: string | undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body, (key, value) => {
      if (FORBIDDEN_KEYS.has(key)) forbidden = key;
      return value;
    });
  } catch {
    throw new ValidationError('INVALID_JSON', 'The request body is not valid JSON');
  }
  if (forbidden) throw new ValidationError('FORBIDDEN_KEY', `The key "${forbidden}" is not allowed`);
  return parsed;
}
