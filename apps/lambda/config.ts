// The Lambda runtime's configuration: every environment variable the Lambda roots read, one schema per function (the
// variables infra/*.ts gives it), parsed once per container when its entry loads, with an error naming each missing or
// invalid variable. zod/mini, not zod: the full build adds 443 KiB to a minified bundle (three edge budgets), mini 16
// KiB.
import * as z from 'zod/mini';
import type { AwsCredentials } from '../../adapters/aws/aws-json-fetch.ts';
import type { Lang } from '../../core/lang.ts';
import {
  DEFAULT_SLACK_STAFF_LANG,
  slackChannelId,
  slackHandoffTimeoutMinutes,
  slackStaffLang,
} from '../../core/slack-settings.ts';
import { telegramBotUsername } from '../../core/telegram-settings.ts';

type Env = Record<string, string | undefined>;

const text = z.string().check(z.minLength(1));
const optional = z.optional(text);

/** A secret is given as its value (local runs, tests) or, as infra deploys it, as the ARN in `NAME_SECRET_ARN`. */
export type SecretSource = { name: string; value: string } | { name: string; arn: string };

const ORDER_DEPS = {
  TABLE_NAME: text,
  ORDER_EVENTS_TOPIC_ARN: text,
  NOTIFICATIONS_DLQ_ARN: optional,
  ORDER_WORKFLOW_ARN: optional,
  // How long a Pix stays payable (infra sets it on the order tasks; 15 when unset).
  PIX_EXPIRY_MINUTES: optional,
  // Mercado Pago, when the stack is deployed with it (-c mercadoPago=true): the access token's secret turns it on.
  MERCADOPAGO_ACCESS_TOKEN: optional,
  MERCADOPAGO_ACCESS_TOKEN_SECRET_ARN: optional,
  MERCADOPAGO_API_URL: optional,
  MERCADOPAGO_NOTIFICATION_URL: optional,
};
/** What the SDK-free functions sign their calls with: Lambda puts the role's credentials in the environment. */
const AWS_FETCH = {
  AWS_REGION: text,
  AWS_ACCESS_KEY_ID: text,
  AWS_SECRET_ACCESS_KEY: text,
  AWS_SESSION_TOKEN: optional,
  AWS_ENDPOINT_URL: optional,
  AWS_ENDPOINT_URL_SQS: optional,
  AWS_ENDPOINT_URL_SECRETS_MANAGER: optional,
};

/** Parses `shape` (and the secrets named) out of the environment, or throws one error listing every problem. */
function load<S extends z.core.$ZodShape, N extends string>(
  what: string,
  shape: S,
  env: Env,
  secretNames: readonly N[] = [],
): z.infer<z.ZodMiniObject<S>> & { secrets: Record<N, SecretSource> } {
  // An empty value counts as unset, as the AWS SDK treats its own variables.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const problems: string[] = [];
  const parsed = z.object(shape).safeParse(set);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const name = issue.path.join('.');
      problems.push(name in set ? `${name} is invalid (${issue.message})` : `missing environment variable ${name}`);
    }
  const secrets = {} as Record<N, SecretSource>;
  for (const name of secretNames) {
    const value = set[name];
    const arn = set[`${name}_SECRET_ARN`];
    if (value) secrets[name] = { name, value };
    else if (arn) secrets[name] = { name, arn };
    else problems.push(`missing environment variable ${name} or ${name}_SECRET_ARN`);
  }
  if (!parsed.success || problems.length) throw new Error(`${what} configuration: ${problems.join('; ')}`);
  return { ...parsed.data, secrets };
}

export interface OrderDepsConfig {
  tableName: string;
  orderEventsTopicArn: string;
  notificationsDlqArn?: string;
  orderWorkflowArn?: string;
  /** Mercado Pago as the payment provider; without it, the simulated gateway keeps its books in the table. */
  mercadopago?: MercadoPagoConfig;
  pixExpiryMinutes?: number;
}
export interface MercadoPagoConfig {
  accessToken: SecretSource;
  /** MERCADOPAGO_API_URL: the API root (a stand-in in tests); else Mercado Pago's. */
  apiUrl?: string;
  /** Where Mercado Pago sends the webhooks of the payments created here: the stack's webhook route. */
  notificationUrl?: string;
}
const ACCESS_TOKEN = 'MERCADOPAGO_ACCESS_TOKEN';
/** PIX_EXPIRY_MINUTES as whole minutes from 1 to 1440; a wrong value stops the function at start, naming it. */
function pixExpiryOf(raw: string | undefined): { pixExpiryMinutes?: number } {
  if (raw === undefined) return {};
  const minutes = Number(raw);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440)
    throw new Error(`PIX_EXPIRY_MINUTES must be whole minutes from 1 to 1440, got "${raw}"`);
  return { pixExpiryMinutes: minutes };
}

