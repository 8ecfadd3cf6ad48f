// parseWithCodes: a zod issue becomes a ValidationError whose code is the most specific pattern matching its path.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../../core/errors.ts';
import { type IssueCodes, nestCodes, parseWithCodes } from '../../core/validation.ts';

const schema = z.object({
  name: z.string().min(1),
  lines: z.array(z.object({ sku: z.string(), qty: z.number().int() })),
});
const CODES = {
  '': 'INVALID_BODY',
  name: 'INVALID_CUSTOMER',
  lines: 'INVALID_ITEMS',
  'lines.*.qty': 'INVALID_QUANTITY',
} as const satisfies IssueCodes;

function rejection(input: unknown): ValidationError {
  try {
    parseWithCodes(schema, input, CODES);
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('parseWithCodes', () => {
  it('returns the parsed value when the input is valid', () => {
    // Act
    const value = parseWithCodes(schema, { name: 'Ana', lines: [{ sku: 'A', qty: 2 }], extra: 1 }, CODES);

    // Assess: unknown keys are dropped.
    expect(value).toEqual({ name: 'Ana', lines: [{ sku: 'A', qty: 2 }] });
  });

  it.each([
    ['the value itself', 'nope', 'INVALID_BODY', undefined],
    ['a key', { name: '', lines: [] }, 'INVALID_CUSTOMER', 'name'],
    ['an element', { name: 'Ana', lines: [null] }, 'INVALID_ITEMS', 'lines.0'],
    [
      'a key of an element (wildcard)',
      {
        name: 'Ana',
        lines: [
          { sku: 'A', qty: 1 },
          { sku: 'B', qty: 1.5 },
        ],
      },
      'INVALID_QUANTITY',
      'lines.1.qty',
    ],
    [
      'a key with no pattern of its own (its parent)',
      { name: 'Ana', lines: [{ sku: 7, qty: 1 }] },
      'INVALID_ITEMS',
      'lines.0.sku',
    ],
  ])('gives an issue about %s the most specific code', (_label, input, code, field) => {
    // Act
    const err = rejection(input);

    // Assess
    expect(err.code).toBe(code);
    expect(err.details.field).toBe(field);
    expect(err.message).toContain(field ?? 'the value');
  });

  it('reports the first issue in the order of the schema keys', () => {
    // Act: both keys are wrong.
    const err = rejection({ lines: 'x', name: 42 });

    // Assess
    expect(err.code).toBe('INVALID_CUSTOMER');
  });

  it('keeps the params of a refinement as details', () => {
    // Prepare
    const refined = z.number().check((ctx) => {
      if (ctx.value > 50)
        ctx.issues.push({ code: 'custom', message: 'too many', params: { qty: ctx.value }, input: ctx.value });
    });

    // Act
    let err: unknown;
    try {
      parseWithCodes(refined, 51, { '': 'INVALID_QUANTITY' });
    } catch (e) {
      err = e;
    }

    // Assess
    expect(err).toMatchObject({ code: 'INVALID_QUANTITY', details: { qty: 51 } });
  });

  it('nests a table under a key', () => {
    // Act / Assess
    expect(nestCodes('address', { '': 'INVALID_ADDRESS', lat: 'INVALID_COORDINATES' })).toEqual({
      address: 'INVALID_ADDRESS',
      'address.lat': 'INVALID_COORDINATES',
    });
  });
});
