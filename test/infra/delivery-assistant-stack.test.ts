// Template assertions on DeliveryAssistantStack: one real synth (esbuild bundles included), then the resources it must
// hold.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../apps/cli/lambda-bench.ts';
import { aslPlaceholders } from '../../infra/asl-substitutions.ts';
import { ROUTER_TASK_HANDLERS } from '../../infra/assistant-router.ts';
import { DeliveryAssistantStack } from '../../infra/delivery-assistant-stack.ts';
import { functionArnPlaceholder, ORDER_TASK_HANDLERS, TASK_TOKEN_CALLERS } from '../../infra/order-workflow.ts';
import { ORDER_WORKFLOW_ASL, SLACK_WORKER_ENTRY, TELEGRAM_WEBHOOK_ENTRY } from '../../infra/repo-paths.ts';

type Json = any; // CloudFormation JSON, read structurally

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: Json;
}
const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

let template: Template;
let resources: Record<string, Json>;
let assemblyDir: string;

/** Logical ids of the resources of a type. */
const idsOf = (type: string) => Object.keys(resources).filter((id) => resources[id].Type === type);

/** All statements of the IAM policies attached to the role with this logical id. */
function statementsOfRole(roleId: string): Statement[] {
  return idsOf('AWS::IAM::Policy')
    .filter((id) => list(resources[id].Properties.Roles).some((r: Json) => r.Ref === roleId))
    .flatMap((id) => resources[id].Properties.PolicyDocument.Statement as Statement[]);
}

const roleIdOf = (resourceId: string, prop = 'Role'): string => resources[resourceId].Properties[prop]['Fn::GetAtt'][0];
const getAtt = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

/**
 * What Lambda gives a function when it loads its bundle: the role's credentials and region, and the function's own
 * variables as the template sets them (placeholders for deploy-time references). The entries parse their
 * configuration when they load, so this also checks that infra gives each function every variable it needs.
 */
function lambdaEnvironment(fn: Json): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SESSION_TOKEN: 'session',
  };
  for (const [k, v] of Object.entries(fn.Environment?.Variables ?? {}))
    env[k] = typeof v === 'string' ? v : `placeholder-${k.toLowerCase()}`;
  return env;
}

/** The export names of a bundled asset, loaded in a plain Node process as Lambda would load it for `fn`. */
const exportCache = new Map<string, string[]>();
function bundleExports(asset: string, fn: Json): string[] {
  if (!exportCache.has(asset)) {
    const file = path.join(assemblyDir, asset, 'index.mjs');
    const script = `console.log(JSON.stringify(Object.keys(await import(${JSON.stringify(file)}))))`;
    exportCache.set(
      asset,
      JSON.parse(
        execFileSync(process.execPath, ['--input-type=module', '-e', script], {
          encoding: 'utf8',
          env: lambdaEnvironment(fn),
        }),
      ),
    );
  }
  return exportCache.get(asset)!;
}
const assetOf = (fn: Json) => `asset.${String(fn.Code.S3Key).replace(/\.zip$/, '')}`;

/**
 * The functions CloudFormation calls at deploy time for custom resources (the knowledge documents' upload, the
 * ingestion trigger): aws-cdk-lib's own handlers, whose failure fails the deploy itself. The others are the app's.
 */
const deployTimeFunctionIds = () =>
  new Set(
    Object.values(resources)
      .filter((r: Json) => String(r.Type).startsWith('Custom::'))
      .map((r: Json) => r.Properties.ServiceToken['Fn::GetAtt'][0] as string)
      // The store-apply function is the app's own code (an AppFunction, alarmed like the others) behind a custom
      // resource; the deploy-time ones are CDK's (the upload and the ingestion trigger).
      .filter((id) => !id.startsWith('StoreApply')),
  );