const orderDeps = (e: z.infer<z.ZodMiniObject<typeof ORDER_DEPS>>): OrderDepsConfig => {
  const token: SecretSource | undefined = e.MERCADOPAGO_ACCESS_TOKEN
    ? { name: ACCESS_TOKEN, value: e.MERCADOPAGO_ACCESS_TOKEN }
    : e.MERCADOPAGO_ACCESS_TOKEN_SECRET_ARN
      ? { name: ACCESS_TOKEN, arn: e.MERCADOPAGO_ACCESS_TOKEN_SECRET_ARN }
      : undefined;
  return {
    tableName: e.TABLE_NAME,
    orderEventsTopicArn: e.ORDER_EVENTS_TOPIC_ARN,
    ...(e.NOTIFICATIONS_DLQ_ARN ? { notificationsDlqArn: e.NOTIFICATIONS_DLQ_ARN } : {}),
    ...(e.ORDER_WORKFLOW_ARN ? { orderWorkflowArn: e.ORDER_WORKFLOW_ARN } : {}),
    ...pixExpiryOf(e.PIX_EXPIRY_MINUTES),
    ...(token
      ? {
          mercadopago: {
            accessToken: token,
            ...(e.MERCADOPAGO_API_URL ? { apiUrl: e.MERCADOPAGO_API_URL } : {}),
            ...(e.MERCADOPAGO_NOTIFICATION_URL ? { notificationUrl: e.MERCADOPAGO_NOTIFICATION_URL } : {}),
          },
        }
      : {}),
  };
};

export interface AwsFetchConfig {
  credentials: AwsCredentials;
  /** AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL, as the SDK reads them (a stand-in in tests). */
  sqsEndpoint?: string;
  secretsManagerEndpoint?: string;
}
const awsFetch = (e: z.infer<z.ZodMiniObject<typeof AWS_FETCH>>): AwsFetchConfig => {
  const sqs = e.AWS_ENDPOINT_URL_SQS ?? e.AWS_ENDPOINT_URL;
  const secrets = e.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? e.AWS_ENDPOINT_URL;
  return {
    credentials: {
      accessKeyId: e.AWS_ACCESS_KEY_ID,
      secretAccessKey: e.AWS_SECRET_ACCESS_KEY,
      region: e.AWS_REGION,
      ...(e.AWS_SESSION_TOKEN ? { sessionToken: e.AWS_SESSION_TOKEN } : {}),
    },
    ...(sqs ? { sqsEndpoint: sqs } : {}),
    ...(secrets ? { secretsManagerEndpoint: secrets } : {}),
  };
};

export const httpApiConfig = (env: Env = process.env) => {
  const e = load('HTTP API', { ...ORDER_DEPS, TELEGRAM_BOT_USERNAME: z.optional(telegramBotUsername) }, env, [
    'STAFF_API_TOKEN',
  ]);
  return {
    orders: orderDeps(e),
    staffToken: e.secrets.STAFF_API_TOKEN,
    /** Set by infra from the telegramBotUsername context: turns on the order's Telegram link. */
    telegramBotUsername: e.TELEGRAM_BOT_USERNAME,
  };
};

export const orderTasksConfig = (env: Env = process.env) => ({
  orders: orderDeps(load('Order tasks', ORDER_DEPS, env)),
});

export const telegramWebhookConfig = (env: Env = process.env) => {
  const e = load('Telegram webhook', { ...AWS_FETCH, TELEGRAM_QUEUE_URL: text }, env, ['TELEGRAM_WEBHOOK_SECRET']);
  return { aws: awsFetch(e), queueUrl: e.TELEGRAM_QUEUE_URL, webhookSecret: e.secrets.TELEGRAM_WEBHOOK_SECRET };
};

export const telegramWorkerConfig = (env: Env = process.env) => {
  const e = load(
    'Telegram worker',
    {
      ...ORDER_DEPS,
      TELEGRAM_API_ROOT: optional,
      ROUTER_STATE_MACHINE_ARN: optional,
      ANSWER_MODEL_ID: optional,
      SLACK_QUEUE_URL: optional,
      AWS_ENDPOINT_URL: optional,
      AWS_ENDPOINT_URL_SFN: optional,
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: optional,
    },
    env,
    ['TELEGRAM_BOT_TOKEN'],
  );
  return {
    orders: orderDeps(e),
    botToken: e.secrets.TELEGRAM_BOT_TOKEN,
    apiRoot: e.TELEGRAM_API_ROOT,
    /** The assistant runs when both are set; without either, free questions get the fallback text. */
    routerStateMachineArn: e.ROUTER_STATE_MACHINE_ARN,
    answerModelId: e.ANSWER_MODEL_ID,
    /** The Slack support desk's queue, when the console is deployed (TelegramBot.connectStaffDesk). */
    slackQueueUrl: e.SLACK_QUEUE_URL,
    /** What routerSfnClientConfig reads to tell whether StartSyncExecution's `sync-` host prefix applies. */
    sfnEndpointEnv: {
      AWS_ENDPOINT_URL: e.AWS_ENDPOINT_URL,
      AWS_ENDPOINT_URL_SFN: e.AWS_ENDPOINT_URL_SFN,
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: e.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS,
    },
  };
};

