// Mercado Pago on AWS: its two secrets, the webhook edge (HTTP API route → SQS FIFO), the payment worker (FIFO → read
// back → apply), and connect(), which points a function running the order use cases at Mercado Pago.
import { Duration, Validations } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { MERCADOPAGO_WEBHOOK_PATH } from '../api/payment-webhook.ts';
import { AppFunction } from './app-function.ts';
import type { OpsAlarms } from './ops-alarms.ts';
import { fifoWorkQueue, readSecret } from './queues-and-secrets.ts';
import { PAYMENT_WEBHOOK_ENTRY, PAYMENT_WORKER_ENTRY } from './repo-paths.ts';
import { tableItemAccess } from './table-access.ts';
import { grantTaskCallbacks } from './task-callbacks.ts';

export interface PaymentProviderProps {
  readonly table: dynamodb.ITable;
  readonly orderEvents: sns.ITopic;
  readonly stateMachine: sfn.IStateMachine;
  readonly alarms: OpsAlarms;
  /** The order HTTP API: the webhook gets its own route beside `$default`. */
  readonly httpApi: apigwv2.IHttpApi;
  /** The HTTP API's base URL (ends in '/'): the charges name the webhook route as their notification_url. */
  readonly apiUrl: string;
}

/** A notice is a read-back and one save: seconds, even when Mercado Pago is slow (its calls time out sooner). */
export const PAYMENT_WORKER_TIMEOUT = Duration.seconds(30);
/**
 * Receives before a notice is set aside. A payment that lands before its charge step recorded it is retried; the
 * visibility timeout (6 × 30 s) spaces ten receives over half an hour, far longer than any charge step takes.
 */
export const PAYMENT_MAX_RECEIVE_COUNT = 10;

export class PaymentProvider extends Construct {
  readonly accessToken: secretsmanager.Secret;
  readonly webhookSecret: secretsmanager.Secret;
  readonly notices: sqs.Queue;
  readonly noticesDlq: sqs.Queue;
  readonly webhook: AppFunction;
  readonly webhookRoute: apigwv2.HttpRoute;
  readonly worker: AppFunction;
  readonly webhookUrl: string;