const appFunctionIds = () => idsOf('AWS::Lambda::Function').filter((id) => !deployTimeFunctionIds().has(id));
const taskFunctionIds = () => idsOf('AWS::Lambda::Function').filter((id) => id.startsWith('OrderWorkflow'));
const apiFunctionId = () => idsOf('AWS::Lambda::Function').find((id) => id.startsWith('HttpApiHandler'))!;
// Two state machines now (the order workflow and the assistant router): pick by construct path, not by position.
const stateMachineId = () => idsOf('AWS::StepFunctions::StateMachine').find((id) => id.startsWith('OrderWorkflow'))!;
const routerFunctionIds = () => idsOf('AWS::Lambda::Function').filter((id) => id.startsWith('AssistantRouter'));
// Five secrets now (staff token, Telegram bot token and webhook secret, Slack bot token and signing secret): pick by
// construct path, not by position.
const staffTokenId = () => idsOf('AWS::SecretsManager::Secret').find((id) => id.startsWith('HttpApiStaffApiToken'))!;
const topicId = (displayName: string) =>
  idsOf('AWS::SNS::Topic').find((id) => resources[id].Properties.DisplayName === displayName)!;
const orderEventsId = () => topicId('Delivery Assistant order events');
const opsTopicId = () => topicId('Delivery Assistant ops alarms');

// What the StateMachine construct grants on "*" for logging and tracing: IAM has no resource-level permissions for
// them.
const STATE_MACHINE_WILDCARD_ACTIONS = new Set([
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
]);

beforeAll(() => {
  // Prepare (shared): one synth with bundling, as `cdk synth` does it.
  assemblyDir = mkdtempSync(path.join(tmpdir(), 'delivery-assistant-cdk-'));
  const app = new App({ outdir: assemblyDir });
  const stack = new DeliveryAssistantStack(app, 'TestStack');
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
}, 120_000);

afterAll(() => rmSync(assemblyDir, { recursive: true, force: true }));

describe('DynamoDB table', () => {
  it('has pk/sk keys, the gsi1 and gsi2 indexes, on-demand billing, PITR, the TTL attribute and is retained', () => {
    // Act + Assess
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'gsi1pk', AttributeType: 'S' },
          { AttributeName: 'gsi1sk', AttributeType: 'S' },
          { AttributeName: 'gsi2pk', AttributeType: 'S' },
          { AttributeName: 'gsi2sk', AttributeType: 'S' },
        ]),
        GlobalSecondaryIndexes: [
          Match.objectLike({
            IndexName: 'gsi1',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
          }),
          // Sparse (only open orders and desks carry its keys), so it projects whole items: App Home reads them as
          // listed.
          Match.objectLike({
            IndexName: 'gsi2',
            KeySchema: [
              { AttributeName: 'gsi2pk', KeyType: 'HASH' },
              { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          }),
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    });
  });
});

