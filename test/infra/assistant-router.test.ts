// Template assertions on the assistant router (Express state machine, least-privilege role) and the worker's
// router/model access, by configuration.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_KEYS } from '../../adapters/aws/table-design.ts';
import { aslPlaceholders } from '../../infra/asl-substitutions.ts';
import {
  ASSISTANT_CONTEXT_KEYS,
  type AssistantConfig,
  DEFAULT_ANSWER_MODEL_ID,
  DEFAULT_ROUTER_MODEL_ID,
  resolveAssistantConfig,
} from '../../infra/assistant-config.ts';
import { ROUTER_TASK_HANDLERS } from '../../infra/assistant-router.ts';
import { ROUTER_ASL } from '../../infra/repo-paths.ts';
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

const join = (...parts: Json[]) => ({ 'Fn::Join': ['', parts] });
const [partition, region, account] = [ref('AWS::Partition'), ref('AWS::Region'), ref('AWS::AccountId')];
const foundationModel = (id: string) => join('arn:', partition, ':bedrock:', region, `::foundation-model/${id}`);
const inferenceProfile = (id: string) =>
  join('arn:', partition, ':bedrock:', region, ':', account, `:inference-profile/${id}`);
const foundationModelAnyRegion = (id: string) => join('arn:', partition, `:bedrock:*::foundation-model/${id}`);
const knowledgeBase = (id: string) =>
  join('arn:', partition, ':bedrock:', region, ':', account, `:knowledge-base/${id}`);
const builtKnowledgeBaseId = (kbId: string) => ({ 'Fn::GetAtt': [kbId, 'KnowledgeBaseId'] });
const builtKnowledgeBase = (kbId: string) =>
  join('arn:', partition, ':bedrock:', region, ':', account, ':knowledge-base/', builtKnowledgeBaseId(kbId));

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

/** One synth without esbuild (the stack test bundles every function, router steps included). */
const synth = (context: Record<string, unknown> = {}, assistant?: Partial<AssistantConfig>): Synth =>
  synthStack('RouterTestStack', { assistant }, context);

/** Structural reads of one synth. */
function reader(s: Synth) {
  const { idsOf, idOf, statementsOfRole, functionRoleId } = templateReader(s);
  const routerId = () => idOf('AWS::StepFunctions::StateMachine', 'AssistantRouter');
  const router = () => s.resources[routerId()].Properties;
  const routerRoleId = () => router().RoleArn['Fn::GetAtt'][0] as string;
  const workerId = () => idOf('AWS::Lambda::Function', 'TelegramBotWorkerFunction');
  const slackWorkerId = () => idOf('AWS::Lambda::Function', 'SlackConsoleWorkerFunction');
  const stepId = (handler: string) =>
    idsOf('AWS::Lambda::Function').find(
      (id) => id.startsWith('AssistantRouter') && s.resources[id].Properties.Handler === `index.${handler}`,
    )!;
  const bySid = (statements: Statement[], sid: string) => statements.filter((st) => st.Sid === sid);
  return {
    idsOf,
    idOf,
    statementsOfRole,
    routerId,
    router,
    routerRoleId,
    functionRoleId,
    workerId,
    slackWorkerId,
    stepId,
    bySid,
  };
}

