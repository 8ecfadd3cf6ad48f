// BedrockKnowledgeRetriever through the real @aws-sdk/client-bedrock-agent-runtime against the loopback Bedrock
// stand-in (HTTP/2).
import { BedrockAgentRuntimeClient, type BedrockAgentRuntimeClientConfig } from '@aws-sdk/client-bedrock-agent-runtime';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BedrockKnowledgeRetriever } from '../../../adapters/aws/bedrock-knowledge-retriever.ts';
import { type FakeBedrock, type KnowledgeChunk, startFakeBedrock } from '../../support/fake-bedrock.ts';

const KB = 'KBSTORE0001';
const CREDENTIALS = { accessKeyId: 'test-access-key', secretAccessKey: 'test-secret-key' };
const CORPUS: KnowledgeChunk[] = [
  {
    text: 'Funcionamos de terça a domingo, das 11h às 23h. Às segundas a loja fica fechada.',
    uri: 's3://store-knowledge/pt/horarios.md',
  },
  {
    text: 'Entregamos em Copacabana, Leme, Ipanema e Botafogo, num raio de 8 km da loja.',
    uri: 's3://store-knowledge/pt/area-de-entrega.md',
  },
  { text: 'Aceitamos pix, cartão de crédito e dinheiro na entrega.', uri: 's3://store-knowledge/pt/pagamentos.txt' },
  {
    text: 'O açaí de 500 ml vem com granola e banana; a entrega custa R$ 5,00 mais R$ 1,50 por km.',
    uri: 's3://store-knowledge/pt/cardapio/acai.pdf',
  },
];

let fake: FakeBedrock;
const clients: BedrockAgentRuntimeClient[] = [];

function clientFor(config: BedrockAgentRuntimeClientConfig = {}): BedrockAgentRuntimeClient {
  const client = new BedrockAgentRuntimeClient({
    endpoint: fake.url,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    ...config,
  });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  fake = await startFakeBedrock();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.loadCorpus(KB, CORPUS);
});

