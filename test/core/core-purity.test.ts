// Architecture guard: core/ is pure domain logic. It imports only itself, node:crypto (hashing) and zod, never an SDK
// or I/O.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = resolve(import.meta.dirname, '../../core');
// zod (and its tree-shakable zod/mini, used where a Lambda edge bundles the schema) validates untrusted input and
// infers the types; it does no I/O.
const ALLOWED_EXTERNAL = new Set(['node:crypto', 'zod', 'zod/mini']);

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1] ?? m[2]!);
}

describe('core/', () => {
  const files = readdirSync(CORE).filter((f) => f.endsWith('.ts'));

  it('has files to check (the guard is not vacuous)', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(importsOf(join(CORE, 'place-order.ts')).length).toBeGreaterThan(3);
  });

  it.each(files)('%s imports only core modules and node:crypto', (file) => {
    const outside = importsOf(join(CORE, file)).filter((spec) => !spec.startsWith('./') && !ALLOWED_EXTERNAL.has(spec));
    expect(outside).toEqual([]);
  });
});
