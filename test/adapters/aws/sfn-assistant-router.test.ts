// The assistant router on AWS through the real @aws-sdk/client-sfn: StartSyncExecution against the Step Functions
// stand-in, the `sync-` host prefix, the real ASL behind it, and failed executions as typed errors.
import { SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoOrderRepository } from '../../../adapters/aws/dynamo-order-repository.ts';
import {
  createSfnAssistantRouter,
  RouterExecutionError,
  routerSfnClientConfig,
  sfnEndpointOverride,
} from '../../../adapters/aws/sfn-assistant-router.ts';
import { createLocalRouter, type LocalRouter } from '../../../apps/local/local-router.ts';
import type { RouterInput, RouterOutput } from '../../../core/router-contract.ts';
import { makeOrder } from '../../core/order-fixture.ts';
import { freshTable } from '../../support/dynalite-table.ts';
import { type FakeSfn, type SyncExecutionHandler, startFakeSfn } from '../../support/fake-sfn.ts';

const ROUTER_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:AssistantRouter-Xy12Ab34Cd56';
const ORDER_WORKFLOW_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:OrderWorkflow';
const CREDENTIALS = { accessKeyId: 'test-access-key', secretAccessKey: 'test-secret-key' };
const ANA = 'c_ana0000000000000000';

const RAG: RouterOutput = {
  route: 'rag',
  intent: 'faq',
  lang: 'pt-BR',
  orderId: null,
  orders: [],
  context: [{ text: 'Não entregamos em Niterói.', source: 's3://kb/pt-BR/areas-e-taxas-de-entrega.md', score: 0.82 }],
  contextUnavailable: false,
  systemInstructions:
    'Answer the customer in their language (pt-BR), briefly, using only the store information in the context passages.',
  usage: {
    classifier: { inputTokens: 0, outputTokens: 0 },
    keywords: { inputTokens: 51, outputTokens: 4 },
    retrievalCheck: { inputTokens: 60, outputTokens: 1 },
  },
};

const input = (message: string, over: Partial<RouterInput> = {}): RouterInput => ({
  message,
  lang: 'pt-BR',
  conversationId: 'telegram:42',
  customerId: ANA,
  orders: [],
  history: [],
  ...over,
});

let sfn: FakeSfn;
let handler: SyncExecutionHandler;
const clients: SFNClient[] = [];
/** A client configured as the Lambda's would be from AWS_ENDPOINT_URL_SFN (plus test credentials). */
function routerFor(): ReturnType<typeof createSfnAssistantRouter> {
  const client = new SFNClient({
    ...routerSfnClientConfig({ AWS_ENDPOINT_URL_SFN: sfn.url }),
    endpoint: sfn.url,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    maxAttempts: 1,
  });
  clients.push(client);
  return createSfnAssistantRouter({ stateMachineArn: ROUTER_ARN, client });
}

beforeAll(async () => {
  sfn = await startFakeSfn({
    stateMachines: [ORDER_WORKFLOW_ARN],
    expressStateMachines: { [ROUTER_ARN]: (e) => handler(e) },
  });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await sfn.close();
});
beforeEach(() => {
  sfn.syncExecutions.length = 0;
  sfn.calls.length = 0;
  handler = () => ({ status: 'SUCCEEDED', output: RAG });
});

