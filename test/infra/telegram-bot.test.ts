// Template assertions on the Telegram bot construct: queues, functions, route, event source, subscription, least
// privilege, the staff desk queue.
// One synth without bundling (the stack test bundles, and checks every function's bundle exports its handler).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_EVENTS } from '../../core/notification-texts.ts';
import { DEFAULT_ANSWER_MODEL_ID } from '../../infra/assistant-config.ts';
import { DeliveryAssistantStack } from '../../infra/delivery-assistant-stack.ts';
import { TELEGRAM_WORKER_TIMEOUT } from '../../infra/telegram-bot.ts';
import { resolveTelegramConfig, TELEGRAM_CONTEXT_KEYS } from '../../infra/telegram-config.ts';
import { synthStack, templateReader } from './synth-reader.ts';

type Json = any; // CloudFormation JSON, read structurally

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: Json;
  Principal?: Json;
  Condition?: Json;
}
const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

let outdir: string;
let template: Template;
let resources: Record<string, Json>;
let outputs: Record<string, Json>;

const idsOf = (type: string) => Object.keys(resources).filter((id) => resources[id].Type === type);
/** The one resource of `type` whose logical id starts with `prefix` (construct path without slashes). */
function idOf(type: string, prefix: string): string {
  const ids = idsOf(type).filter((id) => id.startsWith(prefix));
  expect(ids, `${type} ${prefix}`).toHaveLength(1);
  return ids[0]!;
}
const getAtt = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const ref = (id: string) => ({ Ref: id });

const fnId = (name: 'Webhook' | 'Worker' | 'OrderEventPush') =>
  idOf('AWS::Lambda::Function', `TelegramBot${name}Function`);
const fn = (name: 'Webhook' | 'Worker' | 'OrderEventPush') => resources[fnId(name)].Properties;
const roleIdOf = (functionId: string): string => resources[functionId].Properties.Role['Fn::GetAtt'][0];
function statementsOfRole(roleId: string): Statement[] {
  return idsOf('AWS::IAM::Policy')
    .filter((id) => list(resources[id].Properties.Roles).some((r: Json) => r.Ref === roleId))
    .flatMap((id) => resources[id].Properties.PolicyDocument.Statement as Statement[]);
}
const statementsOfFunction = (functionId: string) => statementsOfRole(roleIdOf(functionId));
const logStatement = (functionId: string): Statement => ({
  Effect: 'Allow',
  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  Resource: getAtt(resources[functionId].Properties.LoggingConfig.LogGroup.Ref),
});
const queuePolicyStatements = (queueId: string): Statement[] =>
  idsOf('AWS::SQS::QueuePolicy')
    .filter((id) => resources[id].Properties.Queues.some((q: Json) => q.Ref === queueId))
    .flatMap((id) => resources[id].Properties.PolicyDocument.Statement as Statement[]);
const deniesPlainHttp = (queueId: string) =>
  queuePolicyStatements(queueId).some(
    (s) =>
      s.Effect === 'Deny' &&
      s.Condition?.Bool?.['aws:SecureTransport'] === 'false' &&
      JSON.stringify(s.Resource) === JSON.stringify(getAtt(queueId)),
  );

const updatesId = () => idOf('AWS::SQS::Queue', 'TelegramBotUpdatesC'); // not UpdatesDlq
const slackWorkId = () => idsOf('AWS::SQS::Queue').find((id) => /^SlackConsoleWork[0-9A-F]{8}$/.test(id))!; // not WorkDlq
const slackWorkerId = () => idOf('AWS::Lambda::Function', 'SlackConsoleWorkerFunction');
const updatesDlqId = () => idOf('AWS::SQS::Queue', 'TelegramBotUpdatesDlq');
const pushDlqId = () => idOf('AWS::SQS::Queue', 'TelegramBotOrderEventPushDlq');
const botTokenId = () => idOf('AWS::SecretsManager::Secret', 'TelegramBotBotToken');
const webhookSecretId = () => idOf('AWS::SecretsManager::Secret', 'TelegramBotWebhookSecret');
const staffTokenId = () => idOf('AWS::SecretsManager::Secret', 'HttpApiStaffApiToken');
const tableId = () => idsOf('AWS::DynamoDB::Table')[0]!;
const apiFunctionId = () => idOf('AWS::Lambda::Function', 'HttpApiHandler');
const stateMachineId = () => idOf('AWS::StepFunctions::StateMachine', 'OrderWorkflow');
const routerId = () => idOf('AWS::StepFunctions::StateMachine', 'AssistantRouter');
const topicId = (displayName: string) =>
  idsOf('AWS::SNS::Topic').find((id) => resources[id].Properties.DisplayName === displayName)!;
