// Template assertions on Mercado Pago's deployment (-c mercadoPago=true): the webhook route, its FIFO queue and DLQ, the
// two secrets, least privilege on exact ARNs, the access token wired into every function running the order use cases,
// the task-token callbacks; and that without the setting nothing of it is deployed.
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { MERCADOPAGO_WEBHOOK_PATH } from '../../api/payment-webhook.ts';
import { TASK_TOKEN_CALLERS } from '../../infra/order-workflow.ts';
import { PAYMENT_CONTEXT_KEYS, resolvePaymentConfig } from '../../infra/payment-config.ts';
import { PAYMENT_MAX_RECEIVE_COUNT, PAYMENT_WORKER_TIMEOUT } from '../../infra/payment-provider.ts';
import { TABLE_ITEM_ACTIONS } from '../../infra/table-access.ts';
import { TASK_CALLBACK_ACTIONS } from '../../infra/task-callbacks.ts';
import { getAtt, type Json, list, ref, type Statement, synthStack, templateReader } from './synth-reader.ts';

const withMp = synthStack('PaymentsStack', { payment: { mercadoPago: true } });
const { idsOf, idOf, statementsOfRole, functionRoleId } = templateReader(withMp);
const res = withMp.resources;

const fnId = (name: 'Webhook' | 'Worker') => idOf('AWS::Lambda::Function', `Payments${name}Function`);
const env = (id: string): Record<string, Json> => res[id].Properties.Environment.Variables;
const statementsOf = (id: string) =>
  statementsOfRole(functionRoleId(id)).filter((s) => !/^logs:/.test(list(s.Action)[0]!));
const noticesId = () => idsOf('AWS::SQS::Queue').find((id) => /^PaymentsNotices[0-9A-F]{8}$/.test(id))!;
const noticesDlqId = () => idOf('AWS::SQS::Queue', 'PaymentsNoticesDlq');
const accessTokenId = () => idOf('AWS::SecretsManager::Secret', 'PaymentsAccessToken');
const webhookSecretId = () => idOf('AWS::SecretsManager::Secret', 'PaymentsWebhookSecret');
const tableId = () => idsOf('AWS::DynamoDB::Table')[0]!;
const sorted = (x: string | string[]) => [...list(x)].sort();

describe('Mercado Pago webhook route', () => {
  it('routes POST /payments/mercadopago/webhook to the webhook function, beside the other routes', () => {
    // Prepare
    const routes = idsOf('AWS::ApiGatewayV2::Route').map((id) => res[id].Properties);
    const targetOf = (route: Json) => res[route.Target['Fn::Join'][1][1].Ref].Properties;
    // Act
    const byKey = Object.fromEntries(routes.map((r) => [r.RouteKey, targetOf(r)]));
    // Assess
    expect(Object.keys(byKey).sort()).toEqual([
      '$default',
      `POST ${MERCADOPAGO_WEBHOOK_PATH}`,
      'POST /slack/events',
      'POST /telegram/webhook',
    ]);
    expect(byKey[`POST ${MERCADOPAGO_WEBHOOK_PATH}`]).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: getAtt(fnId('Webhook')),
      PayloadFormatVersion: '2.0',
    });
  });

  it('gives the webhook its queue and secret ARN, and lets it only send to that queue and read that secret', () => {
    // Assess
    expect(env(fnId('Webhook'))).toMatchObject({
      PAYMENT_QUEUE_URL: ref(noticesId()),
      MERCADOPAGO_WEBHOOK_SECRET_SECRET_ARN: ref(webhookSecretId()),
    });
    expect(env(fnId('Webhook'))).not.toHaveProperty('NODE_OPTIONS');
    expect(statementsOf(fnId('Webhook'))).toEqual([
      { Sid: 'EnqueuePaymentNotices', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt(noticesId()) },
      {
        Sid: 'ReadWebhookSecret',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: ref(webhookSecretId()),
      },
    ]);
  });
});

