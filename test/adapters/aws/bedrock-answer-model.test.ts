// BedrockAnswerModel through the real @aws-sdk/client-bedrock-runtime against the loopback Bedrock stand-in (HTTP/2,
// event stream).
import { BedrockRuntimeClient, type BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BedrockAnswerModel, toConverseMessages } from '../../../adapters/aws/bedrock-answer-model.ts';
import type { AnswerEvent, AnswerRequest, ChatTurn } from '../../../core/answer-model.ts';
import { type FakeBedrock, startFakeBedrock } from '../../support/fake-bedrock.ts';

const MODEL = 'amazon.nova-lite-v1:0';
const PROFILE_ARN =
  'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0';
const CREDENTIALS = { accessKeyId: 'test-access-key', secretAccessKey: 'test-secret-key' };

let fake: FakeBedrock;
const clients: BedrockRuntimeClient[] = [];

function clientFor(config: BedrockRuntimeClientConfig = {}): BedrockRuntimeClient {
  const client = new BedrockRuntimeClient({
    endpoint: fake.url,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    ...config,
  });
  clients.push(client);
  return client;
}

const ask = (text: string, extra: Partial<AnswerRequest> = {}): AnswerRequest => ({
  system: 'Você é o assistente da Açaí & Pizza Copacabana. Responda só com o contexto.\n\n[horarios] Abrimos às 11h.',
  messages: [{ role: 'user', text }],
  grounding: { lang: 'pt-BR', passages: [{ text: 'Abrimos às 11h.', source: 'horarios', score: 1 }], orderFacts: [] },
  ...extra,
});

interface Timed {
  event: AnswerEvent;
  at: number;
}

/** Drains the stream, keeping each event with the time it arrived; a rejection is returned with what arrived before it. */
async function drain(
  stream: AsyncIterable<AnswerEvent>,
  onEvent?: (e: AnswerEvent, count: number) => void,
): Promise<{ events: Timed[]; error?: any }> {
  const events: Timed[] = [];
  try {
    for await (const event of stream) {
      events.push({ event, at: performance.now() });
      onEvent?.(event, events.length);
    }
    return { events };
  } catch (error) {
    return { events, error };
  }
}
const deltasOf = (events: Timed[]) => events.flatMap(({ event }) => (event.type === 'delta' ? [event.text] : []));