describe('SNS topics', () => {
  it('encrypts both topics and denies publishing without TLS on each', () => {
    // Prepare
    const topics = idsOf('AWS::SNS::Topic');
    // Act
    const tlsOnly = idsOf('AWS::SNS::TopicPolicy').filter((id) =>
      resources[id].Properties.PolicyDocument.Statement.some(
        (s: Json) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false',
      ),
    );
    // Assess
    expect(topics).toHaveLength(2);
    for (const id of topics) expect(resources[id].Properties.KmsMasterKeyId, id).toBeDefined();
    const protectedTopics = tlsOnly.flatMap((id) => resources[id].Properties.Topics.map((t: Json) => t.Ref));
    expect(protectedTopics.sort()).toEqual([...topics].sort());
    expect(JSON.stringify(resources[orderEventsId()].Properties.KmsMasterKeyId)).toMatch(/:alias\/aws\/sns"/);
  });
});

describe('task functions', () => {
  it('has one function per task handler, on nodejs22.x and arm64, with the table and topic in its environment', () => {
    // Act
    const fns = taskFunctionIds().map((id) => resources[id].Properties);
    // Assess
    expect(fns.map((f) => f.Handler).sort()).toEqual(ORDER_TASK_HANDLERS.map((h) => `index.${h}`).sort());
    for (const f of fns) {
      expect(f.Runtime).toBe('nodejs22.x');
      expect(f.Architectures).toEqual(['arm64']);
      expect(Object.keys(f.Environment.Variables).sort()).toEqual([
        'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
        'NODE_OPTIONS',
        'ORDER_EVENTS_TOPIC_ARN',
        'PIX_EXPIRY_MINUTES',
        'TABLE_NAME',
      ]);
    }
  });

  it('bundles each function locally into an ESM file that exports its handler', () => {
    // Prepare
    const fns = appFunctionIds().map((id) => resources[id].Properties);
    // Act
    const exportsOf = (f: Json) => bundleExports(assetOf(f), f);
    // Assess
    for (const f of fns) expect(exportsOf(f), f.Handler).toContain(String(f.Handler).replace(/^index\./, ''));
  });

  // `npm run bench -- lambda` builds with esbuild's API what NodejsFunction builds with its CLI: the same bytes.
  it.each([
    ['TelegramBotWebhook', TELEGRAM_WEBHOOK_ENTRY],
    ['SlackConsoleWorker', SLACK_WORKER_ENTRY],
  ])('deploys for %s the very bundle the Lambda bench measures', async (prefix, entry) => {
    // Prepare
    const id = idsOf('AWS::Lambda::Function').find((i) => i.startsWith(prefix))!;
    const out = mkdtempSync(path.join(tmpdir(), 'bench-bundle-'));
    try {
      // Act
      const bench = await buildBundle(entry, out);
      // Assess
      const deployed = readFileSync(path.join(assemblyDir, assetOf(resources[id].Properties), 'index.mjs'));
      expect(bench.bytes).toBe(deployed.length);
      expect(readFileSync(bench.file).equals(deployed)).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('has a function for every export of apps/lambda/lambda-order-tasks.ts (read from the bundle)', () => {
    // Prepare
    const fns = taskFunctionIds().map((id) => resources[id].Properties);
    const taskAssets = new Set(fns.map(assetOf));
    // Act
    const exported = [...taskAssets].flatMap((asset) =>
      bundleExports(
        asset,
        fns.find((f) => assetOf(f) === asset),
      ),
    );
    // Assess
    expect(taskAssets.size).toBe(1); // one shared bundle, built once
    expect([...exported].sort()).toEqual([...ORDER_TASK_HANDLERS].sort());
  });

  it('has a router step function for every export of apps/lambda/lambda-router-tasks.ts (read from the bundle)', () => {
    // Prepare
    const fns = routerFunctionIds().map((id) => resources[id].Properties);
    const assets = new Set(fns.map(assetOf));
    // Act
    const exported = [...assets].flatMap((asset) =>
      bundleExports(
        asset,
        fns.find((f) => assetOf(f) === asset),
      ),
    );
    // Assess
    expect(assets.size).toBe(1); // one shared bundle, built once
    expect(fns.map((f) => f.Handler).sort()).toEqual(ROUTER_TASK_HANDLERS.map((h) => `index.${h}`).sort());
    expect([...exported].sort()).toEqual([...ROUTER_TASK_HANDLERS].sort());
  });

  it('grants each task role item access to the table, Publish on the order events topic, its own log group, and nothing else but the token callbacks of awaitPayment and expirePayment', () => {
    for (const id of taskFunctionIds()) {
      // Act
      const statements = statementsOfRole(roleIdOf(id));
      const answersTokens = TASK_TOKEN_CALLERS.includes(resources[id].Properties.Handler.replace(/^index\./, ''));
      // Assess: Publish is for the outbox events a settle step publishes (a cancel whose request died first)
      expect(statements).toHaveLength(answersTokens ? 4 : 3);
      // SendTask* have no resource type in IAM, so "*" (infra/task-callbacks.ts); only the payment-wait tasks get it.
      expect(statements.some((st) => list(st.Action).includes('states:SendTaskSuccess'))).toBe(answersTokens);
      if (answersTokens)
        expect(statements).toContainEqual({
          Sid: 'CompleteWorkflowTasks',
          Effect: 'Allow',
          Action: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
          Resource: '*',
        });
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: getAtt(resources[id].Properties.LoggingConfig.LogGroup.Ref),
          }),
          expect.objectContaining({
            Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
            Resource: getAtt(idsOf('AWS::DynamoDB::Table')[0]!),
          }),
          expect.objectContaining({ Action: 'sns:Publish', Resource: { Ref: orderEventsId() } }),
        ]),
      );
    }
  });

  it('attaches no managed policy to any role', () => {
    for (const id of idsOf('AWS::IAM::Role')) expect(resources[id].Properties.ManagedPolicyArns, id).toBeUndefined();
  });
});

