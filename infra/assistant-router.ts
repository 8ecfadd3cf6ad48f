// The assistant router on AWS: its two Lambda steps, the Express state machine from the ASL file, its least-privilege
// role, logs and alarms.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { RouterTasks } from '../statemachines/router-tasks.ts';
import { AppFunction } from './app-function.ts';
import { assertSubstitutionsMatch } from './asl-substitutions.ts';
import { grantModelInvoke } from './bedrock-access.ts';
import { knowledgeBaseArn } from './bedrock-arns.ts';
import type { OpsAlarms } from './ops-alarms.ts';
import { functionArnPlaceholder } from './order-workflow.ts';
import { ROUTER_ASL, ROUTER_TASKS_ENTRY } from './repo-paths.ts';
import { customerIndexArn } from './table-access.ts';

type RouterTaskName = keyof RouterTasks;
// A Record over RouterTasks' keys, so adding, renaming or removing a step fails to compile until infra follows.
const TASKS: Record<RouterTaskName, true> = { prepareTurn: true, parseClassifierOutput: true };
/** Every export of apps/lambda/lambda-router-tasks.ts. */
export const ROUTER_TASK_HANDLERS = Object.keys(TASKS) as RouterTaskName[];

export interface AssistantRouterProps {
  readonly table: dynamodb.ITable;
  readonly alarms: OpsAlarms;
  /** The cheap model of ClassifyWithModel, EnrichKeywords and CheckNeedsRetrieval: a model or inference-profile id. */
  readonly routerModelId: string;
  /** The Bedrock knowledge base RetrieveContext reads: the owner's (-c knowledgeBaseId) or the one the stack builds. */
  readonly knowledgeBaseId: string;
}

export class AssistantRouter extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly tasks: Record<RouterTaskName, AppFunction>;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** The id substituted for ${KnowledgeBaseId} (a deploy-time token when the stack builds the knowledge base). */
  readonly knowledgeBaseId: string;

  constructor(scope: Construct, id: string, props: AssistantRouterProps) {
    super(scope, id);
    const { table, alarms, routerModelId } = props;
    this.knowledgeBaseId = props.knowledgeBaseId;

    // Pure steps with no AWS access: each role writes its own log group and nothing else.
    const createTask = (handler: RouterTaskName): AppFunction =>
      new AppFunction(this, functionArnPlaceholder(handler).replace(/Arn$/, ''), {
        entry: ROUTER_TASKS_ENTRY,
        handler,
        description: `Assistant router step ${handler}`,
        // Milliseconds of CPU: a stuck step fails fast into the ASL's Catch (PrepareFallback, ClassifierFallback).
        timeout: Duration.seconds(10),
        environment: {},
        alarms,
      });
    this.tasks = Object.fromEntries(ROUTER_TASK_HANDLERS.map((h) => [h, createTask(h)])) as Record<
      RouterTaskName,
      AppFunction
    >;

    const definitionSubstitutions: Record<string, string> = {
      ...Object.fromEntries(ROUTER_TASK_HANDLERS.map((h) => [functionArnPlaceholder(h), this.tasks[h].fn.functionArn])),
      TableName: table.tableName,
      RouterModelId: routerModelId,
      KnowledgeBaseId: this.knowledgeBaseId,
    };
    assertSubstitutionsMatch(ROUTER_ASL, definitionSubstitutions);

    this.role = this.createRole(table, routerModelId);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      // The vendedlogs prefix keeps CloudWatch Logs resource policies from growing per log group.
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-AssistantRouter`,
      retention: logs.RetentionDays.ONE_MONTH,
      // Named, so a retained group would block re-creating the stack under the same name.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      // Express: called synchronously (StartSyncExecution) once per chat message, and billed per request and duration.
      stateMachineType: sfn.StateMachineType.EXPRESS,
      definitionBody: sfn.DefinitionBody.fromFile(ROUTER_ASL),
      definitionSubstitutions,
      role: this.role,
      // No `timeout` here: CDK applies it only to chained definitions and silently drops it for a file body. The bound
      // is Express's 5 minutes unless the ASL sets TimeoutSeconds; the caller bounds its own wait.
      tracingEnabled: true,
      logs: {
        destination: this.logGroup,
        // An Express workflow keeps no execution history: these logs are the only record of what an execution did.
        // ALL, so every execution's path is there (which branch it took, which Task failed and which fallback ran),
        // not only the rare execution that fails: the ASL catches every failure and degrades, so ERROR alone would show
        // task failures without the route around them. Without execution data: the input is the customer's message,
        // history and orders, which stay out of the logs (as in the order workflow).
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
    });

    const period = Duration.minutes(5);
    alarms.alarm(
      this,
      'ExecutionsFailedAlarm',
      this.stateMachine.metricFailed({ period, statistic: 'Sum' }),
      'Assistant router: executions failed',
    );
    alarms.alarm(
      this,
      'ExecutionsTimedOutAlarm',
      this.stateMachine.metricTimedOut({ period, statistic: 'Sum' }),
      'Assistant router: executions timed out',
    );

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Added by the StateMachine construct for logging and tracing: logs:*LogDelivery/PutResourcePolicy/Describe* and xray:PutTraceSegments/PutTelemetryRecords/GetSampling* support no resource-level permissions.',
    });
  }

  /** Exactly what the ASL calls: the two steps, the customer index, the router model and the knowledge base. */
  private createRole(table: dynamodb.ITable, routerModelId: string): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'StateMachineRole', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
      }),
      description: 'Assistant router state machine',
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'InvokeRouterSteps',
        actions: ['lambda:InvokeFunction'],
        // Unqualified ARNs only: the ASL invokes $LATEST.
        resources: ROUTER_TASK_HANDLERS.map((h) => this.tasks[h].fn.functionArn),
      }),
    );
    // LookupCustomerOrders and LookupCustomerOrderById: a Query on the customer index, never the table itself.
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'QueryCustomerOrders',
        actions: ['dynamodb:Query'],
        resources: [customerIndexArn(table)],
      }),
    );
    // The aws-sdk:bedrockruntime:converse integration is authorized as bedrock:InvokeModel.
    grantModelInvoke(role, 'InvokeRouterModel', ['bedrock:InvokeModel'], routerModelId);
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'RetrieveKnowledge',
        actions: ['bedrock:Retrieve'],
        resources: [knowledgeBaseArn(this.knowledgeBaseId, stack)],
      }),
    );
    return role;
  }
}
