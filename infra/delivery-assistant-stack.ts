// DeliveryAssistantStack: the table, the OrderEvents topic, the order workflow, the HTTP API and the ops alarms.
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { TABLE_KEYS, TTL_ATTRIBUTE } from '../adapters/aws/table-design.ts';
import { OrderHttpApi } from './http-api.ts';
import { OpsAlarms } from './ops-alarms.ts';
import { OrderWorkflow } from './order-workflow.ts';

const S = dynamodb.AttributeType.STRING;

export class DeliveryAssistantStack extends Stack {
  readonly table: dynamodb.Table;
  readonly orderEvents: sns.Topic;
  readonly alarms: OpsAlarms;
  readonly workflow: OrderWorkflow;
  readonly httpApi: OrderHttpApi;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // The single table of adapters/aws/table-design.ts. Orders and the payment ledger live here: keep it on delete.
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: S },
      sortKey: { name: TABLE_KEYS.sortKey, type: S },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_KEYS.gsi1.name,
      partitionKey: { name: TABLE_KEYS.gsi1.partitionKey, type: S },
      sortKey: { name: TABLE_KEYS.gsi1.sortKey, type: S },
      projectionType: dynamodb.ProjectionType.ALL,
    });

    // One event per order status change. Publishers are IAM roles of this account (the state machine and
    // the API), which the AWS managed key allows through SNS, so no key grants are needed.
    // Customers' SMS and e-mail subscriptions are created at run time (SnsEventPublisher.subscribeCustomer),
    // so none are declared here. SNS keeps retrying SMS/e-mail delivery by itself; if an SQS or Lambda
    // subscriber is ever added, give that subscription a redrive policy (an SQS dead-letter queue).
    this.orderEvents = new sns.Topic(this, 'OrderEvents', {
      displayName: 'Delivery Assistant order events',
      masterKey: kms.Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
      enforceSSL: true,
    });

    this.alarms = new OpsAlarms(this, 'OpsAlarms');
    this.workflow = new OrderWorkflow(this, 'OrderWorkflow', { table: this.table, orderEvents: this.orderEvents, alarms: this.alarms });
    this.httpApi = new OrderHttpApi(this, 'HttpApi', {
      table: this.table,
      orderEvents: this.orderEvents,
      stateMachine: this.workflow.stateMachine,
      alarms: this.alarms,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url, description: 'Base URL of the order HTTP API' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'OrderEventsTopicArn', { value: this.orderEvents.topicArn });
    new CfnOutput(this, 'OrderWorkflowArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'OpsAlarmsTopicArn', { value: this.alarms.topic.topicArn });
  }
}
