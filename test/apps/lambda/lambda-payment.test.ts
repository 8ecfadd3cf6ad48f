// The Mercado Pago Lambdas wired as on AWS (environment only): an order placed through the HTTP Lambda is charged by
// the task Lambdas on the Mercado Pago stand-in (token read from the fake Secrets Manager by ARN), the stand-in's signed
// webhook reaches the webhook Lambda through a loopback API Gateway, lands in the fake SQS FIFO queue, and the worker
// Lambda reads the payment back and completes the workflow's token.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoOrderRepository } from '../../../adapters/aws/dynamo-order-repository.ts';
import { MERCADOPAGO_WEBHOOK_PATH } from '../../../api/payment-webhook.ts';
import { COPACABANA } from '../../support/api-client.ts';
import { httpApiEvent } from '../../support/api-gateway-event.ts';
import { runAslDynamoUpdate } from '../../support/asl-dynamo-update.ts';
import { type AwsStandIns, startAwsStandIns } from '../../support/aws-stand-ins.ts';
import {
  FAKE_MP_TOKEN,
  FAKE_MP_WEBHOOK_SECRET,
  type FakeMercadoPago,
  startFakeMercadoPago,
} from '../../support/fake-mercadopago.ts';
import { type FakeSecretsManager, startFakeSecretsManager } from '../../support/fake-secrets-manager.ts';
import { type FakeSqs, sqsEvent, sqsRecord, startFakeSqs } from '../../support/fake-sqs.ts';
import { type LoopbackServer, startLoopbackServer } from '../../support/loopback-server.ts';

type HttpApiModule = typeof import('../../../apps/lambda/lambda-http-api.ts');
type TasksModule = typeof import('../../../apps/lambda/lambda-order-tasks.ts');
type WebhookModule = typeof import('../../../apps/lambda/lambda-payment-webhook.ts');
type WorkerModule = typeof import('../../../apps/lambda/lambda-payment-worker.ts');

const QUEUE = 'DeliveryAssistantStack-PaymentsNotices1A2B3C4D-Zx81kQ2mLp0a.fifo';
const TOKEN_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:PaymentsAccessToken-AbCdEf';
const WEBHOOK_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:PaymentsWebhookSecret-GhIjKl';

let aws: AwsStandIns;
let mp: FakeMercadoPago;
let secrets: FakeSecretsManager;
let sqs: FakeSqs;
let gateway: LoopbackServer;
let http: HttpApiModule;
let tasks: TasksModule;
let webhook: WebhookModule['webhook'];
let worker: WorkerModule['worker'];
let orders: DynamoOrderRepository;

const webhookUrl = () => `${gateway.url}${MERCADOPAGO_WEBHOOK_PATH}`;

/** Places a Pix order through the HTTP Lambda and runs the task Lambdas up to the payment wait (token `taskToken`). */
async function pixOrderWaiting(taskToken: string): Promise<{ orderId: string; paymentId: string }> {
  const body = JSON.stringify({
    customer: { name: 'Ana Souza', phone: '+5521987654321' },
    items: [{ sku: 'ACAI-300', qty: 1 }],
    address: COPACABANA,
    payment: { method: 'pix' },
  });
  const placed = await http.handler(httpApiEvent('POST', '/api/orders', { body }));
  expect(placed.statusCode).toBe(202);
  const { orderId } = JSON.parse(placed.body!) as { orderId: string };
  const executionArn = aws.sfn.executions.get(`order-${orderId}`)!.executionArn;
  await runAslDynamoUpdate(aws.dynamo.client, 'ReceiveOrder', {
    input: { orderId },
    executionArn,
    substitutions: { TableName: aws.dynamo.tableName },
  });
  await tasks.checkStoreOpen({ orderId });
  await tasks.reserveStock({ orderId });
  await tasks.computeDeliveryFee({ orderId });
  await tasks.chargePayment({ orderId });
  aws.sfn.addTask(taskToken);
  expect(await tasks.awaitPayment({ orderId, taskToken })).toEqual({ waiting: true });
  const o = (await orders.get(orderId))!;
  return { orderId, paymentId: o.awaitingPayment!.chargeId };
}

