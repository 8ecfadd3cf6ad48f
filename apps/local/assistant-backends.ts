// Chooses the local assistant's parts from its settings (apps/local/config.ts): real Bedrock (router model, knowledge
// base, answer model) when its id is set and AWS credentials resolve, the offline stand-ins otherwise.
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { BedrockAnswerModel } from '../../adapters/aws/bedrock-answer-model.ts';
import { RioGazetteer } from '../../adapters/geo/rio-gazetteer.ts';
import { Bm25KnowledgeRetriever } from '../../adapters/local/bm25-knowledge-retriever.ts';
import { loadKnowledgeDocuments } from '../../adapters/local/knowledge-documents.ts';
import { menuDocuments } from '../../adapters/local/menu-documents.ts';
import { OfflineAnswerModel } from '../../adapters/local/offline-answer-model.ts';
import { OpenAiCompatibleAnswerModel } from '../../adapters/local/openai-compatible-answer-model.ts';
import { PlaceAwareKnowledgeRetriever } from '../../adapters/local/place-aware-knowledge-retriever.ts';
import type { AnswerModel } from '../../core/answer-model.ts';
import type { StorePackage } from '../../core/catalog.ts';
import { ROUTER_CONFIG } from '../../core/router-contract.ts';
import { type AssistantSettings, readAssistantSettings } from './config.ts';
import {
  bedrockConverse,
  bedrockRetrieve,
  bm25Retrieve,
  type ConverseImpl,
  LOCAL_KNOWLEDGE_BASE,
  OFFLINE_ROUTER_MODEL,
  offlineConverse,
  type RetrieveImpl,
} from './local-router.ts';

/** How long the one credential check at startup may take (the SDK's chain may end on the instance-metadata endpoint). */
export const CREDENTIAL_CHECK_TIMEOUT_MS = 3000;

export interface AssistantBackendOptions {
  /**
   * The model ids and the Bedrock clients' region, profile, keys and endpoints (default: read from process.env by
   * config.ts). Shared config files and instance roles are still found by the SDK's own credential chain.
   */
  settings?: AssistantSettings;
  /** An answer model chosen by the caller (benchmarks, stand-ins): it wins over ANSWER_MODEL_ID. */
  model?: AnswerModel;
  /** The offline answer model's pause between deltas. */
  answerDelayMs?: number;
  /** The store's knowledge folder BM25 indexes (the demo store's by default). */
  knowledgeDir?: string;
  /** The store package: its menu and prices are indexed with the documents (offline retrieval). */
  catalog?: StorePackage;
  credentialTimeoutMs?: number;
}

export type PartMode = 'bedrock' | 'offline';

export interface AssistantBackends {
  converse: ConverseImpl;
  /** `${RouterModelId}` for the router's ASL. */
  routerModelId: string;
  retrieve: RetrieveImpl;
  /** `${KnowledgeBaseId}` for the router's ASL. */
  knowledgeBaseId: string;
  answerModel: AnswerModel;
  mode: { router: PartMode; retrieval: PartMode; answers: PartMode | 'given' | 'openai-compatible' };
  /** Set when model ids were configured but Bedrock is not used: why (no credentials, no region). */
  offlineReason?: string;
  /** One line for the startup banner, e.g. "assistant: Bedrock answers (model X), router model Y, knowledge base Z". */
  description: string;
  /** Closes the Bedrock clients' HTTP/2 sessions (they would otherwise keep the process alive). */
  close(): void;
}

/** Region, then credentials, each once, within `timeoutMs`: undefined when both resolve, else why not. */
async function checkAws(
  config: { region: () => Promise<string>; credentials: () => Promise<{ accessKeyId?: string }> },
  timeoutMs: number,
): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no AWS credentials within ${timeoutMs} ms`), timeoutMs);
    timer.unref();
  });
  const check = (async (): Promise<string | undefined> => {
    try {
      if (!(await config.region())) return 'no AWS region (set AWS_REGION)';
    } catch {
      return 'no AWS region (set AWS_REGION)';
    }
    try {
      const creds = await config.credentials();
      return creds.accessKeyId ? undefined : 'no AWS credentials';
    } catch (err) {
      return `no AWS credentials (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
    }
  })();
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Decides each part from the settings: ROUTER_MODEL_ID → the cheap router tasks on Bedrock Converse, else the offline
 * stand-in; KNOWLEDGE_BASE_ID → Bedrock Retrieve, else BM25 over `knowledge/`; ANSWER_MODEL_ID → BedrockAnswerModel
 * (ConverseStream), else the offline extractive model. Bedrock is only used when credentials and a region resolve
 * (checked
 * once, here); with ids set but no credentials everything stays offline and `offlineReason` says why. No id set: no
 * client is made and nothing is checked, so tests and CI without AWS stay offline and start as fast as before.
 */
/**
 * BM25 over the store's documents and its menu; with the store package, a neighbourhood the question names is also
 * placed by the offline gazetteer and answered from the radius and the fee formula.
 */
async function offlineRetriever(opts: AssistantBackendOptions) {
  const bm25 = new Bm25KnowledgeRetriever([
    ...(await loadKnowledgeDocuments(opts.knowledgeDir)),
    ...(opts.catalog ? menuDocuments(opts.catalog) : []),
  ]);
  const store = opts.catalog?.store;
  return store ? new PlaceAwareKnowledgeRetriever(bm25, new RioGazetteer(), () => store) : bm25;
}