describe('order state machine', () => {
  it('substitutes exactly the placeholders of the ASL file', () => {
    // Prepare
    const placeholders = aslPlaceholders(readFileSync(ORDER_WORKFLOW_ASL, 'utf8'));
    // Act
    const substitutions = resources[stateMachineId()].Properties.DefinitionSubstitutions;
    // Assess
    expect(placeholders).toHaveLength(14);
    expect(Object.keys(substitutions).sort()).toEqual(placeholders);
  });

  it('deploys the ASL file itself, which after substitution has no placeholder left and the same states', () => {
    // Prepare
    const sm = resources[stateMachineId()].Properties;
    const asl = JSON.parse(readFileSync(ORDER_WORKFLOW_ASL, 'utf8'));
    // Act: the definition uploaded as an asset, substituted the way CloudFormation does (literal ${Key})
    let deployed = readFileSync(path.join(assemblyDir, `asset.${sm.DefinitionS3Location.Key}`), 'utf8');
    for (const key of Object.keys(sm.DefinitionSubstitutions))
      deployed = deployed.replaceAll(`\${${key}}`, `substituted-${key}`);
    // Assess
    expect(deployed).not.toMatch(/\$\{[A-Za-z_][A-Za-z0-9_]*\}/);
    expect(Object.keys(JSON.parse(deployed).States)).toEqual(Object.keys(asl.States));
  });

  it('points each FunctionArn placeholder at the function running that handler', () => {
    // Prepare
    const substitutions = resources[stateMachineId()].Properties.DefinitionSubstitutions;
    for (const handler of ORDER_TASK_HANDLERS) {
      // Act
      const fnId = substitutions[functionArnPlaceholder(handler)]['Fn::GetAtt'][0];
      // Assess
      expect(resources[fnId].Properties.Handler).toBe(`index.${handler}`);
    }
    expect(substitutions.TableName).toEqual({ Ref: idsOf('AWS::DynamoDB::Table')[0] });
    expect(substitutions.OrderEventsTopicArn).toEqual({ Ref: orderEventsId() });
  });

  it('is a Standard workflow with ERROR logging without execution data, and tracing', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      LoggingConfiguration: Match.objectLike({ Level: 'ERROR', IncludeExecutionData: false }),
      TracingConfiguration: { Enabled: true },
    });
  });

  it('lets its role call only the eight functions, the table and the topic (plus logging and tracing on "*")', () => {
    // Prepare
    const table = idsOf('AWS::DynamoDB::Table')[0]!;
    const expected = [
      ...taskFunctionIds().flatMap((id) => [getAtt(id), { 'Fn::Join': ['', [getAtt(id), ':*']] }]),
      getAtt(table),
      { Ref: orderEventsId() },
    ];
    // Act
    const statements = statementsOfRole(roleIdOf(stateMachineId(), 'RoleArn'));
    const scoped = statements.filter((s) => s.Resource !== '*');
    const wildcard = statements.filter((s) => s.Resource === '*');
    // Assess
    expect(scoped.flatMap((s) => list(s.Resource))).toEqual(expect.arrayContaining(expected));
    expect(scoped.flatMap((s) => list(s.Resource))).toHaveLength(expected.length);
    expect(scoped.flatMap((s) => list(s.Action)).sort()).toEqual([
      'dynamodb:UpdateItem',
      'lambda:InvokeFunction',
      'sns:Publish',
    ]);
    for (const s of wildcard)
      for (const a of list(s.Action)) expect(STATE_MACHINE_WILDCARD_ACTIONS.has(a), a).toBe(true);
  });

  it('grants every service integration the ASL uses (a new one must come with its IAM statement)', () => {
    // Prepare
    const asl = JSON.parse(readFileSync(ORDER_WORKFLOW_ASL, 'utf8'));
    const taskResources = (states: Record<string, Json>): string[] =>
      Object.values(states).flatMap((st: Json) => [
        ...(st.Type === 'Task' ? [st.Resource as string] : []),
        ...(st.Branches ?? []).flatMap((b: Json) => taskResources(b.States)),
        ...((st.ItemProcessor ?? st.Iterator) ? taskResources((st.ItemProcessor ?? st.Iterator).States) : []),
      ]);
    // Act
    const used = [...new Set(taskResources(asl.States))].sort();
    // Assess: the integrations covered by InvokeTaskFunctions, ReceiveOrder and PublishOrderEvents
    expect(used).toEqual([
      'arn:aws:states:::dynamodb:updateItem',
      'arn:aws:states:::lambda:invoke',
      'arn:aws:states:::lambda:invoke.waitForTaskToken',
      'arn:aws:states:::sns:publish',
    ]);
  });

  it('has alarms on failed and timed-out executions that notify the ops topic', () => {
    // Prepare
    const opsTopic = opsTopicId();
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      // Act + Assess
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/States',
        MetricName: metric,
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: stateMachineId() } }],
        AlarmActions: [{ Ref: opsTopic }],
      });
    }
  });
});

