// The local stack's configuration: every environment variable `npm start` and the CLI read, validated once with zod
// here, the only module of apps/local and apps/cli that reads the environment.

import { resolve } from 'node:path';
import * as z from 'zod';
import { DEFAULT_PIX_EXPIRY_MINUTES } from '../../core/deps.ts';
import { ROUTER_CONFIG } from '../../core/router-contract.ts';
import { slackChannelId, slackHandoffTimeoutMinutes, slackStaffLang } from '../../core/slack-settings.ts';
import { telegramApiRoot, telegramWebhookSecret } from '../../core/telegram-settings.ts';
import type { LocalSlackOptions } from './local-slack.ts';
import type { LocalTelegramOptions } from './local-telegram.ts';

/** Slack runs with all three of these, or none. */
export const SLACK_ENV = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_SUPPORT_CHANNEL'] as const;
/** Never echoed in an error: a wrong secret is still a secret. */
const SECRET_VARS = new Set([
  'STAFF_API_TOKEN',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'MERCADOPAGO_ACCESS_TOKEN',
  'MERCADOPAGO_WEBHOOK_SECRET',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
]);

/** A variable that is unset, empty or blank is not given (`FOO= npm start` turns FOO off); others are trimmed. */
const variable = <T extends z.core.$ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() || undefined : v), z.optional(schema));
const text = variable(z.string());
/** GEOCODER: Amazon Location Places, the offline Rio gazetteer, or (the default) Places when AWS is configured. */
export const GEOCODER_CHOICES = ['auto', 'places', 'gazetteer'] as const;
const PORT_RULE = 'must be a port number from 0 to 65535';

const envSchema = z.object({
  PORT: variable(z.string().regex(/^\d+$/, PORT_RULE).transform(Number).pipe(z.number().max(65535, PORT_RULE))),
  DATA_DIR: text,
  STORE_DIR: text,
  STAFF_API_TOKEN: text,
  TELEGRAM_BOT_TOKEN: text,
  TELEGRAM_WEBHOOK_SECRET: variable(telegramWebhookSecret),
  TELEGRAM_API_ROOT: variable(telegramApiRoot),
  SLACK_BOT_TOKEN: text,
  SLACK_SIGNING_SECRET: text,
  SLACK_SUPPORT_CHANNEL: variable(slackChannelId),
  SLACK_API_URL: variable(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })),
  SLACK_STAFF_LANG: variable(slackStaffLang),
  SLACK_HANDOFF_TIMEOUT_MINUTES: variable(slackHandoffTimeoutMinutes),
  [ROUTER_CONFIG.answerModelId]: text,
  ANSWER_MODEL_URL: variable(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })),
  ANSWER_MODEL_API_KEY: text,
  [ROUTER_CONFIG.routerModelId]: text,
  [ROUTER_CONFIG.knowledgeBaseId]: text,
  AWS_REGION: text,
  AWS_PROFILE: text,
  AWS_ACCESS_KEY_ID: text,
  AWS_SECRET_ACCESS_KEY: text,
  AWS_SESSION_TOKEN: text,
  AWS_ENDPOINT_URL: text,
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME: text,
  AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME: text,
  AWS_ENDPOINT_URL_GEO_PLACES: text,
  AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: text,
  GEOCODER: variable(z.enum(GEOCODER_CHOICES, { error: `must be one of ${GEOCODER_CHOICES.join(', ')}` })),
  SIMULATED_PIX_PAY_SECONDS: variable(
    z.coerce.number({ error: 'must be a number of seconds' }).min(0, 'must be 0 or more seconds'),
  ),
  MERCADOPAGO_ACCESS_TOKEN: text,
  MERCADOPAGO_WEBHOOK_SECRET: text,
  MERCADOPAGO_API_URL: variable(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })),
  PIX_EXPIRY_MINUTES: variable(
    z.coerce.number({ error: 'must be a number of minutes' }).int('must be whole minutes').min(1).max(1440),
  ),
});
type Env = z.output<typeof envSchema>;

/** What the Bedrock clients of the local assistant are given (the SDK still finds shared config files and roles itself). */
export interface AwsClientSettings {
  region?: string;
  profile?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  endpoint?: string;
}

/** ROUTER_MODEL_ID, ANSWER_MODEL_ID, KNOWLEDGE_BASE_ID and the AWS settings of the two Bedrock clients. */
export interface AssistantSettings {
  routerModelId?: string;
  answerModelId?: string;
  /** An OpenAI-compatible chat endpoint (Ollama, llama.cpp, vLLM): the answer streams from it, ANSWER_MODEL_ID names the model. */
  answerModelUrl?: string;
  answerModelApiKey?: string;
  knowledgeBaseId?: string;
  runtime: AwsClientSettings;
  agentRuntime: AwsClientSettings;
}

/** Which geocoder the local stack uses for typed addresses and shared locations, and the Places client's settings. */
export interface GeocoderSettings {
  use: 'places' | 'gazetteer';
  /** Why, for the startup banner: the GEOCODER value, and for `auto` what it found. */
  why: string;
  client: AwsClientSettings;
}