const orderEventsId = () => topicId('Delivery Assistant order events');
const opsTopicId = () => topicId('Delivery Assistant ops alarms');
const alarmOn = (queueId: string) =>
  idsOf('AWS::CloudWatch::Alarm')
    .map((id) => resources[id].Properties)
    .find(
      (a) =>
        a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
        a.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0] === queueId,
    );

beforeAll(() => {
  // Prepare (shared): one synth; no esbuild (the construct tree and the template do not depend on the bundles).
  outdir = mkdtempSync(path.join(tmpdir(), 'delivery-assistant-telegram-'));
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
  const stack = new DeliveryAssistantStack(app, 'TelegramTestStack');
  // As in infra/app.ts: acknowledgments are written to each resource's Metadata.
  new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true });
  template = Template.fromStack(stack);
  ({ Resources: resources, Outputs: outputs } = template.toJSON());
}, 60_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('Telegram updates queue', () => {
  it('is FIFO without content-based deduplication (the webhook sends update_id), SSE, TLS-only, with a FIFO DLQ after 3 receives', () => {
    // Act
    const queue = resources[updatesId()].Properties;
    const dlq = resources[updatesDlqId()].Properties;
    // Assess
    expect(queue).toMatchObject({ FifoQueue: true, ContentBasedDeduplication: false, SqsManagedSseEnabled: true });
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: getAtt(updatesDlqId()), maxReceiveCount: 3 });
    expect(dlq).toMatchObject({ FifoQueue: true, SqsManagedSseEnabled: true });
    expect(dlq.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    expect(deniesPlainHttp(updatesId())).toBe(true);
    expect(deniesPlainHttp(updatesDlqId())).toBe(true);
  });

  it('keeps a message invisible for at least 6 × the worker timeout', () => {
    // Act
    const visibility = resources[updatesId()].Properties.VisibilityTimeout;
    // Assess
    expect(fn('Worker').Timeout).toBe(TELEGRAM_WORKER_TIMEOUT.toSeconds());
    expect(fn('Worker').Timeout).toBeGreaterThanOrEqual(120); // a batch of streamed answers, see TELEGRAM_WORKER_TIMEOUT
    expect(visibility).toBeGreaterThanOrEqual(6 * fn('Worker').Timeout);
  });

  it('alarms to the ops topic as soon as an update is in the DLQ', () => {
    // Act
    const alarm = alarmOn(updatesDlqId());
    // Assess
    expect(alarm).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [ref(opsTopicId())],
    });
  });
});

