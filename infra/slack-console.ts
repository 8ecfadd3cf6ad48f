// The Slack support console on AWS: edge (HTTP API → SQS FIFO), worker (FIFO → console → order use cases, Telegram),
// order events (SNS → FIFO) and the handoff sweep (schedule → FIFO).
import { Annotations, Duration, Validations } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SLACK_EVENTS_PATH } from '../bots/slack/slack-edge.ts';
import { AppFunction } from './app-function.ts';
import { grantModelInvoke } from './bedrock-access.ts';
import { grantOrderUseCases, type OrderResources } from './http-api.ts';
import type { OpsAlarms } from './ops-alarms.ts';
import { fifoWorkQueue, readSecret, subscriptionDlq } from './queues-and-secrets.ts';
import { SLACK_EVENTS_ENTRY, SLACK_ORDER_EVENTS_ENTRY, SLACK_SWEEP_ENTRY, SLACK_WORKER_ENTRY } from './repo-paths.ts';
import { SLACK_CONTEXT_KEYS, type SlackConsoleConfig } from './slack-config.ts';
import { openIndexQuery } from './table-access.ts';

export interface SlackConsoleProps extends OrderResources {
  readonly alarms: OpsAlarms;
  /** Passed on to the order use cases (createAwsDeps), as for the API function and the Telegram worker. */
  readonly notificationsDlq: sqs.IQueue;
  /** The order HTTP API: the edge gets its own route beside `$default`. */
  readonly httpApi: apigwv2.IHttpApi;
  /** The Telegram bot token (TelegramBot.botToken): staff replies, take-overs and hand-backs reach the customer on Telegram. */
  readonly telegramBotToken: secretsmanager.ISecret;
  readonly config: SlackConsoleConfig;
  /** The model the staff assistant streams its answers from (the customers' answer model). */
  readonly answerModelId: string;
}

/**
 * The worker handles up to 10 work items in order. The slowest is a staff question to the assistant, streamed into a
 * thread (chatStream, or chat.update at most once a second on the Tier 3 budget), which can take most of a minute;
 * 120 s covers it with room. The queue's visibility is 6 × this, which is how long a group waits before a retry.
 */
export const SLACK_WORKER_TIMEOUT = Duration.seconds(120);
/** Receives before a work item is set aside in the dead-letter queue. */
export const SLACK_MAX_RECEIVE_COUNT = 3;
/** How often the sweep looks for escalations nobody took in time (the timeout itself is slackHandoffTimeoutMinutes). */
export const SLACK_SWEEP_SCHEDULE = events.Schedule.rate(Duration.minutes(1));

export class SlackConsole extends Construct {
  readonly botToken: secretsmanager.Secret;
  readonly signingSecret: secretsmanager.Secret;
  /** The console's work (Slack requests, order events, escalations, mirrors, sweeps), one FIFO group per order/conversation/thread. */
  readonly work: sqs.Queue;
  readonly workDlq: sqs.Queue;
  readonly edge: AppFunction;
  readonly eventsRoute: apigwv2.HttpRoute;
  readonly worker: AppFunction;
  readonly orderEventsFeed: AppFunction;
  readonly orderEventsDlq: sqs.Queue;
  readonly sweep: AppFunction;
  readonly sweepRule: events.Rule;

