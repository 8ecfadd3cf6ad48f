// Builds the order use cases' ports from the Lambda environment. Every client honours AWS_ENDPOINT_URL_<SERVICE>.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoCatalogStore } from '../../adapters/aws/dynamo-catalog-store.ts';
import { DynamoOrderRepository } from '../../adapters/aws/dynamo-order-repository.ts';
import { DynamoPaymentRecordStore } from '../../adapters/aws/dynamo-payment-records.ts';
import { SfnWorkflowEngine } from '../../adapters/aws/sfn-workflow-engine.ts';
import { SnsEventPublisher } from '../../adapters/aws/sns-event-publisher.ts';
import { SimulatedPaymentGateway } from '../../adapters/payments/simulated-payment-gateway.ts';
import type { OrderDeps } from '../../core/deps.ts';
import { type Logger, lineLogger } from '../../core/logger.ts';
import { systemClock } from '../../core/ports.ts';
import { secretValue } from './secret-value.ts';

/** A variable the deployed function must have (set by infra); a clear error when it is missing. */
export function required(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name];
  if (!v) throw new Error(`Missing environment variable ${name}`);
  return v;
}

/** One JSON line per log entry, which CloudWatch Logs Insights can query. */
export const jsonLogger: Logger = lineLogger((level, msg, fields) => {
  const line = JSON.stringify({ level: level.toUpperCase(), msg, ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
});

export function createAwsDeps(env: NodeJS.ProcessEnv = process.env): OrderDeps {
  const dynamo = new DynamoDBClient({});
  const table = required(env, 'TABLE_NAME');
  return {
    orders: new DynamoOrderRepository(dynamo, table),
    catalog: new DynamoCatalogStore(dynamo, table),
    // No real payment provider is wired yet: the simulated gateway (Stripe test tokens) keeps its books in the table.
    payments: new SimulatedPaymentGateway(new DynamoPaymentRecordStore(dynamo, table)),
    events: new SnsEventPublisher(
      new SNSClient({}),
      required(env, 'ORDER_EVENTS_TOPIC_ARN'),
      env.NOTIFICATIONS_DLQ_ARN,
    ),
    workflow: new SfnWorkflowEngine(new SFNClient({}), env.ORDER_WORKFLOW_ARN ?? ''),
    clock: systemClock,
    log: jsonLogger,
  };
}

/** The staff token: STAFF_API_TOKEN, or the secret named by STAFF_API_TOKEN_SECRET_ARN (never from the repo). */
export const loadStaffToken = (env: NodeJS.ProcessEnv = process.env): Promise<string> =>
  secretValue('STAFF_API_TOKEN', env);
