// The local stack: dynalite, the seeded demo catalog, the order workflow under the ASL interpreter, the notifier, the HTTP API, the assistant (offline or Bedrock).
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_BODY_BYTES } from '../../api/http-types.ts';
import { handleHttpRequest } from '../../api/order-api.ts';
import { createAssistant, type Assistant } from '../../bots/assistant/answer-question.ts';
import { SLACK_EVENTS_PATH, SLACK_MAX_REQUEST_BYTES } from '../../bots/slack/slack-edge.ts';
import { telegramCustomerLink } from '../../bots/telegram/customer-link.ts';
import { storePhoneOf } from '../../bots/telegram/handoff.ts';
import type { CustomerLink } from '../../core/staff-desk.ts';
import { TELEGRAM_MAX_UPDATE_BYTES, TELEGRAM_WEBHOOK_PATH } from '../../bots/telegram/telegram-webhook.ts';
import { DEMO_PRODUCTS, DEMO_STORE, type Product, type Store } from '../../core/catalog.ts';
import type { AnswerModel } from '../../core/answer-model.ts';
import type { Logger, OrderDeps } from '../../core/deps.ts';
import { mutateOrder } from '../../core/order-mutation.ts';
import { systemClock, type PaymentGateway } from '../../core/ports.ts';
import { createOrderTasks } from '../../statemachines/order-tasks.ts';
import type { ChatSessionStore } from '../../core/chat-session.ts';
import { DynamoCatalogStore } from '../aws/dynamo-catalog-store.ts';
import { DynamoChatSessionStore } from '../aws/dynamo-chat-session-store.ts';
import { DynamoOrderRepository } from '../aws/dynamo-order-repository.ts';
import { SimulatedPaymentGateway } from '../payments/simulated-payment-gateway.ts';
import { resolveAssistantBackends, type AssistantBackends } from './assistant-backends.ts';
import { ensureTable, startLocalDynamo } from './local-dynamodb.ts';
import { startHttpServer } from './local-http-server.ts';
import { LocalNotifier } from './local-notifier.ts';
import { createLocalRouter, type LocalRouter } from './local-router.ts';
import { LocalWorkflowEngine } from './local-workflow-engine.ts';
import { startLocalSlack, type LocalSlack, type LocalSlackOptions } from './local-slack.ts';
import { startLocalTelegram, type LocalTelegram, type LocalTelegramOptions } from './local-telegram.ts';
import { RioGazetteer } from './rio-gazetteer.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ORDER_WORKFLOW_ASL = join(ROOT, 'statemachines/order-workflow.asl.json');
export const LOCAL_TABLE = 'delivery-assistant';

export interface LocalStackOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Directory for dynalite's LevelDB files; undefined keeps everything in memory (tests). */
  dataDir?: string;
  /** How long dynalite keeps a new table CREATING (0): tests widen it to prove start-up waits for ACTIVE. */
  createTableMs?: number;
  /** Generated (and reported) when not given. */
  staffToken?: string;
  print?: (line: string) => void;
  heartbeatMs?: number;
  retryIntervalMs?: number;
  /** The catalog seeded on first run; the demo store by default. */
  catalog?: { store: Store; products: Product[] };
  /** Runs the Telegram bot (webhook route or long polling) when given a token. */
  telegram?: LocalTelegramOptions;
  /** Runs the Slack support console (POST /slack/events) when given its settings. */
  slack?: LocalSlackOptions;
  /** Wraps the simulated gateway, e.g. to inject gateway failures in tests. */
  payments?: (simulated: SimulatedPaymentGateway) => PaymentGateway;
  /**
   * The free-question assistant: the router under the local interpreter, then the answer model. Each part is real Bedrock
   * when its id is set (ROUTER_MODEL_ID, KNOWLEDGE_BASE_ID, ANSWER_MODEL_ID) and AWS credentials resolve, else offline
   * (the offline cheap model, BM25 over `knowledge/`, the extractive answer model); see assistant-backends.ts. A given
   * `model` wins over ANSWER_MODEL_ID. On by default; `false` leaves free questions on the fallback.
   */
  assistant?: false | { answerDelayMs?: number; model?: AnswerModel };
  /** Where the assistant's configuration is read (default process.env): tests inject one. */
  env?: NodeJS.ProcessEnv;
}

export interface LocalStack {
  url: string;
  staffToken: string;
  staffTokenGenerated: boolean;
  seeded: boolean;
  deps: OrderDeps;
  notifier: LocalNotifier;
  engine: LocalWorkflowEngine;
  payments: SimulatedPaymentGateway;
  /** Chat conversation state (Telegram, later Slack), in the same dynalite table. */
  sessions: ChatSessionStore;
  /** Present when the stack runs a Telegram bot. */
  telegram?: LocalTelegram;
  /** Present when the stack runs the Slack support console. */
  slack?: LocalSlack;
  /** The free-question assistant and its router, unless disabled (`assistant: false`). */
  assistant?: Assistant;
  router?: LocalRouter;
  /** The assistant's parts and the startup line describing them (offline or Bedrock, and why). */
  assistantBackends?: AssistantBackends;
  stop(): Promise<void>;
}

/**
 * Local executions live in this process, so a restart would strand orders mid-workflow. Every step is idempotent:
 * RECEIVED orders run the workflow again from the start, confirmed ones resume waiting for staff with a fresh token.
 */
async function resumeOpenOrders(deps: OrderDeps, engine: LocalWorkflowEngine): Promise<number> {
  const open = await (deps.orders as DynamoOrderRepository).listOpen();
  for (const order of open) {
    if (order.status === 'RECEIVED') {
      await engine.startOrderWorkflow(order.orderId);
    } else {
      await mutateOrder(deps, order.orderId, (o) => { const next = { ...o }; delete next.taskToken; return next; });
      engine.resumeOrderWorkflow(order.orderId);
    }
  }
  return open.length;
}

