// Template assertions on the Slack support console: work queue, four functions, route, event source, subscription,
// schedule, least privilege, secrets, outputs, configuration.
// Synths without bundling (the stack test bundles, and checks every function's bundle exports its handler).
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_SLACK_HANDOFF_TIMEOUT_MINUTES,
  DEFAULT_SLACK_STAFF_LANG,
  resolveSlackConfig,
  SLACK_CONTEXT_KEYS,
  type SlackConsoleConfig,
} from '../../infra/slack-config.ts';
import { SLACK_MAX_RECEIVE_COUNT, SLACK_WORKER_TIMEOUT } from '../../infra/slack-console.ts';
import {
  getAtt,
  type Json,
  list,
  ref,
  type Statement,
  type Synth,
  synthStack,
  templateReader,
} from './synth-reader.ts';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** One synth without esbuild; `context` as `cdk -c` gives it (strings), `slack` as stack props. */
const synth = (context: Record<string, unknown> = {}, slack?: Partial<SlackConsoleConfig>): Synth =>
  synthStack('SlackTestStack', { slack }, context);

/** Structural reads of one synth. */
function reader(s: Synth) {
  const { idsOf, idOf, statementsOfRole, functionRoleId: roleIdOf } = templateReader(s);
  type SlackFn = 'Events' | 'Worker' | 'OrderEvents' | 'Sweep';
  const fnId = (name: SlackFn) => idOf('AWS::Lambda::Function', `SlackConsole${name}Function`);
  const fn = (name: SlackFn) => s.resources[fnId(name)].Properties;
  const statementsOfFunction = (functionId: string) => statementsOfRole(roleIdOf(functionId));
  const logStatement = (functionId: string): Statement => ({
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: getAtt(s.resources[functionId].Properties.LoggingConfig.LogGroup.Ref),
  });
  const queuePolicyStatements = (queueId: string): Statement[] =>
    idsOf('AWS::SQS::QueuePolicy')
      .filter((id) => s.resources[id].Properties.Queues.some((q: Json) => q.Ref === queueId))
      .flatMap((id) => s.resources[id].Properties.PolicyDocument.Statement as Statement[]);
  const deniesPlainHttp = (queueId: string) =>
    queuePolicyStatements(queueId).some(
      (st) =>
        st.Effect === 'Deny' &&
        st.Condition?.Bool?.['aws:SecureTransport'] === 'false' &&
        same(st.Resource, getAtt(queueId)),
    );
  // Logical ids are the construct path plus an 8-digit hash: "SlackConsoleWork" alone would also match WorkDlq.
  const workId = () => idsOf('AWS::SQS::Queue').find((id) => /^SlackConsoleWork[0-9A-F]{8}$/.test(id))!;
  const workDlqId = () => idOf('AWS::SQS::Queue', 'SlackConsoleWorkDlq');
  const orderEventsDlqId = () => idOf('AWS::SQS::Queue', 'SlackConsoleOrderEventsDlq');
  const botTokenId = () => idOf('AWS::SecretsManager::Secret', 'SlackConsoleBotToken');
  const signingSecretId = () => idOf('AWS::SecretsManager::Secret', 'SlackConsoleSigningSecret');
  const telegramTokenId = () => idOf('AWS::SecretsManager::Secret', 'TelegramBotBotToken');
  const telegramWorkerId = () => idOf('AWS::Lambda::Function', 'TelegramBotWorkerFunction');
  const apiFunctionId = () => idOf('AWS::Lambda::Function', 'HttpApiHandler');
  const ruleId = () => idOf('AWS::Events::Rule', 'SlackConsoleSweepSchedule');
  const tableId = () => idsOf('AWS::DynamoDB::Table')[0]!;
  const topicId = (displayName: string) =>
    idsOf('AWS::SNS::Topic').find((id) => s.resources[id].Properties.DisplayName === displayName)!;
  const orderEventsId = () => topicId('Delivery Assistant order events');
  const opsTopicId = () => topicId('Delivery Assistant ops alarms');
  const alarmOn = (queueId: string) =>
    idsOf('AWS::CloudWatch::Alarm')
      .map((id) => s.resources[id].Properties)
      .find(
        (a) =>
          a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          a.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0] === queueId,
      );
  const acks = (id: string): { id: string; reason: string }[] =>
    s.resources[id].Metadata?.cdk_nag?.rules_to_suppress ?? [];
  return {
    idsOf,
    idOf,
    fnId,
    fn,
    roleIdOf,
    statementsOfRole,
    statementsOfFunction,
    logStatement,
    queuePolicyStatements,
    deniesPlainHttp,
    workId,
    workDlqId,
    orderEventsDlqId,
    botTokenId,
    signingSecretId,
    telegramTokenId,
    telegramWorkerId,
    apiFunctionId,
    ruleId,
    tableId,
    orderEventsId,
    opsTopicId,
    alarmOn,
    acks,
  };
}

