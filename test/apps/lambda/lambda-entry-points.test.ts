// The Lambda entry points wired as on AWS (environment only): real SDK clients reach dynalite, fake SNS and fake Step
// Functions.
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCatalogStore } from '../../../adapters/aws/dynamo-catalog-store.ts';
import { DynamoOrderRepository } from '../../../adapters/aws/dynamo-order-repository.ts';
import { CUSTOMER_EVENTS } from '../../../core/notification-texts.ts';
import { customerIdFor } from '../../../core/order-ids.ts';
import { parseNotification } from '../../../core/order-notification.ts';
import { COPACABANA } from '../../support/api-client.ts';
import { httpApiEvent } from '../../support/api-gateway-event.ts';
import { runAslDynamoUpdate } from '../../support/asl-dynamo-update.ts';
import { type AwsStandIns, STATE_MACHINE_ARN, startAwsStandIns, TOPIC_ARN } from '../../support/aws-stand-ins.ts';
import { messageAttributes, queryMap } from '../../support/fake-sns.ts';

type HttpApiModule = typeof import('../../../apps/lambda/lambda-http-api.ts');
type TasksModule = typeof import('../../../apps/lambda/lambda-order-tasks.ts');

const PHONE = '+5521987654321';
const EMAIL = 'ana@example.com';
const ORDER_BODY = {
  customer: { name: 'Ana Souza', phone: PHONE, email: EMAIL },
  items: [
    { sku: 'ACAI-300', qty: 2 },
    { sku: 'GUARANA-350', qty: 1 },
  ],
  address: COPACABANA,
  payment: { method: 'card', token: 'tok_visa' },
};

let aws: AwsStandIns;
let http: HttpApiModule;
let tasks: TasksModule;
/** A second copy of the bundle with its own clients and gateway: another Lambda execution environment. */
let otherContainer: TasksModule;
let orders: DynamoOrderRepository;
let catalog: DynamoCatalogStore;
/** The order placed through the HTTP Lambda, then driven through the task Lambdas. */
let placed: { orderId: string; accessToken: string };

const stock = async (sku: string) => (await catalog.listProducts()).find((p) => p.sku === sku)!.stock;
const order = async (id = placed.orderId) => (await orders.get(id))!;
const snsActions = (action: string) => aws.sns.calls.filter((c) => c.action === action);
const starts = () => aws.sfn.calls.filter((c) => c.operation === 'StartExecution');

beforeAll(async () => {
  aws = await startAwsStandIns();
  // Imported after the environment is set, as Lambda loads the bundle in an environment that already holds it.
  http = await import('../../../apps/lambda/lambda-http-api.ts');
  tasks = await import('../../../apps/lambda/lambda-order-tasks.ts');
  const tasksUrl = new URL('../../../apps/lambda/lambda-order-tasks.ts', import.meta.url).href;
  otherContainer = (await import(/* @vite-ignore */ `${tasksUrl}?container=2`)) as TasksModule;
  orders = new DynamoOrderRepository(aws.dynamo.client, aws.dynamo.tableName);
  catalog = new DynamoCatalogStore(aws.dynamo.client, aws.dynamo.tableName);
});
afterAll(async () => {
  await aws?.stop();
});

