// Bedrock ARNs for IAM, built from a model or knowledge-base id and the stack's partition, region and account (never
// hard-coded).

/** Where the ARNs live: pass Stack.of(scope).partition/region/account (tokens in an environment-agnostic stack). */
export interface ArnScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/**
 * Geography prefixes of the system-defined (cross-Region) inference profiles: `us.amazon.nova-micro-v1:0` is the US
 * profile of `amazon.nova-micro-v1:0`. A foundation model id is `<provider>.<model>`, and no provider has these names.
 */
export const INFERENCE_PROFILE_PREFIXES = ['us', 'us-gov', 'eu', 'apac', 'jp', 'au', 'ca', 'global'] as const;

/** Model ids as Bedrock prints them: letters, digits, '.', '-', '_' and ':' (the version). No ARN, no wildcard. */
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
/** Knowledge-base ids: up to 10 letters and digits (the Retrieve API's KnowledgeBaseId). */
const KNOWLEDGE_BASE_ID = /^[0-9A-Za-z]{1,10}$/;

export interface InferenceProfileId {
  readonly prefix: (typeof INFERENCE_PROFILE_PREFIXES)[number];
  /** The foundation model the profile routes to, e.g. amazon.nova-micro-v1:0. */
  readonly foundationModelId: string;
}

/** Throws on anything that is not a plain model or inference-profile id, so a typo fails synth instead of an IAM grant. */
export function assertModelId(modelId: string): void {
  if (!MODEL_ID.test(modelId)) {
    throw new Error(
      `Not a Bedrock model id: ${JSON.stringify(modelId)}. Give an id such as amazon.nova-micro-v1:0 or us.amazon.nova-micro-v1:0, not an ARN.`,
    );
  }
}

/** The profile's geography and foundation model when `modelId` is a cross-Region inference profile id, else undefined. */
export function parseInferenceProfileId(modelId: string): InferenceProfileId | undefined {
  assertModelId(modelId);
  const dot = modelId.indexOf('.');
  const prefix = modelId.slice(0, dot) as InferenceProfileId['prefix'];
  if (dot <= 0 || !INFERENCE_PROFILE_PREFIXES.includes(prefix)) return undefined;
  const foundationModelId = modelId.slice(dot + 1);
  assertModelId(foundationModelId);
  return { prefix, foundationModelId };
}

/**
 * The resources a bedrock:InvokeModel* statement needs for `modelId`.
 * - A foundation model id: its ARN in this region only.
 * - An inference profile id: the profile's ARN in this region and account, plus the foundation model's ARN in any
 *   region, because a cross-Region profile routes each request to one of its destination regions (a global profile,
 *   to any commercial region) and IAM checks the foundation model there too. Only that one model, in any region.
 */
export function bedrockModelArns(modelId: string, { partition, region, account }: ArnScope): string[] {
  const profile = parseInferenceProfileId(modelId);
  if (!profile) return [`arn:${partition}:bedrock:${region}::foundation-model/${modelId}`];
  return [
    `arn:${partition}:bedrock:${region}:${account}:inference-profile/${modelId}`,
    `arn:${partition}:bedrock:*::foundation-model/${profile.foundationModelId}`,
  ];
}

/** Throws unless `knowledgeBaseId` is shaped like a real knowledge-base id (an ARN or a name is a common mistake). */
export function assertKnowledgeBaseId(knowledgeBaseId: string): void {
  if (!KNOWLEDGE_BASE_ID.test(knowledgeBaseId)) {
    throw new Error(
      `Not a Bedrock knowledge base id: ${JSON.stringify(knowledgeBaseId)} (up to 10 letters and digits, e.g. ABCDEFGHIJ).`,
    );
  }
}

/** The ARN bedrock:Retrieve is granted on. */
export function knowledgeBaseArn(knowledgeBaseId: string, { partition, region, account }: ArnScope): string {
  return `arn:${partition}:bedrock:${region}:${account}:knowledge-base/${knowledgeBaseId}`;
}
