// Starts dynalite, fake SNS and fake Step Functions, and points the Lambda environment at them as AWS would configure
// it.
import { DynamoCatalogStore } from '../../adapters/aws/dynamo-catalog-store.ts';
import { DEMO_PACKAGE } from './demo-store.ts';
import { freshTable } from './dynalite-table.ts';
import { type FakeSfn, startFakeSfn } from './fake-sfn.ts';
import { type FakeSns, startFakeSns } from './fake-sns.ts';

export const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:OrderEvents';
export const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:OrderWorkflow';

export interface AwsStandIns {
  dynamo: Awaited<ReturnType<typeof freshTable>>;
  sns: FakeSns;
  sfn: FakeSfn;
  /** Sets (or, with undefined, removes) more environment variables; `stop` restores them too. */
  setEnv(vars: Record<string, string | undefined>): void;
  stop(): Promise<void>;
}

export async function startAwsStandIns(): Promise<AwsStandIns> {
  const dynamo = await freshTable();
  await new DynamoCatalogStore(dynamo.client, dynamo.tableName).applyStore(DEMO_PACKAGE);
  const sns = await startFakeSns({ topics: [TOPIC_ARN] });
  const sfn = await startFakeSfn({ stateMachines: [STATE_MACHINE_ARN] });

  const saved = new Map<string, string | undefined>();
  const setEnv = (vars: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(vars)) {
      if (!saved.has(k)) saved.set(k, process.env[k]);
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  setEnv({
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SNS: sns.url,
    AWS_ENDPOINT_URL_SFN: sfn.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test-access-key',
    AWS_SECRET_ACCESS_KEY: 'test-secret-key',
    // Anything that could send the clients elsewhere than the stand-ins is cleared.
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_ENDPOINT_URL: undefined,
    AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: undefined,
    TABLE_NAME: dynamo.tableName,
    ORDER_EVENTS_TOPIC_ARN: TOPIC_ARN,
    ORDER_WORKFLOW_ARN: STATE_MACHINE_ARN,
    STAFF_API_TOKEN: 'staff-secret-token-for-tests',
  });

  return {
    dynamo,
    sns,
    sfn,
    setEnv,
    stop: async () => {
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await Promise.all([sns.close(), sfn.close(), dynamo.close()]);
    },
  };
}
