// The assistant router run locally: the same ASL file CDK deploys (statemachines/assistant-router.asl.json) under the
// local interpreter, with its Lambda steps in-process, DynamoDB on dynalite, the cheap model tasks on real Bedrock when
// ROUTER_MODEL_ID is configured (or on an honest offline stand-in), and retrieval on a real Bedrock knowledge base when
// KNOWLEDGE_BASE_ID is configured (or on the BM25 index shaped like Retrieve). assistant-backends.ts makes that choice.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type BedrockAgentRuntimeClient, RetrieveCommand } from '@aws-sdk/client-bedrock-agent-runtime';
import { type BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Bm25KnowledgeRetriever, searchTerms } from '../../adapters/local/bm25-knowledge-retriever.ts';
import { LocalWorkflowEngine, type LocalWorkflowOptions } from '../../adapters/local/local-workflow-engine.ts';
import { classifyIntent } from '../../core/intent-classifier.ts';
import type { KnowledgeRetriever } from '../../core/knowledge.ts';
import { langFromTag } from '../../core/lang.ts';
import { buildRouterInput, type RouterInput, type RouterOutput } from '../../core/router-contract.ts';
import { detectLanguage } from '../../core/text-normalization.ts';
import { createRouterTasks } from '../../statemachines/router-tasks.ts';

export const ROUTER_ASL = fileURLToPath(new URL('../../statemachines/assistant-router.asl.json', import.meta.url));
/** The `${RouterModelId}` used when no model is configured: the offline stand-in answers whatever id it is given. */
export const OFFLINE_ROUTER_MODEL = 'local.offline-router';
export const LOCAL_KNOWLEDGE_BASE = 'local-bm25';

export type ConverseImpl = NonNullable<LocalWorkflowOptions['converse']>;
export type RetrieveImpl = NonNullable<LocalWorkflowOptions['retrieve']>;

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Renames every member key; the entries of a member named in `keepEntries` (a map, e.g. Retrieve's `metadata`) keep their keys. */
function mapKeys(v: Json, f: (k: string) => string, keepEntries: ReadonlySet<string> = new Set()): Json {
  if (Array.isArray(v)) return v.map((x) => mapKeys(x, f, keepEntries));
  if (!isObject(v)) return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k]) => k !== '$metadata')
      .map(([k, x]) => [
        f(k),
        keepEntries.has(k) && isObject(x)
          ? Object.fromEntries(Object.entries(x).map(([ek, ex]) => [ek, mapKeys(ex, f, keepEntries)]))
          : mapKeys(x, f, keepEntries),
      ]),
  );
}
/** Step Functions' SDK integrations speak PascalCase; the JavaScript SDK speaks camelCase. */
export const toCamel = (v: Json, keepEntries?: ReadonlySet<string>): Json =>
  mapKeys(v, (k) => k.charAt(0).toLowerCase() + k.slice(1), keepEntries);
export const toPascal = (v: Json, keepEntries?: ReadonlySet<string>): Json =>
  mapKeys(v, (k) => k.charAt(0).toUpperCase() + k.slice(1), keepEntries);

function namedError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** The cheap model tasks on real Bedrock: the Step Functions request, camelCased, through the real Converse operation. */
export function bedrockConverse(client: BedrockRuntimeClient): ConverseImpl {
  return async (params) => {
    const { requestMetadata, ...request } = toCamel(params) as Record<string, Json>;
    // RequestMetadata's keys are the caller's own (routerTask): sent as written.
    const out = await client.send(
      new ConverseCommand({ ...request, requestMetadata: params.RequestMetadata ?? requestMetadata } as never),
    );
    return toPascal(out);
  };
}

/**
 * Knowledge-base retrieval on real Bedrock: the Step Functions request (PascalCase), camelCased, through the real
 * Retrieve
 * operation, and the answer PascalCased back. The keys inside a result's `metadata` map (`x-amz-bedrock-kb-source-uri`,
 * the
 * customer's own attribute names) are data, not member names, so they stay as Bedrock wrote them; the router reads
 * none.
 */
export function bedrockRetrieve(client: BedrockAgentRuntimeClient): RetrieveImpl {
  const maps = new Set(['metadata', 'Metadata']);
  return async (params) => {
    const out = await client.send(new RetrieveCommand(toCamel(params, maps) as never));
    return toPascal(out, maps);
  };
}

const lastUserText = (params: Record<string, Json>): string => {
  const messages = Array.isArray(params.Messages)
    ? (params.Messages as { Role?: string; Content?: { Text?: string }[] }[])
    : [];
  const last = [...messages].reverse().find((m) => m.Role === 'user');
  return (last?.Content ?? []).map((c) => c.Text ?? '').join('\n');
};

