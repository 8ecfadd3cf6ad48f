// Runs dynalite (a real DynamoDB API server) in-process, in memory or on disk, and creates the table, returning once it
// is ACTIVE.

import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { TABLE_KEYS } from '../aws/table-design.ts';
import { addMissingIndexes, type IndexUpgrade } from './dynalite-index-upgrade.ts';
import { closeIteratorsDynaliteForgets } from './dynalite-iterator-leak.ts';
import { finishInterruptedTableCreation } from './dynalite-table-repair.ts';

export interface LocalDynamo {
  client: DynamoDBClient;
  endpoint: string;
  close(): Promise<void>;
}

/** Dummy credentials: dynalite does not check them, and the SDK insists on having some. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface LocalDynamoOptions {
  /** LevelDB folder; in memory when absent. */
  path?: string;
  /** How long dynalite keeps a new table CREATING (0: until its next timer tick). Tests widen it to prove callers wait. */
  createTableMs?: number;
  /** Told which tables a previous process left CREATING and this start finished (see dynalite-table-repair.ts). */
  onRepaired?: (tables: string[]) => void;
  /** Tables of the project's design (tableDefinition) in the folder: an index added since the folder was made is added. */
  upgradeTables?: string[];
  /** Told which indexes this start added to an older folder's tables (see dynalite-index-upgrade.ts). */
  onUpgraded?: (upgrades: IndexUpgrade[]) => void;
}

export async function startLocalDynamo(opts: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  closeIteratorsDynaliteForgets(); // dynalite 4.0.0 never closes a Query's or a Scan's iterator: see dynalite-iterator-leak.ts
  // A table a killed process left CREATING would answer ResourceNotFoundException for good: finish it before dynalite
  // opens the folder.
  if (opts.path) {
    const repaired = await finishInterruptedTableCreation(opts.path);
    if (repaired.length > 0) opts.onRepaired?.(repaired);
    // dynalite drops UpdateTable's index Create: an older folder gets the table's new indexes before it opens.
    const upgrade = new Set(opts.upgradeTables ?? []);
    if (upgrade.size > 0) {
      const upgrades = await addMissingIndexes(opts.path, (name) =>
        upgrade.has(name) ? tableDefinition(name) : undefined,
      );
      if (upgrades.length > 0) opts.onUpgraded?.(upgrades);
    }
  }
  const server = dynalite({
    path: opts.path,
    createTableMs: opts.createTableMs ?? 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, maxAttempts: 3 });
  return {
    client,
    endpoint,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The project's single table (see table-design.ts), as CDK declares it too. */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const { partitionKey: pk, sortKey: sk, gsi1, gsi2 } = TABLE_KEYS;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [pk, sk, gsi1.partitionKey, gsi1.sortKey, gsi2.partitionKey, gsi2.sortKey].map(
      (AttributeName) => ({ AttributeName, AttributeType: 'S' }),
    ),
    KeySchema: [
      { AttributeName: pk, KeyType: 'HASH' },
      { AttributeName: sk, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [gsi1, gsi2].map((gsi) => ({
      IndexName: gsi.name,
      KeySchema: [
        { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
        { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

/**
 * Creates the table if missing and returns once it is ACTIVE. dynalite, like DynamoDB, answers CreateTable while the
 * table is still CREATING and treats it as absent until then (ResourceNotFoundException on any item operation), even
 * with createTableMs 0: the flip to ACTIVE is a timer and a second write.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string, maxWaitSeconds = 60): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
    try {
      await client.send(new CreateTableCommand(tableDefinition(tableName)));
    } catch (createErr) {
      // Another caller created it in between: wait for it like for our own.
      if (!(createErr instanceof ResourceInUseException)) throw createErr;
    }
  }
  // The SDK's waiter polls DescribeTable until ACTIVE; its AWS defaults (20 s to 120 s between polls) suit a real
  // table,
  // dynalite needs milliseconds.
  await waitUntilTableExists(
    { client, maxWaitTime: maxWaitSeconds, minDelay: 0.01, maxDelay: 0.2 },
    { TableName: tableName },
  );
}