describe('HTTP API', () => {
  it('routes $default to the API function through a throttled, access-logged $default stage', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: getAtt(apiFunctionId()),
      PayloadFormatVersion: '2.0',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context\\.requestId') },
    });
    expect(template.findOutputs('ApiUrl')).toHaveProperty('ApiUrl');
  });

  it('gives the API function its environment, with the state machine ARN and the secret ARN', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: 'nodejs22.x',
      Environment: {
        Variables: Match.objectLike({
          ORDER_WORKFLOW_ARN: { Ref: stateMachineId() },
          STAFF_API_TOKEN_SECRET_ARN: { Ref: staffTokenId() },
          TABLE_NAME: Match.anyValue(),
          ORDER_EVENTS_TOPIC_ARN: Match.anyValue(),
        }),
      },
    });
  });

  it('lets the API function start executions of the order state machine only, and use "*" only where IAM has no resource type', () => {
    // Act
    const statements = statementsOfRole(roleIdOf(apiFunctionId()));
    const actionsOn = (resource: Json) =>
      statements.filter((s) => JSON.stringify(s.Resource) === JSON.stringify(resource)).flatMap((s) => list(s.Action));
    const start = statements.filter((s) => list(s.Action).includes('states:StartExecution'));
    // Assess
    expect(start).toHaveLength(1);
    expect(start[0]!.Resource).toEqual({ Ref: stateMachineId() });
    expect(actionsOn('*').sort()).toEqual([
      'sns:GetSubscriptionAttributes',
      'sns:SetSubscriptionAttributes',
      'states:SendTaskFailure',
      'states:SendTaskSuccess',
    ]);
    expect(actionsOn({ Ref: orderEventsId() }).sort()).toEqual([
      'sns:ListSubscriptionsByTopic',
      'sns:Publish',
      'sns:Subscribe',
    ]);
    expect(actionsOn({ Ref: staffTokenId() })).toEqual(['secretsmanager:GetSecretValue']);
    expect(statements.flatMap((s) => list(s.Action))).not.toContain('dynamodb:*');
  });

  it('generates the staff token at deploy time instead of holding a value', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: Match.anyValue() }),
      SecretString: Match.absent(),
    });
  });
});