beforeAll(async () => {
  fake = await startFakeBedrock();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

describe('BedrockAnswerModel.stream', () => {
  it('yields the scripted deltas in order, then stop, then usage, from one ConverseStream carrying the system prompt and turns', async () => {
    // Prepare
    const deltas = ['Abrimos ', 'todos os dias ', 'às 11h, ', 'até as 23h.'];
    fake.script(MODEL, { deltas, usage: { inputTokens: 321, outputTokens: 17 } });
    const model = new BedrockAnswerModel(clientFor(), MODEL, { maxTokens: 512, temperature: 0.2 });
    const req = ask('que horas vocês abrem?');

    // Act
    const { events, error } = await drain(model.stream(req));

    // Assess
    expect(error).toBeUndefined();
    expect(events.map((e) => e.event)).toEqual([
      ...deltas.map((text) => ({ type: 'delta', text })),
      { type: 'stop', reason: 'end_turn' },
      { type: 'usage', inputTokens: 321, outputTokens: 17 },
    ]);
    expect(deltasOf(events).join('')).toBe('Abrimos todos os dias às 11h, até as 23h.');
    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0]!;
    expect(sent).toMatchObject({ operation: 'ConverseStream', method: 'POST', modelId: MODEL, status: 200 });
    expect(sent.body).toEqual({
      system: [{ text: req.system }],
      messages: [{ role: 'user', content: [{ text: 'que horas vocês abrem?' }] }],
      inferenceConfig: { maxTokens: 512, temperature: 0.2 },
    });
    expect(sent.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=test-access-key\/\d{8}\/us-east-1\/bedrock\/aws4_request,/,
    );
    expect(model.name).toBe(`bedrock:${MODEL}`);
  });

  it("takes maxTokens from the request over the model's default", async () => {
    // Prepare
    const model = new BedrockAnswerModel(clientFor(), MODEL, { maxTokens: 512 });

    // Act
    await drain(model.stream(ask('oi', { maxTokens: 64 })));

    // Assess
    expect(fake.requests[0]!.body.inferenceConfig).toEqual({ maxTokens: 64 });
  });

  it("reports the usage from the stream's metadata event", async () => {
    // Prepare
    fake.script(MODEL, {
      deltas: ['Sim, ', 'entregamos.'],
      usage: { inputTokens: 1_234, outputTokens: 56, totalTokens: 1_290 },
    });
    const model = new BedrockAnswerModel(clientFor(), MODEL);

    // Act
    const { events } = await drain(model.stream(ask('vocês entregam no Leme?')));

    // Assess
    expect(events.map((e) => e.event).filter((e) => e.type === 'usage')).toEqual([
      { type: 'usage', inputTokens: 1_234, outputTokens: 56 },
    ]);
  });

  it('delivers each delta as it is produced: nothing before the first token delay, and the pauses between deltas kept', async () => {
    // Prepare
    fake.script(MODEL, { deltas: ['Um ', 'momento ', 'por favor.'], firstTokenDelayMs: 300, delayMs: [0, 150, 150] });
    const model = new BedrockAnswerModel(clientFor(), MODEL);
    const tolerance = 25;

    // Act
    const start = performance.now();
    const { events } = await drain(model.stream(ask('cadê meu pedido?')));

    // Assess
    const deltaTimes = events.filter((e) => e.event.type === 'delta').map((e) => e.at);
    expect(deltaTimes).toHaveLength(3);
    expect(deltaTimes[0]! - start).toBeGreaterThanOrEqual(300 - tolerance);
    expect(deltaTimes[1]! - deltaTimes[0]!).toBeGreaterThanOrEqual(150 - tolerance);
    expect(deltaTimes[2]! - deltaTimes[1]!).toBeGreaterThanOrEqual(150 - tolerance);
  });

  it("rejects with the SDK's ThrottlingException after yielding the deltas sent before a mid-stream throttle", async () => {
    // Prepare
    fake.script(MODEL, { deltas: ['A pizza ', 'de calabresa ', 'custa ', 'R$ 45,00.'], throttleAfter: 2 });
    const model = new BedrockAnswerModel(clientFor(), MODEL);

    // Act
    const { events, error } = await drain(model.stream(ask('quanto custa a pizza?')));

    // Assess
    expect(events.map((e) => e.event)).toEqual([
      { type: 'delta', text: 'A pizza ' },
      { type: 'delta', text: 'de calabresa ' },
    ]);
    expect(error).toMatchObject({
      name: 'ThrottlingException',
      message: 'Too many tokens, please wait before trying again.',
    });
    expect(fake.requests).toHaveLength(1);
  });

  it("lets the SDK's standard retry strategy retry a 429 refused before the stream starts, and then streams the answer", async () => {
    // Prepare
    fake.script(MODEL, {
      deltas: [],
      httpError: {
        status: 429,
        type: 'ThrottlingException',
        message: 'Too many requests, please wait before trying again.',
      },
    });
    fake.script(MODEL, { deltas: ['Depois ', 'da espera, ', 'aqui está.'] });
    const model = new BedrockAnswerModel(clientFor(), MODEL);

    // Act
    const { events, error } = await drain(model.stream(ask('tem açaí?')));

    // Assess
    expect(error).toBeUndefined();
    expect(deltasOf(events).join('')).toBe('Depois da espera, aqui está.');
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(fake.requests.map((r) => r.headers['amz-sdk-request'])).toEqual(['attempt=1; max=3', 'attempt=2; max=3']);
    expect(fake.requests[1]!.body).toEqual(fake.requests[0]!.body);
  });

  it('rejects with ThrottlingException before any delta when the client is configured not to retry', async () => {
    // Prepare
    fake.script(MODEL, {
      deltas: [],
      httpError: {
        status: 429,
        type: 'ThrottlingException',
        message: 'Too many requests, please wait before trying again.',
      },
    });
    fake.script(MODEL, { deltas: ['never sent'] });
    const model = new BedrockAnswerModel(clientFor({ maxAttempts: 1 }), MODEL);

    // Act
    const { events, error } = await drain(model.stream(ask('tem açaí?')));

    // Assess
    expect(events).toEqual([]);
    expect(error).toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 429, attempts: 1 } });
    expect(fake.requests).toHaveLength(1);
  });

  it('delivers an answer far longer than one chat message (12,000 characters in 300 deltas) intact', async () => {
    // Prepare
    const deltas = Array.from({ length: 300 }, (_, i) =>
      `${String(i).padStart(3, '0')} açaí 🍕 pão de queijo, já!`.padEnd(40, '·'),
    );
    const expected = deltas.join('');
    fake.script(MODEL, { deltas });
    const model = new BedrockAnswerModel(clientFor(), MODEL);

    // Act
    const { events, error } = await drain(model.stream(ask('conta tudo sobre o cardápio')));

    // Assess
    expect(error).toBeUndefined();
    expect(expected.length).toBeGreaterThanOrEqual(12_000);
    expect(deltasOf(events)).toHaveLength(300);
    expect(deltasOf(events).join('')).toBe(expected);
  });

  it('drops leading assistant turns and merges consecutive same-role turns before sending, which Bedrock would otherwise refuse', async () => {
    // Prepare
    const turns: ChatTurn[] = [
      { role: 'assistant', text: 'Olá! Sou o assistente da loja.' },
      { role: 'assistant', text: 'Em que posso ajudar?' },
      { role: 'user', text: 'quero uma pizza' },
      { role: 'user', text: 'de calabresa' },
      { role: 'assistant', text: 'Claro! Grande ou média?' },
      { role: 'user', text: '   ' },
      { role: 'assistant', text: 'Posso sugerir a grande?' },
      { role: 'user', text: 'grande' },
    ];
    const model = new BedrockAnswerModel(clientFor(), MODEL);

    // Act
    const { error } = await drain(model.stream(ask('', { messages: turns })));

    // Assess
    expect(error).toBeUndefined();
    expect(fake.requests[0]!.status).toBe(200);
    expect(fake.requests[0]!.body.messages).toEqual([
      { role: 'user', content: [{ text: 'quero uma pizza\n\nde calabresa' }] },
      { role: 'assistant', content: [{ text: 'Claro! Grande ou média?\n\nPosso sugerir a grande?' }] },
      { role: 'user', content: [{ text: 'grande' }] },
    ]);
  });

  it('refuses, without calling Bedrock, a conversation with no user turn', async () => {
    // Prepare
    const model = new BedrockAnswerModel(clientFor(), MODEL);

    // Act
    const { error } = await drain(model.stream(ask('', { messages: [{ role: 'assistant', text: 'Olá!' }] })));

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(String(error.message)).toMatch(/no user turn/);
    expect(fake.requests).toHaveLength(0);
  });

  it('stops the stream when the signal aborts: the iteration rejects with an AbortError and the stand-in sees the stream closed', async () => {
    // Prepare
    fake.script(MODEL, { deltas: Array.from({ length: 40 }, (_, i) => `parte ${i} `), delayMs: 40 });
    const model = new BedrockAnswerModel(clientFor(), MODEL);
    const controller = new AbortController();

    // Act
    const { events, error } = await drain(model.stream(ask('conta uma história'), controller.signal), (_, count) => {
      if (count === 3) controller.abort();
    });
    await fake.requests[0]!.done;

    // Assess
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(deltasOf(events)).toEqual(['parte 0 ', 'parte 1 ', 'parte 2 ']);
    expect(fake.requests[0]!.closedByClient).toBe(true);
    expect(fake.requests[0]!.deltasSent).toBeLessThan(40);
  });

  it('rejects at once, without calling Bedrock, when the signal is already aborted', async () => {
    // Prepare
    const model = new BedrockAnswerModel(clientFor(), MODEL);

    // Act
    const { events, error } = await drain(model.stream(ask('oi'), AbortSignal.abort()));

    // Assess
    expect(events).toEqual([]);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(fake.requests).toHaveLength(0);
  });

  it('sends an inference-profile ARN URL-encoded in the path, and Bedrock receives it decoded', async () => {
    // Prepare
    fake.script(PROFILE_ARN, { deltas: ['resposta ', 'do perfil'] });
    const model = new BedrockAnswerModel(clientFor(), PROFILE_ARN);

    // Act
    const { events } = await drain(model.stream(ask('oi')));

    // Assess
    expect(deltasOf(events).join('')).toBe('resposta do perfil');
    expect(fake.requests[0]!.modelId).toBe(PROFILE_ARN);
    expect(fake.requests[0]!.path).toBe(`/model/${encodeURIComponent(PROFILE_ARN)}/converse-stream`);
    expect(model.name).toBe(`bedrock:${PROFILE_ARN}`);
  });
});