describe('HTTP API Lambda (lambda-http-api.handler)', () => {
  it('GET /api/catalog answers 200 with the seeded catalog read from DynamoDB', async () => {
    // Act
    const pt = await http.handler(httpApiEvent('GET', '/api/catalog'));
    const en = await http.handler(
      httpApiEvent('GET', '/api/catalog', { headers: { 'Accept-Language': 'en-US,en;q=0.9' } }),
    );

    // Assess
    expect(pt.statusCode).toBe(200);
    expect(pt.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8' });
    const body = JSON.parse(pt.body!);
    expect(body.store).toMatchObject({ name: 'Açaí & Pizza Copacabana', currency: 'BRL' });
    expect(body.items).toHaveLength(10);
    expect(body.items.find((i: { sku: string }) => i.sku === 'ACAI-300')).toEqual({
      sku: 'ACAI-300',
      name: 'Açaí 300 ml com granola e banana',
      category: 'acai',
      price: 1890,
      stock: 40,
      available: true,
    });
    expect(JSON.parse(en.body!).items.find((i: { sku: string }) => i.sku === 'ACAI-300').name).toBe(
      'Açaí bowl 300 ml with granola and banana',
    );
  });

  it('POST /api/orders answers 202, stores the order, subscribes the customer, publishes RECEIVED and starts the workflow', async () => {
    // Act
    const res = await http.handler(httpApiEvent('POST', '/api/orders', { body: JSON.stringify(ORDER_BODY) }));

    // Assess: the HTTP answer
    expect(res.statusCode).toBe(202);
    placed = JSON.parse(res.body!);
    expect(placed).toMatchObject({
      orderId: expect.stringMatching(/^[A-Z0-9]{6}$/),
      status: 'RECEIVED',
      accessToken: expect.any(String),
    });
    expect(res.headers).toMatchObject({ location: `/api/orders/${placed.orderId}` });
    // Assess: DynamoDB
    expect(await order()).toMatchObject({
      status: 'RECEIVED',
      subtotal: 2 * 1890 + 690,
      customer: { phone: PHONE, email: EMAIL },
    });
    // Assess: Step Functions
    expect(starts().map((c) => c.body)).toEqual([
      {
        stateMachineArn: STATE_MACHINE_ARN,
        name: `order-${placed.orderId}`,
        input: JSON.stringify({ orderId: placed.orderId, heartbeatSeconds: 1800 }),
      },
    ]);
    // Assess: SNS
    const customerId = customerIdFor(PHONE);
    expect(snsActions('Subscribe').map((c) => [c.params.Protocol, c.params.Endpoint])).toEqual([
      ['sms', PHONE],
      ['email', EMAIL],
    ]);
    for (const { params } of snsActions('Subscribe')) {
      expect(JSON.parse(queryMap(params, 'Attributes', 'key', 'value').FilterPolicy!)).toEqual({
        customerId: [customerId],
        event: [...CUSTOMER_EVENTS],
      });
    }
    const [publish] = snsActions('Publish');
    expect(publish!.params).toMatchObject({ TopicArn: TOPIC_ARN, MessageStructure: 'json' });
    expect(messageAttributes(publish!.params)).toEqual({
      event: { DataType: 'String', StringValue: 'RECEIVED' },
      orderId: { DataType: 'String', StringValue: placed.orderId },
      customerId: { DataType: 'String', StringValue: customerId },
    });
    expect(aws.sns.deliveries.map((d) => [d.protocol, d.endpoint, d.body])).toEqual([
      ['sms', PHONE, `Recebemos seu pedido ${placed.orderId}. Estamos conferindo a disponibilidade e o pagamento.`],
      ['email', EMAIL, `Recebemos seu pedido ${placed.orderId}. Estamos conferindo a disponibilidade e o pagamento.`],
    ]);
  });

  it('decodes a base64-encoded body (isBase64Encoded: true)', async () => {
    // Prepare
    const before = starts().length;

    // Act
    const res = await http.handler(
      httpApiEvent('POST', '/api/orders', {
        body: JSON.stringify({ ...ORDER_BODY, items: [{ sku: 'MATE-500', qty: 1 }] }),
        base64: true,
      }),
    );

    // Assess
    expect(res.statusCode).toBe(202);
    const { orderId } = JSON.parse(res.body!);
    expect((await order(orderId)).items).toEqual([
      { sku: 'MATE-500', name: 'Mate gelado com limão 500 ml', qty: 1, price: 890 },
    ]);
    expect(
      starts()
        .slice(before)
        .map((c) => c.body.name),
    ).toEqual([`order-${orderId}`]);
  });

  it('answers 400 to a body that is not JSON, and starts nothing and publishes nothing', async () => {
    // Prepare
    const [startsBefore, snsBefore] = [starts().length, aws.sns.calls.length];

    // Act
    const res = await http.handler(httpApiEvent('POST', '/api/orders', { body: '{"customer": {"name": "Ana"' }));

    // Assess
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body!).error.code).toBe('INVALID_JSON');
    expect(starts()).toHaveLength(startsBefore);
    expect(aws.sns.calls).toHaveLength(snsBefore);
  });

  it('answers with no Telegram link by default, and with a one-time t.me link in a container given TELEGRAM_BOT_USERNAME', async () => {
    // Prepare: another container of the bundle, loaded in an environment that names the bot (infra sets it from
    // context).
    process.env.TELEGRAM_BOT_USERNAME = 'loja_copacabana_bot';
    const url = new URL('../../../apps/lambda/lambda-http-api.ts', import.meta.url).href;
    const linked = (await import(/* @vite-ignore */ `${url}?container=link`)) as HttpApiModule;
    const event = () => httpApiEvent('POST', '/api/orders', { body: JSON.stringify(ORDER_BODY) });

    // Act
    const withLink = await linked.handler(event());
    delete process.env.TELEGRAM_BOT_USERNAME;
    const without = await http.handler(event());

    // Assess
    const body = JSON.parse(withLink.body!);
    expect(body.links.telegram).toMatch(/^https:\/\/t\.me\/loja_copacabana_bot\?start=[A-Za-z0-9_-]{43}$/);
    expect(JSON.parse(without.body!)).not.toHaveProperty('links');
  });

  it('replays an Idempotency-Key: same order, and the repeated start is accepted by the running execution', async () => {
    // Prepare
    const event = () =>
      httpApiEvent('POST', '/api/orders', {
        body: JSON.stringify(ORDER_BODY),
        headers: { 'Idempotency-Key': 'retry-me-0001' },
      });
    const before = starts().length;

    // Act
    const first = await http.handler(event());
    const second = await http.handler(event());

    // Assess
    expect([first.statusCode, second.statusCode]).toEqual([202, 202]);
    const id = JSON.parse(first.body!).orderId;
    expect(JSON.parse(second.body!).orderId).toBe(id);
    expect(second.headers).toMatchObject({ 'idempotent-replayed': 'true' });
    expect(
      starts()
        .slice(before)
        .map((c) => c.body.name),
    ).toEqual([`order-${id}`, `order-${id}`]);
    expect([...aws.sfn.executions.values()].filter((e) => e.name === `order-${id}`)).toHaveLength(1);
  });
});