describe('notifications dead-letter queue', () => {
  it('lets only the OrderEvents topic send to a TLS-only encrypted queue, hands its ARN to the API function, and alarms', () => {
    // Prepare
    const queueId = idsOf('AWS::SQS::Queue').find((id) => id.startsWith('NotificationsDlq'))!;
    const policies = idsOf('AWS::SQS::QueuePolicy').filter((id) =>
      resources[id].Properties.Queues.some((q: Json) => q.Ref === queueId),
    );
    const statements = policies.flatMap(
      (id) => resources[id].Properties.PolicyDocument.Statement as (Statement & Json)[],
    );
    const alarms = idsOf('AWS::CloudWatch::Alarm').map((id) => resources[id].Properties);

    // Assess
    expect(resources[queueId].Properties.SqsManagedSseEnabled).toBe(true);
    const snsSend = statements.find((st) => st.Effect === 'Allow' && st.Principal?.Service === 'sns.amazonaws.com')!;
    expect(snsSend.Action).toBe('sqs:SendMessage');
    expect(snsSend.Condition).toEqual({ ArnEquals: { 'aws:SourceArn': { Ref: orderEventsId() } } });
    expect(
      statements.some((st) => st.Effect === 'Deny' && JSON.stringify(st.Condition).includes('aws:SecureTransport')),
    ).toBe(true);
    expect(resources[apiFunctionId()].Properties.Environment.Variables.NOTIFICATIONS_DLQ_ARN).toEqual(getAtt(queueId));
    expect(
      alarms.some(
        (a) =>
          a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          a.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0] === queueId &&
          a.AlarmActions?.[0]?.Ref === opsTopicId(),
      ),
    ).toBe(true);
  });
});

describe('alarms', () => {
  it('has an Errors alarm on every function of the app, all notifying the ops topic', () => {
    // Prepare
    const opsTopic = opsTopicId();
    const alarms = idsOf('AWS::CloudWatch::Alarm').map((id) => resources[id].Properties);
    // Act
    const watched = alarms
      .filter((a) => a.MetricName === 'Errors' && a.Namespace === 'AWS/Lambda')
      .map((a) => a.Dimensions[0].Value.Ref);
    // Assess
    expect(watched.sort()).toEqual(appFunctionIds().sort());
    expect(deployTimeFunctionIds().size).toBe(2);
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: opsTopic }]);
  });

  it('lets CloudWatch publish to the encrypted ops topic (key policy and topic policy)', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
          }),
        ]),
      },
    });
  });
});

describe('template', () => {
  it('passes the CloudFormation validation that runs at synth without a finding', () => {
    // Act
    const report = JSON.parse(readFileSync(path.join(assemblyDir, 'validation-report.json'), 'utf8'));
    // Assess
    expect(report.pluginReports.flatMap((r: Json) => r.violations ?? [])).toEqual([]);
  });
});

describe('log groups', () => {
  it('keeps every log group for one month', () => {
    const groups = idsOf('AWS::Logs::LogGroup');
    // 23 functions (12 order tasks: awaitPayment and expirePayment wait on the provider, 2 router steps, the API, 3 Telegram, 4 Slack, the store apply), the two state
    // machines, the API access log, and the knowledge base's two deploy-time functions (upload, ingestion trigger)
    expect(groups.length).toBe(28);
    for (const id of groups) expect(resources[id].Properties.RetentionInDays, id).toBe(30);
  });
});