export const telegramPushConfig = (env: Env = process.env) => {
  const e = load('Telegram push', { ...AWS_FETCH, TELEGRAM_API_ROOT: optional }, env, ['TELEGRAM_BOT_TOKEN']);
  return { aws: awsFetch(e), botToken: e.secrets.TELEGRAM_BOT_TOKEN, apiRoot: e.TELEGRAM_API_ROOT };
};

export const slackEventsConfig = (env: Env = process.env) => {
  const e = load('Slack events', { ...AWS_FETCH, SLACK_QUEUE_URL: text }, env, ['SLACK_SIGNING_SECRET']);
  return { aws: awsFetch(e), queueUrl: e.SLACK_QUEUE_URL, signingSecret: e.secrets.SLACK_SIGNING_SECRET };
};

/** The order-event feed and the sweep: they only queue work for the Slack worker. */
export const slackForwarderConfig = (env: Env = process.env) => {
  const e = load('Slack forwarder', { ...AWS_FETCH, SLACK_QUEUE_URL: text }, env);
  return { aws: awsFetch(e), queueUrl: e.SLACK_QUEUE_URL };
};

export interface SlackWorkerConfig {
  orders: OrderDepsConfig;
  slackBotToken: SecretSource;
  telegramBotToken: SecretSource;
  telegramApiRoot?: string;
  slackApiUrl?: string;
  /** Unset when deployed without -c slackSupportChannel: the worker then drops the work, said once. */
  supportChannel?: string;
  staffLang: Lang;
  handoffTimeoutMs?: number;
  answerModelId?: string;
}
export const slackWorkerConfig = (env: Env = process.env): SlackWorkerConfig => {
  const e = load(
    'Slack worker',
    {
      ...ORDER_DEPS,
      TELEGRAM_API_ROOT: optional,
      SLACK_API_URL: optional,
      SLACK_SUPPORT_CHANNEL: z.optional(slackChannelId),
      SLACK_STAFF_LANG: z.optional(slackStaffLang),
      SLACK_HANDOFF_TIMEOUT_MINUTES: z.optional(slackHandoffTimeoutMinutes),
      ANSWER_MODEL_ID: optional,
    },
    env,
    ['SLACK_BOT_TOKEN', 'TELEGRAM_BOT_TOKEN'],
  );
  return {
    orders: orderDeps(e),
    slackBotToken: e.secrets.SLACK_BOT_TOKEN,
    telegramBotToken: e.secrets.TELEGRAM_BOT_TOKEN,
    ...(e.TELEGRAM_API_ROOT ? { telegramApiRoot: e.TELEGRAM_API_ROOT } : {}),
    ...(e.SLACK_API_URL ? { slackApiUrl: e.SLACK_API_URL } : {}),
    ...(e.SLACK_SUPPORT_CHANNEL ? { supportChannel: e.SLACK_SUPPORT_CHANNEL } : {}),
    staffLang: e.SLACK_STAFF_LANG ?? DEFAULT_SLACK_STAFF_LANG,
    ...(e.SLACK_HANDOFF_TIMEOUT_MINUTES ? { handoffTimeoutMs: e.SLACK_HANDOFF_TIMEOUT_MINUTES * 60_000 } : {}),
    ...(e.ANSWER_MODEL_ID ? { answerModelId: e.ANSWER_MODEL_ID } : {}),
  };
};

/** POST /payments/mercadopago/webhook: SDK-free, like the chat edges; the webhook secret checks each signature. */
export const paymentWebhookConfig = (env: Env = process.env) => {
  const e = load('Payment webhook', { ...AWS_FETCH, PAYMENT_QUEUE_URL: text }, env, ['MERCADOPAGO_WEBHOOK_SECRET']);
  return { aws: awsFetch(e), queueUrl: e.PAYMENT_QUEUE_URL, webhookSecret: e.secrets.MERCADOPAGO_WEBHOOK_SECRET };
};

/** The payment worker reads each notified payment back from Mercado Pago, so the provider is required here. */
export const paymentWorkerConfig = (env: Env = process.env) => {
  const orders = orderDeps(load('Payment worker', ORDER_DEPS, env, [ACCESS_TOKEN]));
  if (!orders.mercadopago)
    throw new Error(`Payment worker configuration: missing environment variable ${ACCESS_TOKEN}`);
  return { orders, mercadopago: orders.mercadopago };
};

/** The store-apply custom resource: only the table it writes the store into. */
export function storeApplyConfig(env: Env = process.env): { tableName: string } {
  return { tableName: load('store apply', { TABLE_NAME: text }, env).TABLE_NAME };
}
