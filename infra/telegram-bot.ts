// The Telegram customer bot on AWS: webhook (HTTP API → SQS FIFO), worker (FIFO → bot → order use cases and the
// assistant), order-event push (SNS → chat).
import { Duration, Validations } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { TELEGRAM_WEBHOOK_PATH } from '../bots/telegram/telegram-webhook.ts';
import { CUSTOMER_EVENTS } from '../core/notification-texts.ts';
import { AppFunction } from './app-function.ts';
import { grantModelInvoke } from './bedrock-access.ts';
import { grantGeocoding } from './geo-places-access.ts';
import { grantOrderUseCases, type OrderResources } from './http-api.ts';
import type { OpsAlarms } from './ops-alarms.ts';
import { fifoWorkQueue, readSecret, subscriptionDlq } from './queues-and-secrets.ts';
import { TELEGRAM_PUSH_ENTRY, TELEGRAM_WEBHOOK_ENTRY, TELEGRAM_WORKER_ENTRY } from './repo-paths.ts';

export interface TelegramBotProps extends OrderResources {
  readonly alarms: OpsAlarms;
  /** Redrive target of the customer SMS/e-mail subscriptions the worker creates when it places an order. */
  readonly notificationsDlq: sqs.IQueue;
  /** The order HTTP API: the webhook gets its own route beside `$default`. */
  readonly httpApi: apigwv2.IHttpApi;
  /** The assistant router (Express): the worker runs it once per free question, synchronously. */
  readonly router: sfn.IStateMachine;
  /** The model that streams the answer (ConverseStream): a model or inference-profile id. */
  readonly answerModelId: string;
}

/**
 * The worker handles up to 10 updates in order. A free question is the router (a few seconds; more when Bedrock
 * throttles
 * and the ASL retries) plus a streamed answer of up to 600 tokens paced to Telegram's limits: one can approach 60 s on
 * a
 * slow day, and a batch can hold several. 120 s covers that; the cost of a longer timeout is the queue's visibility
 * (6 × this), which is how long a chat waits before a failed update is retried.
 */
export const TELEGRAM_WORKER_TIMEOUT = Duration.seconds(120);
/** Receives before an update is set aside in the dead-letter queue. */
export const TELEGRAM_MAX_RECEIVE_COUNT = 3;

export class TelegramBot extends Construct {
  readonly botToken: secretsmanager.Secret;
  readonly webhookSecret: secretsmanager.Secret;
  readonly updates: sqs.Queue;
  readonly updatesDlq: sqs.Queue;
  readonly webhook: AppFunction;
  readonly webhookRoute: apigwv2.HttpRoute;
  readonly worker: AppFunction;
  readonly push: AppFunction;
  readonly pushDlq: sqs.Queue;

