// dynalite 4.0.0 leaves one LevelDB iterator open per Query or Scan: the workaround that closes them, and a count of
// the live ones.
import { createRequire } from 'node:module';
import { queryObjects } from 'node:v8';

/*
 * The cause, read in the sources (dynalite 4.0.0, the same on its master at c5e5b46; abstract-level 3.1, classic-level
 * 3,
 * memory-level 3): dynalite's db/index.js turns a level iterator into a stream (createValueStream, createKeyStream),
 * and
 * the stream's destroy() frees it with `if (iterator.return) iterator.return()` — the async-iterator protocol. An
 * abstract-level iterator has no return(): it is freed by close(), which only its `for await` generator calls. So every
 * Query and Scan (the catalog, every order, the bot's menu, the open-orders scan) leaves its iterator open.
 * abstract-level
 * keeps each open iterator in the database's resource Set until the database closes, and on disk each one holds
 * classic-level's native iterator and the LevelDB snapshot it pins. Measured before this fix: 2 more live iterators per
 * Query on disk (the value iterator and the entry iterator it wraps), 1 in memory, about 5 KB of heap each after GC.
 *
 * The workaround gives the iterators the return() dynalite looks for, meaning what the protocol means: release, then
 * done.
 * It is feature-detected, so it steps aside if abstract-level ever defines return() itself. A prototype patch rather
 * than
 * patch-package: it needs no install step, also holds when this package is installed as a dependency, and the test that
 * counts live iterators fails if an upgrade makes it miss.
 */

interface IteratorBase {
  close(): Promise<void>;
}
type IteratorClass = abstract new (...args: never[]) => IteratorBase;

/** The iterator base class of each abstract-level copy dynalite's two backends (classic-level, memory-level) load. */
function iteratorBases(): IteratorClass[] {
  const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const fromClassic = createRequire(createRequire(fromDynalite.resolve('level')).resolve('classic-level'));
  const fromMemory = createRequire(fromDynalite.resolve('memory-level'));
  const bases = new Set<IteratorClass>();
  for (const from of [fromClassic, fromMemory]) {
    const { AbstractIterator } = from('abstract-level') as { AbstractIterator: IteratorClass };
    // Entry, key and value iterators all extend this one (abstract-level's CommonIterator, which it does not export).
    bases.add((Object.getPrototypeOf(AbstractIterator.prototype) as { constructor: IteratorClass }).constructor);
  }
  return [...bases];
}

let installed = false;

/** Idempotent; call before dynalite serves its first request. */
export function closeIteratorsDynaliteForgets(): void {
  if (installed) return;
  installed = true;
  for (const base of iteratorBases()) {
    if ('return' in base.prototype) continue;
    Object.defineProperty(base.prototype, 'return', {
      configurable: true,
      writable: true,
      value: async function (this: IteratorBase) {
        await this.close();
        return { done: true, value: undefined };
      },
    });
  }
}

/**
 * Live level iterators in this process, read from the V8 heap (the count includes the iterator classes' own prototypes,
 * a constant). Call after a GC for a stable figure. A diagnostic for tests and the memory soak.
 */
export function liveLevelIterators(): number {
  return iteratorBases().reduce((n, base) => n + queryObjects(base, { format: 'count' }), 0);
}
