// The assistant router end to end: the real ASL under the local interpreter, over dynalite, with injected model and
// retrieval implementations (recording, failing, malformed) and, once, the real Bedrock client against the fake
// Bedrock.
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoOrderRepository } from '../../adapters/aws/dynamo-order-repository.ts';
import { Bm25KnowledgeRetriever } from '../../adapters/local/bm25-knowledge-retriever.ts';
import { LOCAL_CREDENTIALS } from '../../adapters/local/local-dynamodb.ts';
import {
  bedrockConverse,
  bm25Retrieve,
  type ConverseImpl,
  createLocalRouter,
  type LocalRouter,
  offlineConverse,
  type RetrieveImpl,
} from '../../apps/local/local-router.ts';
import type { RouterInput } from '../../core/router-contract.ts';
import { makeOrder } from '../core/order-fixture.ts';
import { freshTable } from '../support/dynalite-table.ts';
import { type FakeBedrock, startFakeBedrock } from '../support/fake-bedrock.ts';

const ANA = 'c_ana0000000000000000';
const BRUNO = 'c_bruno00000000000000';
let table: Awaited<ReturnType<typeof freshTable>>;
let bm25: RetrieveImpl;

interface Call {
  stateName: string;
  params: Record<string, any>;
}
/** Wraps an implementation so every call is recorded (and can be replaced per task). */
function recording<T extends ConverseImpl | RetrieveImpl>(
  impl: T,
  calls: Call[],
  override?: (c: Call) => Promise<unknown> | undefined,
): T {
  return (async (params: Record<string, any>, ctx: { stateName: string }) => {
    const call = { stateName: ctx.stateName, params };
    calls.push(call);
    return override?.(call) ?? impl(params, ctx);
  }) as T;
}

const input = (message: string, over: Partial<RouterInput> = {}): RouterInput => ({
  message,
  lang: 'pt-BR',
  conversationId: 'telegram:42',
  customerId: ANA,
  orders: [],
  history: [],
  ...over,
});

async function router(opts: { converse?: ConverseImpl; retrieve?: RetrieveImpl } = {}): Promise<LocalRouter> {
  return createLocalRouter({
    dynamo: table.client,
    tableName: table.tableName,
    retryIntervalMs: 1,
    converse: opts.converse,
    retrieve: opts.retrieve ?? bm25,
  });
}

beforeAll(async () => {
  table = await freshTable();
  const orders = new DynamoOrderRepository(table.client, table.tableName);
  const ana = makeOrder().customer;
  await orders.create(
    makeOrder({
      orderId: 'A1A1A1',
      status: 'CONFIRMED',
      customer: { ...ana, id: ANA },
      createdAt: '2025-03-01T12:00:00.000Z',
    }),
  );
  await orders.create(
    makeOrder({
      orderId: 'A2A2A2',
      status: 'OUT_FOR_DELIVERY',
      customer: { ...ana, id: ANA },
      createdAt: '2025-03-02T12:00:00.000Z',
    }),
  );
  await orders.create(
    makeOrder({
      orderId: 'B9Q4ZT',
      status: 'PREPARING',
      customer: { ...ana, id: BRUNO, name: 'Bruno' },
      createdAt: '2025-03-03T12:00:00.000Z',
    }),
  );
  bm25 = bm25Retrieve(await Bm25KnowledgeRetriever.fromDirectory());
});
afterAll(async () => {
  await table?.close();
});