  constructor(scope: Construct, id: string, props: TelegramBotProps) {
    super(scope, id);
    const { table, orderEvents, stateMachine, alarms, notificationsDlq, httpApi, router, answerModelId } = props;

    // BotFather issues the token, so the stack cannot: it deploys a random placeholder that the operator replaces.
    // Never change generateSecretString here: CloudFormation would generate a new value over the real token.
    this.botToken = new secretsmanager.Secret(this, 'BotToken', {
      description:
        'Telegram bot token. Deployed with a generated PLACEHOLDER: after deploy, put the token from BotFather in ' +
        '(aws secretsmanager put-secret-value), then register the webhook (npm run telegram:webhook).',
      generateSecretString: { passwordLength: 46, excludePunctuation: true, includeSpace: false },
    });
    // Telegram echoes it in X-Telegram-Bot-Api-Secret-Token; the Bot API allows 1-256 of A-Za-z0-9_- (this uses
    // A-Za-z0-9).
    this.webhookSecret = new secretsmanager.Secret(this, 'WebhookSecret', {
      description:
        'Secret token Telegram sends with each webhook call (X-Telegram-Bot-Api-Secret-Token); generated at deploy, ' +
        'given to Telegram by npm run telegram:webhook.',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });

    // Updates, one message group per chat (MessageGroupId telegram:<chat id>) so each chat is handled in order.
    // The webhook sets MessageDeduplicationId = update_id: a re-sent update within 5 minutes is dropped by SQS.
    ({ queue: this.updates, dlq: this.updatesDlq } = fifoWorkQueue(this, 'Updates', {
      workerTimeout: TELEGRAM_WORKER_TIMEOUT,
      maxReceiveCount: TELEGRAM_MAX_RECEIVE_COUNT,
      alarms,
      what: 'Telegram updates',
    }));

    // POST /telegram/webhook: check the secret, enqueue, answer 200. Nothing slow, so a short timeout.
    this.webhook = new AppFunction(this, 'Webhook', {
      entry: TELEGRAM_WEBHOOK_ENTRY,
      handler: 'webhook',
      description: 'Telegram webhook',
      edge: true,
      timeout: Duration.seconds(10),
      environment: {
        TELEGRAM_QUEUE_URL: this.updates.queueUrl,
        TELEGRAM_WEBHOOK_SECRET_SECRET_ARN: this.webhookSecret.secretArn,
      },
      alarms,
    });
    this.webhook.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'EnqueueUpdates',
        actions: ['sqs:SendMessage'],
        resources: [this.updates.queueArn],
      }),
    );
    this.webhook.role.addToPolicy(readSecret('ReadWebhookSecret', this.webhookSecret));
    // An explicit route beside $default, so Telegram's calls never reach the order API function.
    this.webhookRoute = new apigwv2.HttpRoute(this, 'WebhookRoute', {
      httpApi,
      routeKey: apigwv2.HttpRouteKey.with(TELEGRAM_WEBHOOK_PATH, apigwv2.HttpMethod.POST),
      integration: new HttpLambdaIntegration('Webhook', this.webhook.fn),
    });

    // The worker runs the conversation: it places, cancels and re-addresses orders exactly as the API function does.
    this.worker = new AppFunction(this, 'Worker', {
      entry: TELEGRAM_WORKER_ENTRY,
      handler: 'worker',
      description: 'Telegram update worker',
      timeout: TELEGRAM_WORKER_TIMEOUT,
      environment: {
        TABLE_NAME: table.tableName,
        ORDER_EVENTS_TOPIC_ARN: orderEvents.topicArn,
        ORDER_WORKFLOW_ARN: stateMachine.stateMachineArn,
        NOTIFICATIONS_DLQ_ARN: notificationsDlq.queueArn,
        TELEGRAM_BOT_TOKEN_SECRET_ARN: this.botToken.secretArn,
        ROUTER_STATE_MACHINE_ARN: router.stateMachineArn,
        ANSWER_MODEL_ID: answerModelId,
      },
      alarms,
    });
    grantOrderUseCases(this.worker.role, { table, orderEvents, stateMachine }, ['transcribe:StartStreamTranscription']);
    this.worker.role.addToPolicy(readSecret('ReadBotToken', this.botToken));
    // Free questions: route (StartSyncExecution of the Express router), then stream the answer (ConverseStream, which
    // is
    // authorized as bedrock:InvokeModelWithResponseStream) from the answer model only.
    this.worker.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'RunAssistantRouter',
        actions: ['states:StartSyncExecution'],
        resources: [router.stateMachineArn],
      }),
    );
    grantModelInvoke(this.worker.role, 'StreamAnswers', ['bedrock:InvokeModelWithResponseStream'], answerModelId);
    // Typed addresses and shared locations: Amazon Location Places, biased to the store (the worker builds the geocoder).
    grantGeocoding(this.worker.role);
    // Voice notes: Amazon Transcribe streaming. StartStreamTranscription has no resource type (service authorization
    // reference), so "*" is its documented form; it reads only the audio the worker sends.
    this.worker.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'TranscribeVoiceNotes',
        actions: ['transcribe:StartStreamTranscription'],
        resources: ['*'],
      }),
    );
    // Partial batch responses: a failed update and the later ones of its chat return to the queue, in order.
    // (Adds ReceiveMessage/DeleteMessage/ChangeMessageVisibility/GetQueueAttributes/GetQueueUrl on this queue.)
    this.worker.fn.addEventSource(new SqsEventSource(this.updates, { batchSize: 10, reportBatchItemFailures: true }));

    // Order events → the customer's chat. Only customer-facing events are delivered (STAGE_OVERDUE is for staff).
    this.push = new AppFunction(this, 'OrderEventPush', {
      entry: TELEGRAM_PUSH_ENTRY,
      handler: 'orderEvents',
      description: 'Telegram order-event push',
      environment: {
        TELEGRAM_BOT_TOKEN_SECRET_ARN: this.botToken.secretArn,
      },
      alarms,
    });
    this.push.role.addToPolicy(readSecret('ReadBotToken', this.botToken));
    this.pushDlq = subscriptionDlq(this, 'OrderEventPushDlq', {
      alarms,
      subscription: 'OrderEvents → Telegram push',
      alarmText: 'Order events could not be delivered to the Telegram push function (see its DLQ)',
    });
    orderEvents.addSubscription(
      new subs.LambdaSubscription(this.push.fn, {
        filterPolicy: { event: sns.SubscriptionFilter.stringFilter({ allowlist: [...CUSTOMER_EVENTS] }) },
        deadLetterQueue: this.pushDlq,
      }),
    );

    this.acknowledgeFindings();
  }

  /**
   * The staff desk (the Slack console's work queue): the worker hands it escalations and mirrors a taken-over
   * customer's
   * messages into the staff thread. Sending to that one queue is all it adds.
   */
  connectStaffDesk(queue: sqs.IQueue): void {
    this.worker.addEnvironment('SLACK_QUEUE_URL', queue.queueUrl);
    this.worker.role.addToPolicy(
      new iam.PolicyStatement({ sid: 'EnqueueStaffDesk', actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
    );
  }

  private acknowledgeFindings(): void {
    Validations.of(this.botToken).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The bot token is issued by BotFather and can only be rotated there (/revoke); the new token is then put in this secret by hand.',
    });
    Validations.of(this.webhookSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Telegram must be given the same value (setWebhook secret_token) whenever it changes, so it is rotated by hand: update the secret (warm webhook functions read it again within 5 minutes, the Powertools Parameters cache), then re-run telegram:webhook.',
    });
    Validations.of(this.webhookRoute).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Telegram cannot present IAM, JWT or Lambda-authorizer credentials; the function checks the X-Telegram-Bot-Api-Secret-Token header (Secrets Manager value) in constant time and answers 401 otherwise.',
    });
  }
}