describe('Order task Lambdas (lambda-order-tasks), invoked in workflow order with the state input', () => {
  it("ReceiveOrder (the ASL's direct DynamoDB update) attaches the execution, checkStoreOpen finds the shop open, and reserveStock holds the stock", async () => {
    // Prepare
    const executionArn = aws.sfn.executions.get(`order-${placed.orderId}`)!.executionArn;
    await runAslDynamoUpdate(aws.dynamo.client, 'ReceiveOrder', {
      input: { orderId: placed.orderId },
      executionArn,
      substitutions: { TableName: aws.dynamo.tableName },
    });

    // Act
    const open = await tasks.checkStoreOpen({ orderId: placed.orderId });
    await catalog.setPause(new Date(Date.now() + 60_000));
    const paused = await tasks.checkStoreOpen({ orderId: placed.orderId });
    await catalog.setPause(null);
    const result = await tasks.reserveStock({ orderId: placed.orderId });

    // Assess
    expect([open, paused]).toEqual([{ state: 'open' }, { state: 'paused' }]);
    expect(result).toEqual({ available: true, missing: [] });
    expect(await order()).toMatchObject({ executionArn, version: 1, status: 'RECEIVED' });
    expect([await stock('ACAI-300'), await stock('GUARANA-350')]).toEqual([38, 59]);
  });

  it('computeDeliveryFee prices the delivery and stores fee and total on the order', async () => {
    // Act
    const result = await tasks.computeDeliveryFee({ orderId: placed.orderId });

    // Assess
    expect(result).toMatchObject({ inArea: true, fee: expect.any(Number), distanceKm: expect.any(Number) });
    expect(result.fee).toBeGreaterThan(500);
    const o = await order();
    expect([o.deliveryFee, o.total]).toEqual([result.fee, o.subtotal + result.fee]);
  });

  it('chargePayment charges once when Step Functions retries it in another container while the first attempt still runs', async () => {
    // Act
    const [first, racingRetry] = await Promise.all([
      tasks.chargePayment({ orderId: placed.orderId }),
      otherContainer.chargePayment({ orderId: placed.orderId }),
    ]);
    const laterRetry = await tasks.chargePayment({ orderId: placed.orderId });

    // Assess
    expect(otherContainer.chargePayment).not.toBe(tasks.chargePayment);
    expect(first.chargeId).toMatch(/^ch_/);
    expect([racingRetry.chargeId, laterRetry.chargeId]).toEqual([first.chargeId, first.chargeId]);
    const o = await order();
    // The key names the order and the amount: a retry can only ever replay this charge.
    const key = `${placed.orderId}:charge:${o.total}`;
    expect(o.charges).toEqual([{ chargeId: first.chargeId, amount: o.total, idempotencyKey: key, reason: 'order' }]);
    const ledger = await aws.dynamo.client.send(
      new GetItemCommand({
        TableName: aws.dynamo.tableName,
        Key: { pk: { S: `PAYMENT#charge:${key}` }, sk: { S: 'PAYMENT' } },
        ConsistentRead: true,
      }),
    );
    expect(ledger.Item?.chargeId?.S).toBe(first.chargeId);
    expect(ledger.Item?.amount?.N).toBe(String(o.total));
  });

  it('confirmOrder confirms the order and returns a notification that SNS accepts as Publish parameters', async () => {
    // Prepare
    const sns = new SNSClient({});
    aws.sns.deliveries.length = 0;

    // Act
    const { notification } = await tasks.confirmOrder({ orderId: placed.orderId });
    // What the NotifyConfirmed state's sns:publish integration sends.
    await sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, ...notification }));
    sns.destroy();

    // Assess
    expect((await order()).status).toBe('CONFIRMED');
    expect(parseNotification(notification).payload).toMatchObject({
      event: 'CONFIRMED',
      orderId: placed.orderId,
      status: 'CONFIRMED',
    });
    expect(aws.sns.deliveries.map((d) => d.endpoint)).toEqual([PHONE, EMAIL]);
    expect(aws.sns.deliveries[0]!.body).toMatch(new RegExp(`^Pedido ${placed.orderId} confirmado!`));
  });

  it('a task on an order that moved on fails with the error name the ASL catches', async () => {
    // Act
    const result = tasks.reserveStock({ orderId: placed.orderId });

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'OrderNoLongerPending' });
  });

  it('awaitStage stores the callback token of the stage now awaited', async () => {
    // Act
    const result = await tasks.awaitStage({ orderId: placed.orderId, taskToken: 'tok-1', heartbeatSeconds: 1800 });

    // Assess: what the local engine arms its heartbeat from (Step Functions counts it itself)
    const confirmedAt = (await order()).history.at(-1)!.at;
    expect(result).toEqual({ awaiting: 'PREPARING', waitingSince: confirmedAt, heartbeatSeconds: 1800 });
    expect((await order()).taskToken).toBe('tok-1');
  });

  it('staff advance over HTTP completes the callback, and applyStage with its output moves the order to PREPARING', async () => {
    // Prepare: Step Functions would run ApplyStage with { orderId, advance: <task output> } once the callback succeeds.
    const applied: unknown[] = [];
    aws.sfn.addTask('tok-1');
    aws.sfn.onTaskSuccess = async (_token, output) => {
      applied.push(
        await tasks.applyStage({ orderId: placed.orderId, advance: output as { to: 'PREPARING'; by: string } }),
      );
    };

    // Act
    const res = await http.handler(
      httpApiEvent('POST', `/api/orders/${placed.orderId}/advance`, {
        headers: { Authorization: 'Bearer staff-secret-token-for-tests' },
      }),
    );

    // Assess
    expect(aws.sfn.hookErrors).toEqual([]);
    expect(aws.sfn.calls.filter((c) => c.operation === 'SendTaskSuccess').map((c) => c.body)).toEqual([
      { taskToken: 'tok-1', output: '{"to":"PREPARING","by":"staff"}' },
    ]);
    expect(applied).toEqual([expect.objectContaining({ status: 'PREPARING' })]);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body!).status).toBe('PREPARING');
    const o = await order();
    expect(o.taskToken).toBeUndefined();
    expect(o.history.at(-1)).toMatchObject({ status: 'PREPARING', by: 'staff' });
  });

  it('applyStage retried with the same advance changes nothing', async () => {
    // Prepare
    const version = (await order()).version;

    // Act
    const again = await tasks.applyStage({ orderId: placed.orderId, advance: { to: 'PREPARING', by: 'staff' } });

    // Assess
    expect(again.status).toBe('PREPARING');
    expect((await order()).version).toBe(version);
  });

  it('flagStageOverdue counts the alert and drops the token; its STAGE_OVERDUE event reaches no customer', async () => {
    // Prepare
    await tasks.awaitStage({ orderId: placed.orderId, taskToken: 'tok-2' });
    const sns = new SNSClient({});
    aws.sns.deliveries.length = 0;

    // Act
    const { overdueAlerts, notification } = await tasks.flagStageOverdue({ orderId: placed.orderId });
    await sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, ...notification }));
    sns.destroy();

    // Assess
    expect(overdueAlerts).toBe(1);
    expect(notification.MessageAttributes.event.StringValue).toBe('STAGE_OVERDUE');
    expect((await order()).taskToken).toBeUndefined();
    expect(snsActions('Publish').at(-1)!.params.TopicArn).toBe(TOPIC_ARN);
    expect(aws.sns.deliveries).toEqual([]);
  });

  it('the customer then reads PREPARING through the HTTP Lambda with their access token', async () => {
    // Act
    const res = await http.handler(
      httpApiEvent('GET', `/api/orders/${placed.orderId}`, {
        headers: { Authorization: `Bearer ${placed.accessToken}` },
      }),
    );

    // Assess
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body!).history.map((h: { status: string }) => h.status)).toEqual([
      'RECEIVED',
      'CONFIRMED',
      'PREPARING',
    ]);
  });
});