  constructor(scope: Construct, id: string, props: PaymentProviderProps) {
    super(scope, id);
    const { table, orderEvents, stateMachine, alarms, httpApi, apiUrl } = props;
    this.webhookUrl = `${apiUrl}${MERCADOPAGO_WEBHOOK_PATH.slice(1)}`;

    // Mercado Pago issues both values, so the stack cannot: it deploys random placeholders the operator replaces.
    // Never change generateSecretString here: CloudFormation would generate a new value over the real one.
    this.accessToken = new secretsmanager.Secret(this, 'AccessToken', {
      description:
        'Mercado Pago access token (APP_USR-…). Deployed with a generated PLACEHOLDER: after deploy, put the token from ' +
        'Mercado Pago Developers → Your integrations → Credentials in (aws secretsmanager put-secret-value).',
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
    });
    this.webhookSecret = new secretsmanager.Secret(this, 'WebhookSecret', {
      description:
        'Mercado Pago webhook secret (the x-signature key). Deployed with a generated PLACEHOLDER: after deploy, put ' +
        'the secret Mercado Pago shows under Your integrations → Webhooks in.',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });

    // Notices, one message group per payment; the webhook's dedupe id is `<payment id>:<x-request-id>`, so a
    // redelivered notification within 5 minutes is dropped by SQS.
    ({ queue: this.notices, dlq: this.noticesDlq } = fifoWorkQueue(this, 'Notices', {
      workerTimeout: PAYMENT_WORKER_TIMEOUT,
      maxReceiveCount: PAYMENT_MAX_RECEIVE_COUNT,
      alarms,
      what: 'Payment notices',
    }));

    // POST /payments/mercadopago/webhook: verify, enqueue, answer 200. Nothing slow, so a short timeout.
    this.webhook = new AppFunction(this, 'Webhook', {
      entry: PAYMENT_WEBHOOK_ENTRY,
      handler: 'webhook',
      description: 'Mercado Pago webhook',
      edge: true,
      timeout: Duration.seconds(10),
      environment: {
        PAYMENT_QUEUE_URL: this.notices.queueUrl,
        MERCADOPAGO_WEBHOOK_SECRET_SECRET_ARN: this.webhookSecret.secretArn,
      },
      alarms,
    });
    this.webhook.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'EnqueuePaymentNotices',
        actions: ['sqs:SendMessage'],
        resources: [this.notices.queueArn],
      }),
    );
    this.webhook.role.addToPolicy(readSecret('ReadWebhookSecret', this.webhookSecret));
    // An explicit route beside $default, so Mercado Pago's calls never reach the order API function.
    this.webhookRoute = new apigwv2.HttpRoute(this, 'WebhookRoute', {
      httpApi,
      routeKey: apigwv2.HttpRouteKey.with(MERCADOPAGO_WEBHOOK_PATH, apigwv2.HttpMethod.POST),
      integration: new HttpLambdaIntegration('Webhook', this.webhook.fn),
    });

    // The worker reads the payment back and applies it: the order's items, its outbox events, its workflow token.
    this.worker = new AppFunction(this, 'Worker', {
      entry: PAYMENT_WORKER_ENTRY,
      handler: 'worker',
      description: 'Mercado Pago payment worker',
      timeout: PAYMENT_WORKER_TIMEOUT,
      environment: {
        TABLE_NAME: table.tableName,
        ORDER_EVENTS_TOPIC_ARN: orderEvents.topicArn,
        ORDER_WORKFLOW_ARN: stateMachine.stateMachineArn,
      },
      alarms,
    });
    this.worker.role.addToPolicy(tableItemAccess(table));
    // Settling a late payment's refund publishes the events its save committed to the outbox.
    this.worker.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'PublishOutboxEvents',
        actions: ['sns:Publish'],
        resources: [orderEvents.topicArn],
      }),
    );
    // A landed payment completes (or fails) the order's WaitForPayment token.
    grantTaskCallbacks(this.worker.role);
    this.connect(this.worker);
    // Partial batch responses: a failed notice returns to the queue (ReceiveMessage/DeleteMessage/… on this queue).
    this.worker.fn.addEventSource(new SqsEventSource(this.notices, { batchSize: 10, reportBatchItemFailures: true }));

    this.acknowledgeFindings();
  }

  /**
   * Points a function that runs the order use cases (charge, cancel, refund, "Já paguei") at Mercado Pago: the token's
   * ARN, which createAwsDeps reads, the notification URL of the charges it creates, and reading that one secret.
   */
  connect(fn: AppFunction): void {
    fn.addEnvironment('MERCADOPAGO_ACCESS_TOKEN_SECRET_ARN', this.accessToken.secretArn);
    fn.addEnvironment('MERCADOPAGO_NOTIFICATION_URL', this.webhookUrl);
    fn.role.addToPolicy(readSecret('ReadMercadoPagoAccessToken', this.accessToken));
  }

  private acknowledgeFindings(): void {
    Validations.of(this.accessToken).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The access token is issued by Mercado Pago and can only be renewed there; the new token is then put in this secret by hand (warm functions read it again within 5 minutes).',
    });
    Validations.of(this.webhookSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Mercado Pago generates the webhook secret (Your integrations → Webhooks → reset); it is rotated there and copied here by hand, and warm webhook functions read it again within 5 minutes.',
    });
    Validations.of(this.webhookRoute).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Mercado Pago cannot present IAM, JWT or Lambda-authorizer credentials; the function checks the x-signature HMAC (Secrets Manager key) in constant time, refuses stale ones, and answers 401 otherwise.',
    });
  }
}
