// Every error code the API can answer with has a customer-facing sentence in pt-BR and in en.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../core/error-messages.ts';
import { ErrorCode } from '../../core/errors.ts';
import { errorResponse } from '../../core/http-exchange.ts';

const FALLBACK = '<<fallback>>';

/** The keys of STATUS_BY_CODE (not exported), read from the source so a newly added code is covered automatically. */
function statusByCodeKeys(): string[] {
  const source = readFileSync(new URL('../../core/http-exchange.ts', import.meta.url), 'utf8');
  const block = /const STATUS_BY_CODE[^{]*\{([\s\S]*?)\n\};/.exec(source)?.[1];
  if (!block) throw new Error('STATUS_BY_CODE not found in core/http-exchange.ts');
  const entries = block
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('//'));
  return entries.map((line) => {
    const m = /^(?:\[ErrorCode\.(\w+)\]|'?([A-Z_]+)'?)\s*:\s*\d{3},?$/.exec(line);
    if (!m) throw new Error(`Unrecognised STATUS_BY_CODE entry: ${line}`);
    return m[1] ? ErrorCode[m[1] as keyof typeof ErrorCode] : m[2]!;
  });
}

/** Codes thrown as ValidationError by the request parsers and the API (answered as 4xx without a table entry). */
const VALIDATION_CODES = [
  'INVALID_CUSTOMER',
  'INVALID_PHONE',
  'INVALID_EMAIL',
  'INVALID_ITEMS',
  'INVALID_QUANTITY',
  'UNKNOWN_SKU',
  'INVALID_ADDRESS',
  'INVALID_COORDINATES',
  'INVALID_PAYMENT_METHOD',
  'PAYMENT_TOKEN_REQUIRED',
];

describe('error messages', () => {
  const codes = statusByCodeKeys();

  it('reads every entry of STATUS_BY_CODE, each of which maps to a non-500 status', () => {
    // Assess: the parse found real keys (a wrong key would fall back to 500).
    expect(codes.length).toBeGreaterThanOrEqual(18);
    expect(codes).toContain('ORDER_NOT_FOUND');
    expect(codes).toContain('INVALID_IDEMPOTENCY_KEY');
    for (const code of codes) expect(errorResponse(code, 'en', FALLBACK).status, code).toBeLessThan(500);
  });

  it.each([...statusByCodeKeys(), ...VALIDATION_CODES, 'INTERNAL'])(
    '%s has distinct pt-BR and en sentences',
    (code) => {
      // Act
      const pt = errorMessage(code, 'pt-BR', FALLBACK);
      const en = errorMessage(code, 'en', FALLBACK);

      // Assess
      expect(pt).not.toBe(FALLBACK);
      expect(en).not.toBe(FALLBACK);
      expect(pt.length).toBeGreaterThan(5);
      expect(en.length).toBeGreaterThan(5);
      expect(pt).not.toBe(en);
    },
  );

  it('falls back to the given message for an unknown code', () => {
    // Act / Assess
    expect(errorMessage('NO_SUCH_CODE', 'pt-BR', 'the fallback')).toBe('the fallback');
    expect(errorMessage('NO_SUCH_CODE', 'en', 'the fallback')).toBe('the fallback');
  });
});
