// The demo store open around the clock, for the tools that run the stack at any hour (bench, chaos) and their tests.
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  DEMO_STORE_DIR,
  loadStoreFile,
  loadStoreFolder,
  StoreFolderInvalid,
} from '../../adapters/local/store-folder.ts';
import { type StorePackage, WEEKDAYS, type WeeklyHours } from '../../core/catalog.ts';

const ALL_DAY: WeeklyHours = Object.fromEntries(WEEKDAYS.map((d) => [d, ['00:00-24:00']]));

/** The demo package with its hours (shop and team) widened to every minute of every day. */
export function openDemoPackage(): StorePackage {
  const folder = loadStoreFolder(DEMO_STORE_DIR);
  if (!folder.ok) throw new StoreFolderInvalid(folder.problems);
  return { ...folder.pkg, store: { ...folder.pkg.store, hours: ALL_DAY, teamHours: ALL_DAY } };
}

/** A store folder (in a new temporary directory) that is the demo open all day: what a child stack's STORE_DIR gets. */
export function writeOpenDemoFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'open-demo-store-'));
  const file = loadStoreFile(DEMO_STORE_DIR);
  writeFileSync(join(dir, 'store.yaml'), stringify({ ...file, hours: ALL_DAY, teamHours: ALL_DAY }));
  symlinkSync(join(DEMO_STORE_DIR, 'knowledge'), join(dir, 'knowledge'));
  return dir;
}