describe('Telegram functions', () => {
  it('run the three handlers, each from its own entry and bundle, with exactly the environment each needs', () => {
    // Prepare
    const common = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NODE_OPTIONS: '--enable-source-maps' };
    // Act
    const [webhook, worker, push] = [fn('Webhook'), fn('Worker'), fn('OrderEventPush')];
    // Assess
    expect([webhook.Handler, worker.Handler, push.Handler]).toEqual([
      'index.webhook',
      'index.worker',
      'index.orderEvents',
    ]);
    expect(new Set([webhook.Code.S3Key, worker.Code.S3Key, push.Code.S3Key]).size).toBe(3); // a bundle each
    expect(webhook.Timeout).toBe(10);
    // The edge runs without --enable-source-maps: about 9 ms of CPU at start, half its init (infra/app-function.ts).
    expect(webhook.Environment.Variables).toEqual({
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      TELEGRAM_QUEUE_URL: ref(updatesId()),
      TELEGRAM_WEBHOOK_SECRET_SECRET_ARN: ref(webhookSecretId()),
    });
    expect(worker.Environment.Variables).toEqual({
      ...common,
      TABLE_NAME: ref(tableId()),
      ORDER_EVENTS_TOPIC_ARN: ref(orderEventsId()),
      ORDER_WORKFLOW_ARN: ref(stateMachineId()),
      NOTIFICATIONS_DLQ_ARN: getAtt(idOf('AWS::SQS::Queue', 'NotificationsDlq')),
      TELEGRAM_BOT_TOKEN_SECRET_ARN: ref(botTokenId()),
      ROUTER_STATE_MACHINE_ARN: ref(routerId()),
      ANSWER_MODEL_ID: DEFAULT_ANSWER_MODEL_ID,
      SLACK_QUEUE_URL: ref(slackWorkId()),
    });
    // The push needs the bot token and nothing else.
    expect(push.Environment.Variables).toEqual({ ...common, TELEGRAM_BOT_TOKEN_SECRET_ARN: ref(botTokenId()) });
  });

  it('each have an Errors alarm that notifies the ops topic', () => {
    for (const name of ['Webhook', 'Worker', 'OrderEventPush'] as const) {
      // Act + Assess
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: ref(fnId(name)) }],
        AlarmActions: [ref(opsTopicId())],
      });
    }
  });
});

describe('Telegram webhook route', () => {
  it('routes POST /telegram/webhook to the webhook function, beside $default to the API function', () => {
    // Prepare
    const routes = idsOf('AWS::ApiGatewayV2::Route').map((id) => resources[id].Properties);
    const targetOf = (route: Json) => resources[route.Target['Fn::Join'][1][1].Ref].Properties;
    // Act
    const byKey = Object.fromEntries(routes.map((r) => [r.RouteKey, targetOf(r)]));
    // Assess (POST /slack/events is the Slack console's, see slack-console.test.ts)
    expect(Object.keys(byKey).sort()).toEqual(['$default', 'POST /slack/events', 'POST /telegram/webhook']);
    expect(
      Object.keys(byKey).filter(
        (k) => JSON.stringify(byKey[k].IntegrationUri) === JSON.stringify(getAtt(fnId('Webhook'))),
      ),
    ).toEqual(['POST /telegram/webhook']);
    expect(byKey['POST /telegram/webhook']).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: getAtt(fnId('Webhook')),
      PayloadFormatVersion: '2.0',
    });
    expect(byKey.$default).toMatchObject({ IntegrationUri: getAtt(apiFunctionId()) });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: getAtt(fnId('Webhook')),
      Principal: 'apigateway.amazonaws.com',
      SourceArn: {
        'Fn::Join': [
          '',
          [
            'arn:',
            ref('AWS::Partition'),
            ':execute-api:',
            ref('AWS::Region'),
            ':',
            ref('AWS::AccountId'),
            ':',
            ref(idsOf('AWS::ApiGatewayV2::Api')[0]!),
            '/*/*/telegram/webhook',
          ],
        ],
      },
    });
  });
});

describe('Telegram worker event source', () => {
  it('reads the FIFO queue 10 at a time and reports failed items (ReportBatchItemFailures)', () => {
    // Act
    const mappings = idsOf('AWS::Lambda::EventSourceMapping')
      .map((id) => resources[id].Properties)
      .filter(
        (m) =>
          JSON.stringify(m.EventSourceArn) === JSON.stringify(getAtt(updatesId())) ||
          m.FunctionName.Ref === fnId('Worker'),
      );
    // Assess
    expect(mappings).toEqual([
      {
        EventSourceArn: getAtt(updatesId()),
        FunctionName: ref(fnId('Worker')),
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      },
    ]);
  });
});