describe('assistant router, default configuration (no context)', () => {
  let s: Synth;
  let r: ReturnType<typeof reader>;
  beforeAll(() => {
    s = synth();
    r = reader(s);
  }, 60_000);

  it('is an Express state machine logging ALL events without execution data to its own log group, with tracing', () => {
    // Act
    const sm = r.router();
    const logGroupId = r.idOf('AWS::Logs::LogGroup', 'AssistantRouterLogs');
    // Assess
    expect(sm.StateMachineType).toBe('EXPRESS');
    expect(sm.LoggingConfiguration).toEqual({
      Level: 'ALL',
      IncludeExecutionData: false,
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: getAtt(logGroupId) } }],
    });
    expect(sm.TracingConfiguration).toEqual({ Enabled: true });
    expect(s.resources[logGroupId].Properties.RetentionInDays).toBe(30);
    expect(JSON.stringify(s.resources[logGroupId].Properties.LogGroupName)).toContain('/aws/vendedlogs/states/');
  });

  it('substitutes exactly the placeholders of the router ASL, with the two steps, the table, the default model and the knowledge base the stack builds', () => {
    // Prepare
    const placeholders = aslPlaceholders(readFileSync(ROUTER_ASL, 'utf8'));
    // Act
    const subs = r.router().DefinitionSubstitutions;
    // Assess
    expect(placeholders).toEqual([
      'KnowledgeBaseId',
      'ParseClassifierOutputFunctionArn',
      'PrepareTurnFunctionArn',
      'RouterModelId',
      'TableName',
    ]);
    expect(Object.keys(subs).sort()).toEqual(placeholders);
    expect(subs.PrepareTurnFunctionArn).toEqual(getAtt(r.stepId('prepareTurn')));
    expect(subs.ParseClassifierOutputFunctionArn).toEqual(getAtt(r.stepId('parseClassifierOutput')));
    expect(subs.TableName).toEqual(ref(r.idsOf('AWS::DynamoDB::Table')[0]!));
    expect(subs.RouterModelId).toBe(DEFAULT_ROUTER_MODEL_ID);
    expect(subs.KnowledgeBaseId).toEqual(builtKnowledgeBaseId(r.idOf('AWS::Bedrock::KnowledgeBase', 'Knowledge')));
  });

  it('deploys the ASL file itself, which after substitution has no placeholder left and the same states', () => {
    // Prepare
    const sm = r.router();
    const asl = JSON.parse(readFileSync(ROUTER_ASL, 'utf8'));
    // Act: the uploaded definition, substituted the way CloudFormation does it (literal ${Key})
    let deployed = readFileSync(path.join(s.outdir, `asset.${sm.DefinitionS3Location.Key}`), 'utf8');
    for (const key of Object.keys(sm.DefinitionSubstitutions))
      deployed = deployed.replaceAll(`\${${key}}`, `substituted-${key}`);
    // Assess
    expect(deployed).not.toMatch(/\$\{[A-Za-z_][A-Za-z0-9_]*\}/);
    expect(Object.keys(JSON.parse(deployed).States)).toEqual(Object.keys(asl.States));
  });

  it('uses exactly the integrations its role grants, and queries the index the role names', () => {
    // Prepare
    const asl = JSON.parse(readFileSync(ROUTER_ASL, 'utf8'));
    const tasks = (states: Record<string, Json>): Json[] =>
      Object.values(states).flatMap((st: Json) => [
        ...(st.Type === 'Task' ? [st] : []),
        ...(st.Branches ?? []).flatMap((b: Json) => tasks(b.States)),
        ...((st.ItemProcessor ?? st.Iterator) ? tasks((st.ItemProcessor ?? st.Iterator).States) : []),
      ]);
    // Act
    const all = tasks(asl.States);
    const used = [...new Set(all.map((t) => t.Resource as string))].sort();
    const indexes = [
      ...new Set(all.filter((t) => t.Resource.endsWith('dynamodb:query')).map((t) => t.Parameters.IndexName)),
    ];
    // Assess: InvokeRouterSteps, QueryCustomerOrders, InvokeRouterModel and RetrieveKnowledge, one each
    expect(used).toEqual([
      'arn:aws:states:::aws-sdk:bedrockagentruntime:retrieve',
      'arn:aws:states:::aws-sdk:bedrockruntime:converse',
      'arn:aws:states:::dynamodb:query',
      'arn:aws:states:::lambda:invoke',
    ]);
    expect(indexes).toEqual([TABLE_KEYS.gsi1.name]);
  });

  it('lets its role invoke the two steps, query the customer index, invoke the router model and retrieve from the knowledge base, nothing more', () => {
    // Prepare
    const table = r.idsOf('AWS::DynamoDB::Table')[0]!;
    // Act
    const statements = r.statementsOfRole(r.routerRoleId());
    const scoped = statements.filter((st) => st.Resource !== '*');
    const wildcard = statements.filter((st) => st.Resource === '*');
    // Assess
    expect(scoped).toEqual([
      {
        Sid: 'InvokeRouterSteps',
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: [getAtt(r.stepId('prepareTurn')), getAtt(r.stepId('parseClassifierOutput'))],
      },
      {
        Sid: 'QueryCustomerOrders',
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: join(getAtt(table), '/index/gsi1'),
      },
      {
        Sid: 'InvokeRouterModel',
        Effect: 'Allow',
        Action: 'bedrock:InvokeModel',
        Resource: foundationModel(DEFAULT_ROUTER_MODEL_ID),
      },
      {
        Sid: 'RetrieveKnowledge',
        Effect: 'Allow',
        Action: 'bedrock:Retrieve',
        Resource: builtKnowledgeBase(r.idOf('AWS::Bedrock::KnowledgeBase', 'Knowledge')),
      },
    ]);
    expect(wildcard.length).toBeGreaterThan(0);
    for (const st of wildcard)
      for (const a of list(st.Action)) expect(STATE_MACHINE_WILDCARD_ACTIONS.has(a), a).toBe(true);
  });

  it('is assumed by Step Functions of this account only', () => {
    // Act
    const trust = s.resources[r.routerRoleId()].Properties.AssumeRolePolicyDocument.Statement;
    // Assess
    expect(trust).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'states.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': account } },
      },
    ]);
  });

  it('runs its steps as functions that may write their own logs and nothing else', () => {
    for (const handler of ROUTER_TASK_HANDLERS) {
      // Act
      const fn = s.resources[r.stepId(handler)].Properties;
      const statements = r.statementsOfRole(r.functionRoleId(r.stepId(handler)));
      // Assess
      expect(fn.Runtime).toBe('nodejs22.x');
      expect(Object.keys(fn.Environment.Variables).sort()).toEqual([
        'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
        'NODE_OPTIONS',
      ]);
      expect(statements).toEqual([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: getAtt(fn.LoggingConfig.LogGroup.Ref),
        },
      ]);
    }
  });

  it('does not warn about the knowledge base: the stack builds one from the store documents', () => {
    // Act + Assess
    expect(Annotations.fromStack(s.stack).findWarning('*', Match.stringLikeRegexp('knowledgeBaseId'))).toHaveLength(0);
  });

  it('outputs its ARN and alarms on failed and timed-out executions', () => {
    // Act + Assess
    expect(s.outputs.AssistantRouterArn.Value).toEqual(ref(r.routerId()));
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/States',
        MetricName: metric,
        Dimensions: [{ Name: 'StateMachineArn', Value: ref(r.routerId()) }],
      });
    }
  });

  it('gives the Telegram worker the router ARN and the answer model id', () => {
    // Act
    const env = s.resources[r.workerId()].Properties.Environment.Variables;
    // Assess
    expect(env.ROUTER_STATE_MACHINE_ARN).toEqual(ref(r.routerId()));
    expect(env.ANSWER_MODEL_ID).toBe(DEFAULT_ANSWER_MODEL_ID);
  });

  it("lets only the Telegram worker start the router, and only the two workers (customers' answers, staff answers) stream from the answer model, each on exactly one ARN", () => {
    // Prepare
    const roles = r.idsOf('AWS::IAM::Role');
    const grantsOf = (action: string) =>
      roles.flatMap((roleId) =>
        r
          .statementsOfRole(roleId)
          .filter((st) => list(st.Action).some((a) => a === action || a.endsWith(':*') || a === '*'))
          .map((st) => ({ roleId, resource: st.Resource })),
      );
    // Act
    const startSync = grantsOf('states:StartSyncExecution');
    const stream = grantsOf('bedrock:InvokeModelWithResponseStream');
    // Assess
    const workerRole = r.functionRoleId(r.workerId());
    expect(startSync).toEqual([{ roleId: workerRole, resource: ref(r.routerId()) }]);
    const slackWorkerRole = r.functionRoleId(r.slackWorkerId());
    expect(stream.sort((a, b) => a.roleId.localeCompare(b.roleId))).toEqual(
      [
        { roleId: workerRole, resource: foundationModel(DEFAULT_ANSWER_MODEL_ID) },
        { roleId: slackWorkerRole, resource: foundationModel(DEFAULT_ANSWER_MODEL_ID) },
      ].sort((a, b) => a.roleId.localeCompare(b.roleId)),
    );
  });

  it('grants bedrock:* actions to no role but the router, the two workers and the knowledge base with its ingestion trigger', () => {
    // Act
    const bedrockRoles = r
      .idsOf('AWS::IAM::Role')
      .filter((roleId) =>
        r.statementsOfRole(roleId).some((st) => list(st.Action).some((a) => a.startsWith('bedrock:'))),
      );
    // Assess
    expect(bedrockRoles.sort()).toEqual(
      [
        r.routerRoleId(),
        r.functionRoleId(r.workerId()),
        r.functionRoleId(r.slackWorkerId()),
        r.idOf('AWS::IAM::Role', 'KnowledgeRole'),
        r.idOf('AWS::IAM::Role', 'KnowledgeIngestionRole'),
      ].sort(),
    );
  });
});

