// DeliveryAssistantStack: the table, the OrderEvents topic and its DLQ, the order workflow, the store's knowledge base, the
// assistant router, the HTTP API, the Telegram bot, the Slack support console and the ops alarms.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { TABLE_KEYS, TTL_ATTRIBUTE } from '../adapters/aws/table-design.ts';
import { SLACK_EVENTS_PATH } from '../bots/slack/slack-edge.ts';
import { TELEGRAM_WEBHOOK_PATH } from '../bots/telegram/telegram-webhook.ts';
import { type AssistantConfig, resolveAssistantConfig } from './assistant-config.ts';
import { AssistantRouter } from './assistant-router.ts';
import { OrderHttpApi } from './http-api.ts';
import { StoreKnowledgeBase } from './knowledge-base.ts';
import { readKnowledgeSources } from './knowledge-sources.ts';
import { OpsAlarms } from './ops-alarms.ts';
import { OrderWorkflow } from './order-workflow.ts';
import { type PaymentConfig, resolvePaymentConfig } from './payment-config.ts';
import { PaymentProvider } from './payment-provider.ts';
import { resolveSlackConfig, type SlackConsoleConfig } from './slack-config.ts';
import { SlackConsole } from './slack-console.ts';
import { knowledgeDirOf, resolveStoreDir } from './store-config.ts';
import { readDeployedStore, StoreDeploy } from './store-deploy.ts';
import { TelegramBot } from './telegram-bot.ts';
import { resolveTelegramConfig, type TelegramConfig } from './telegram-config.ts';

const S = dynamodb.AttributeType.STRING;

export interface DeliveryAssistantStackProps extends StackProps {
  /** Models and knowledge base; each one not given here comes from CDK context (-c routerModelId=…), then the defaults. */
  readonly assistant?: Partial<AssistantConfig>;
  /** Support channel, staff language and handoff timeout; each one not given here comes from CDK context (-c slackSupportChannel=…), then the defaults. */
  readonly slack?: Partial<SlackConsoleConfig>;
  /** The bot's username, for the order link; when not given here, from CDK context (-c telegramBotUsername=…); else no link. */
  readonly telegram?: Partial<TelegramConfig>;
  /** The store folder to deploy; when not given here, from CDK context (-c storeDir=…); else the demo. */
  readonly storeDir?: string;
  /** Mercado Pago as the payment provider; when not given here, from CDK context (-c mercadoPago=true); else simulated. */
  readonly payment?: Partial<PaymentConfig>;
}

export class DeliveryAssistantStack extends Stack {
  readonly table: dynamodb.Table;
  readonly orderEvents: sns.Topic;
  readonly alarms: OpsAlarms;
  readonly notificationsDlq: sqs.Queue;
  readonly workflow: OrderWorkflow;
  readonly httpApi: OrderHttpApi;
  readonly telegram: TelegramBot;
  readonly router: AssistantRouter;
  readonly assistant: AssistantConfig;
  /** The absolute store folder this stack serves. */
  readonly storeDir: string;
  readonly store: StoreDeploy;
  /** Built from the store's documents, unless the owner brought a knowledge base (-c knowledgeBaseId=…). */
  readonly knowledge?: StoreKnowledgeBase;
  readonly slack: SlackConsole;
  readonly slackConfig: SlackConsoleConfig;
  readonly telegramConfig: TelegramConfig;
  readonly paymentConfig: PaymentConfig;
  /** Deployed with -c mercadoPago=true only. */
  readonly payments?: PaymentProvider;