describe('Telegram order-event push subscription', () => {
  it('subscribes the push function to OrderEvents, filtered on event = the customer events, with a DLQ', () => {
    // Act (the Slack feed's own subscription is checked in slack-console.test.ts)
    const subscriptions = idsOf('AWS::SNS::Subscription')
      .map((id) => resources[id].Properties)
      .filter(
        (sub) =>
          JSON.stringify(sub.Endpoint) !==
          JSON.stringify(getAtt(idOf('AWS::Lambda::Function', 'SlackConsoleOrderEventsFunction'))),
      );
    // Assess
    expect(subscriptions).toEqual([
      {
        Protocol: 'lambda',
        TopicArn: ref(orderEventsId()),
        Endpoint: getAtt(fnId('OrderEventPush')),
        FilterPolicy: { event: [...CUSTOMER_EVENTS] },
        RedrivePolicy: { deadLetterTargetArn: getAtt(pushDlqId()) },
      },
    ]);
    expect(subscriptions[0]!.FilterPolicy.event).not.toContain('STAGE_OVERDUE');
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: getAtt(fnId('OrderEventPush')),
      Principal: 'sns.amazonaws.com',
      SourceArn: ref(orderEventsId()),
    });
  });

  it('has an encrypted, TLS-only DLQ that only the OrderEvents topic may send to, and that alarms', () => {
    // Prepare
    const allows = queuePolicyStatements(pushDlqId()).filter((s) => s.Effect === 'Allow');
    // Act + Assess
    expect(resources[pushDlqId()].Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    expect(deniesPlainHttp(pushDlqId())).toBe(true);
    expect(allows).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: getAtt(pushDlqId()),
        Condition: { ArnEquals: { 'aws:SourceArn': ref(orderEventsId()) } },
      },
    ]);
    expect(alarmOn(pushDlqId())).toMatchObject({ AlarmActions: [ref(opsTopicId())] });
  });
});

/** Amazon Location Places: its one resource is the provider, in the stack's region and with no account. */
const GEOCODING: Statement = {
  Sid: 'GeocodeAddresses',
  Effect: 'Allow',
  Action: ['geo-places:Geocode', 'geo-places:ReverseGeocode'],
  Resource: {
    'Fn::Join': ['', ['arn:', ref('AWS::Partition'), ':geo-places:', ref('AWS::Region'), '::provider/default']],
  },
};