describe('createSfnAssistantRouter', () => {
  it('runs one StartSyncExecution with the trimmed input as JSON and returns the parsed output', async () => {
    // Prepare: a history that starts with an assistant turn (the Messages API refuses those)
    const router = routerFor();
    const asked = input('vocês entregam em Niterói?', {
      history: [
        { role: 'assistant', text: 'Olá!' },
        { role: 'user', text: 'oi' },
        { role: 'assistant', text: 'Como posso ajudar?' },
      ],
    });

    // Act
    const out = await router.route(asked);

    // Assess
    expect(out).toEqual(RAG);
    expect(sfn.calls.map((c) => c.operation)).toEqual(['StartSyncExecution']);
    expect(sfn.calls[0]!.contentType).toBe('application/x-amz-json-1.0');
    expect(sfn.syncExecutions).toHaveLength(1);
    expect(sfn.syncExecutions[0]).toMatchObject({ stateMachineArn: ROUTER_ARN, host: new URL(sfn.url).host });
    expect(sfn.syncExecutions[0]!.input).toEqual({
      ...asked,
      history: [
        { role: 'user', text: 'oi' },
        { role: 'assistant', text: 'Como posso ajudar?' },
      ],
    });
  });

  it.each([
    [
      'FAILED',
      'States.Runtime',
      "An error occurred while executing the state 'ShapeContext'. The JSONPath '$$.Map.Item.Value.Location.S3Location.Uri' could not be found",
    ],
    ['TIMED_OUT', 'States.Timeout', undefined],
  ] as const)(
    'throws RouterExecutionError naming the error and cause when the execution ends %s',
    async (status, error, cause) => {
      // Prepare
      handler = () => ({ status, error, cause });

      // Act
      const result = routerFor().route(input('vocês entregam em Niterói?'));

      // Assess
      await expect(result).rejects.toBeInstanceOf(RouterExecutionError);
      await expect(result).rejects.toMatchObject({
        name: 'RouterExecutionError',
        status,
        error,
        cause,
        executionArn: expect.stringContaining(':express:AssistantRouter-Xy12Ab34Cd56:'),
      });
      await expect(result).rejects.toThrow(new RegExp(`${status}: ${error.replace('.', '\\.')}`));
    },
  );

  it('throws RouterExecutionError for a succeeded execution whose output is not a routing decision', async () => {
    // Prepare
    handler = () => ({ status: 'SUCCEEDED', output: { turn: { intent: 'faq' } } });

    // Act
    const result = routerFor().route(input('vocês entregam em Niterói?'));

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'RouterExecutionError',
      status: 'SUCCEEDED',
      error: 'InvalidRouterOutput',
    });
  });

  it("lets the service's own errors through (a Standard state machine cannot run synchronously)", async () => {
    // Prepare
    const client = new SFNClient({
      ...routerSfnClientConfig({ AWS_ENDPOINT_URL_SFN: sfn.url }),
      endpoint: sfn.url,
      region: 'us-east-1',
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
    clients.push(client);

    // Act
    const result = createSfnAssistantRouter({ stateMachineArn: ORDER_WORKFLOW_ARN, client }).route(input('oi'));

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'StateMachineTypeNotSupported',
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('the sync- host prefix of StartSyncExecution', () => {
  it('breaks a loopback endpoint unless disableHostPrefix is set (the SDK would call sync-127.0.0.1)', async () => {
    // Prepare
    const plain = new SFNClient({ endpoint: sfn.url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
    clients.push(plain);

    // Act
    const result = plain.send(new StartSyncExecutionCommand({ stateMachineArn: ROUTER_ARN, input: '{}' }));

    // Assess
    await expect(result).rejects.toThrow(/sync-127\.0\.0\.1/);
    expect(sfn.syncExecutions).toEqual([]);
  });

  it('is kept on the public endpoint, where only sync-states.<region> serves synchronous executions', async () => {
    // Prepare: the default client the Lambda builds when no endpoint is overridden; the request is captured before
    // sending
    expect(routerSfnClientConfig({})).toEqual({});
    const client = new SFNClient({
      ...routerSfnClientConfig({}),
      region: 'eu-west-1',
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
    clients.push(client);
    let hostname = '';
    client.middlewareStack.add(
      (_next) => async (args) => {
        hostname = (args.request as { hostname: string }).hostname;
        throw new Error('captured');
      },
      { step: 'finalizeRequest', name: 'captureHost' },
    );

    // Act
    await expect(createSfnAssistantRouter({ stateMachineArn: ROUTER_ARN, client }).route(input('oi'))).rejects.toThrow(
      'captured',
    );

    // Assess
    expect(hostname).toBe('sync-states.eu-west-1.amazonaws.com');
  });

  it('is disabled exactly when the environment overrides the endpoint', () => {
    expect(sfnEndpointOverride({ AWS_ENDPOINT_URL_SFN: 'http://127.0.0.1:4566' })).toBe('http://127.0.0.1:4566');
    expect(sfnEndpointOverride({ AWS_ENDPOINT_URL: 'http://localhost:4566' })).toBe('http://localhost:4566');
    expect(
      sfnEndpointOverride({
        AWS_ENDPOINT_URL_SFN: 'http://127.0.0.1:4566',
        AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
      }),
    ).toBeUndefined();
    expect(routerSfnClientConfig({ AWS_ENDPOINT_URL: 'http://localhost:4566' })).toEqual({ disableHostPrefix: true });
  });
});

describe('the real router ASL behind StartSyncExecution', () => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  let local: LocalRouter;
  beforeAll(async () => {
    table = await freshTable();
    await new DynamoOrderRepository(table.client, table.tableName).create(
      makeOrder({
        orderId: 'A1A1A1',
        status: 'CONFIRMED',
        customer: { ...makeOrder().customer, id: ANA },
        createdAt: '2025-03-01T12:00:00.000Z',
      }),
    );
    local = await createLocalRouter({ dynamo: table.client, tableName: table.tableName, retryIntervalMs: 1 });
  });
  afterAll(async () => {
    await local?.stop();
    await table?.close();
  });
  // The stand-in runs each execution on the same ASL file under the local interpreter, with the input exactly as sent.
  afterEach(() => {
    handler = () => ({ status: 'SUCCEEDED', output: RAG });
  });

  it('accepts the input the AWS router sends, and its output parses into the contract (data and rag routes)', async () => {
    // Prepare
    handler = async ({ input: sent }) => ({ status: 'SUCCEEDED', output: await local.routeRaw(sent) });
    const router = routerFor();

    // Act
    const data = await router.route(input('cadê meu pedido?'));
    const rag = await router.route(input('vocês entregam em Niterói?'));

    // Assess
    expect(data).toMatchObject({
      route: 'data',
      intent: 'order_status',
      orders: [{ orderId: 'A1A1A1', status: 'CONFIRMED' }],
      context: [],
    });
    expect(rag).toMatchObject({ route: 'rag', intent: 'faq', contextUnavailable: false });
    expect(rag.context.length).toBeGreaterThan(0);
    expect(rag.context[0]!.source).toContain('areas-e-taxas-de-entrega');
  });
});
