// Adds, on disk, the global secondary indexes a data folder's table lacks (a folder made by an older version), and
// indexes the items it already holds.
import type { CreateTableCommandInput, GlobalSecondaryIndex } from '@aws-sdk/client-dynamodb';
import { dynaliteDb, openDynaliteStore, type TableDescription, whenDone } from './dynalite-store.ts';

/*
 * Why: DynamoDB adds an index to a live table with UpdateTable's GlobalSecondaryIndexUpdates.Create and backfills it.
 * dynalite 4.0.0 validates that request (validations/updateTable.js, which even wants a throughput an on-demand table
 * must not have on AWS) but its action (actions/updateTable.js) only applies throughput and billing changes: the
 * Create is answered 200 and dropped, and a Query on the index then fails ("The table does not have the specified
 * index"; test/adapters/local/dynalite-index-upgrade.test.ts pins this). So the upgrade is done here, as CreateTable
 * would have written
 * it: the index joins the table description (ACTIVE, as createTable.js's timer leaves it) with its key attributes, and
 * every stored item that carries those attributes gets its index entry, through dynalite's own getIndexActions (the
 * same keys PutItem writes). Items are not touched, so nothing is lost; an interrupted upgrade is simply done again
 * (the index's entries are cleared first, and the description is written last).
 */

export interface IndexUpgrade {
  table: string;
  index: string;
  /** Stored items that carried the index's attributes, now in it. */
  indexed: number;
}

type IndexDescription = NonNullable<TableDescription['GlobalSecondaryIndexes']>[number];

/** The index as createTable.js describes a new one, once ACTIVE. */
function describeIndex(table: TableDescription, index: GlobalSecondaryIndex): IndexDescription {
  return {
    ...structuredClone(index),
    IndexArn: `${table.TableArn}/index/${index.IndexName}`,
    IndexSizeBytes: 0,
    ItemCount: 0,
    IndexStatus: 'ACTIVE',
    ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0 },
  } as IndexDescription;
}

/**
 * Run before dynalite opens `path`. For each table `definitionOf` knows, adds the global secondary indexes of the
 * definition that the stored table lacks. Returns what it added.
 */
export async function addMissingIndexes(
  path: string,
  definitionOf: (tableName: string) => CreateTableCommandInput | undefined,
): Promise<IndexUpgrade[]> {
  const store = await openDynaliteStore(path);
  const upgrades: IndexUpgrade[] = [];
  try {
    const tables: TableDescription[] = [];
    for await (const t of store.tableDb.createValueStream()) tables.push(t);
    for (const table of tables) {
      const wanted = definitionOf(table.TableName);
      const have = new Set((table.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
      const missing = (wanted?.GlobalSecondaryIndexes ?? []).filter((i) => !have.has(i.IndexName!));
      if (!wanted || missing.length === 0) continue;
      const next = structuredClone(table);
      const defined = new Set((next.AttributeDefinitions ?? []).map((a) => a.AttributeName));
      for (const a of wanted.AttributeDefinitions ?? [])
        if (!defined.has(a.AttributeName!))
          next.AttributeDefinitions = [
            ...(next.AttributeDefinitions ?? []),
            { AttributeName: a.AttributeName!, AttributeType: a.AttributeType! },
          ];
      const added = missing.map((i) => describeIndex(next, i));
      next.GlobalSecondaryIndexes = [...(next.GlobalSecondaryIndexes ?? []), ...added];
      const counts = new Map(added.map((i) => [i.IndexName, 0]));
      for (const index of added)
        await whenDone((cb) => store.deleteIndexDb('global', table.TableName, index.IndexName, cb));
      for await (const item of store.getItemDb(table.TableName).createValueStream())
        for (const put of dynaliteDb.getIndexActions(added, null, item, next).puts) {
          await whenDone((cb) => store.getIndexDb('global', table.TableName, put.index).put(put.key, put.item, cb));
          counts.set(put.index, (counts.get(put.index) ?? 0) + 1);
        }
      await whenDone((cb) => store.tableDb.put(table.TableName, next, cb));
      for (const [index, indexed] of counts) upgrades.push({ table: table.TableName, index, indexed });
    }
    return upgrades;
  } finally {
    await store.db.close();
  }
}