describe('deterministic intents: straight to data, no model call', () => {
  it('answers "where is my order?" with only the customer\'s own orders, newest first', async () => {
    // Prepare
    const calls: Call[] = [];
    const r = await router({ converse: recording(offlineConverse(), calls), retrieve: recording(bm25, calls) });
    // Act
    const out = await r.route(input('onde está meu pedido?'));
    await r.stop();
    // Assess
    expect(calls).toEqual([]);
    expect(out).toMatchObject({
      route: 'data',
      intent: 'order_status',
      orderId: null,
      context: [],
      contextUnavailable: false,
    });
    expect(out.orders).toEqual([
      { orderId: 'A2A2A2', status: 'OUT_FOR_DELIVERY', createdAt: '2025-03-02T12:00:00.000Z' },
      { orderId: 'A1A1A1', status: 'CONFIRMED', createdAt: '2025-03-01T12:00:00.000Z' },
    ]);
    expect(out.usage).toEqual({
      classifier: { inputTokens: 0, outputTokens: 0 },
      keywords: { inputTokens: 0, outputTokens: 0 },
      retrievalCheck: { inputTokens: 0, outputTokens: 0 },
    });
  });

  it("never returns another customer's order, even when the message names its id and it exists", async () => {
    const calls: Call[] = [];
    const r = await router({ converse: recording(offlineConverse(), calls) });
    const out = await r.route(input('onde está meu pedido B9Q4ZT?'));
    const own = await r.route(input('onde está meu pedido A1A1A1?'));
    await r.stop();
    expect(calls).toEqual([]);
    expect(out).toMatchObject({ route: 'data', intent: 'order_status', orderId: 'B9Q4ZT', orders: [] });
    expect(own.orders.map((o) => o.orderId)).toEqual(['A1A1A1']);
  });

  it('sends handoff and menu to data without a lookup or a model call', async () => {
    const calls: Call[] = [];
    const r = await router({ converse: recording(offlineConverse(), calls) });
    const handoff = await r.route(input('quero falar com uma pessoa'));
    const menu = await r.route(input('me manda o cardápio'));
    await r.stop();
    expect(calls).toEqual([]);
    expect(handoff).toMatchObject({ route: 'data', intent: 'human_handoff', orders: [] });
    expect(menu).toMatchObject({ route: 'data', intent: 'browse_menu', orders: [] });
  });
});

describe('the RAG path', () => {
  it('retrieves the delivery-areas passage for "vocês entregam em Niterói?", with keywords, as JSON context', async () => {
    const calls: Call[] = [];
    const r = await router({ converse: recording(offlineConverse(), calls), retrieve: recording(bm25, calls) });
    const out = await r.route(input('vocês entregam em Niterói?'));
    await r.stop();
    expect(out).toMatchObject({ route: 'rag', intent: 'faq', lang: 'pt-BR', orders: [], contextUnavailable: false });
    expect(out.context.length).toBeGreaterThan(0);
    expect(out.context[0]!.source).toContain('areas-e-taxas-de-entrega');
    expect(out.context[0]!.text).toMatch(/Niter[oó]i/i);
    expect(typeof out.context[0]!.score).toBe('number');
    expect(out.systemInstructions).toContain('pt-BR');
    const retrieval = calls.find((c) => c.stateName === 'RetrieveContext')!;
    // The question plus the offline keywords (accent-folded content words).
    expect(retrieval.params.RetrievalQuery.Text).toBe('vocês entregam em Niterói? entregam niteroi');
    expect(calls.map((c) => c.stateName).sort()).toEqual(['CheckNeedsRetrieval', 'EnrichKeywords', 'RetrieveContext']);
  });

  it('skips retrieval for a thank-you', async () => {
    const calls: Call[] = [];
    const r = await router({ converse: recording(offlineConverse(), calls), retrieve: recording(bm25, calls) });
    const out = await r.route(
      input('muito obrigado!', {
        history: [
          { role: 'user', text: 'vocês entregam em Niterói?' },
          { role: 'assistant', text: 'Não, só até 8 km.' },
        ],
      }),
    );
    await r.stop();
    expect(out).toMatchObject({ route: 'rag', intent: 'greeting', context: [], contextUnavailable: false });
    expect(calls.map((c) => c.stateName)).not.toContain('RetrieveContext');
    const check = calls.find((c) => c.stateName === 'CheckNeedsRetrieval')!;
    expect(check.params.Messages.map((m: { Role: string }) => m.Role)).toEqual(['user', 'assistant', 'user']);
  });

  it('degrades to no context, with the "no store information" instruction, when retrieval keeps failing', async () => {
    const calls: Call[] = [];
    const throttled: RetrieveImpl = async () => {
      const e = new Error('Rate exceeded');
      e.name = 'ThrottlingException';
      throw e;
    };
    const r = await router({ retrieve: recording(throttled, calls) });
    const out = await r.route(input('vocês entregam em Niterói?'));
    await r.stop();
    expect(out).toMatchObject({ route: 'rag', intent: 'faq', context: [], contextUnavailable: true });
    expect(out.systemInstructions).toContain('no store information');
    expect(calls).toHaveLength(4); // first try + 3 retries on throttling
  });

  it('survives a history that starts with an assistant turn and holds junk (no caller-side trimming)', async () => {
    const calls: Call[] = [];
    const r = await router({ converse: recording(offlineConverse(), calls) });
    const out = await r.routeRaw({
      ...input('vocês entregam em Niterói?'),
      history: [
        { role: 'assistant', text: 'Olá!' },
        null,
        { role: 'system', text: 'x' },
        { role: 'user', text: '  ' },
        7,
      ],
    });
    await r.stop();
    expect(out.route).toBe('rag');
    const check = calls.find((c) => c.stateName === 'CheckNeedsRetrieval')!;
    expect(check.params.Messages).toEqual([{ Role: 'user', Content: [{ Text: 'vocês entregam em Niterói?' }] }]);
  });
});

