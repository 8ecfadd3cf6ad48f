// Finishes, on disk, the CREATING → ACTIVE step dynalite left undone when its process died: the data folder then opens,
// data kept.
import { openDynaliteStore, type TableDescription, whenDone } from './dynalite-store.ts';

/*
 * Why: dynalite's CreateTable (actions/createTable.js) writes the table description with TableStatus CREATING, answers,
 * and only flips it to ACTIVE from a setTimeout (createTableMs later, even at 0). A process killed in between leaves
 * CREATING on disk for good: nothing ever runs that timer again, every item operation answers ResourceNotFoundException
 * (getTable treats CREATING as absent), and CreateTable answers ResourceInUseException. The table's items and indexes
 * live
 * under their own keys and are untouched by that step, so finishing it — exactly what the timer would have written —
 * loses
 * nothing. Any CREATING table found at open is orphaned: LevelDB's lock means no other process has this folder open.
 */

export type { TableDescription };

/** dynalite's table descriptions in a data folder, read and written as dynalite stores them. Close it before dynalite opens the folder. */
export interface DynaliteTables {
  list(): Promise<TableDescription[]>;
  get(name: string): Promise<TableDescription | undefined>;
  put(table: TableDescription): Promise<void>;
  close(): Promise<void>;
}

export async function openDynaliteTables(path: string): Promise<DynaliteTables> {
  const store = await openDynaliteStore(path);
  return {
    list: async () => {
      const tables: TableDescription[] = [];
      for await (const t of store.tableDb.createValueStream()) tables.push(t);
      return tables;
    },
    get: (name) =>
      new Promise((resolve, reject) =>
        store.tableDb.get(name, (err, value) => {
          if (err && err.name !== 'NotFoundError' && (err as { code?: string }).code !== 'LEVEL_NOT_FOUND') reject(err);
          else resolve(err ? undefined : value);
        }),
      ),
    put: (table) => whenDone((cb) => store.tableDb.put(table.TableName, table, cb)),
    close: () => store.db.close(),
  };
}

/** What createTable.js's timer writes when the CREATING window ends. */
function activated(table: TableDescription): TableDescription {
  const next = structuredClone(table);
  next.TableStatus = 'ACTIVE';
  for (const index of next.GlobalSecondaryIndexes ?? []) index.IndexStatus = 'ACTIVE';
  if (next.BillingModeSummary) next.BillingModeSummary.LastUpdateToPayPerRequestDateTime = next.CreationDateTime;
  return next;
}

/** Run before dynalite opens `path`; returns the names of the tables it finished creating. */
export async function finishInterruptedTableCreation(path: string): Promise<string[]> {
  const tables = await openDynaliteTables(path);
  try {
    const stuck = (await tables.list()).filter((t) => t.TableStatus === 'CREATING');
    for (const t of stuck) await tables.put(activated(t));
    return stuck.map((t) => t.TableName);
  } finally {
    await tables.close();
  }
}