describe('Telegram least privilege', () => {
  const secretReads = (statements: Statement[]) =>
    statements.filter((s) => list(s.Action).includes('secretsmanager:GetSecretValue')).map((s) => s.Resource);

  it('lets the webhook send to the updates queue and read its secret, and nothing else', () => {
    // Act
    const statements = statementsOfFunction(fnId('Webhook'));
    // Assess
    expect(statements).toEqual([
      logStatement(fnId('Webhook')),
      { Sid: 'EnqueueUpdates', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt(updatesId()) },
      {
        Sid: 'ReadWebhookSecret',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: ref(webhookSecretId()),
      },
    ]);
  });

  it('lets the push function read the bot token, and nothing else', () => {
    // Act
    const statements = statementsOfFunction(fnId('OrderEventPush'));
    // Assess
    expect(statements).toEqual([
      logStatement(fnId('OrderEventPush')),
      { Sid: 'ReadBotToken', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: ref(botTokenId()) },
    ]);
  });

  it('gives the worker the same order permissions as the API function, the bot token, the router, the answer model, geocoding, voice transcription, consuming its queue and sending to the staff desk', () => {
    // Prepare: the API role minus its log group and its staff token = the shared order permissions.
    const api = statementsOfFunction(apiFunctionId());
    const orderPermissions = api.filter((s) => s.Sid !== undefined && s.Sid !== 'ReadStaffToken');
    // Act
    const worker = statementsOfFunction(fnId('Worker'));
    // Assess
    expect(orderPermissions.map((s) => s.Sid)).toEqual([
      'TableItems',
      'CustomerIndexQuery',
      'OrderEvents',
      'WidenCustomerSubscriptions',
      'StartOrderWorkflow',
      'CompleteStageTasks',
    ]);
    expect(worker).toEqual([
      logStatement(fnId('Worker')),
      ...orderPermissions,
      { Sid: 'ReadBotToken', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: ref(botTokenId()) },
      { Sid: 'RunAssistantRouter', Effect: 'Allow', Action: 'states:StartSyncExecution', Resource: ref(routerId()) },
      {
        Sid: 'StreamAnswers',
        Effect: 'Allow',
        Action: 'bedrock:InvokeModelWithResponseStream',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              ref('AWS::Partition'),
              ':bedrock:',
              ref('AWS::Region'),
              `::foundation-model/${DEFAULT_ANSWER_MODEL_ID}`,
            ],
          ],
        },
      },
      GEOCODING,
      { Sid: 'TranscribeVoiceNotes', Effect: 'Allow', Action: 'transcribe:StartStreamTranscription', Resource: '*' },
      {
        Effect: 'Allow',
        Resource: getAtt(updatesId()),
        Action: [
          'sqs:ReceiveMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueUrl',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
        ],
      },
      { Sid: 'EnqueueStaffDesk', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt(slackWorkId()) },
    ]);
    expect(
      worker
        .filter((s) => s.Resource === '*')
        .flatMap((s) => list(s.Action))
        .sort(),
    ).toEqual([
      'sns:GetSubscriptionAttributes',
      'sns:SetSubscriptionAttributes',
      'states:SendTaskFailure',
      'states:SendTaskSuccess',
      'transcribe:StartStreamTranscription',
    ]);
  });

  it('lets only the Telegram worker geocode, with Geocode and ReverseGeocode on the Places provider and no other geo action', () => {
    // Act
    const geo = Object.fromEntries(
      idsOf('AWS::Lambda::Function').map((id) => [
        id,
        statementsOfFunction(id).filter((s) => list(s.Action).some((a) => /^geo/.test(a))),
      ]),
    );

    // Assess
    const granted = Object.keys(geo).filter((id) => geo[id]!.length > 0);
    expect(granted).toEqual([fnId('Worker')]);
    expect(geo[fnId('Worker')]).toEqual([GEOCODING]);
  });

  it('keeps each secret to the functions that need it', () => {
    // Act
    const reads = Object.fromEntries(
      idsOf('AWS::Lambda::Function').map((id) => [id, secretReads(statementsOfFunction(id))]),
    );
    // Assess
    const readers = (secretId: string) =>
      Object.keys(reads)
        .filter((id) => reads[id]!.some((r) => JSON.stringify(r) === JSON.stringify(ref(secretId))))
        .sort();
    // The Slack console's worker relays staff replies to the customer's chat.
    expect(readers(botTokenId())).toEqual([fnId('OrderEventPush'), fnId('Worker'), slackWorkerId()].sort());
    expect(readers(webhookSecretId())).toEqual([fnId('Webhook')]);
    expect(readers(staffTokenId())).toEqual([apiFunctionId()]);
    for (const id of Object.keys(reads)) for (const r of reads[id]!) expect(r, id).not.toBe('*');
  });
});

describe('Telegram secrets', () => {
  it('deploys the bot token as a generated placeholder, and says so', () => {
    // Act
    const token = resources[botTokenId()].Properties;
    // Assess
    expect(token.SecretString).toBeUndefined();
    expect(token.GenerateSecretString).toBeDefined();
    expect(token.Description).toMatch(/placeholder/i);
    expect(token.Description).toMatch(/BotFather/);
  });

  it('generates a webhook secret of 64 characters from A-Za-z0-9 (Telegram allows A-Za-z0-9_-, 1-256)', () => {
    // Act
    const secret = resources[webhookSecretId()].Properties;
    // Assess
    expect(secret.SecretString).toBeUndefined();
    expect(secret.GenerateSecretString).toEqual({ PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false });
  });
});

describe('Telegram outputs', () => {
  it('outputs the webhook URL (the API URL + telegram/webhook) and both secret ARNs', () => {
    // Prepare
    const apiUrl = outputs.ApiUrl.Value['Fn::Join'][1] as Json[];
    // Act
    const webhookUrl = outputs.TelegramWebhookUrl.Value['Fn::Join'][1] as Json[];
    // Assess
    expect(apiUrl.at(-1)).toBe('/');
    expect(webhookUrl).toEqual([...apiUrl.slice(0, -1), '/telegram/webhook']);
    expect(outputs.TelegramBotTokenSecretArn.Value).toEqual(ref(botTokenId()));
    expect(outputs.TelegramWebhookSecretArn.Value).toEqual(ref(webhookSecretId()));
  });
});

