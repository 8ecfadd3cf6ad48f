// `store check`, `store schema` and `store push` as an owner runs them: every kind of mistake printed with its line,
// the demo checked in under a second, and a push that keeps live stock unless --restock, and changes nothing when bad.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DynamoCatalogStore } from '../../../adapters/aws/dynamo-catalog-store.ts';
import { startLocalDynamo } from '../../../adapters/local/local-dynamodb.ts';
import { DEMO_STORE_DIR } from '../../../adapters/local/store-folder.ts';
import { storeCommand } from '../../../apps/cli/store-command.ts';
import { LOCAL_TABLE, startLocalStack } from '../../../apps/local/local-stack.ts';

const BURGER = new URL('../../fixtures/stores/burger-da-vila/', import.meta.url).pathname;

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await storeCommand(
    args,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out, err };
}

/** A copy of the burger store whose store.yaml gets `edit` applied to its text. */
function brokenCopy(edit: (yaml: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'store-check-'));
  cpSync(BURGER, dir, { recursive: true });
  const file = join(dir, 'store.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return dir;
}

describe('store check', () => {
  it('passes the demo in under a second, with a one-line summary', async () => {
    const started = performance.now();
    const r = await run(['check', DEMO_STORE_DIR]);
    const ms = performance.now() - started;
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      '✓ Açaí & Pizza Copacabana: 4 categories, 10 items (10 with stock), 14 documents, America/Sao_Paulo',
    ]);
    expect(ms).toBeLessThan(1000);
  });

  it.each([
    [
      'an unknown category',
      (y: string) => y.replace('category: sides', 'category: pizzas'),
      38,
      'items.2.category: unknown category pizzas',
    ],
    [
      'a duplicate sku',
      (y: string) => y.replace('sku: FRIES', 'sku: BURGER-BACON'),
      37,
      'items.2.sku: duplicate sku BURGER-BACON',
    ],
    [
      'bad hours',
      (y: string) => y.replace('sun: ["00:00-24:00"]', 'sun: ["25:00-26:00"]'),
      15,
      'hours.sun.0: expected "HH:MM-HH:MM"',
    ],
    ['3 decimals', (y: string) => y.replace('price: 14.50', 'price: 14.505'), 40, 'items.2.price: at most 2 decimals'],
    [
      'a radius of 0',
      (y: string) => y.replace('radiusKm: 5', 'radiusKm: 0'),
      17,
      'delivery.radiusKm: must be more than 0',
    ],
    [
      'a missing language',
      (y: string) => y.replace(', en: Sides }', ' }'),
      22,
      'categories.1.name.en: missing: every text needs pt-BR and en',
    ],
    ['broken YAML', (y: string) => y.replace('prepMinutes: 25', 'prepMinutes: [25'), 8, '(yaml)'],
  ])('reports %s as file:line: field: message and exits 1', async (_what, edit, line, text) => {
    const dir = brokenCopy(edit);
    const r = await run(['check', dir]);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toContain(`${join(dir, 'store.yaml')}:${line}: ${text}`);
    expect(r.err.at(-1)).toMatch(/^\d+ problem\(s\) in /);
  });

  it('reports a knowledge language folder with no documents', async () => {
    const dir = brokenCopy((y) => y);
    for (const f of ['delivery.md', 'payment.md'])
      writeFileSync(join(dir, 'knowledge/en', f.replace('.md', '.txt')), '');
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'knowledge/en/delivery.md'));
    rmSync(join(dir, 'knowledge/en/payment.md'));
    const r = await run(['check', dir]);
    expect(r.code).toBe(1);
    expect(r.err[0]).toBe(
      `${join(dir, 'knowledge/en')}:1: knowledge.en: no en documents (knowledge/en/*.md): every language needs its own`,
    );
  });

  it('prints the JSON Schema', async () => {
    const r = await run(['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out.join('\n')).properties.items.type).toBe('array');
  });
});

describe('store push to a local data folder', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'store-push-'));

  it('keeps live stock, restocks only when asked, and changes nothing when the folder is bad', async () => {
    // A stack ran the burger store and sold 2 X-Bacon; then it stopped.
    const stack = await startLocalStack({ port: 0, dataDir, storeDir: BURGER, assistant: false });
    expect(await stack.deps.catalog.hold('BURGER-BACON', 'SOLD', 2)).toBe(true);
    await stack.deps.catalog.commit('BURGER-BACON', 'SOLD');
    await stack.stop();

    const renamed = brokenCopy((y) =>
      y.replace('X-Bacon, en', 'X-Bacon da casa, en').replace('price: 34.90', 'price: 36.00'),
    );
    const pushed = await run(['push', renamed, '--data-dir', dataDir]);
    expect(pushed).toMatchObject({
      code: 0,
      out: [`✓ Burger da Vila applied to ${dataDir}: 0 added, 4 updated, 0 retired`],
    });
    let products = await readProducts(dataDir);
    expect(products.get('BURGER-BACON')).toMatchObject({ name: { 'pt-BR': 'X-Bacon da casa' }, price: 3600, stock: 1 });

    const bad = brokenCopy((y) => y.replace('price: 36.00', 'price: 0').replace('price: 34.90', 'price: 1.001'));
    const refused = await run(['push', bad, '--data-dir', dataDir, '--restock']);
    expect(refused.code).toBe(1);
    expect(refused.err.at(-1)).toMatch(/nothing was changed$/);
    products = await readProducts(dataDir);
    expect(products.get('BURGER-BACON')).toMatchObject({ price: 3600, stock: 1 });

    const restocked = await run(['push', BURGER, '--data-dir', dataDir, '--restock']);
    expect(restocked.out[0]).toMatch(/3 restocked$/);
    expect((await readProducts(dataDir)).get('BURGER-BACON')).toMatchObject({ price: 3490, stock: 3 });
  });
});

async function readProducts(dataDir: string) {
  const dynamo = await startLocalDynamo({ path: join(dataDir, 'dynamodb') });
  try {
    const products = await new DynamoCatalogStore(dynamo.client, LOCAL_TABLE).listProducts();
    return new Map(products.map((p) => [p.sku, p]));
  } finally {
    await dynamo.close();
  }
}