describe('BedrockKnowledgeRetriever.retrieve', () => {
  it('sends one Retrieve with the question and the limit as numberOfResults, and maps the passages with their file names', async () => {
    // Prepare
    const retriever = new BedrockKnowledgeRetriever(clientFor(), KB);

    // Act
    const passages = await retriever.retrieve('quanto custa a entrega em Ipanema?', { lang: 'pt-BR', limit: 2 });

    // Assess
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      operation: 'Retrieve',
      method: 'POST',
      path: `/knowledgebases/${KB}/retrieve`,
      knowledgeBaseId: KB,
      status: 200,
    });
    expect(fake.requests[0]!.body).toEqual({
      retrievalQuery: { text: 'quanto custa a entrega em Ipanema?' },
      retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 2 } },
    });
    expect(fake.requests[0]!.headers.authorization).toMatch(
      /Credential=test-access-key\/\d{8}\/us-east-1\/bedrock\/aws4_request/,
    );
    expect(passages.map((p) => p.source)).toEqual(['acai', 'area-de-entrega']);
    expect(passages[1]).toEqual({ text: CORPUS[1]!.text, source: 'area-de-entrega', score: expect.any(Number) });
    expect(passages[0]!.score).toBeGreaterThan(passages[1]!.score);
  });

  it('returns at most `limit` passages', async () => {
    // Prepare
    const retriever = new BedrockKnowledgeRetriever(clientFor(), KB);

    // Act
    const passages = await retriever.retrieve('a loja de açaí entrega e aceita pix?', { lang: 'pt-BR', limit: 2 });

    // Assess
    expect(passages).toHaveLength(2);
  });

  it('sorts by score, highest first, and names each source by its S3 file, or by the source-uri metadata when there is no location', async () => {
    // Prepare
    fake.scriptRetrieve(KB, {
      results: [
        {
          content: { text: 'Aceitamos pix.' },
          location: { type: 'S3', s3Location: { uri: 's3://kb/pt/pagamentos.md' } },
          score: 0.41,
        },
        {
          content: { text: 'Abrimos às 11h.' },
          score: 0.87,
          metadata: { 'x-amz-bedrock-kb-source-uri': 's3://kb/pt/hor%C3%A1rios.v2.md' },
        },
        {
          content: { text: 'Sem glúten? Temos tapioca.' },
          location: { type: 'S3', s3Location: { uri: 's3://kb/Perguntas Frequentes' } },
          score: 0.63,
        },
        { content: { text: '   ' }, location: { type: 'S3', s3Location: { uri: 's3://kb/vazio.md' } }, score: 0.99 },
      ],
    });
    const retriever = new BedrockKnowledgeRetriever(clientFor(), KB);

    // Act
    const passages = await retriever.retrieve('que horas abre?', { lang: 'pt-BR', limit: 5 });

    // Assess
    expect(passages).toEqual([
      { text: 'Abrimos às 11h.', source: 'horários.v2', score: 0.87 },
      { text: 'Sem glúten? Temos tapioca.', source: 'Perguntas Frequentes', score: 0.63 },
      { text: 'Aceitamos pix.', source: 'pagamentos', score: 0.41 },
    ]);
  });

  it('answers no passages when nothing in the knowledge base matches', async () => {
    // Prepare
    const retriever = new BedrockKnowledgeRetriever(clientFor(), KB);

    // Act
    const passages = await retriever.retrieve('xyzzy', { lang: 'en', limit: 5 });

    // Assess
    expect(passages).toEqual([]);
  });

  it('propagates ThrottlingException once the SDK gives up retrying', async () => {
    // Prepare
    fake.scriptRetrieve(KB, { error: { status: 429, type: 'ThrottlingException', message: 'Rate exceeded' } });
    const retriever = new BedrockKnowledgeRetriever(clientFor({ maxAttempts: 1 }), KB);

    // Act
    const result = retriever.retrieve('que horas abre?', { lang: 'pt-BR', limit: 3 });

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 429 },
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('recovers from one ThrottlingException through the SDK retry', async () => {
    // Prepare
    fake.scriptRetrieve(KB, { error: { status: 429, type: 'ThrottlingException', message: 'Rate exceeded' } });
    const retriever = new BedrockKnowledgeRetriever(clientFor(), KB);

    // Act
    const passages = await retriever.retrieve('vocês aceitam pix?', { lang: 'pt-BR', limit: 3 });

    // Assess
    expect(passages.map((p) => p.source)).toEqual(['pagamentos']);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('propagates ResourceNotFoundException for an unknown knowledge base', async () => {
    // Prepare
    const retriever = new BedrockKnowledgeRetriever(clientFor(), 'KBMISSING01');

    // Act
    const result = retriever.retrieve('que horas abre?', { lang: 'pt-BR', limit: 3 });

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('propagates ValidationException for a limit Bedrock refuses', async () => {
    // Prepare
    const retriever = new BedrockKnowledgeRetriever(clientFor(), KB);

    // Act
    const result = retriever.retrieve('que horas abre?', { lang: 'pt-BR', limit: 101 });

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
  });
});

describe('BedrockKnowledgeRetriever with the endpoint from AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME', () => {
  const VARS = [
    'AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME',
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

  it('reaches the stand-in with a client built like production code builds it: new BedrockAgentRuntimeClient({})', async () => {
    // Prepare
    for (const k of VARS) delete process.env[k];
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME: fake.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'env-key',
      AWS_SECRET_ACCESS_KEY: 'env-secret',
    });
    const client = new BedrockAgentRuntimeClient({});
    clients.push(client);
    const retriever = new BedrockKnowledgeRetriever(client, KB);

    // Act
    const passages = await retriever.retrieve('a loja fecha às segundas?', { lang: 'pt-BR', limit: 1 });

    // Assess
    expect(passages.map((p) => p.source)).toEqual(['horarios']);
    expect(fake.requests[0]!.headers.authorization).toMatch(/Credential=env-key\//);
  });
});
