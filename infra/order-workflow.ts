// The order workflow: one Lambda per task handler, the Standard state machine from the ASL file, its role and alarms.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { OrderTaskName } from '../statemachines/order-tasks.ts';
import { AppFunction } from './app-function.ts';
import { assertSubstitutionsMatch } from './asl-substitutions.ts';
import type { OpsAlarms } from './ops-alarms.ts';
import { ORDER_TASKS_ENTRY, ORDER_WORKFLOW_ASL } from './repo-paths.ts';
import { tableItemAccess } from './table-access.ts';
import { grantTaskCallbacks } from './task-callbacks.ts';

// A Record over OrderTaskName, so adding, renaming or removing a task fails to compile until infra follows.
const TASKS: Record<OrderTaskName, true> = {
  checkStoreOpen: true,
  reserveStock: true,
  computeDeliveryFee: true,
  chargePayment: true,
  awaitPayment: true,
  expirePayment: true,
  confirmOrder: true,
  closeOrder: true,
  awaitStage: true,
  applyStage: true,
  flagStageOverdue: true,
  settleOrder: true,
};
/** Every export of apps/lambda/lambda-order-tasks.ts, in workflow order. */
export const ORDER_TASK_HANDLERS = Object.keys(TASKS) as OrderTaskName[];

/**
 * The tasks that complete or fail the WaitForPayment token themselves: awaitPayment when the payment landed before its
 * token was stored, expirePayment when the provider approved it just before the cancel.
 */
export const TASK_TOKEN_CALLERS: readonly OrderTaskName[] = ['awaitPayment', 'expirePayment'];

/** reserveStock -> ReserveStockFunctionArn, the placeholder name used in the ASL. */
export const functionArnPlaceholder = (handler: string): string =>
  `${handler[0]!.toUpperCase()}${handler.slice(1)}FunctionArn`;

export interface OrderWorkflowProps {
  readonly table: dynamodb.ITable;
  readonly orderEvents: sns.ITopic;
  readonly alarms: OpsAlarms;
  /** How long a Pix stays payable, and so how long WaitForPayment waits (PIX_EXPIRY_MINUTES of the tasks). */
  readonly pixExpiryMinutes: number;
}

export class OrderWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly tasks: Record<OrderTaskName, AppFunction>;

  constructor(scope: Construct, id: string, props: OrderWorkflowProps) {
    super(scope, id);
    const { table, orderEvents, alarms } = props;

    const createTask = (handler: OrderTaskName): AppFunction => {
      const task = new AppFunction(this, functionArnPlaceholder(handler).replace(/Arn$/, ''), {
        entry: ORDER_TASKS_ENTRY,
        handler,
        description: `Order workflow task ${handler}`,
        environment: {
          TABLE_NAME: table.tableName,
          ORDER_EVENTS_TOPIC_ARN: orderEvents.topicArn,
          PIX_EXPIRY_MINUTES: String(props.pixExpiryMinutes),
        },
        alarms,
      });
      // Items, and the order events topic: the state machine publishes the notifications the tasks return, but settling
      // an order (any task that settles: charge, close, stage, settle) publishes the events a cancel or an address
      // change committed to its outbox, when the request that committed them died first.
      task.role.addToPolicy(tableItemAccess(table));
      task.role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'PublishOutboxEvents',
          actions: ['sns:Publish'],
          resources: [orderEvents.topicArn],
        }),
      );
      if (TASK_TOKEN_CALLERS.includes(handler)) grantTaskCallbacks(task.role);
      return task;
    };
    this.tasks = Object.fromEntries(ORDER_TASK_HANDLERS.map((h) => [h, createTask(h)])) as Record<
      OrderTaskName,
      AppFunction
    >;

    const definitionSubstitutions: Record<string, string> = {
      TableName: table.tableName,
      OrderEventsTopicArn: orderEvents.topicArn,
      ...Object.fromEntries(ORDER_TASK_HANDLERS.map((h) => [functionArnPlaceholder(h), this.tasks[h].fn.functionArn])),
    };
    assertSubstitutionsMatch(ORDER_WORKFLOW_ASL, definitionSubstitutions);

    const role = this.createRole(table, orderEvents);
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromFile(ORDER_WORKFLOW_ASL),
      definitionSubstitutions,
      role,
      tracingEnabled: true,
      logs: {
        // The vendedlogs prefix keeps CloudWatch Logs resource policies from growing per log group.
        destination: new logs.LogGroup(this, 'Logs', {
          logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-OrderWorkflow`,
          retention: logs.RetentionDays.ONE_MONTH,
          // Named, so a retained group would block re-creating the stack under the same name.
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        level: sfn.LogLevel.ERROR,
        includeExecutionData: false,
      },
    });

    const period = Duration.minutes(5);
    alarms.alarm(
      this,
      'ExecutionsFailedAlarm',
      this.stateMachine.metricFailed({ period, statistic: 'Sum' }),
      'Order workflow: executions failed',
    );
    alarms.alarm(
      this,
      'ExecutionsTimedOutAlarm',
      this.stateMachine.metricTimedOut({ period, statistic: 'Sum' }),
      'Order workflow: executions timed out',
    );

    this.acknowledgeFindings(role);
  }

  /** Exactly what the ASL calls: the ten functions, ReceiveOrder's UpdateItem, and the SNS publish states. */
  private createRole(table: dynamodb.ITable, orderEvents: sns.ITopic): iam.Role {
    const role = new iam.Role(this, 'StateMachineRole', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      }),
      description: 'Order workflow state machine',
    });
    const functionArns = Object.values(this.tasks).map((t) => t.fn.functionArn);
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'InvokeTaskFunctions',
        actions: ['lambda:InvokeFunction'],
        resources: functionArns.flatMap((arn) => [arn, `${arn}:*`]),
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({ sid: 'ReceiveOrder', actions: ['dynamodb:UpdateItem'], resources: [table.tableArn] }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'PublishOrderEvents',
        actions: ['sns:Publish'],
        resources: [orderEvents.topicArn],
      }),
    );
    return role;
  }

  private acknowledgeFindings(role: iam.Role): void {
    const stack = Stack.of(this);
    const v = Validations.of(role);
    for (const task of Object.values(this.tasks)) {
      const logicalId = stack.resolve((task.fn.node.defaultChild as CfnFunction).logicalId) as string;
      v.acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        reason:
          'Qualified ARNs (versions and aliases) of this one task function, so the ASL can pin a version or alias without an IAM change.',
      });
    }
    v.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Added by the StateMachine construct for logging and tracing: logs:*LogDelivery/PutResourcePolicy/Describe* and xray:PutTraceSegments/PutTelemetryRecords/GetSampling* support no resource-level permissions.',
    });
    Validations.of(this.stateMachine).acknowledge({
      id: 'AwsSolutions-SF1',
      reason:
        'Logs ERROR events without execution data: orders carry customer names, phones and addresses, and every execution history is already kept by Step Functions for 90 days.',
    });
  }
}
