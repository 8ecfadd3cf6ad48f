// The assistant's model and knowledge-base settings: their CDK context keys (-c routerModelId=…), defaults and
// validation.
import type { Node } from 'constructs';
import { assertKnowledgeBaseId, assertModelId } from './bedrock-arns.ts';

/** `cdk deploy -c routerModelId=… -c answerModelId=… -c knowledgeBaseId=…` (or the same keys under "context" in cdk.json). */
export const ASSISTANT_CONTEXT_KEYS = {
  routerModelId: 'routerModelId',
  answerModelId: 'answerModelId',
  knowledgeBaseId: 'knowledgeBaseId',
} as const;

/** The router's cheap classification, keyword and needs-retrieval calls. */
export const DEFAULT_ROUTER_MODEL_ID = 'amazon.nova-micro-v1:0';
/** The streamed answer the Telegram worker writes. */
export const DEFAULT_ANSWER_MODEL_ID = 'amazon.nova-lite-v1:0';

export interface AssistantConfig {
  readonly routerModelId: string;
  readonly answerModelId: string;
  /** The owner's own Bedrock knowledge base; undefined: the stack builds one from the store's documents. */
  readonly knowledgeBaseId?: string;
}

/** A context value: absent or empty means "not given"; anything but a string is a mistake worth failing synth on. */
function contextString(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`CDK context ${key} must be a string, got ${JSON.stringify(value)}`);
  return value.trim() === '' ? undefined : value.trim();
}

/**
 * The settings for this synth: `given` (props, e.g. from a test) wins over CDK context, which wins over the defaults.
 * Throws when a value is not shaped like a model id or a knowledge-base id, so a typo fails synth instead of deploying
 * a grant on the wrong ARN.
 */
export function resolveAssistantConfig(node: Node, given: Partial<AssistantConfig> = {}): AssistantConfig {
  const routerModelId =
    given.routerModelId ?? contextString(node, ASSISTANT_CONTEXT_KEYS.routerModelId) ?? DEFAULT_ROUTER_MODEL_ID;
  const answerModelId =
    given.answerModelId ?? contextString(node, ASSISTANT_CONTEXT_KEYS.answerModelId) ?? DEFAULT_ANSWER_MODEL_ID;
  const knowledgeBaseId = given.knowledgeBaseId ?? contextString(node, ASSISTANT_CONTEXT_KEYS.knowledgeBaseId);
  assertModelId(routerModelId);
  assertModelId(answerModelId);
  if (knowledgeBaseId !== undefined) assertKnowledgeBaseId(knowledgeBaseId);
  return { routerModelId, answerModelId, knowledgeBaseId };
}