export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const print = opts.print ?? (() => {});
  let ready = false;
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const dynamo = await startLocalDynamo({
    path: opts.dataDir ? join(opts.dataDir, 'dynamodb') : undefined, createTableMs: opts.createTableMs,
    onRepaired: (tables) => print(`🩹 finished creating table ${tables.join(', ')}: an interrupted first start had left it CREATING (data kept)`),
  });
  // Returns once the table is ACTIVE: the open-orders scan just below would otherwise race dynalite's CREATING window.
  await ensureTable(dynamo.client, LOCAL_TABLE);

  const log: Logger = {
    info: (msg, fields) => print(`ℹ️  ${msg}${fields ? ' ' + JSON.stringify(fields) : ''}`),
    warn: (msg, fields) => print(`⚠️  ${msg}${fields ? ' ' + JSON.stringify(fields) : ''}`),
  };
  const notifier = new LocalNotifier(print);
  const payments = new SimulatedPaymentGateway();
  // The engine runs the tasks, and the tasks need the engine (cancel fails its callback): `workflow` is set just below.
  const deps = {
    orders: new DynamoOrderRepository(dynamo.client, LOCAL_TABLE),
    catalog: new DynamoCatalogStore(dynamo.client, LOCAL_TABLE),
    payments: opts.payments ? opts.payments(payments) : payments,
    events: notifier,
    clock: systemClock,
    log,
  } as Omit<OrderDeps, 'workflow'> as OrderDeps;
  const engine = new LocalWorkflowEngine({
    aslFile: ORDER_WORKFLOW_ASL, name: 'order-workflow', tableName: LOCAL_TABLE, dynamo: dynamo.client,
    publish: (n) => notifier.publish(n), functions: createOrderTasks(deps), log: print,
    heartbeatMs: opts.heartbeatMs, retryIntervalMs: opts.retryIntervalMs,
  });
  deps.workflow = engine;
  const resumed = await resumeOpenOrders(deps, engine);
  if (resumed > 0) print(`↻ resumed ${resumed} order(s) that were in flight when the local stack last stopped`);
  const seeded = await deps.catalog.seed(opts.catalog?.store ?? DEMO_STORE, opts.catalog?.products ?? DEMO_PRODUCTS);

  const sessions = new DynamoChatSessionStore(dynamo.client, LOCAL_TABLE);
  let router: LocalRouter | undefined;
  let assistant: Assistant | undefined;
  let backends: AssistantBackends | undefined;
  if (opts.assistant !== false) {
    backends = await resolveAssistantBackends({ env: opts.env, model: opts.assistant?.model, answerDelayMs: opts.assistant?.answerDelayMs });
    print(backends.offlineReason ? `⚠️  ${backends.description}` : `🤖 ${backends.description}`);
    const localRouter = await createLocalRouter({
      dynamo: dynamo.client, tableName: LOCAL_TABLE, retryIntervalMs: opts.retryIntervalMs,
      converse: backends.converse, routerModelId: backends.routerModelId, retrieve: backends.retrieve, knowledgeBaseId: backends.knowledgeBaseId,
    });
    router = localRouter;
    assistant = createAssistant({ route: (input) => localRouter.route(input), model: backends.answerModel, store: () => deps.catalog.getStore(), log });
  }
  // Slack first: the Telegram bot hands conversations to its desk, and the desk reaches customers through the bot.
  let customerLink: CustomerLink | undefined;
  const slack = opts.slack
    ? await startLocalSlack(opts.slack, {
      deps, sessions, notifier, log, customers: () => customerLink,
      // Staff get the real model when Bedrock answers; the offline model is built for customers' knowledge questions,
      // so without Bedrock the staff assistant gives its own plainly-labelled local summary instead.
      ...(backends?.mode.answers === 'bedrock' ? { model: backends.answerModel } : {}),
    })
    : undefined;
  const telegram = opts.telegram
    ? await startLocalTelegram(opts.telegram, { deps, sessions, geocoder: new RioGazetteer(), notifier, log, assistant, staffDesk: slack?.staffDesk })
    : undefined;
  if (telegram) customerLink = telegramCustomerLink(telegram.bot.api, sessions, log, { storePhone: async () => storePhoneOf(await deps.catalog.getStore()) });

  const staffToken = opts.staffToken ?? randomBytes(24).toString('base64url');
  const api = { deps, staffToken, ready: () => ready };
  const http = await startHttpServer(
    (req) => {
      if (telegram?.handleWebhook && req.path === TELEGRAM_WEBHOOK_PATH) return telegram.handleWebhook(req);
      if (slack && req.path === SLACK_EVENTS_PATH) return slack.handle(req);
      return handleHttpRequest(api, req);
    },
    opts.port ?? 3000, '127.0.0.1',
    (path) => (path === TELEGRAM_WEBHOOK_PATH ? TELEGRAM_MAX_UPDATE_BYTES : path === SLACK_EVENTS_PATH ? SLACK_MAX_REQUEST_BYTES : MAX_BODY_BYTES),
  );
  ready = true;

  let stopped: Promise<void> | undefined;
  return {
    url: http.url, staffToken, staffTokenGenerated: opts.staffToken === undefined, seeded, deps, notifier, engine, payments,
    sessions, telegram, slack, assistant, router, assistantBackends: backends,
    stop: () => (stopped ??= (async () => {
      ready = false;
      await http.close();
      await telegram?.stop();
      await slack?.stop();
      await engine.stop();
      await router?.stop();
      backends?.close();
      await dynamo.close();
    })()),
  };
}