describe('payment notices queue', () => {
  it('is a FIFO queue without content-based deduplication, redriving to a FIFO DLQ that alarms', () => {
    // Assess
    expect(res[noticesId()].Properties).toMatchObject({
      FifoQueue: true,
      ContentBasedDeduplication: false,
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 6 * PAYMENT_WORKER_TIMEOUT.toSeconds(),
      RedrivePolicy: { deadLetterTargetArn: getAtt(noticesDlqId()), maxReceiveCount: PAYMENT_MAX_RECEIVE_COUNT },
    });
    expect(res[noticesDlqId()].Properties).toMatchObject({ FifoQueue: true, MessageRetentionPeriod: 14 * 86400 });
    const alarm = res[idOf('AWS::CloudWatch::Alarm', 'PaymentsNoticesDlqAlarm')].Properties;
    expect(alarm).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [noticesDlqId(), 'QueueName'] } }],
    });
  });

  it('triggers the worker in batches of 10 with partial batch responses', () => {
    // Act
    const mappings = idsOf('AWS::Lambda::EventSourceMapping')
      .map((id) => res[id].Properties)
      .filter((m) => m.FunctionName.Ref === fnId('Worker'));
    // Assess
    expect(mappings).toEqual([
      {
        EventSourceArn: getAtt(noticesId()),
        FunctionName: ref(fnId('Worker')),
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      },
    ]);
  });
});

describe('Mercado Pago secrets', () => {
  it('deploys both as generated placeholders, never a value in the template', () => {
    for (const id of [accessTokenId(), webhookSecretId()]) {
      expect(res[id].Properties.GenerateSecretString, id).toBeDefined();
      expect(res[id].Properties.SecretString, id).toBeUndefined();
    }
    expect(Object.keys(withMp.outputs)).toEqual(
      expect.arrayContaining([
        'MercadoPagoWebhookUrl',
        'MercadoPagoAccessTokenSecretArn',
        'MercadoPagoWebhookSecretArn',
      ]),
    );
  });
});

describe('payment worker', () => {
  it('may touch the table items, publish order events, answer task tokens, read the access token, and receive notices', () => {
    // Act
    const bySid = Object.fromEntries(statementsOf(fnId('Worker')).map((s) => [s.Sid ?? 'queue', s]));
    // Assess
    expect(env(fnId('Worker'))).toMatchObject({
      TABLE_NAME: ref(tableId()),
      MERCADOPAGO_ACCESS_TOKEN_SECRET_ARN: ref(accessTokenId()),
    });
    expect(bySid.TableItems).toMatchObject({ Action: TABLE_ITEM_ACTIONS, Resource: getAtt(tableId()) });
    expect(bySid.PublishOutboxEvents).toMatchObject({ Action: 'sns:Publish' });
    expect(bySid.CompleteWorkflowTasks).toMatchObject({ Action: TASK_CALLBACK_ACTIONS, Resource: '*' });
    expect(bySid.ReadMercadoPagoAccessToken).toMatchObject({
      Action: 'secretsmanager:GetSecretValue',
      Resource: ref(accessTokenId()),
    });
    expect(bySid.queue).toMatchObject({ Resource: getAtt(noticesId()) });
    expect(sorted(bySid.queue!.Action)).toEqual(
      expect.arrayContaining(['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:ReceiveMessage']),
    );
    expect(Object.keys(bySid).sort()).toEqual(
      ['CompleteWorkflowTasks', 'PublishOutboxEvents', 'ReadMercadoPagoAccessToken', 'TableItems', 'queue'].sort(),
    );
  });
});