  constructor(scope: Construct, id: string, props: SlackConsoleProps) {
    super(scope, id);
    const { table, orderEvents, stateMachine, alarms, notificationsDlq, httpApi, telegramBotToken, config } = props;

    // Slack issues both values when the app is created and installed, so the stack cannot: it deploys random
    // placeholders that the operator replaces (aws secretsmanager put-secret-value).
    // Never change generateSecretString here: CloudFormation would generate a new value over the real one.
    this.botToken = new secretsmanager.Secret(this, 'BotToken', {
      description:
        'Slack bot token (xoxb-…). Deployed with a generated PLACEHOLDER: after deploy, put the Bot User OAuth Token ' +
        'from the Slack app (OAuth & Permissions) in (aws secretsmanager put-secret-value).',
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
    });
    this.signingSecret = new secretsmanager.Secret(this, 'SigningSecret', {
      description:
        'Slack signing secret: the edge checks every request against it. Deployed with a generated PLACEHOLDER: ' +
        'after deploy, put the Signing Secret from the Slack app (Basic Information) in (aws secretsmanager put-secret-value).',
      generateSecretString: { passwordLength: 32, excludePunctuation: true, includeSpace: false },
    });

    // One message group per order / Telegram conversation / Slack thread (slackWorkGroup), so each is handled in order.
    // Every sender sets MessageDeduplicationId (event_id, trigger_id, SNS message id, sweep minute): no content dedupe.
    ({ queue: this.work, dlq: this.workDlq } = fifoWorkQueue(this, 'Work', {
      workerTimeout: SLACK_WORKER_TIMEOUT,
      maxReceiveCount: SLACK_MAX_RECEIVE_COUNT,
      alarms,
      what: 'Slack work items',
    }));
    const enqueue = (sid: string) =>
      new iam.PolicyStatement({ sid, actions: ['sqs:SendMessage'], resources: [this.work.queueArn] });

    // POST /slack/events: verify the signature, enqueue, answer 200 within Slack's 3 s. Nothing slow, so a short
    // timeout.
    this.edge = new AppFunction(this, 'Events', {
      entry: SLACK_EVENTS_ENTRY,
      handler: 'events',
      description: 'Slack events, interactivity and slash commands',
      edge: true,
      timeout: Duration.seconds(10),
      environment: {
        SLACK_QUEUE_URL: this.work.queueUrl,
        SLACK_SIGNING_SECRET_SECRET_ARN: this.signingSecret.secretArn,
      },
      alarms,
    });
    this.edge.role.addToPolicy(enqueue('EnqueueSlackRequests'));
    this.edge.role.addToPolicy(readSecret('ReadSigningSecret', this.signingSecret));
    // An explicit route beside $default, so Slack's calls never reach the order API function.
    this.eventsRoute = new apigwv2.HttpRoute(this, 'EventsRoute', {
      httpApi,
      routeKey: apigwv2.HttpRouteKey.with(SLACK_EVENTS_PATH, apigwv2.HttpMethod.POST),
      integration: new HttpLambdaIntegration('Events', this.edge.fn),
    });

    // The worker runs the console: it posts to Slack, advances and cancels orders as the API function does, and relays
    // staff replies to the customer's Telegram chat. Without a support channel it still deploys; see the warning below.
    this.worker = new AppFunction(this, 'Worker', {
      entry: SLACK_WORKER_ENTRY,
      handler: 'worker',
      description: 'Slack console worker',
      timeout: SLACK_WORKER_TIMEOUT,
      environment: {
        TABLE_NAME: table.tableName,
        ORDER_EVENTS_TOPIC_ARN: orderEvents.topicArn,
        ORDER_WORKFLOW_ARN: stateMachine.stateMachineArn,
        NOTIFICATIONS_DLQ_ARN: notificationsDlq.queueArn,
        SLACK_BOT_TOKEN_SECRET_ARN: this.botToken.secretArn,
        TELEGRAM_BOT_TOKEN_SECRET_ARN: telegramBotToken.secretArn,
        ...(config.supportChannel ? { SLACK_SUPPORT_CHANNEL: config.supportChannel } : {}),
        SLACK_STAFF_LANG: config.staffLang,
        SLACK_HANDOFF_TIMEOUT_MINUTES: String(config.handoffTimeoutMinutes),
        ANSWER_MODEL_ID: props.answerModelId,
      },
      alarms,
    });
    grantOrderUseCases(this.worker.role, { table, orderEvents, stateMachine });
    // App Home and the timeout sweep Query the open orders and desks (OrderRepository.listByStatus,
    // StaffDeskStore.listOpen).
    this.worker.role.addToPolicy(openIndexQuery(table));
    // The staff assistant ("summarize", "what did the customer order?") streams from the answer model, and only that
    // one.
    grantModelInvoke(
      this.worker.role,
      'StreamStaffAnswers',
      ['bedrock:InvokeModelWithResponseStream'],
      props.answerModelId,
    );
    this.worker.role.addToPolicy(readSecret('ReadSlackBotToken', this.botToken));
    this.worker.role.addToPolicy(readSecret('ReadTelegramBotToken', telegramBotToken));
    // Partial batch responses: a failed item and the later ones of its group return to the queue, in order.
    // (Adds ReceiveMessage/DeleteMessage/ChangeMessageVisibility/GetQueueAttributes/GetQueueUrl on this queue.)
    this.worker.fn.addEventSource(new SqsEventSource(this.work, { batchSize: 10, reportBatchItemFailures: true }));

    // Order events → the feed. No filter policy: staff see every event, STAGE_OVERDUE included (unlike the customer
    // push).
    this.orderEventsFeed = new AppFunction(this, 'OrderEvents', {
      entry: SLACK_ORDER_EVENTS_ENTRY,
      handler: 'orderEvents',
      description: 'Slack order-event feed',
      environment: { SLACK_QUEUE_URL: this.work.queueUrl },
      alarms,
    });
    this.orderEventsFeed.role.addToPolicy(enqueue('EnqueueOrderEvents'));
    this.orderEventsDlq = subscriptionDlq(this, 'OrderEventsDlq', {
      alarms,
      subscription: 'OrderEvents → Slack feed',
      alarmText: 'Order events could not be delivered to the Slack order-event feed (see its DLQ)',
    });
    orderEvents.addSubscription(
      new subs.LambdaSubscription(this.orderEventsFeed.fn, { deadLetterQueue: this.orderEventsDlq }),
    );

    // Every minute: queue a sweep, which tells customers honestly when nobody took their escalation in time.
    this.sweep = new AppFunction(this, 'Sweep', {
      entry: SLACK_SWEEP_ENTRY,
      handler: 'sweep',
      description: 'Slack handoff timeout sweep',
      timeout: Duration.seconds(10),
      environment: { SLACK_QUEUE_URL: this.work.queueUrl },
      alarms,
    });
    this.sweep.role.addToPolicy(enqueue('EnqueueSweeps'));
    this.sweepRule = new events.Rule(this, 'SweepSchedule', {
      description: 'Queues the Slack handoff timeout sweep',
      schedule: SLACK_SWEEP_SCHEDULE,
      // A late tick is worth nothing: the next one comes a minute later and sweeps the same escalations.
      targets: [new targets.LambdaFunction(this.sweep.fn, { retryAttempts: 2, maxEventAge: Duration.minutes(1) })],
    });

    if (!config.supportChannel) {
      Annotations.of(this).addWarningV2(
        'delivery-assistant:slackSupportChannelNotConfigured',
        `No Slack support channel: set -c ${SLACK_CONTEXT_KEYS.supportChannel}=C0123456789 (the channel id). Until then the ` +
          'console deploys and the edge verifies and queues Slack requests, but the worker, with no SLACK_SUPPORT_CHANNEL, ' +
          'posts nothing: it drops the work and logs "Slack console not configured" once per container.',
      );
    }

    this.acknowledgeFindings();
  }

  private acknowledgeFindings(): void {
    Validations.of(this.botToken).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Slack issues the bot token when the app is installed; it is rotated in Slack (reinstall, or token rotation in the app settings) and the new token is then put in this secret by hand.',
    });
    Validations.of(this.signingSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Slack generates the signing secret (app settings, Basic Information, Regenerate); Secrets Manager cannot rotate it, so it is replaced by hand; warm edge functions read it again within 5 minutes (the Powertools Parameters cache).',
    });
    Validations.of(this.eventsRoute).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Slack cannot present IAM, JWT or Lambda-authorizer credentials; it signs each request (v0 HMAC of timestamp and body with the signing secret), which the function checks in constant time, refusing missing, bad or stale signatures with 401.',
    });
  }
}