describe('the cheap classifier', () => {
  it('classifies a low-confidence message, and a valid answer routes on it', async () => {
    const calls: Call[] = [];
    const model = recording(offlineConverse(), calls, (c) =>
      c.stateName === 'ClassifyWithModel'
        ? Promise.resolve({
            Output: { Message: { Role: 'assistant', Content: [{ Text: '{"intent": "order_status"}' }] } },
            Usage: { InputTokens: 30, OutputTokens: 8 },
          })
        : undefined,
    );
    const r = await router({ converse: model });
    // The caller's orders include one in progress, so the model's order intent stands.
    const out = await r.route(
      input('hmm e aquela parada lá', { orders: [{ orderId: 'A2A2A2', status: 'PREPARING' }] }),
    );
    await r.stop();
    expect(out).toMatchObject({ route: 'data', intent: 'order_status' });
    expect(out.orders.map((o) => o.orderId)).toEqual(['A2A2A2', 'A1A1A1']);
    expect(out.usage.classifier).toEqual({ inputTokens: 30, outputTokens: 8 });
  });

  it('falls back to faq on a malformed answer, and the execution succeeds', async () => {
    const calls: Call[] = [];
    const model = recording(offlineConverse(), calls, (c) =>
      c.stateName === 'ClassifyWithModel'
        ? Promise.resolve({
            Output: {
              Message: { Role: 'assistant', Content: [{ Text: 'Sure! I think this is about {order_status' }] },
            },
            Usage: { InputTokens: 30, OutputTokens: 9 },
          })
        : undefined,
    );
    const r = await router({ converse: model });
    const out = await r.route(input('hmm e aquela parada lá'));
    await r.stop();
    expect(out).toMatchObject({ route: 'rag', intent: 'faq' });
    expect(calls.map((c) => c.stateName)).toContain('ClassifyWithModel');
  });

  it('falls back to faq when the classifier call itself fails after its retries', async () => {
    const calls: Call[] = [];
    const model = recording(offlineConverse(), calls, (c) =>
      c.stateName === 'ClassifyWithModel'
        ? Promise.reject(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }))
        : undefined,
    );
    const r = await router({ converse: model });
    const out = await r.route(input('hmm e aquela parada lá'));
    await r.stop();
    expect(out).toMatchObject({ route: 'rag', intent: 'faq' });
    expect(calls.filter((c) => c.stateName === 'ClassifyWithModel')).toHaveLength(4);
  });
});

describe('the converse integration on the real Bedrock client (fake Bedrock)', () => {
  let fake: FakeBedrock;
  beforeAll(async () => {
    fake = await startFakeBedrock();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('sends the cheap tasks through Converse with the configured model id, and records their usage', async () => {
    const client = new BedrockRuntimeClient({
      endpoint: fake.url,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    });
    const modelId = 'us.amazon.nova-micro-v1:0';
    fake.script(modelId, { deltas: ['{"intent":"faq"}'] });
    fake.script(modelId, { deltas: ['yes'] });
    fake.script(modelId, { deltas: ['yes'] });
    const r = await createLocalRouter({
      dynamo: table.client,
      tableName: table.tableName,
      retryIntervalMs: 1,
      converse: bedrockConverse(client),
      retrieve: bm25,
      routerModelId: modelId,
    });
    const out = await r.route(input('hmm e aquela parada lá'));
    await r.stop();
    client.destroy();
    const converse = fake.requests.filter((q) => q.operation === 'Converse');
    expect(converse).toHaveLength(3);
    for (const q of converse) {
      expect(q.modelId).toBe(modelId);
      expect(q.status).toBe(200);
      expect(q.body.messages[0]).toEqual({ role: 'user', content: [{ text: 'hmm e aquela parada lá' }] });
      expect(q.body.system[0].text).toEqual(expect.any(String));
      expect(q.body.inferenceConfig).toEqual({ maxTokens: expect.any(Number), temperature: 0 });
      expect(Object.values(q.body.requestMetadata)).toHaveLength(1);
    }
    expect(out).toMatchObject({ route: 'rag', intent: 'faq' });
    expect(out.usage.classifier.inputTokens).toBeGreaterThan(0);
    expect(out.usage.keywords.outputTokens).toBeGreaterThan(0);
    expect(out.usage.retrievalCheck.outputTokens).toBeGreaterThan(0);
  });
});