describe('Order task Lambdas on a declined card', () => {
  it('chargePayment throws PaymentDeclined (the ASL Catch name), and closeOrder releases the stock and notifies PAYMENT_FAILED', async () => {
    // Prepare
    const body = JSON.stringify({
      ...ORDER_BODY,
      items: [{ sku: 'PIZZA-FRANGO', qty: 2 }],
      payment: { method: 'card', token: 'tok_chargeDeclined' },
    });
    const { orderId } = JSON.parse((await http.handler(httpApiEvent('POST', '/api/orders', { body }))).body!);
    await tasks.reserveStock({ orderId });
    await tasks.computeDeliveryFee({ orderId });
    const held = await stock('PIZZA-FRANGO');

    // Act
    const charge = tasks.chargePayment({ orderId });
    await expect(charge).rejects.toMatchObject({ name: 'PaymentDeclined' });
    const { notification } = await tasks.closeOrder({ orderId, status: 'PAYMENT_FAILED', reason: 'PAYMENT_DECLINED' });

    // Assess
    expect([held, await stock('PIZZA-FRANGO')]).toEqual([1, 3]);
    expect(await order(orderId)).toMatchObject({
      status: 'PAYMENT_FAILED',
      reason: 'PAYMENT_DECLINED',
      charges: [],
      refunds: [],
    });
    expect(notification && parseNotification(notification).payload).toMatchObject({ event: 'PAYMENT_FAILED', orderId });
  });
});