describe('assistant router, configured by context with inference profiles and a knowledge base', () => {
  const context = {
    [ASSISTANT_CONTEXT_KEYS.routerModelId]: 'us.amazon.nova-micro-v1:0',
    [ASSISTANT_CONTEXT_KEYS.answerModelId]: 'global.anthropic.claude-haiku-4-5-20251001-v1:0',
    [ASSISTANT_CONTEXT_KEYS.knowledgeBaseId]: 'KB12345678',
  };
  let s: Synth;
  let r: ReturnType<typeof reader>;
  beforeAll(() => {
    s = synth(context);
    r = reader(s);
  }, 60_000);

  it('substitutes the configured router model and knowledge base', () => {
    // Act
    const subs = r.router().DefinitionSubstitutions;
    // Assess
    expect(subs.RouterModelId).toBe('us.amazon.nova-micro-v1:0');
    expect(subs.KnowledgeBaseId).toBe('KB12345678');
    expect(s.resources[r.workerId()].Properties.Environment.Variables.ANSWER_MODEL_ID).toBe(
      'global.anthropic.claude-haiku-4-5-20251001-v1:0',
    );
  });

  it('grants the router model as its profile here plus that one foundation model in any region, and the configured knowledge base', () => {
    // Act
    const statements = r.statementsOfRole(r.routerRoleId());
    // Assess
    expect(r.bySid(statements, 'InvokeRouterModel')).toEqual([
      {
        Sid: 'InvokeRouterModel',
        Effect: 'Allow',
        Action: 'bedrock:InvokeModel',
        Resource: [inferenceProfile('us.amazon.nova-micro-v1:0'), foundationModelAnyRegion('amazon.nova-micro-v1:0')],
      },
    ]);
    expect(r.bySid(statements, 'RetrieveKnowledge')).toEqual([
      { Sid: 'RetrieveKnowledge', Effect: 'Allow', Action: 'bedrock:Retrieve', Resource: knowledgeBase('KB12345678') },
    ]);
  });

  it('grants the worker the answer profile and its foundation model in any region, nothing wider', () => {
    // Act
    const statements = r.statementsOfRole(r.functionRoleId(r.workerId()));
    // Assess
    expect(r.bySid(statements, 'StreamAnswers')).toEqual([
      {
        Sid: 'StreamAnswers',
        Effect: 'Allow',
        Action: 'bedrock:InvokeModelWithResponseStream',
        Resource: [
          inferenceProfile('global.anthropic.claude-haiku-4-5-20251001-v1:0'),
          foundationModelAnyRegion('anthropic.claude-haiku-4-5-20251001-v1:0'),
        ],
      },
    ]);
  });

  it('has no wildcard resource in any Bedrock grant except the cross-region foundation models', () => {
    // Act
    const wild = r
      .idsOf('AWS::IAM::Role')
      .flatMap((roleId) => r.statementsOfRole(roleId))
      .filter((st) => list(st.Action).some((a) => a.startsWith('bedrock:')))
      .flatMap((st) => list(st.Resource))
      .filter((res) => JSON.stringify(res).includes('*'));
    // Assess
    expect(wild.map((w) => JSON.stringify(w)).sort()).toEqual(
      [
        foundationModelAnyRegion('amazon.nova-micro-v1:0'),
        foundationModelAnyRegion('anthropic.claude-haiku-4-5-20251001-v1:0'),
        foundationModelAnyRegion('anthropic.claude-haiku-4-5-20251001-v1:0'),
      ]
        .map((w) => JSON.stringify(w))
        .sort(),
    );
  });

  it('does not warn about the knowledge base once it is set', () => {
    // Act + Assess
    expect(Annotations.fromStack(s.stack).findWarning('*', Match.stringLikeRegexp('knowledgeBaseId'))).toHaveLength(0);
  });

  it('passes cdk-nag, acknowledging each cross-region foundation model by name with its reason', () => {
    // Act
    const report = s.nag.validateScope(s.stack);
    const acks = (prefix: string) =>
      r
        .idsOf('AWS::IAM::Policy')
        .filter((id) => id.startsWith(prefix))
        .flatMap(
          (id) => (s.resources[id].Metadata?.cdk_nag?.rules_to_suppress ?? []) as { id: string; reason: string }[],
        );
    // Assess
    expect(
      report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((x) => x.constructPath).join(', ')}`),
    ).toEqual([]);
    const routerAck = acks('AssistantRouterStateMachineRole').find((a) => a.id.includes('foundation-model'));
    const workerAck = acks('TelegramBotWorkerRole').find((a) => a.id.includes('foundation-model'));
    expect(routerAck?.id).toBe(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:*::foundation-model/amazon.nova-micro-v1:0]',
    );
    expect(workerAck?.id).toBe(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:*::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0]',
    );
    expect(routerAck!.reason).toMatch(/inference profile/);
  });
});

describe('assistant configuration', () => {
  const nodeWith = (context: Record<string, unknown>) => new Stack(new App({ context })).node;

  it('defaults to Nova Micro for routing, Nova Lite for answers, and no knowledge base', () => {
    // Act + Assess
    expect(resolveAssistantConfig(nodeWith({}))).toEqual({
      routerModelId: 'amazon.nova-micro-v1:0',
      answerModelId: 'amazon.nova-lite-v1:0',
      knowledgeBaseId: undefined,
    });
  });

  it('reads -c routerModelId=… -c answerModelId=… -c knowledgeBaseId=…', () => {
    // Prepare
    const node = nodeWith({
      routerModelId: 'eu.amazon.nova-micro-v1:0',
      answerModelId: 'amazon.nova-pro-v1:0',
      knowledgeBaseId: 'ABCDEFGHIJ',
    });
    // Act + Assess
    expect(resolveAssistantConfig(node)).toEqual({
      routerModelId: 'eu.amazon.nova-micro-v1:0',
      answerModelId: 'amazon.nova-pro-v1:0',
      knowledgeBaseId: 'ABCDEFGHIJ',
    });
  });

  it('lets props win over context, field by field', () => {
    // Prepare
    const node = nodeWith({ routerModelId: 'eu.amazon.nova-micro-v1:0', knowledgeBaseId: 'ABCDEFGHIJ' });
    // Act
    const config = resolveAssistantConfig(node, { routerModelId: 'amazon.nova-micro-v1:0' });
    // Assess
    expect(config).toEqual({
      routerModelId: 'amazon.nova-micro-v1:0',
      answerModelId: DEFAULT_ANSWER_MODEL_ID,
      knowledgeBaseId: 'ABCDEFGHIJ',
    });
  });

  it('treats an empty -c knowledgeBaseId= as not set', () => {
    // Act + Assess
    expect(resolveAssistantConfig(nodeWith({ knowledgeBaseId: '' })).knowledgeBaseId).toBeUndefined();
  });

  it('fails synth on a malformed value instead of granting on a wrong ARN', () => {
    // Act + Assess
    expect(() =>
      resolveAssistantConfig(nodeWith({ routerModelId: 'arn:aws:bedrock:us-east-1::foundation-model/x' })),
    ).toThrow(/Not a Bedrock model id/);
    expect(() => resolveAssistantConfig(nodeWith({ knowledgeBaseId: 'my-kb' }))).toThrow(
      /Not a Bedrock knowledge base id/,
    );
    expect(() => resolveAssistantConfig(nodeWith({ answerModelId: 42 }))).toThrow(/must be a string/);
  });

  it('reaches the template from stack props as well as from context', () => {
    // Act
    const s = synth(
      { routerModelId: 'eu.amazon.nova-micro-v1:0' },
      { routerModelId: 'apac.amazon.nova-micro-v1:0', knowledgeBaseId: 'PROPSKB123' },
    );
    const subs = reader(s).router().DefinitionSubstitutions;
    // Assess
    expect(subs.RouterModelId).toBe('apac.amazon.nova-micro-v1:0');
    expect(subs.KnowledgeBaseId).toBe('PROPSKB123');
  }, 60_000);
});