export async function resolveAssistantBackends(opts: AssistantBackendOptions = {}): Promise<AssistantBackends> {
  const settings = opts.settings ?? readAssistantSettings();
  // ANSWER_MODEL_URL: the answer streams from that OpenAI-compatible endpoint, and ANSWER_MODEL_ID names its model.
  const openAi = !opts.model && settings.answerModelUrl && settings.answerModelId ? settings.answerModelUrl : undefined;
  const ids = {
    router: settings.routerModelId,
    knowledgeBase: settings.knowledgeBaseId,
    answer: opts.model || openAi ? undefined : settings.answerModelId,
  };
  const configured: string[] = [
    ...(ids.answer ? [ROUTER_CONFIG.answerModelId] : []),
    ...(ids.router ? [ROUTER_CONFIG.routerModelId] : []),
    ...(ids.knowledgeBase ? [ROUTER_CONFIG.knowledgeBaseId] : []),
  ];

  let runtime: BedrockRuntimeClient | undefined;
  let agent: BedrockAgentRuntimeClient | undefined;
  let offlineReason: string | undefined;
  if (configured.length > 0) {
    const runtimeConfig = settings.runtime;
    const agentConfig = settings.agentRuntime;
    if (ids.router || ids.answer) runtime = new BedrockRuntimeClient(runtimeConfig);
    else agent = new BedrockAgentRuntimeClient(agentConfig);
    const first = (runtime ?? agent)!;
    offlineReason = await checkAws(first.config, opts.credentialTimeoutMs ?? CREDENTIAL_CHECK_TIMEOUT_MS);
    if (offlineReason) {
      runtime?.destroy();
      agent?.destroy();
      runtime = agent = undefined;
    } else if (ids.knowledgeBase && !agent) {
      // The same (already resolved, memoised) credential provider: the chain is walked once, not once per client.
      agent = new BedrockAgentRuntimeClient({ ...agentConfig, credentials: runtime!.config.credentials });
    }
  }

  const onBedrock = !offlineReason;
  const router: PartMode = ids.router && onBedrock ? 'bedrock' : 'offline';
  const retrieval: PartMode = ids.knowledgeBase && onBedrock ? 'bedrock' : 'offline';
  const answers: AssistantBackends['mode']['answers'] = opts.model
    ? 'given'
    : openAi
      ? 'openai-compatible'
      : ids.answer && onBedrock
        ? 'bedrock'
        : 'offline';

  const retrieve = retrieval === 'bedrock' ? bedrockRetrieve(agent!) : bm25Retrieve(await offlineRetriever(opts));
  const answerModel =
    opts.model ??
    (answers === 'bedrock'
      ? new BedrockAnswerModel(runtime!, ids.answer!)
      : answers === 'openai-compatible'
        ? new OpenAiCompatibleAnswerModel({
            url: openAi!,
            model: settings.answerModelId!,
            apiKey: settings.answerModelApiKey,
          })
        : new OfflineAnswerModel({ delayMs: opts.answerDelayMs }));

  const parts = [
    answers === 'given'
      ? `answers from the given model (${answerModel.name})`
      : answers === 'bedrock'
        ? `Bedrock answers (model ${ids.answer})`
        : answers === 'openai-compatible'
          ? `answers from ${settings.answerModelId} at ${openAi}`
          : 'offline answers',
    router === 'bedrock' ? `router model ${ids.router}` : 'offline router model',
    retrieval === 'bedrock' ? `knowledge base ${ids.knowledgeBase}` : "BM25 over the store's knowledge/",
  ];
  // Stand-ins and VPC endpoints are named, so nobody mistakes them for the public Bedrock endpoint.
  const endpoints = [
    ...new Set(
      [runtime ? settings.runtime.endpoint : undefined, agent ? settings.agentRuntime.endpoint : undefined].filter(
        (e): e is string => !!e,
      ),
    ),
  ];
  const ignored =
    configured.length > 1
      ? `${configured.slice(0, -1).join(', ')} and ${configured.at(-1)} are`
      : `${configured[0]} is`;
  const description = offlineReason
    ? `assistant: ${parts.join(', ')} — ${offlineReason}, so ${ignored} ignored`
    : configured.length === 0 && !opts.model && !openAi
      ? `assistant: offline answers over the store's knowledge/ with BM25 (set ${ROUTER_CONFIG.answerModelId}, ${ROUTER_CONFIG.routerModelId}, ${ROUTER_CONFIG.knowledgeBaseId} and AWS credentials for Bedrock)`
      : `assistant: ${parts.join(', ')}${endpoints.length ? ` (endpoint ${endpoints.join(', ')})` : ''}`;

  return {
    converse: router === 'bedrock' ? bedrockConverse(runtime!) : offlineConverse(),
    routerModelId: router === 'bedrock' ? ids.router! : OFFLINE_ROUTER_MODEL,
    retrieve,
    knowledgeBaseId: retrieval === 'bedrock' ? ids.knowledgeBase! : LOCAL_KNOWLEDGE_BASE,
    answerModel,
    mode: { router, retrieval, answers },
    offlineReason,
    description,
    close: () => {
      runtime?.destroy();
      agent?.destroy();
    },
  };
}
