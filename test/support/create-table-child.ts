// A child process that creates the project's table in dynalite on disk and stays inside the CREATING window until
// killed.
// Usage: node --import tsx test/support/create-table-child.ts <leveldb-path> <table-name>
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { startLocalDynamo, tableDefinition } from '../../adapters/local/local-dynamodb.ts';

const [path, tableName] = process.argv.slice(2);
if (!path || !tableName) throw new Error('usage: create-table-child.ts <leveldb-path> <table-name>');
// A window far longer than the test: the parent's SIGKILL lands in it, as a kill lands in the real (millisecond) one.
const dynamo = await startLocalDynamo({ path, createTableMs: 600_000 });
await dynamo.client.send(new CreateTableCommand(tableDefinition(tableName)));
process.stdout.write('CREATING\n');
setInterval(() => {}, 60_000);
