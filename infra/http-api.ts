// The HTTP API: API Gateway v2 ($default route) in front of the API Lambda, its staff-token secret and access logs.
import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { AppFunction } from './app-function.ts';
import type { OpsAlarms } from './ops-alarms.ts';
import { HTTP_API_ENTRY } from './repo-paths.ts';
import { customerIndexQuery, tableItemAccess } from './table-access.ts';

export interface OrderHttpApiProps {
  readonly table: dynamodb.ITable;
  readonly orderEvents: sns.ITopic;
  readonly stateMachine: sfn.IStateMachine;
  readonly alarms: OpsAlarms;
  /** Redrive target of the customer subscriptions this function creates. */
  readonly notificationsDlq: sqs.IQueue;
  /** The Telegram bot's username: placed orders then come with a one-time link to follow them in Telegram. */
  readonly telegramBotUsername?: string;
}

/** The resources the order use cases touch (core/ through adapters/aws/aws-deps.ts createAwsDeps). */
export interface OrderResources {
  readonly table: dynamodb.ITable;
  readonly orderEvents: sns.ITopic;
  readonly stateMachine: sfn.IStateMachine;
}

/**
 * What a function running the order use cases (place, cancel, change address, advance) needs, and nothing more.
 * The API function and the Telegram worker both place and cancel orders, so both get exactly this.
 */
export function grantOrderUseCases(
  role: iam.Role,
  { table, orderEvents, stateMachine }: OrderResources,
  /** Other actions of this role that support no resource-level permissions, named in the acknowledgment. */
  otherStarActions: readonly string[] = [],
): void {
  role.addToPolicy(tableItemAccess(table));
  role.addToPolicy(customerIndexQuery(table));
  // Publish: RECEIVED, CANCELLED and ADDRESS_CHANGED events. Subscribe: the customer's SMS and e-mail; listing finds
  // an endpoint already subscribed with other attributes (a shared e-mail), whose filter policy is then widened.
  role.addToPolicy(
    new iam.PolicyStatement({
      sid: 'OrderEvents',
      actions: ['sns:Publish', 'sns:Subscribe', 'sns:ListSubscriptionsByTopic'],
      resources: [orderEvents.topicArn],
    }),
  );
  // The service authorization reference lists no resource type for these, so "*" is the only form that matches.
  role.addToPolicy(
    new iam.PolicyStatement({
      sid: 'WidenCustomerSubscriptions',
      actions: ['sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes'],
      resources: ['*'],
    }),
  );
  role.addToPolicy(
    new iam.PolicyStatement({
      sid: 'StartOrderWorkflow',
      actions: ['states:StartExecution'],
      resources: [stateMachine.stateMachineArn],
    }),
  );
  // The service authorization reference lists no resource type for these two actions, so "*" is the
  // documented form. The task token itself (unguessable, stored on the order) is what scopes the call.
  role.addToPolicy(
    new iam.PolicyStatement({
      sid: 'CompleteStageTasks',
      actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
      resources: ['*'],
    }),
  );
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: `Only states:SendTaskSuccess/SendTaskFailure and sns:GetSubscriptionAttributes/SetSubscriptionAttributes${otherStarActions.map((a) => `, ${a}`).join('')}, which support no resource-level permissions (service authorization reference); all other statements name their ARNs.`,
  });
}

/** Steady-state and burst limits for the whole stage: a small store's traffic, with room for a rush. */
export const API_THROTTLE = { rateLimit: 50, burstLimit: 100 };

export class OrderHttpApi extends Construct {
  readonly handler: AppFunction;
  readonly api: apigwv2.HttpApi;
  readonly url: string;

  constructor(scope: Construct, id: string, props: OrderHttpApiProps) {
    super(scope, id);
    const { table, orderEvents, stateMachine, alarms, notificationsDlq, telegramBotUsername } = props;

    // Generated at deploy time: the value never appears in the repository or the template.
    const staffToken = new secretsmanager.Secret(this, 'StaffApiToken', {
      description: 'Bearer token for staff calls to the order API',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });

    this.handler = new AppFunction(this, 'Handler', {
      entry: HTTP_API_ENTRY,
      handler: 'handler',
      description: 'Order HTTP API',
      // Below API Gateway's 30 s integration limit, so the client gets the Lambda's own error.
      timeout: Duration.seconds(25),
      environment: {
        TABLE_NAME: table.tableName,
        ORDER_EVENTS_TOPIC_ARN: orderEvents.topicArn,
        ORDER_WORKFLOW_ARN: stateMachine.stateMachineArn,
        STAFF_API_TOKEN_SECRET_ARN: staffToken.secretArn,
        NOTIFICATIONS_DLQ_ARN: notificationsDlq.queueArn,
        // Only a name for the link (https://t.me/<name>?start=…): the link's token is stored in the table, which this
        // function already writes, so the link needs no new permission.
        ...(telegramBotUsername ? { TELEGRAM_BOT_USERNAME: telegramBotUsername } : {}),
      },
      alarms,
    });
    const role = this.handler.role;
    grantOrderUseCases(role, { table, orderEvents, stateMachine });
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadStaffToken',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [staffToken.secretArn],
      }),
    );

    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: 'Delivery Assistant order API',
      // The default stage is created below, because HttpApi offers no access-log or throttle settings for it.
      createDefaultStage: false,
    });
    // Every method and path goes to the Lambda, which does its own routing (api/order-api.ts).
    const route = new apigwv2.HttpRoute(this, 'DefaultRoute', {
      httpApi: this.api,
      routeKey: apigwv2.HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('Lambda', this.handler.fn),
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH });
    const stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        // No headers and no query string: bearer tokens and customer data stay out of the logs.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            method: '$context.httpMethod',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    this.url = stage.url;

    Validations.of(staffToken).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A static bearer token shared with staff tools; rotating it needs a coordinated client update, so it is rotated by hand (update the secret, then restart the API function).',
    });
    Validations.of(route).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Authorization happens in the Lambda: customers present the per-order access token, staff the Secrets Manager bearer token; /health, /api/catalog and placing an order are public by design.',
    });
  }
}
