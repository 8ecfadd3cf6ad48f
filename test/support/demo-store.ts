// The demo store for tests: read from stores/demo, and open all day so a test placing orders passes at any hour.
import { DEMO_STORE_DIR, loadStoreFolder } from '../../adapters/local/store-folder.ts';
import { openDemoPackage } from '../../apps/cli/open-demo-store.ts';
import type { Product, Store, StorePackage } from '../../core/catalog.ts';

/** The demo as stores/demo/store.yaml has it, real hours included (11:00-23:00 in Rio). */
export const DEMO_WITH_HOURS: StorePackage = (() => {
  const folder = loadStoreFolder(DEMO_STORE_DIR);
  if (!folder.ok) throw new Error(`stores/demo does not validate: ${JSON.stringify(folder.problems)}`);
  return folder.pkg;
})();

/** The demo open around the clock. */
export const DEMO_PACKAGE: StorePackage = openDemoPackage();
export const DEMO_STORE: Store = DEMO_PACKAGE.store;
export const DEMO_PRODUCTS: Product[] = DEMO_PACKAGE.products;

/** A demo category's button label, in pt-BR or en, as the store file names it. */
export const categoryLabel = (id: string, lang: 'pt-BR' | 'en' = 'pt-BR'): string =>
  DEMO_STORE.categories.find((c) => c.id === id)!.name[lang];

/** A demo product by sku (the test fails at once on a sku the demo does not have). */
export function demoProduct(sku: string): Product {
  const p = DEMO_PRODUCTS.find((x) => x.sku === sku);
  if (!p) throw new Error(`The demo has no ${sku}`);
  return p;
}