beforeAll(async () => {
  aws = await startAwsStandIns();
  mp = await startFakeMercadoPago();
  secrets = await startFakeSecretsManager({ [TOKEN_ARN]: FAKE_MP_TOKEN, [WEBHOOK_SECRET_ARN]: FAKE_MP_WEBHOOK_SECRET });
  sqs = await startFakeSqs({ queues: [QUEUE] });
  // What infra/payment-provider.ts gives the functions (connect() on the HTTP API and the tasks), plus the stand-ins.
  aws.setEnv({
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    AWS_ENDPOINT_URL_SQS: sqs.url,
    PAYMENT_QUEUE_URL: sqs.queueUrl(QUEUE),
    MERCADOPAGO_WEBHOOK_SECRET_SECRET_ARN: WEBHOOK_SECRET_ARN,
    MERCADOPAGO_ACCESS_TOKEN_SECRET_ARN: TOKEN_ARN,
    MERCADOPAGO_API_URL: mp.url,
    MERCADOPAGO_ACCESS_TOKEN: undefined,
    MERCADOPAGO_WEBHOOK_SECRET: undefined,
    POWERTOOLS_DEV: 'true',
  });
  // Imported after the environment is set, as Lambda loads the bundle in an environment that already holds it.
  http = await import('../../../apps/lambda/lambda-http-api.ts');
  tasks = await import('../../../apps/lambda/lambda-order-tasks.ts');
  webhook = (await import('../../../apps/lambda/lambda-payment-webhook.ts')).webhook;
  worker = (await import('../../../apps/lambda/lambda-payment-worker.ts')).worker;
  orders = new DynamoOrderRepository(aws.dynamo.client, aws.dynamo.tableName);
  // API Gateway's route, on loopback: the stand-in's real HTTP webhook becomes the HTTP API event the Lambda gets.
  gateway = await startLoopbackServer(async (req) => {
    const [path, query = ''] = req.url.split('?');
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const event = { ...httpApiEvent(req.method, path!, { body: req.body, headers }), rawQueryString: query };
    const res = (await webhook(event)) as APIGatewayProxyStructuredResultV2;
    return { status: res.statusCode ?? 200, contentType: 'application/json', body: String(res.body ?? '') };
  });
});
afterAll(async () => {
  await aws?.stop();
  await Promise.all([mp?.close(), secrets?.close(), sqs?.close(), gateway?.close()]);
});

describe('Mercado Pago on the Lambdas', () => {
  it('charges a Pix on Mercado Pago with the access token read from Secrets Manager', async () => {
    // Act
    const { orderId, paymentId } = await pixOrderWaiting('token-pix-1');

    // Assess
    expect(mp.paymentsOf(orderId).map((p) => String(p.id))).toEqual([paymentId]);
    expect(mp.payments.get(paymentId)!.status).toBe('pending');
    expect(secrets.requests).toContain(TOKEN_ARN);
    expect(secrets.requests).not.toContain(WEBHOOK_SECRET_ARN);
  });

  it('queues only a signed notification, and the worker reads the payment back and completes the token', async () => {
    // Prepare
    const { orderId, paymentId } = await pixOrderWaiting('token-pix-2');
    mp.pay(paymentId);
    const before = sqs.messages(QUEUE).length;

    // Act
    const unsigned = await mp.sendWebhook(webhookUrl(), paymentId, { signature: 'none' });
    const forged = await mp.sendWebhook(webhookUrl(), paymentId, { signature: 'wrong' });
    const signed = await mp.sendWebhook(webhookUrl(), paymentId, { requestId: 'req-paid-1' });
    const repeated = await mp.sendWebhook(webhookUrl(), paymentId, { requestId: 'req-paid-1' });
    const queued = sqs.messages(QUEUE).slice(before);
    const result = await worker(sqsEvent(queued.map((m) => sqsRecord(m))));

    // Assess
    expect([unsigned, forged, signed, repeated]).toEqual([401, 401, 200, 200]);
    expect(queued.map((m) => JSON.parse(m.body))).toEqual([{ paymentId }]);
    expect(secrets.requests).toContain(WEBHOOK_SECRET_ARN);
    expect(result.batchItemFailures).toEqual([]);
    const success = aws.sfn.calls.filter((c) => c.operation === 'SendTaskSuccess');
    expect(success.map((c) => c.body.taskToken)).toContain('token-pix-2');
    expect((await orders.get(orderId))!.charges.map((c) => c.chargeId)).toEqual([paymentId]);
  });

  it('fails the record when Mercado Pago is down, so SQS delivers it again, and applies it on the redelivery', async () => {
    // Prepare
    const { orderId, paymentId } = await pixOrderWaiting('token-pix-3');
    mp.pay(paymentId);
    const before = sqs.messages(QUEUE).length;
    expect(await mp.sendWebhook(webhookUrl(), paymentId, { requestId: 'req-paid-3' })).toBe(200);
    const record = sqsRecord(sqs.messages(QUEUE)[before]!);
    mp.failNext(1, 503);

    // Act
    const first = await worker(sqsEvent([record]));
    const redelivered = await worker(sqsEvent([record]));

    // Assess
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(redelivered.batchItemFailures).toEqual([]);
    expect((await orders.get(orderId))!.charges.map((c) => c.chargeId)).toEqual([paymentId]);
  });
});