/** How the simulated provider behaves, and how long a Pix stays payable. */
export interface PaymentSettings {
  /** SIMULATED_PIX_PAY_SECONDS (10): the simulated Pix pays itself after this long; 0 waits for `pay` or the dev route. */
  pixPaySeconds: number;
  /** PIX_EXPIRY_MINUTES (15): how long a Pix stays payable, and so how long the workflow waits for it. */
  pixExpiryMinutes: number;
}
export const DEFAULT_SIMULATED_PIX_PAY_SECONDS = 10;

/** The real provider: MERCADOPAGO_ACCESS_TOKEN turns it on, with its webhook secret; the API root for stand-ins. */
export interface MercadoPagoSettings {
  accessToken: string;
  webhookSecret: string;
  apiUrl?: string;
}

/** Mercado Pago's settings, or undefined (the simulated provider); a token without its webhook secret is an error. */
export function readMercadoPagoSettings(env: NodeJS.ProcessEnv = process.env): MercadoPagoSettings | undefined {
  const e = parseEnv(
    envSchema.pick({ MERCADOPAGO_ACCESS_TOKEN: true, MERCADOPAGO_WEBHOOK_SECRET: true, MERCADOPAGO_API_URL: true }),
    env,
  );
  if (!e.MERCADOPAGO_ACCESS_TOKEN) return undefined;
  if (!e.MERCADOPAGO_WEBHOOK_SECRET)
    throw new LocalConfigError([
      'MERCADOPAGO_WEBHOOK_SECRET is required with MERCADOPAGO_ACCESS_TOKEN: without it no payment webhook can be ' +
        'verified, so no payment would ever confirm (copy it from Your integrations > Webhooks in Mercado Pago)',
    ]);
  return {
    accessToken: e.MERCADOPAGO_ACCESS_TOKEN,
    webhookSecret: e.MERCADOPAGO_WEBHOOK_SECRET,
    ...(e.MERCADOPAGO_API_URL ? { apiUrl: e.MERCADOPAGO_API_URL } : {}),
  };
}

/** The payment settings alone (startLocalStack reads them when it is not given them, as the assistant's). */
export function readPaymentSettings(env: NodeJS.ProcessEnv = process.env): PaymentSettings {
  const e = parseEnv(envSchema.pick({ SIMULATED_PIX_PAY_SECONDS: true, PIX_EXPIRY_MINUTES: true }), env);
  return {
    pixPaySeconds: e.SIMULATED_PIX_PAY_SECONDS ?? DEFAULT_SIMULATED_PIX_PAY_SECONDS,
    pixExpiryMinutes: e.PIX_EXPIRY_MINUTES ?? DEFAULT_PIX_EXPIRY_MINUTES,
  };
}

export interface LocalConfig {
  /** PORT (3000); 0 picks a free port. */
  port: number;
  /** DATA_DIR (./.data), absolute. */
  dataDir: string;
  /** STORE_DIR, absolute; unset serves the demo store (stores/demo). */
  storeDir?: string;
  /** STAFF_API_TOKEN; generated by the stack when unset. */
  staffToken?: string;
  /** TELEGRAM_BOT_TOKEN [TELEGRAM_WEBHOOK_SECRET, TELEGRAM_API_ROOT]. */
  telegram?: LocalTelegramOptions;
  /** The three Slack variables [SLACK_API_URL, SLACK_STAFF_LANG, SLACK_HANDOFF_TIMEOUT_MINUTES]. */
  slack?: LocalSlackOptions;
  /** Which of the three Slack variables are missing: all three when Slack is simply off. */
  slackMissing: string[];
  assistant: AssistantSettings;
  /** GEOCODER (auto) [AWS_ENDPOINT_URL_GEO_PLACES]: see geocoderOf. */
  geocoder: GeocoderSettings;
  payment: PaymentSettings;
  /** MERCADOPAGO_ACCESS_TOKEN + MERCADOPAGO_WEBHOOK_SECRET [MERCADOPAGO_API_URL]; unset: the simulated provider. */
  mercadopago?: MercadoPagoSettings;
}

/** Every problem of the environment at once, one line each, e.g. `PORT must be a port number from 0 to 65535, got "x"`. */
export class LocalConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The environment is not a valid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'LocalConfigError';
  }
}

function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new LocalConfigError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const got = SECRET_VARS.has(name) ? '' : `, got ${JSON.stringify(env[name])}`;
      return `${name} ${issue.message}${got}`;
    }),
  );
}

function awsClient(
  env: Env,
  endpointVar:
    | 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME'
    | 'AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME'
    | 'AWS_ENDPOINT_URL_GEO_PLACES',
) {
  const ignoreEndpoints = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true';
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  return {
    region: env.AWS_REGION,
    profile: env.AWS_PROFILE,
    endpoint: ignoreEndpoints ? undefined : (env[endpointVar] ?? env.AWS_ENDPOINT_URL),
    credentials:
      accessKeyId && secretAccessKey
        ? { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN }
        : undefined,
  } satisfies AwsClientSettings;
}

