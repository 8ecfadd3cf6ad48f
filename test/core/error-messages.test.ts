// Every error code has its status and, unless it is never a client's fault, a sentence in pt-BR and in en.
import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../core/error-messages.ts';
import { ERROR_CODES, type ErrorCode } from '../../core/errors.ts';
import { errorResponse, statusOf } from '../../core/http-exchange.ts';

const FALLBACK = '<<fallback>>';
/** The workflow's own error names: answered as INTERNAL over HTTP, with the edge's own words in a chat. */
const NEVER_THE_CLIENTS: ErrorCode[] = ['INVALID_TRANSITION', 'ORDER_NO_LONGER_PENDING', 'TRANSIENT'];
const answered = ERROR_CODES.filter((c) => !NEVER_THE_CLIENTS.includes(c));

describe('error messages', () => {
  it('lists the codes the API answers with (the union is not vacuous)', () => {
    // Assess
    expect(ERROR_CODES.length).toBeGreaterThanOrEqual(37);
    expect(ERROR_CODES).toEqual(expect.arrayContaining(['ORDER_NOT_FOUND', 'INVALID_QUANTITY', 'FORBIDDEN_KEY']));
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it('maps every code a client can cause to a non-500 status, and only the others to 500', () => {
    // Act
    const fiveHundreds = ERROR_CODES.filter((code) => statusOf(code) >= 500);

    // Assess
    // STORE_NOT_SET_UP is the operator's to fix (no store applied yet): a 503 with a sentence, never a client's fault.
    expect(fiveHundreds.sort()).toEqual([...NEVER_THE_CLIENTS, 'INTERNAL', 'STORE_NOT_SET_UP'].sort());
    for (const code of ERROR_CODES) expect(errorResponse(code, 'en', FALLBACK).status, code).toBe(statusOf(code));
  });

  it.each(answered)('%s has distinct pt-BR and en sentences', (code) => {
    // Act
    const pt = errorMessage(code, 'pt-BR', FALLBACK);
    const en = errorMessage(code, 'en', FALLBACK);

    // Assess
    expect(pt).not.toBe(FALLBACK);
    expect(en).not.toBe(FALLBACK);
    expect(pt.length).toBeGreaterThan(5);
    expect(en.length).toBeGreaterThan(5);
    expect(pt).not.toBe(en);
  });

  it.each(NEVER_THE_CLIENTS)('%s has no sentence: the edge gives its own words', (code) => {
    // Act / Assess
    expect(errorMessage(code, 'pt-BR', 'the fallback')).toBe('the fallback');
    expect(errorMessage(code, 'en', 'the fallback')).toBe('the fallback');
  });

  it('accepts only the codes of the union (checked by tsc)', () => {
    // @ts-expect-error NO_SUCH_CODE is not an ErrorCode: an unknown code fails to compile.
    const unknown = () => errorMessage('NO_SUCH_CODE', 'en', 'the fallback');

    // Assess: at run time it still falls back rather than throw.
    expect(unknown()).toBe('the fallback');
  });
});