const COMMON_ENV = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NODE_OPTIONS: '--enable-source-maps' };
const channelWarnings = (s: Synth) =>
  Annotations.fromStack(s.stack).findWarning('*', Match.stringLikeRegexp(SLACK_CONTEXT_KEYS.supportChannel));

describe('Slack console, default configuration (no context)', () => {
  let s: Synth;
  let r: ReturnType<typeof reader>;
  beforeAll(() => {
    s = synth();
    r = reader(s);
  }, 60_000);

  describe('work queue', () => {
    it('is FIFO without content-based deduplication (every sender sets the dedupe id), SSE, TLS-only, with a FIFO DLQ after 3 receives', () => {
      // Act
      const queue = s.resources[r.workId()].Properties;
      const dlq = s.resources[r.workDlqId()].Properties;
      // Assess
      expect(queue).toMatchObject({ FifoQueue: true, ContentBasedDeduplication: false, SqsManagedSseEnabled: true });
      expect(queue.RedrivePolicy).toEqual({
        deadLetterTargetArn: getAtt(r.workDlqId()),
        maxReceiveCount: SLACK_MAX_RECEIVE_COUNT,
      });
      expect(SLACK_MAX_RECEIVE_COUNT).toBe(3);
      expect(dlq).toMatchObject({
        FifoQueue: true,
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
      expect(r.deniesPlainHttp(r.workId())).toBe(true);
      expect(r.deniesPlainHttp(r.workDlqId())).toBe(true);
    });

    it('keeps a message invisible for at least 6 × the worker timeout, which leaves room for a streamed staff answer', () => {
      // Act
      const visibility = s.resources[r.workId()].Properties.VisibilityTimeout;
      // Assess
      expect(r.fn('Worker').Timeout).toBe(SLACK_WORKER_TIMEOUT.toSeconds());
      expect(r.fn('Worker').Timeout).toBeGreaterThanOrEqual(120);
      expect(visibility).toBeGreaterThanOrEqual(6 * r.fn('Worker').Timeout);
    });

    it('alarms to the ops topic as soon as a work item is in the DLQ', () => {
      // Act
      const alarm = r.alarmOn(r.workDlqId());
      // Assess
      expect(alarm).toMatchObject({
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [ref(r.opsTopicId())],
      });
    });
  });

  describe('functions', () => {
    it('run the four handlers, each from its own entry and bundle, with exactly the environment each needs', () => {
      // Act
      const [edge, worker, feed, sweep] = [r.fn('Events'), r.fn('Worker'), r.fn('OrderEvents'), r.fn('Sweep')];
      // Assess
      expect([edge.Handler, worker.Handler, feed.Handler, sweep.Handler]).toEqual([
        'index.events',
        'index.worker',
        'index.orderEvents',
        'index.sweep',
      ]);
      expect(new Set([edge.Code.S3Key, worker.Code.S3Key, feed.Code.S3Key, sweep.Code.S3Key]).size).toBe(4);
      expect(edge.Timeout).toBe(10);
      // The edge runs without --enable-source-maps: about 9 ms of CPU at start, half its init (infra/app-function.ts).
      expect(edge.Environment.Variables).toEqual({
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        SLACK_QUEUE_URL: ref(r.workId()),
        SLACK_SIGNING_SECRET_SECRET_ARN: ref(r.signingSecretId()),
      });
      expect(worker.Environment.Variables).toEqual({
        ...COMMON_ENV,
        TABLE_NAME: ref(r.tableId()),
        ORDER_EVENTS_TOPIC_ARN: ref(r.orderEventsId()),
        ORDER_WORKFLOW_ARN: ref(r.idOf('AWS::StepFunctions::StateMachine', 'OrderWorkflow')),
        NOTIFICATIONS_DLQ_ARN: getAtt(r.idOf('AWS::SQS::Queue', 'NotificationsDlq')),
        SLACK_BOT_TOKEN_SECRET_ARN: ref(r.botTokenId()),
        TELEGRAM_BOT_TOKEN_SECRET_ARN: ref(r.telegramTokenId()),
        SLACK_STAFF_LANG: 'en',
        SLACK_HANDOFF_TIMEOUT_MINUTES: '10',
        ANSWER_MODEL_ID: 'amazon.nova-lite-v1:0',
      });
      expect(feed.Environment.Variables).toEqual({ ...COMMON_ENV, SLACK_QUEUE_URL: ref(r.workId()) });
      expect(sweep.Environment.Variables).toEqual({ ...COMMON_ENV, SLACK_QUEUE_URL: ref(r.workId()) });
    });

    it('each have an Errors alarm that notifies the ops topic', () => {
      for (const name of ['Events', 'Worker', 'OrderEvents', 'Sweep'] as const) {
        // Act + Assess
        s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [{ Name: 'FunctionName', Value: ref(r.fnId(name)) }],
          AlarmActions: [ref(r.opsTopicId())],
        });
      }
    });
  });

  describe('events route', () => {
    it('routes POST /slack/events of the order HTTP API to the edge function, and no other route to it', () => {
      // Prepare
      const routes = r.idsOf('AWS::ApiGatewayV2::Route').map((id) => s.resources[id].Properties);
      const integrationOf = (route: Json) => s.resources[route.Target['Fn::Join'][1][1].Ref].Properties;
      // Act
      const toEdge = routes.filter((route) => same(integrationOf(route).IntegrationUri, getAtt(r.fnId('Events'))));
      // Assess
      expect(r.idsOf('AWS::ApiGatewayV2::Api')).toHaveLength(1);
      expect(toEdge.map((route) => route.RouteKey)).toEqual(['POST /slack/events']);
      expect(toEdge[0]!.ApiId).toEqual(ref(r.idsOf('AWS::ApiGatewayV2::Api')[0]!));
      expect(integrationOf(toEdge[0])).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
      s.template.hasResourceProperties('AWS::Lambda::Permission', {
        FunctionName: getAtt(r.fnId('Events')),
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
              ref(r.idsOf('AWS::ApiGatewayV2::Api')[0]!),
              '/*/*/slack/events',
            ],
          ],
        },
      });
    });
  });

  describe('worker event source', () => {
    it('is the only consumer of the work queue: 10 at a time, reporting failed items (ReportBatchItemFailures)', () => {
      // Act
      const mappings = r
        .idsOf('AWS::Lambda::EventSourceMapping')
        .map((id) => s.resources[id].Properties)
        .filter((m) => same(m.EventSourceArn, getAtt(r.workId())) || m.FunctionName.Ref === r.fnId('Worker'));
      // Assess
      expect(mappings).toEqual([
        {
          EventSourceArn: getAtt(r.workId()),
          FunctionName: ref(r.fnId('Worker')),
          BatchSize: 10,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        },
      ]);
    });
  });

  describe('order-event subscription', () => {
    it('subscribes the feed function to every OrderEvents event (no filter policy, so STAGE_OVERDUE too), with a DLQ', () => {
      // Act
      const subscriptions = r
        .idsOf('AWS::SNS::Subscription')
        .map((id) => s.resources[id].Properties)
        .filter((sub) => same(sub.Endpoint, getAtt(r.fnId('OrderEvents'))));
      // Assess
      expect(subscriptions).toEqual([
        {
          Protocol: 'lambda',
          TopicArn: ref(r.orderEventsId()),
          Endpoint: getAtt(r.fnId('OrderEvents')),
          RedrivePolicy: { deadLetterTargetArn: getAtt(r.orderEventsDlqId()) },
        },
      ]);
      expect(subscriptions[0]).not.toHaveProperty('FilterPolicy');
      expect(subscriptions[0]).not.toHaveProperty('FilterPolicyScope');
      s.template.hasResourceProperties('AWS::Lambda::Permission', {
        FunctionName: getAtt(r.fnId('OrderEvents')),
        Principal: 'sns.amazonaws.com',
        SourceArn: ref(r.orderEventsId()),
      });
    });

    it('has an encrypted, TLS-only DLQ that only the OrderEvents topic may send to, and that alarms', () => {
      // Prepare
      const allows = r.queuePolicyStatements(r.orderEventsDlqId()).filter((st) => st.Effect === 'Allow');
      // Act + Assess
      expect(s.resources[r.orderEventsDlqId()].Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
      expect(r.deniesPlainHttp(r.orderEventsDlqId())).toBe(true);
      expect(allows).toEqual([
        {
          Effect: 'Allow',
          Principal: { Service: 'sns.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: getAtt(r.orderEventsDlqId()),
          Condition: { ArnEquals: { 'aws:SourceArn': ref(r.orderEventsId()) } },
        },
      ]);
      expect(r.alarmOn(r.orderEventsDlqId())).toMatchObject({ AlarmActions: [ref(r.opsTopicId())] });
    });
  });

  describe('sweep schedule', () => {
    it('invokes the sweep function every minute, giving up on a tick older than a minute', () => {
      // Act
      const rule = s.resources[r.ruleId()].Properties;
      // Assess
      expect(rule).toMatchObject({ ScheduleExpression: 'rate(1 minute)', State: 'ENABLED' });
      expect(rule.Targets).toEqual([
        {
          Id: expect.any(String),
          Arn: getAtt(r.fnId('Sweep')),
          RetryPolicy: { MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 2 },
        },
      ]);
      s.template.hasResourceProperties('AWS::Lambda::Permission', {
        FunctionName: getAtt(r.fnId('Sweep')),
        Principal: 'events.amazonaws.com',
        SourceArn: getAtt(r.ruleId()),
      });
    });
  });

  describe('least privilege', () => {
    const secretReaders = (secretId: string) =>
      r
        .idsOf('AWS::Lambda::Function')
        .filter((fnId) =>
          r
            .statementsOfFunction(fnId)
            .some(
              (st) =>
                list(st.Action).includes('secretsmanager:GetSecretValue') &&
                list(st.Resource).some((res) => same(res, ref(secretId))),
            ),
        )
        .sort();

    it('lets the edge send to the work queue and read the signing secret, and nothing else', () => {
      // Act
      const statements = r.statementsOfFunction(r.fnId('Events'));
      // Assess
      expect(statements).toEqual([
        r.logStatement(r.fnId('Events')),
        { Sid: 'EnqueueSlackRequests', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt(r.workId()) },
        {
          Sid: 'ReadSigningSecret',
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: ref(r.signingSecretId()),
        },
      ]);
    });

    it('lets the order-event feed and the sweep send to the work queue, and nothing else', () => {
      // Act
      const feed = r.statementsOfFunction(r.fnId('OrderEvents'));
      const sweep = r.statementsOfFunction(r.fnId('Sweep'));
      // Assess
      expect(feed).toEqual([
        r.logStatement(r.fnId('OrderEvents')),
        { Sid: 'EnqueueOrderEvents', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt(r.workId()) },
      ]);
      expect(sweep).toEqual([
        r.logStatement(r.fnId('Sweep')),
        { Sid: 'EnqueueSweeps', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt(r.workId()) },
      ]);
    });

    it('gives the worker the order permissions of the API function, a Query on the open-work index, both bot tokens, streaming from the answer model and consuming its queue, and nothing else', () => {
      // Prepare: the API role minus its log group and its staff token = the shared order permissions
      // (grantOrderUseCases).
      const orderPermissions = r
        .statementsOfFunction(r.apiFunctionId())
        .filter((st) => st.Sid !== undefined && st.Sid !== 'ReadStaffToken');
      // Act
      const all = r.statementsOfFunction(r.fnId('Worker'));
      const stream = all.filter((st) => st.Sid === 'StreamStaffAnswers');
      const worker = all.filter((st) => st.Sid !== 'StreamStaffAnswers');
      // Assess: the staff assistant streams from the answer model only (one ARN, in this region, no wildcard).
      expect(stream).toHaveLength(1);
      expect(stream[0]!.Action).toBe('bedrock:InvokeModelWithResponseStream');
      expect(JSON.stringify(stream[0]!.Resource)).toMatch(/foundation-model\/amazon\.nova-lite-v1:0"/);
      expect(JSON.stringify(stream[0]!.Resource)).not.toContain('*');
      // Assess
      expect(orderPermissions.map((st) => st.Sid)).toEqual([
        'TableItems',
        'CustomerIndexQuery',
        'OrderEvents',
        'WidenCustomerSubscriptions',
        'StartOrderWorkflow',
        'CompleteStageTasks',
      ]);
      expect(worker).toEqual([
        r.logStatement(r.fnId('Worker')),
        ...orderPermissions,
        // App Home and the sweep: a Query on the sparse index of open orders and desks, nothing else of that index.
        {
          Sid: 'OpenWorkIndexQuery',
          Effect: 'Allow',
          Action: 'dynamodb:Query',
          Resource: { 'Fn::Join': ['', [getAtt(r.tableId()), '/index/gsi2']] },
        },
        {
          Sid: 'ReadSlackBotToken',
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: ref(r.botTokenId()),
        },
        {
          Sid: 'ReadTelegramBotToken',
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: ref(r.telegramTokenId()),
        },
        {
          Effect: 'Allow',
          Resource: getAtt(r.workId()),
          Action: [
            'sqs:ReceiveMessage',
            'sqs:ChangeMessageVisibility',
            'sqs:GetQueueUrl',
            'sqs:DeleteMessage',
            'sqs:GetQueueAttributes',
          ],
        },
      ]);
      // "*" only where grantOrderUseCases needs it (no resource type in IAM), and acknowledged there.
      expect(
        worker
          .filter((st) => JSON.stringify(st.Resource).includes('*'))
          .flatMap((st) => list(st.Action))
          .sort(),
      ).toEqual([
        'sns:GetSubscriptionAttributes',
        'sns:SetSubscriptionAttributes',
        'states:SendTaskFailure',
        'states:SendTaskSuccess',
      ]);
      expect(
        worker.flatMap((st) => list(st.Action)).filter((a) => a.startsWith('bedrock:') || a === 'sqs:SendMessage'),
      ).toEqual([]);
    });

    it('lets exactly the edge, the feed, the sweep and the Telegram worker send to the work queue', () => {
      // Act
      const senders = r
        .idsOf('AWS::IAM::Role')
        .filter((roleId) =>
          r
            .statementsOfRole(roleId)
            .some(
              (st) =>
                list(st.Action).some((a) => a === 'sqs:SendMessage' || a === 'sqs:*' || a === '*') &&
                list(st.Resource).some((res) => same(res, getAtt(r.workId())) || res === '*'),
            ),
        );
      // Assess
      const roleOf = (fnId: string) => r.roleIdOf(fnId);
      expect(senders.sort()).toEqual(
        [
          roleOf(r.fnId('Events')),
          roleOf(r.fnId('OrderEvents')),
          roleOf(r.fnId('Sweep')),
          roleOf(r.telegramWorkerId()),
        ].sort(),
      );
    });

    it('keeps each Slack secret to the one function that needs it', () => {
      // Act + Assess
      expect(secretReaders(r.botTokenId())).toEqual([r.fnId('Worker')]);
      expect(secretReaders(r.signingSecretId())).toEqual([r.fnId('Events')]);
      expect(secretReaders(r.telegramTokenId())).toContain(r.fnId('Worker'));
    });
  });

  describe('Telegram worker', () => {
    it('is given the work queue URL and may send to that queue only (escalations and mirrored messages)', () => {
      // Act
      const env = s.resources[r.telegramWorkerId()].Properties.Environment.Variables;
      const sends = r
        .statementsOfFunction(r.telegramWorkerId())
        .filter((st) => list(st.Action).includes('sqs:SendMessage'));
      // Assess
      expect(env.SLACK_QUEUE_URL).toEqual(ref(r.workId()));
      expect(sends).toEqual([
        { Sid: 'EnqueueStaffDesk', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt(r.workId()) },
      ]);
    });
  });

  describe('secrets', () => {
    it('deploys the bot token and the signing secret as generated placeholders, and says so', () => {
      for (const id of [r.botTokenId(), r.signingSecretId()]) {
        // Act
        const secret = s.resources[id].Properties;
        // Assess
        expect(secret.SecretString, id).toBeUndefined();
        expect(secret.GenerateSecretString, id).toMatchObject({ ExcludePunctuation: true, IncludeSpace: false });
        expect(secret.Description, id).toMatch(/PLACEHOLDER/);
        expect(secret.Description, id).toMatch(/put-secret-value/);
      }
      expect(s.resources[r.botTokenId()].Properties.Description).toMatch(/bot token/i);
      expect(s.resources[r.signingSecretId()].Properties.Description).toMatch(/signing secret/i);
    });
  });

  describe('outputs', () => {
    it('outputs the events URL (the API URL + slack/events) and both secret ARNs', () => {
      // Prepare
      const apiUrl = s.outputs.ApiUrl.Value['Fn::Join'][1] as Json[];
      // Act
      const eventsUrl = s.outputs.SlackEventsUrl.Value['Fn::Join'][1] as Json[];
      // Assess
      expect(apiUrl.at(-1)).toBe('/');
      expect(eventsUrl).toEqual([...apiUrl.slice(0, -1), '/slack/events']);
      expect(s.outputs.SlackBotTokenSecretArn.Value).toEqual(ref(r.botTokenId()));
      expect(s.outputs.SlackSigningSecretArn.Value).toEqual(ref(r.signingSecretId()));
    });
  });

  describe('cdk-nag', () => {
    it('reports no unacknowledged finding', () => {
      // Act
      const report = s.nag.validateScope(s.stack);
      // Assess
      expect(
        report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((x) => x.constructPath).join(', ')}`),
      ).toEqual([]);
    });

    it('acknowledges only what it must, each with a concrete reason', () => {
      // Prepare
      const ids = (id: string) =>
        r
          .acks(id)
          .map((a) => a.id)
          .sort();
      const policyOf = (name: string) => r.idOf('AWS::IAM::Policy', `SlackConsole${name}RoleDefaultPolicy`);
      // Act + Assess
      expect(ids(r.workDlqId())).toEqual(['AwsSolutions-SQS3']);
      expect(ids(r.orderEventsDlqId())).toEqual(['AwsSolutions-SQS3']);
      expect(ids(r.workId())).toEqual([]);
      expect(ids(r.botTokenId())).toEqual(['AwsSolutions-SMG4']);
      expect(ids(r.signingSecretId())).toEqual(['AwsSolutions-SMG4']);
      expect(ids(r.idOf('AWS::ApiGatewayV2::Route', 'SlackConsoleEventsRoute'))).toEqual(['AwsSolutions-APIG4']);
      expect(ids(policyOf('Worker'))).toEqual(['AwsSolutions-IAM5[Resource::*]']);
      for (const name of ['Events', 'OrderEvents', 'Sweep']) expect(ids(policyOf(name)), name).toEqual([]);
      const slack = Object.keys(s.resources)
        .filter((id) => id.startsWith('SlackConsole'))
        .flatMap(r.acks);
      expect(slack.length).toBeGreaterThan(0);
      for (const a of slack) expect(a.reason.trim().length, a.id).toBeGreaterThanOrEqual(20);
      expect(r.acks(r.idOf('AWS::ApiGatewayV2::Route', 'SlackConsoleEventsRoute'))[0]!.reason).toMatch(
        /signs each request/,
      );
    });
  });

  describe('configuration', () => {
    it('warns at synth that no support channel is set, and deploys the worker without one, in English, with a 10-minute handoff', () => {
      // Act
      const warnings = channelWarnings(s);
      const env = r.fn('Worker').Environment.Variables;
      // Assess
      expect(warnings).toHaveLength(1);
      expect(JSON.stringify(warnings[0]!.entry.data)).toMatch(/SLACK_SUPPORT_CHANNEL/);
      expect(env).not.toHaveProperty('SLACK_SUPPORT_CHANNEL');
      expect(env.SLACK_STAFF_LANG).toBe(DEFAULT_SLACK_STAFF_LANG);
      expect(env.SLACK_HANDOFF_TIMEOUT_MINUTES).toBe(String(DEFAULT_SLACK_HANDOFF_TIMEOUT_MINUTES));
    });
  });
});

describe('Slack console, configured by context', () => {
  let s: Synth;
  let r: ReturnType<typeof reader>;
  // As `cdk deploy -c …` gives them: all strings.
  beforeAll(() => {
    s = synth({ slackSupportChannel: 'C0SUPPORT1', slackStaffLang: 'pt-BR', slackHandoffTimeoutMinutes: '15' });
    r = reader(s);
  }, 60_000);

  it('hands the channel, the staff language and the handoff timeout to the worker, and to no other function', () => {
    // Act
    const env = r.fn('Worker').Environment.Variables;
    // Assess
    expect(env).toMatchObject({
      SLACK_SUPPORT_CHANNEL: 'C0SUPPORT1',
      SLACK_STAFF_LANG: 'pt-BR',
      SLACK_HANDOFF_TIMEOUT_MINUTES: '15',
    });
    for (const name of ['Events', 'OrderEvents', 'Sweep'] as const) {
      expect(
        Object.keys(r.fn(name).Environment.Variables).filter(
          (k) => k.startsWith('SLACK_') && k !== 'SLACK_QUEUE_URL' && !k.endsWith('_SECRET_ARN'),
        ),
        name,
      ).toEqual([]);
    }
  });

  it('does not warn about the support channel once it is set', () => {
    // Act + Assess
    expect(channelWarnings(s)).toHaveLength(0);
  });
});

describe('Slack console configuration', () => {
  const nodeWith = (context: Record<string, unknown>) => new Stack(new App({ context })).node;

  it('defaults to no channel, English and 10 minutes', () => {
    // Act + Assess
    expect(resolveSlackConfig(nodeWith({}))).toEqual({
      supportChannel: undefined,
      staffLang: 'en',
      handoffTimeoutMinutes: 10,
    });
  });

  it('reads -c slackSupportChannel=… -c slackStaffLang=… -c slackHandoffTimeoutMinutes=…, and a number from cdk.json', () => {
    // Act + Assess
    expect(
      resolveSlackConfig(
        nodeWith({ slackSupportChannel: ' G0PRIVATE9 ', slackStaffLang: 'pt-BR', slackHandoffTimeoutMinutes: '5' }),
      ),
    ).toEqual({ supportChannel: 'G0PRIVATE9', staffLang: 'pt-BR', handoffTimeoutMinutes: 5 });
    expect(resolveSlackConfig(nodeWith({ slackHandoffTimeoutMinutes: 30 })).handoffTimeoutMinutes).toBe(30);
  });

  it('lets props win over context, field by field', () => {
    // Prepare
    const node = nodeWith({
      slackSupportChannel: 'C0CONTEXT1',
      slackStaffLang: 'pt-BR',
      slackHandoffTimeoutMinutes: '20',
    });
    // Act
    const config = resolveSlackConfig(node, { supportChannel: 'C0PROPS001', handoffTimeoutMinutes: 3 });
    // Assess
    expect(config).toEqual({ supportChannel: 'C0PROPS001', staffLang: 'pt-BR', handoffTimeoutMinutes: 3 });
  });

  it('treats an empty -c slackSupportChannel= as not set', () => {
    // Act + Assess
    expect(resolveSlackConfig(nodeWith({ slackSupportChannel: '' })).supportChannel).toBeUndefined();
    expect(resolveSlackConfig(nodeWith({ slackSupportChannel: '   ' })).supportChannel).toBeUndefined();
  });

  it('fails synth on a malformed value instead of deploying a console that posts nowhere', () => {
    // Act + Assess
    expect(() => resolveSlackConfig(nodeWith({ slackSupportChannel: '#support' }))).toThrow(/channel id/);
    expect(() => resolveSlackConfig(nodeWith({ slackSupportChannel: 'c0lowercase' }))).toThrow(/channel id/);
    expect(() => resolveSlackConfig(nodeWith({ slackStaffLang: 'es' }))).toThrow(/slackStaffLang must be en or pt-BR/);
    expect(() => resolveSlackConfig(nodeWith({ slackHandoffTimeoutMinutes: '0' }))).toThrow(
      /slackHandoffTimeoutMinutes/,
    );
    expect(() => resolveSlackConfig(nodeWith({ slackHandoffTimeoutMinutes: 'ten' }))).toThrow(
      /slackHandoffTimeoutMinutes/,
    );
    expect(() => resolveSlackConfig(nodeWith({ slackHandoffTimeoutMinutes: 2.5 }))).toThrow(
      /slackHandoffTimeoutMinutes/,
    );
    expect(() => resolveSlackConfig(nodeWith({ slackStaffLang: true }))).toThrow(/must be a string/);
  });

  it('reaches the template from stack props as well as from context', () => {
    // Act
    const s = synth(
      { slackSupportChannel: 'C0CONTEXT1', slackStaffLang: 'pt-BR' },
      { supportChannel: 'C0PROPS001', staffLang: 'en', handoffTimeoutMinutes: 7 },
    );
    const env = reader(s).fn('Worker').Environment.Variables;
    // Assess
    expect(env).toMatchObject({
      SLACK_SUPPORT_CHANNEL: 'C0PROPS001',
      SLACK_STAFF_LANG: 'en',
      SLACK_HANDOFF_TIMEOUT_MINUTES: '7',
    });
    expect(channelWarnings(s)).toHaveLength(0);
  }, 60_000);
});