describe('the order use cases on Mercado Pago', () => {
  it('gives every function that runs them the access token ARN and GetSecretValue on exactly that secret', () => {
    // Prepare
    const users = idsOf('AWS::Lambda::Function').filter((id) =>
      /^(OrderWorkflow|HttpApiHandler|TelegramBotWorker|SlackConsoleWorker|PaymentsWorker)/.test(id),
    );
    // Assess
    expect(users.length).toBeGreaterThan(12);
    for (const id of users) {
      expect(env(id).MERCADOPAGO_ACCESS_TOKEN_SECRET_ARN, id).toEqual(ref(accessTokenId()));
      expect(env(id).MERCADOPAGO_NOTIFICATION_URL, id).toBeDefined();
      const reads = statementsOf(id).filter((s) => list(s.Action).includes('secretsmanager:GetSecretValue'));
      expect(
        reads.filter((s) => JSON.stringify(s.Resource) === JSON.stringify(ref(accessTokenId()))),
        id,
      ).toHaveLength(1);
    }
    // The edges never see the access token.
    for (const id of idsOf('AWS::Lambda::Function').filter((i) => /^(PaymentsWebhook|TelegramBotWebhook)/.test(i)))
      expect(env(id), id).not.toHaveProperty('MERCADOPAGO_ACCESS_TOKEN_SECRET_ARN');
  });

  it('lets awaitPayment, expirePayment and the payment worker answer task tokens, and no other task', () => {
    // Prepare
    const callers = (ids: string[]) =>
      ids.filter((id) =>
        statementsOf(id).some((s: Statement) => TASK_CALLBACK_ACTIONS.every((a) => list(s.Action).includes(a))),
      );
    const tasks = idsOf('AWS::Lambda::Function').filter((id) => id.startsWith('OrderWorkflow'));
    // Act
    const granted = callers(tasks).map((id) => res[id].Properties.Handler);
    // Assess
    expect(granted.map((h: string) => h.replace(/^index\./, '')).sort()).toEqual([...TASK_TOKEN_CALLERS].sort());
    expect(callers([fnId('Worker')])).toHaveLength(1);
  });

  it('passes cdk-nag with no unacknowledged finding', () => {
    // Act
    const report = withMp.nag.validateScope(withMp.stack);
    // Assess
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });
});

describe('without Mercado Pago', () => {
  it('deploys none of it and keeps the simulated gateway everywhere', () => {
    // Act
    const plain = synthStack('PlainStack');
    const plainIds = Object.keys(plain.resources);
    // Assess
    expect(plainIds.filter((id) => id.startsWith('Payments'))).toEqual([]);
    for (const id of plainIds.filter((i) => plain.resources[i].Type === 'AWS::Lambda::Function'))
      expect(plain.resources[id].Properties.Environment?.Variables ?? {}, id).not.toHaveProperty(
        'MERCADOPAGO_ACCESS_TOKEN_SECRET_ARN',
      );
    const routes = plainIds
      .filter((i) => plain.resources[i].Type === 'AWS::ApiGatewayV2::Route')
      .map((i) => plain.resources[i].Properties.RouteKey);
    expect(routes).not.toContain(`POST ${MERCADOPAGO_WEBHOOK_PATH}`);
  });

  it('reads -c mercadoPago=true|false and refuses anything else', () => {
    // Prepare
    const nodeWith = (value: unknown) => new App({ context: { [PAYMENT_CONTEXT_KEYS.mercadoPago]: value } }).node;
    // Assess
    expect(resolvePaymentConfig(nodeWith('true'))).toEqual({ mercadoPago: true, pixExpiryMinutes: 15 });
    expect(resolvePaymentConfig(nodeWith('false'))).toEqual({ mercadoPago: false, pixExpiryMinutes: 15 });
    expect(resolvePaymentConfig(new App().node)).toEqual({ mercadoPago: false, pixExpiryMinutes: 15 });
    expect(() => resolvePaymentConfig(nodeWith('yes'))).toThrow(/must be true or false/);
  });

  it('reads -c pixExpiryMinutes into every order task, and refuses what is not whole minutes from 1 to 1440', () => {
    // Prepare
    const nodeWith = (value: unknown) => new App({ context: { [PAYMENT_CONTEXT_KEYS.pixExpiryMinutes]: value } }).node;
    const longer = synthStack('PixExpiryStack', { payment: { pixExpiryMinutes: 30 } });
    const tasks = templateReader(longer)
      .idsOf('AWS::Lambda::Function')
      .map((id) => longer.resources[id].Properties)
      .filter((p) => /Order workflow task/.test(p.Description ?? ''));
    // Assess
    expect(resolvePaymentConfig(nodeWith('20')).pixExpiryMinutes).toBe(20);
    expect(() => resolvePaymentConfig(nodeWith('0'))).toThrow(/whole minutes from 1 to 1440/);
    expect(() => resolvePaymentConfig(nodeWith('7.5'))).toThrow(/whole minutes from 1 to 1440/);
    expect(tasks).toHaveLength(12);
    expect(new Set(tasks.map((p) => p.Environment.Variables.PIX_EXPIRY_MINUTES))).toEqual(new Set(['30']));
  });
});
