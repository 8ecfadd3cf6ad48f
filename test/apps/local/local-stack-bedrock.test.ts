// The local stack on real Bedrock clients: with model ids, credentials and endpoints set, a Telegram free question goes
// through the router's Converse and Retrieve calls and the answer's ConverseStream at the Bedrock stand-in; without
// credentials it stays offline and says so.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveAssistantBackends } from '../../../apps/local/assistant-backends.ts';
import { readAssistantSettings } from '../../../apps/local/config.ts';
import { type LocalStack, startLocalStack } from '../../../apps/local/local-stack.ts';
import { DEMO_PACKAGE } from '../../support/demo-store.ts';
import { type FakeBedrock, startFakeBedrock } from '../../support/fake-bedrock.ts';
import { type ApiCall, BOT_INFO, type FakeTelegramApi, startFakeTelegramApi } from '../../support/fake-telegram-api.ts';
import { textMessage } from '../../support/telegram-updates.ts';

const ANSWER_MODEL = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const ROUTER_MODEL = 'us.amazon.nova-micro-v1:0';
const KNOWLEDGE_BASE = 'KBSTORE0001';
const SECRET = 'local-webhook-secret';
const ANSWER = [
  'Não entregamos ',
  'em Niterói: ',
  'atendemos Copacabana, ',
  'Ipanema e Leblon ',
  '(até 8 km da loja).',
];
const NITEROI = {
  text: 'Entregamos num raio de 8 km da loja em Copacabana. Não entregamos em Niterói.',
  uri: 's3://delivery-assistant-kb/pt-BR/areas-e-taxas-de-entrega.md',
};
const HOURS = {
  text: 'Abrimos todos os dias das 11h às 23h.',
  uri: 's3://delivery-assistant-kb/pt-BR/horario-de-funcionamento.md',
};

/** Every variable that could hand the SDK credentials, a profile or an endpoint from outside the test. */
const AWS_VARS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_REGION',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_BEDROCK_RUNTIME',
  'AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  'ANSWER_MODEL_ID',
  'ROUTER_MODEL_ID',
  'KNOWLEDGE_BASE_ID',
] as const;

let bedrock: FakeBedrock;
let telegram: FakeTelegramApi;
let stack: LocalStack | undefined;
let dir: string;
const saved = new Map<string, string | undefined>();
let nextChat = 930_000_001;

/**
 * The process environment of a machine with no AWS access at all: no keys, no profile, config files that do not exist,
 * no container or instance role. The SDK's credential chain reads these from process.env whatever `env` the stack is
 * given.
 */
function isolateProcessEnv(): void {
  for (const k of AWS_VARS) {
    if (!saved.has(k)) saved.set(k, process.env[k]);
    delete process.env[k];
  }
  process.env.AWS_CONFIG_FILE = join(dir, 'no-config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'no-credentials');
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
}

const bedrockEnv = (over: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ANSWER_MODEL_ID: ANSWER_MODEL,
  ROUTER_MODEL_ID: ROUTER_MODEL,
  KNOWLEDGE_BASE_ID: KNOWLEDGE_BASE,
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.url,
  AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME: bedrock.url,
  AWS_ACCESS_KEY_ID: 'AKIALOCALSTACKTEST01',
  AWS_SECRET_ACCESS_KEY: 'local-stack-test-secret',
  AWS_REGION: 'us-east-1',
  ...over,
});

async function start(env: NodeJS.ProcessEnv | undefined, lines: string[]): Promise<LocalStack> {
  stack = await startLocalStack({
    catalog: DEMO_PACKAGE,
    port: 0,
    staffToken: 's',
    print: (l) => lines.push(l),
    // Through config.ts, as `npm start` reads them; undefined reads process.env there.
    assistant: env ? { settings: readAssistantSettings(env) } : {},
    telegram: { token: telegram.token, apiRoot: telegram.apiRoot, webhookSecret: SECRET, botInfo: BOT_INFO },
  });
  return stack;
}

