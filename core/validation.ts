// Parses untrusted input with a zod schema: the one place where zod's issues become the project's error codes.
import type { z } from 'zod';
import { type ErrorCode, ValidationError } from './errors.ts';

/**
 * Which code an issue gets, by the path of the value it is about: `items.*.qty` matches any line's qty, and the most
 * specific pattern that matches wins. `''` (the value itself) is required, so every issue has a code.
 */
export type IssueCodes = { readonly '': ErrorCode } & Readonly<Record<string, ErrorCode>>;

/** The same table for a schema nested under `key` (an address schema inside the place-order body, say). */
export function nestCodes(key: string, codes: IssueCodes): Record<string, ErrorCode> {
  return Object.fromEntries(
    Object.entries(codes).map(([pattern, code]) => [pattern ? `${key}.${pattern}` : key, code]),
  );
}

const segmentsOf = (pattern: string) => (pattern === '' ? [] : pattern.split('.'));

function codeFor(path: readonly PropertyKey[], codes: IssueCodes): ErrorCode {
  let best: { code: ErrorCode; length: number } = { code: codes[''], length: 0 };
  for (const [pattern, code] of Object.entries(codes)) {
    const segments = segmentsOf(pattern);
    if (segments.length <= best.length || segments.length > path.length) continue;
    if (segments.every((s, i) => s === '*' || s === String(path[i]))) best = { code, length: segments.length };
  }
  return best.code;
}

/**
 * The schema's output, or a ValidationError for the first issue (zod reports them in the schema's key order, so the
 * order of a schema's keys is the order its rules are checked in). The error's message names the field, for logs and
 * developers; `details` has the field and any params a refinement attached (e.g. the sku and the merged quantity).
 */
export function parseWithCodes<S extends z.ZodType>(schema: S, input: unknown, codes: IssueCodes): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  const params = issue.code === 'custom' ? (issue.params ?? {}) : {};
  throw new ValidationError(codeFor(issue.path, codes), `${field || 'the value'}: ${issue.message}`, {
    ...(field ? { field } : {}),
    ...params,
  });
}