function assistantOf(env: Env): AssistantSettings {
  return {
    routerModelId: env[ROUTER_CONFIG.routerModelId],
    answerModelId: env[ROUTER_CONFIG.answerModelId],
    answerModelUrl: env.ANSWER_MODEL_URL,
    answerModelApiKey: env.ANSWER_MODEL_API_KEY,
    knowledgeBaseId: env[ROUTER_CONFIG.knowledgeBaseId],
    runtime: awsClient(env, 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME'),
    agentRuntime: awsClient(env, 'AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME'),
  };
}

/**
 * GEOCODER=places or gazetteer is taken as said. `auto` (the default) is decided from these variables alone: Places
 * when AWS_REGION and credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE) are set, else the
 * gazetteer. It deliberately does not walk the SDK's credential chain: with nothing configured that chain ends on the
 * instance-metadata endpoint, a network call that waits for its timeout on every start (every `npm start`, every CI
 * run). GEOCODER=places does use the whole chain (SSO, roles), resolved by the SDK at the first call.
 */
function geocoderOf(env: Env): GeocoderSettings {
  const client = awsClient(env, 'AWS_ENDPOINT_URL_GEO_PLACES');
  const choice = env.GEOCODER ?? 'auto';
  if (choice !== 'auto') return { use: choice, why: `GEOCODER=${choice}`, client };
  const missing = !env.AWS_REGION
    ? 'AWS_REGION'
    : !client.credentials && !env.AWS_PROFILE
      ? 'AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)'
      : undefined;
  return missing
    ? { use: 'gazetteer', why: `GEOCODER=auto, and no ${missing} is set`, client }
    : { use: 'places', why: 'GEOCODER=auto, and AWS_REGION and AWS credentials are set', client };
}

function slackOf(env: Env): Pick<LocalConfig, 'slack' | 'slackMissing'> {
  const missing = SLACK_ENV.filter((k) => env[k] === undefined);
  if (missing.length > 0) return { slackMissing: missing };
  return {
    slackMissing: [],
    slack: {
      token: env.SLACK_BOT_TOKEN!,
      signingSecret: env.SLACK_SIGNING_SECRET!,
      supportChannel: env.SLACK_SUPPORT_CHANNEL!,
      ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
      staffLang: env.SLACK_STAFF_LANG ?? 'en',
      ...(env.SLACK_HANDOFF_TIMEOUT_MINUTES ? { handoffTimeoutMs: env.SLACK_HANDOFF_TIMEOUT_MINUTES * 60_000 } : {}),
    },
  };
}

/** The whole configuration of `npm start`; throws a LocalConfigError naming every variable that is wrong. */
export function readLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const e = parseEnv(envSchema, env);
  // Places needs a region before the first customer types an address: say so now rather than fail every lookup later.
  if (e.GEOCODER === 'places' && !e.AWS_REGION && !e.AWS_PROFILE) {
    throw new LocalConfigError(['GEOCODER=places needs AWS_REGION (or an AWS_PROFILE that names a region)']);
  }
  const telegram: LocalTelegramOptions | undefined = e.TELEGRAM_BOT_TOKEN
    ? {
        token: e.TELEGRAM_BOT_TOKEN,
        ...(e.TELEGRAM_API_ROOT ? { apiRoot: e.TELEGRAM_API_ROOT } : {}),
        ...(e.TELEGRAM_WEBHOOK_SECRET ? { webhookSecret: e.TELEGRAM_WEBHOOK_SECRET } : {}),
      }
    : undefined;
  return {
    port: e.PORT ?? 3000,
    dataDir: resolve(e.DATA_DIR ?? '.data'),
    ...(e.STORE_DIR ? { storeDir: resolve(e.STORE_DIR) } : {}),
    ...(e.STAFF_API_TOKEN ? { staffToken: e.STAFF_API_TOKEN } : {}),
    ...(telegram ? { telegram } : {}),
    ...slackOf(e),
    assistant: assistantOf(e),
    geocoder: geocoderOf(e),
    payment: readPaymentSettings(env),
    ...(e.MERCADOPAGO_ACCESS_TOKEN ? { mercadopago: readMercadoPagoSettings(env) } : {}),
  };
}

const assistantEnvSchema = envSchema.pick({
  [ROUTER_CONFIG.answerModelId]: true,
  ANSWER_MODEL_URL: true,
  ANSWER_MODEL_API_KEY: true,
  [ROUTER_CONFIG.routerModelId]: true,
  [ROUTER_CONFIG.knowledgeBaseId]: true,
  AWS_REGION: true,
  AWS_PROFILE: true,
  AWS_ACCESS_KEY_ID: true,
  AWS_SECRET_ACCESS_KEY: true,
  AWS_SESSION_TOKEN: true,
  AWS_ENDPOINT_URL: true,
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME: true,
  AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME: true,
  AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: true,
});

/** Only the assistant's part, for the stacks the benchmarks and tests start without `npm start`. */
export const readAssistantSettings = (env: NodeJS.ProcessEnv = process.env): AssistantSettings =>
  assistantOf(parseEnv(assistantEnvSchema, env) as Env);