/** Posts a text update to the stack's webhook, as Telegram would, and waits until the bot has handled it. */
async function ask(s: LocalStack, chatId: number, text: string): Promise<ApiCall[]> {
  const res = await fetch(`${s.url}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(textMessage(chatId, text, { languageCode: 'pt-BR', firstName: 'Ana' })),
  });
  expect(res.status).toBe(200);
  await s.telegram!.drain();
  return telegram.chat(chatId);
}

/** The text of the last message the chat shows (as Telegram stored it, MarkdownV2 parsed). */
const finalText = (calls: ApiCall[]): string => {
  const last = calls.filter((c) => !c.error && (c.method === 'sendMessage' || c.method === 'editMessageText')).at(-1);
  return (last?.result as { text?: string } | undefined)?.text ?? '';
};

beforeAll(async () => {
  bedrock = await startFakeBedrock();
  telegram = await startFakeTelegramApi();
  dir = mkdtempSync(join(tmpdir(), 'stack-bedrock-'));
});
afterAll(async () => {
  await Promise.all([bedrock?.close(), telegram?.close()]);
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  bedrock.reset();
  isolateProcessEnv();
});
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
  for (const [k, v] of saved) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  saved.clear();
});

function scriptBedrock(): void {
  // The two cheap tasks run in parallel (a Parallel state): each script answers only its own task.
  const task =
    (name: string) =>
    ({ body }: { body: any }) =>
      body?.requestMetadata?.routerTask === name;
  bedrock.script(ROUTER_MODEL, { deltas: ['entrega Niterói área'], when: task('keyword-enrichment') });
  bedrock.script(ROUTER_MODEL, { deltas: ['yes'], when: task('needs-retrieval') });
  bedrock.loadCorpus(KNOWLEDGE_BASE, [NITEROI, HOURS]);
  bedrock.script(ANSWER_MODEL, { deltas: ANSWER, delayMs: 5, usage: { inputTokens: 900, outputTokens: 30 } });
}

describe('local stack with Bedrock configured (stand-in endpoints)', () => {
  it('answers a Telegram free question with the router model, the knowledge base and the answer model, and says so at startup', async () => {
    // Prepare
    scriptBedrock();
    const lines: string[] = [];
    const s = await start(bedrockEnv(), lines);
    const chatId = nextChat++;

    // Act
    const calls = await ask(s, chatId, 'vocês entregam em Niterói?');

    // Assess: the startup line names each part and the stand-in's endpoint
    expect(s.assistantBackends?.mode).toEqual({ router: 'bedrock', retrieval: 'bedrock', answers: 'bedrock' });
    expect(lines).toContain(
      `🤖 assistant: Bedrock answers (model ${ANSWER_MODEL}), router model ${ROUTER_MODEL}, knowledge base ${KNOWLEDGE_BASE} (endpoint ${bedrock.url})`,
    );
    // Assess: the customer sees exactly the model's answer, streamed (a draft first, then the final message)
    expect(finalText(calls)).toBe(ANSWER.join(''));
    expect(calls.some((c) => c.method === 'sendMessageDraft')).toBe(true);
    // Assess: the stand-in saw the two cheap tasks, one retrieval and one answer stream, each with the configured id
    const converse = bedrock.requests.filter((r) => r.operation === 'Converse');
    expect(converse.map((r) => r.modelId)).toEqual([ROUTER_MODEL, ROUTER_MODEL]);
    expect(converse.map((r) => r.body.requestMetadata.routerTask).sort()).toEqual([
      'keyword-enrichment',
      'needs-retrieval',
    ]);
    expect(
      converse.every(
        (r) => r.status === 200 && r.body.messages.at(-1).content[0].text === 'vocês entregam em Niterói?',
      ),
    ).toBe(true);
    const retrieve = bedrock.requests.filter((r) => r.operation === 'Retrieve');
    expect(retrieve).toHaveLength(1);
    expect(retrieve[0]).toMatchObject({ knowledgeBaseId: KNOWLEDGE_BASE, status: 200 });
    expect(retrieve[0]!.body).toEqual({
      retrievalQuery: { text: 'vocês entregam em Niterói? entrega Niterói área' },
      retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 6 } },
    });
    const stream = bedrock.requests.filter((r) => r.operation === 'ConverseStream');
    expect(stream).toHaveLength(1);
    expect(stream[0]).toMatchObject({ modelId: ANSWER_MODEL, status: 200, deltasSent: ANSWER.length });
    // The retrieved passage reached the answer model's system prompt (as JSON context), the hours passage did not rank.
    expect(stream[0]!.body.system[0].text).toContain(NITEROI.text);
    expect(stream[0]!.body.system[0].text).not.toContain(HOURS.text);
    expect(stream[0]!.body.messages).toEqual([{ role: 'user', content: [{ text: 'vocês entregam em Niterói?' }] }]);
    // Every call was signed with the configured key, for the configured region.
    for (const r of bedrock.requests)
      expect(String(r.headers.authorization)).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIALOCALSTACKTEST01\/\d{8}\/us-east-1\/bedrock\//,
      );
  });

  it('reads the same variables from process.env when no env is given (AWS_ENDPOINT_URL_BEDROCK_* as the SDK names them)', async () => {
    // Prepare
    scriptBedrock();
    Object.assign(process.env, bedrockEnv());
    const lines: string[] = [];
    const s = await start(undefined, lines);

    // Act
    const calls = await ask(s, nextChat++, 'vocês entregam em Niterói?');

    // Assess
    expect(s.assistantBackends?.mode).toEqual({ router: 'bedrock', retrieval: 'bedrock', answers: 'bedrock' });
    expect(finalText(calls)).toBe(ANSWER.join(''));
    expect(bedrock.requests.map((r) => r.operation).sort()).toEqual([
      'Converse',
      'Converse',
      'ConverseStream',
      'Retrieve',
    ]);
  });

  it('without AWS credentials stays offline, says why at startup, sends nothing to Bedrock, and answers as a local answer', async () => {
    // Prepare: the ids and endpoints are set, the keys are not (and process.env holds none either)
    const lines: string[] = [];
    const env = bedrockEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
    const s = await start(env, lines);

    // Act
    const calls = await ask(s, nextChat++, 'vocês entregam em Niterói?');

    // Assess
    expect(s.assistantBackends?.mode).toEqual({ router: 'offline', retrieval: 'offline', answers: 'offline' });
    expect(s.assistantBackends?.offlineReason).toMatch(/^no AWS credentials \(.+\)$/);
    const banner = lines.find((l) => l.includes('assistant:'));
    expect(banner).toMatch(
      /^⚠️ {2}assistant: offline answers, offline router model, BM25 over the store's knowledge\/ — no AWS credentials \(.+\), so ANSWER_MODEL_ID, ROUTER_MODEL_ID and KNOWLEDGE_BASE_ID are ignored$/,
    );
    expect(bedrock.requests).toEqual([]);
    const answer = finalText(calls);
    expect(answer).toContain('resposta automática');
    expect(answer).not.toMatch(/sem modelo de IA|knowledge\//);
    expect(answer).toContain('Fonte: Áreas e taxas de entrega');
  });

  it('without any of the ids stays offline without looking for credentials, as in CI', async () => {
    // Prepare
    const lines: string[] = [];

    // Act
    const s = await start({}, lines);

    // Assess
    expect(s.assistantBackends?.mode).toEqual({ router: 'offline', retrieval: 'offline', answers: 'offline' });
    expect(s.assistantBackends?.offlineReason).toBeUndefined();
    expect(lines).toContain(
      "🤖 assistant: offline answers over the store's knowledge/ with BM25 (set ANSWER_MODEL_ID, ROUTER_MODEL_ID, KNOWLEDGE_BASE_ID and AWS credentials for Bedrock)",
    );
  });

  it('lets a given answer model win over ANSWER_MODEL_ID, and uses Bedrock only for the parts whose id is set', async () => {
    // Prepare: only the router model is configured
    const backends = await resolveAssistantBackends({
      settings: readAssistantSettings(bedrockEnv({ ANSWER_MODEL_ID: undefined, KNOWLEDGE_BASE_ID: undefined })),
    });
    const given = await resolveAssistantBackends({
      settings: readAssistantSettings(bedrockEnv()),
      model: {
        name: 'bench-model',
        stream: async function* () {
          /* nothing */
        },
      },
    });
    backends.close();
    given.close();

    // Assess
    expect(backends.mode).toEqual({ router: 'bedrock', retrieval: 'offline', answers: 'offline' });
    expect(backends.routerModelId).toBe(ROUTER_MODEL);
    expect(backends.description).toBe(
      `assistant: offline answers, router model ${ROUTER_MODEL}, BM25 over the store's knowledge/ (endpoint ${bedrock.url})`,
    );
    expect(given.mode).toEqual({ router: 'bedrock', retrieval: 'bedrock', answers: 'given' });
    expect(given.answerModel.name).toBe('bench-model');
    expect(bedrock.requests).toEqual([]); // choosing makes no call: the credentials are checked locally
  });

  it('gives up on a credential source that does not answer within the timeout, and stays offline', async () => {
    // Prepare: a profile whose credential_process hangs (as an SSO login prompt or a dead helper would)
    const config = join(dir, 'slow-config');
    writeFileSync(config, '[profile slow]\ncredential_process = sleep 3\n');
    process.env.AWS_CONFIG_FILE = config;
    const env = bedrockEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_PROFILE: 'slow' });
    const started = performance.now();

    // Act
    const backends = await resolveAssistantBackends({ settings: readAssistantSettings(env), credentialTimeoutMs: 300 });
    const elapsed = performance.now() - started;
    backends.close();

    // Assess
    expect(backends.mode).toEqual({ router: 'offline', retrieval: 'offline', answers: 'offline' });
    expect(backends.offlineReason).toBe('no AWS credentials within 300 ms');
    expect(elapsed).toBeLessThan(2000);
  });
});