/**
 * The offline stand-in for the cheap model, honest about what it is: keyword enrichment is the question's content words
 * (accent-folded, stop words dropped), needs-retrieval is "yes" unless the message is a greeting or thanks, and the
 * classifier is the deterministic classifier's answer as JSON. It reports zero tokens: no model ran.
 */
export function offlineConverse(): ConverseImpl {
  return async (params) => {
    const text = lastUserText(params);
    if (text.trim() === '') throw namedError('ValidationException', 'A conversation must start with a user message.');
    const task = (params.RequestMetadata as { routerTask?: string } | undefined)?.routerTask;
    let answer: string;
    switch (task) {
      case 'keyword-enrichment':
        answer = searchTerms(text).join(' ');
        break;
      case 'needs-retrieval':
        answer = classifyIntent(text).intent === 'greeting' ? 'no' : 'yes';
        break;
      case 'intent-classifier':
        answer = JSON.stringify({ intent: classifyIntent(text).intent });
        break;
      default:
        throw namedError('ValidationException', `The offline router model has no task "${String(task)}"`);
    }
    return {
      Output: { Message: { Role: 'assistant', Content: [{ Text: answer }] } },
      StopReason: 'end_turn',
      Usage: { InputTokens: 0, OutputTokens: 0, TotalTokens: 0 },
    };
  };
}

/** Retrieval on the local BM25 index, shaped like a Bedrock Retrieve response (the location names the document). */
export function bm25Retrieve(retriever: KnowledgeRetriever): RetrieveImpl {
  return async (params) => {
    const query = (params.RetrievalQuery as { Text?: string } | undefined)?.Text ?? '';
    if (query.trim() === '')
      throw namedError(
        'ValidationException',
        "Value at 'retrievalQuery.text' failed to satisfy constraint: Member must not be null",
      );
    const limit =
      (params.RetrievalConfiguration as { VectorSearchConfiguration?: { NumberOfResults?: number } } | undefined)
        ?.VectorSearchConfiguration?.NumberOfResults ?? 5;
    const passages = await retriever.retrieve(query, { lang: langFromTag(detectLanguage(query)), limit });
    return {
      RetrievalResults: passages.map((p) => ({
        Content: { Text: p.text, Type: 'TEXT' },
        Location: { Type: 'S3', S3Location: { Uri: `knowledge/${p.source}.md` } },
        Score: p.score,
      })),
    };
  };
}

export interface LocalRouterOptions {
  dynamo: DynamoDBClient;
  tableName: string;
  /** The cheap model tasks; default: the offline stand-in. */
  converse?: ConverseImpl;
  /** Knowledge-base retrieval; default: BM25 over `knowledge/`. */
  retrieve?: RetrieveImpl;
  /** `${RouterModelId}` (default OFFLINE_ROUTER_MODEL). */
  routerModelId?: string;
  /** `${KnowledgeBaseId}` (default LOCAL_KNOWLEDGE_BASE). */
  knowledgeBaseId?: string;
  log?: (line: string) => void;
  retryIntervalMs?: number;
}

export interface LocalRouter {
  engine: LocalWorkflowEngine;
  /** StartSyncExecution, locally: runs one message through the router and returns its output. */
  route(input: RouterInput): Promise<RouterOutput>;
  /** Runs an input as given (no caller-side trimming): for checking the state machine's own robustness. */
  routeRaw(input: unknown): Promise<RouterOutput>;
  stop(): Promise<void>;
}

export async function createLocalRouter(opts: LocalRouterOptions): Promise<LocalRouter> {
  const retrieve = opts.retrieve ?? bm25Retrieve(await Bm25KnowledgeRetriever.fromDirectory());
  const engine = new LocalWorkflowEngine({
    aslFile: ROUTER_ASL,
    name: 'assistant-router',
    tableName: opts.tableName,
    dynamo: opts.dynamo,
    publish: async () => {
      throw new Error('The assistant router publishes nothing');
    },
    functions: createRouterTasks() as unknown as LocalWorkflowOptions['functions'],
    log: opts.log,
    retryIntervalMs: opts.retryIntervalMs,
    substitutions: {
      RouterModelId: opts.routerModelId ?? OFFLINE_ROUTER_MODEL,
      KnowledgeBaseId: opts.knowledgeBaseId ?? LOCAL_KNOWLEDGE_BASE,
    },
    converse: opts.converse ?? offlineConverse(),
    retrieve,
  });
  const routeRaw = async (input: unknown): Promise<RouterOutput> => {
    const name = `route-${randomUUID()}`;
    engine.start(name, input);
    const outcome = await engine.outcome(name);
    if (outcome.status !== 'SUCCEEDED')
      throw new Error(`Router execution ${name} ${outcome.status}: ${outcome.error ?? ''}`);
    return outcome.output as RouterOutput;
  };
  return {
    engine,
    route: (input) => routeRaw(buildRouterInput(input)),
    routeRaw,
    stop: () => engine.stop(),
  };
}
