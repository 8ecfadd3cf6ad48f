// The table a CLI command works on: the stopped local stack's data folder, or a deployed stack's table.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startLocalDynamo } from '../../adapters/local/local-dynamodb.ts';
import { readLocalConfig } from '../local/config.ts';
import { LOCAL_TABLE, STACK_PID_FILE } from '../local/local-stack.ts';

export interface Target {
  label: string;
  client: DynamoDBClient;
  table: string;
  close(): Promise<void>;
}

/**
 * The stopped local stack's dynalite files. LevelDB allows one process, and dynalite opens it lazily, so a second
 * opener would not fail at once but hang on its first request: the stack's pid file is checked first instead.
 */
export async function localTable(dataDir: string): Promise<Target> {
  const path = join(dataDir, 'dynamodb');
  if (!existsSync(path)) throw new Error(`no local data in ${dataDir} (set DATA_DIR or --data-dir)`);
  const pidFile = join(dataDir, STACK_PID_FILE);
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : undefined;
  if (pid && isAlive(pid))
    throw new Error(
      `the local stack (pid ${pid}) has ${dataDir} open. Is the local stack still running? Stop it first.`,
    );
  const dynamo = await startLocalDynamo({ path });
  return { label: dataDir, client: dynamo.client, table: LOCAL_TABLE, close: () => dynamo.close() };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The table of a deployed stack, from its TableName output. */
export async function deployedTable(stackName: string): Promise<Target> {
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const cfn = new CloudFormationClient({});
  try {
    const res = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    const table = res.Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === 'TableName')?.OutputValue;
    if (!table) throw new Error(`stack ${stackName} has no TableName output`);
    const client = new DynamoDBClient({});
    return { label: `stack ${stackName} (table ${table})`, client, table, close: async () => client.destroy() };
  } finally {
    cfn.destroy();
  }
}

/** What `--stack NAME` or `--data-dir DIR` name: the deployed stack's table, else the local data (DATA_DIR by default). */
export function openTable(opts: { stack?: string; dataDir?: string }): Promise<Target> {
  return opts.stack
    ? deployedTable(opts.stack)
    : localTable(opts.dataDir ? resolve(opts.dataDir) : readLocalConfig().dataDir);
}
