// dynalite's own storage layer, opened on a data folder before the server is: for the repairs and upgrades dynalite
// cannot do over its API.
import { createRequire } from 'node:module';

/** A table as dynalite describes and stores it (what DescribeTable answers). */
export interface TableDescription {
  TableName: string;
  TableStatus: string;
  CreationDateTime: number;
  TableArn?: string;
  AttributeDefinitions?: { AttributeName: string; AttributeType: string }[];
  KeySchema?: { AttributeName: string; KeyType: string }[];
  GlobalSecondaryIndexes?: { IndexName: string; IndexStatus?: string; [field: string]: unknown }[];
  BillingModeSummary?: { BillingMode: string; LastUpdateToPayPerRequestDateTime?: number };
  [field: string]: unknown;
}

/** An item as dynalite stores it: attribute name → DynamoDB AttributeValue ({ S: '…' }). */
export type DynaliteItem = Record<string, Record<string, unknown>>;

export interface DynaliteSubDb<V> {
  get(key: string, cb: (err: Error | null, value?: V) => void): void;
  put(key: string, value: V, cb: (err: Error | null) => void): void;
  createValueStream(): AsyncIterable<V>;
}

/** The part of db/index.js's store that the repairs use. */
export interface DynaliteStore {
  db: { open(): Promise<void>; close(): Promise<void> };
  tableDb: DynaliteSubDb<TableDescription>;
  getItemDb(tableName: string): DynaliteSubDb<DynaliteItem>;
  getIndexDb(indexType: 'global', tableName: string, indexName: string): DynaliteSubDb<DynaliteItem>;
  deleteIndexDb(indexType: 'global', tableName: string, indexName: string, cb: (err?: Error | null) => void): void;
}

/** dynalite's own storage layer (db/index.js), so the keys and encoding are the ones the server reads. */
export const dynaliteDb = createRequire(createRequire(import.meta.url).resolve('dynalite'))('./db/index.js') as {
  create(options: { path: string }): DynaliteStore;
  /** The index entries `item` writes (what every PutItem writes), keyed exactly as a Query on the index reads them. */
  getIndexActions(
    indexes: unknown[],
    existingItem: DynaliteItem | null,
    item: DynaliteItem,
    table: TableDescription,
  ): { puts: { index: string; key: string; item: DynaliteItem }[] };
};

/** Opens the store on `path`. Close it before dynalite opens the folder (LevelDB allows one process, one handle). */
export async function openDynaliteStore(path: string): Promise<DynaliteStore> {
  const store = dynaliteDb.create({ path });
  try {
    await store.db.open();
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    if (cause?.code === 'LEVEL_LOCKED')
      throw new Error(
        `${path} is open in another process (LevelDB lock): is another local stack running on this DATA_DIR?`,
        { cause: err },
      );
    throw err;
  }
  return store;
}

/** A callback-style call of dynalite's store, awaited. */
export const whenDone = (run: (cb: (err?: Error | null) => void) => void) =>
  new Promise<void>((resolve, reject) => run((err) => (err ? reject(err) : resolve())));