describe('Telegram cdk-nag acknowledgments', () => {
  it('acknowledges only what it must, each with a concrete reason', () => {
    // Prepare
    const acks = (id: string): { id: string; reason: string }[] =>
      resources[id].Metadata?.cdk_nag?.rules_to_suppress ?? [];
    const ids = (id: string) =>
      acks(id)
        .map((a) => a.id)
        .sort();
    // Act + Assess
    expect(ids(updatesDlqId())).toEqual(['AwsSolutions-SQS3']);
    expect(ids(pushDlqId())).toEqual(['AwsSolutions-SQS3']);
    expect(ids(updatesId())).toEqual([]);
    expect(ids(botTokenId())).toEqual(['AwsSolutions-SMG4']);
    expect(ids(webhookSecretId())).toEqual(['AwsSolutions-SMG4']);
    expect(ids(idOf('AWS::ApiGatewayV2::Route', 'TelegramBotWebhookRoute'))).toEqual(['AwsSolutions-APIG4']);
    expect(ids(idOf('AWS::IAM::Policy', 'TelegramBotWorkerRoleDefaultPolicy'))).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
    ]);
    expect(ids(idOf('AWS::IAM::Policy', 'TelegramBotWebhookRoleDefaultPolicy'))).toEqual([]);
    expect(ids(idOf('AWS::IAM::Policy', 'TelegramBotOrderEventPushRoleDefaultPolicy'))).toEqual([]);
    const telegram = Object.keys(resources)
      .filter((id) => id.startsWith('TelegramBot'))
      .flatMap(acks);
    for (const a of telegram) expect(a.reason.trim().length, a.id).toBeGreaterThanOrEqual(20);
  });
});

describe('the order link (POST /api/orders → https://t.me/<bot>?start=…)', () => {
  const nodeWith = (context: Record<string, unknown>) => new Stack(new App({ context })).node;

  it('is off by default: the API function gets no bot username', () => {
    // Act
    const env = resources[apiFunctionId()].Properties.Environment.Variables;
    // Assess
    expect(env).not.toHaveProperty('TELEGRAM_BOT_USERNAME');
  });

  it('gives the API function the username from -c telegramBotUsername, and no new permission', () => {
    // Prepare
    const baseline = statementsOfFunction(apiFunctionId())
      .map((s) => s.Sid)
      .sort();
    // Act
    const s = synthStack('TelegramLinkStack', {}, { [TELEGRAM_CONTEXT_KEYS.botUsername]: '@loja_copacabana_bot' });
    const r = templateReader(s);
    const api = r.idOf('AWS::Lambda::Function', 'HttpApiHandler');
    // Assess
    expect(s.resources[api].Properties.Environment.Variables.TELEGRAM_BOT_USERNAME).toBe('loja_copacabana_bot');
    expect(
      r
        .statementsOfRole(r.functionRoleId(api))
        .map((st) => st.Sid)
        .sort(),
    ).toEqual(baseline);
  }, 60_000);

  it.each([
    ['a #name', '#shop'],
    ['a name not ending in bot', 'loja_copacabana'],
    ['a name with a dash', 'loja-bot'],
    ['four characters', 'abot'],
    ['a number', 42],
  ])('fails synth on %s', (_label, value) => {
    // Act + Assess
    expect(() => resolveTelegramConfig(nodeWith({ [TELEGRAM_CONTEXT_KEYS.botUsername]: value }))).toThrow(
      /telegramBotUsername/,
    );
  });

  it('treats an empty value as not given, and lets stack props win over context', () => {
    // Act + Assess
    expect(resolveTelegramConfig(nodeWith({ [TELEGRAM_CONTEXT_KEYS.botUsername]: '  ' }))).toEqual({});
    expect(
      resolveTelegramConfig(nodeWith({ [TELEGRAM_CONTEXT_KEYS.botUsername]: 'a_bot' }), { botUsername: 'props_bot' }),
    ).toEqual({ botUsername: 'props_bot' });
  });
});