  constructor(scope: Construct, id: string, props: DeliveryAssistantStackProps = {}) {
    super(scope, id, props);
    this.assistant = resolveAssistantConfig(this.node, props.assistant);
    this.slackConfig = resolveSlackConfig(this.node, props.slack);
    this.telegramConfig = resolveTelegramConfig(this.node, props.telegram);
    this.storeDir = resolveStoreDir(this.node, props.storeDir);
    this.paymentConfig = resolvePaymentConfig(this.node, props.payment);

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
    // Sparse: only open orders and open desks carry its keys (App Home's orders in progress and open escalations).
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_KEYS.gsi2.name,
      partitionKey: { name: TABLE_KEYS.gsi2.partitionKey, type: S },
      sortKey: { name: TABLE_KEYS.gsi2.sortKey, type: S },
      projectionType: dynamodb.ProjectionType.ALL,
    });

    // One event per order status change. Publishers are IAM roles of this account (the state machine and
    // the API), which the AWS managed key allows through SNS, so no key grants are needed.
    // Customers' SMS and e-mail subscriptions are created at run time (SnsEventPublisher.subscribeCustomer),
    // each with a redrive policy into the notifications dead-letter queue below.
    this.orderEvents = new sns.Topic(this, 'OrderEvents', {
      displayName: 'Delivery Assistant order events',
      masterKey: kms.Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
      enforceSSL: true,
    });

    this.alarms = new OpsAlarms(this, 'OpsAlarms');

    // Notifications SNS gave up delivering (an SMS or e-mail that failed all its retries) land here, and alarm.
    this.notificationsDlq = new sqs.Queue(this, 'NotificationsDlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.notificationsDlq.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OrderEventsRedrive',
        principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.notificationsDlq.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': this.orderEvents.topicArn } },
      }),
    );
    this.alarms.alarm(
      this,
      'NotificationsDlqAlarm',
      this.notificationsDlq.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      'Customer notifications could not be delivered (see the notifications DLQ)',
    );
    Validations.of(this.notificationsDlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: the redrive target of the customer SNS subscriptions, which are created at run time so cdk-nag cannot see them.',
    });
    this.workflow = new OrderWorkflow(this, 'OrderWorkflow', {
      table: this.table,
      orderEvents: this.orderEvents,
      alarms: this.alarms,
      pixExpiryMinutes: this.paymentConfig.pixExpiryMinutes,
    });
    // The store file goes into the table at deploy (profile, hours, menu); the stock of items already there is live.
    this.store = new StoreDeploy(this, 'Store', {
      table: this.table,
      alarms: this.alarms,
      store: readDeployedStore(this.storeDir, { knowledge: this.assistant.knowledgeBaseId === undefined }),
    });
    // An owner's own knowledge base replaces the whole build: then the store's documents are not even read.
    let knowledgeBaseId = this.assistant.knowledgeBaseId;
    if (knowledgeBaseId === undefined) {
      this.knowledge = new StoreKnowledgeBase(this, 'Knowledge', {
        sources: readKnowledgeSources(knowledgeDirOf(this.storeDir)),
      });
      knowledgeBaseId = this.knowledge.knowledgeBaseId;
    }
    this.router = new AssistantRouter(this, 'AssistantRouter', {
      table: this.table,
      alarms: this.alarms,
      routerModelId: this.assistant.routerModelId,
      knowledgeBaseId,
    });
    // What every edge that runs the order use cases needs (the API function, the Telegram and Slack workers).
    const orderUseCases = {
      table: this.table,
      orderEvents: this.orderEvents,
      stateMachine: this.workflow.stateMachine,
      alarms: this.alarms,
      notificationsDlq: this.notificationsDlq,
    };
    this.httpApi = new OrderHttpApi(this, 'HttpApi', {
      ...orderUseCases,
      telegramBotUsername: this.telegramConfig.botUsername,
    });
    this.telegram = new TelegramBot(this, 'TelegramBot', {
      ...orderUseCases,
      httpApi: this.httpApi.api,
      router: this.router.stateMachine,
      answerModelId: this.assistant.answerModelId,
    });
    this.slack = new SlackConsole(this, 'SlackConsole', {
      ...orderUseCases,
      httpApi: this.httpApi.api,
      telegramBotToken: this.telegram.botToken,
      config: this.slackConfig,
      answerModelId: this.assistant.answerModelId,
    });
    // Customers who ask for a person: the Telegram worker queues the escalation (and, once staff take over, each of the
    // customer's messages) for the Slack console.
    this.telegram.connectStaffDesk(this.slack.work);
    // Mercado Pago: every function whose use cases touch the payment provider gets its access token.
    if (this.paymentConfig.mercadoPago) {
      this.payments = new PaymentProvider(this, 'Payments', {
        table: this.table,
        orderEvents: this.orderEvents,
        stateMachine: this.workflow.stateMachine,
        alarms: this.alarms,
        httpApi: this.httpApi.api,
        apiUrl: this.httpApi.url,
      });
      for (const fn of [
        ...Object.values(this.workflow.tasks),
        this.httpApi.handler,
        this.telegram.worker,
        this.slack.worker,
      ])
        this.payments.connect(fn);
    }

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url, description: 'Base URL of the order HTTP API' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'OrderEventsTopicArn', { value: this.orderEvents.topicArn });
    new CfnOutput(this, 'OrderWorkflowArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'AssistantRouterArn', {
      value: this.router.stateMachine.stateMachineArn,
      description: 'Express state machine the Telegram worker runs once per free question (StartSyncExecution)',
    });
    new CfnOutput(this, 'KnowledgeBaseId', {
      value: this.router.knowledgeBaseId,
      description: this.knowledge
        ? "The knowledge base built from the store's documents (its sync history: aws bedrock-agent list-ingestion-jobs)"
        : 'The knowledge base given with -c knowledgeBaseId',
    });
    if (this.knowledge) {
      new CfnOutput(this, 'KnowledgeDocumentsBucketName', { value: this.knowledge.documentsBucket.bucketName });
    }
    new CfnOutput(this, 'OpsAlarmsTopicArn', { value: this.alarms.topic.topicArn });
    // After deploy: put the BotFather token into TelegramBotTokenSecretArn, then register TelegramWebhookUrl with
    // the value of TelegramWebhookSecretArn (npm run telegram:webhook).
    new CfnOutput(this, 'TelegramWebhookUrl', {
      value: `${this.httpApi.url}${TELEGRAM_WEBHOOK_PATH.slice(1)}`,
      description: 'Register with npm run telegram:webhook',
    });
    new CfnOutput(this, 'TelegramBotTokenSecretArn', {
      value: this.telegram.botToken.secretArn,
      description: 'Holds a placeholder until the BotFather token is put in',
    });
    new CfnOutput(this, 'TelegramWebhookSecretArn', { value: this.telegram.webhookSecret.secretArn });
    // After deploy: put the Slack app's bot token and signing secret into these two secrets, then paste SlackEventsUrl
    // into the app's Event Subscriptions, Interactivity and Slash Commands (README, Deploy).
    new CfnOutput(this, 'SlackEventsUrl', {
      value: `${this.httpApi.url}${SLACK_EVENTS_PATH.slice(1)}`,
      description:
        'Request URL for the Slack app: Event Subscriptions, Interactivity and the /pedido and /order commands',
    });
    new CfnOutput(this, 'SlackBotTokenSecretArn', {
      value: this.slack.botToken.secretArn,
      description: 'Holds a placeholder until the Slack bot token (xoxb-…) is put in',
    });
    new CfnOutput(this, 'SlackSigningSecretArn', {
      value: this.slack.signingSecret.secretArn,
      description: 'Holds a placeholder until the Slack app signing secret is put in',
    });
    // After deploy (-c mercadoPago=true): put the access token and the webhook secret in, and set MercadoPagoWebhookUrl
    // as the webhook URL (payments events) in Mercado Pago's dashboard.
    if (this.payments) {
      new CfnOutput(this, 'MercadoPagoWebhookUrl', {
        value: this.payments.webhookUrl,
        description: "Mercado Pago's webhook URL (Your integrations → Webhooks, event: Payments)",
      });
      new CfnOutput(this, 'MercadoPagoAccessTokenSecretArn', {
        value: this.payments.accessToken.secretArn,
        description: 'Holds a placeholder until the Mercado Pago access token is put in',
      });
      new CfnOutput(this, 'MercadoPagoWebhookSecretArn', {
        value: this.payments.webhookSecret.secretArn,
        description: 'Holds a placeholder until the Mercado Pago webhook secret is put in',
      });
    }
  }
}