describe('BedrockAnswerModel with the endpoint from AWS_ENDPOINT_URL_BEDROCK_RUNTIME', () => {
  const VARS = [
    'AWS_ENDPOINT_URL_BEDROCK_RUNTIME',
    'AWS_ENDPOINT_URL',
    'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
    'AWS_REGION',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
  ] as const;
  const saved = new Map<string, string | undefined>();
  beforeEach(() => {
    for (const k of VARS) saved.set(k, process.env[k]);
  });
  afterEach(() => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('reaches the stand-in with a client built like production code builds it: new BedrockRuntimeClient({})', async () => {
    // Prepare
    for (const k of VARS) delete process.env[k];
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: fake.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'env-key',
      AWS_SECRET_ACCESS_KEY: 'env-secret',
    });
    const client = new BedrockRuntimeClient({});
    clients.push(client);
    fake.script(MODEL, { deltas: ['via ', 'variável ', 'de ambiente'] });
    const model = new BedrockAnswerModel(client, MODEL);

    // Act
    const { events, error } = await drain(model.stream(ask('oi')));

    // Assess
    expect(error).toBeUndefined();
    expect(deltasOf(events).join('')).toBe('via variável de ambiente');
    expect(fake.requests[0]!.headers.authorization).toMatch(
      /Credential=env-key\/\d{8}\/us-east-1\/bedrock\/aws4_request/,
    );
  });
});

describe('toConverseMessages', () => {
  it('keeps an already valid conversation as it is', () => {
    // Prepare
    const turns: ChatTurn[] = [
      { role: 'user', text: 'oi' },
      { role: 'assistant', text: 'Olá!' },
      { role: 'user', text: 'tem açaí?' },
    ];

    // Act
    const messages = toConverseMessages(turns);

    // Assess
    expect(messages).toEqual([
      { role: 'user', content: [{ text: 'oi' }] },
      { role: 'assistant', content: [{ text: 'Olá!' }] },
      { role: 'user', content: [{ text: 'tem açaí?' }] },
    ]);
  });

  it('answers no messages for a conversation of assistant turns only', () => {
    // Act
    const messages = toConverseMessages([
      { role: 'assistant', text: 'Olá!' },
      { role: 'assistant', text: 'Posso ajudar?' },
    ]);

    // Assess
    expect(messages).toEqual([]);
  });
});
