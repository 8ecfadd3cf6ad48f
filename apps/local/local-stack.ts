// The local stack: dynalite, the seeded demo catalog, the order workflow under the ASL interpreter, the notifier, the
// HTTP API, the assistant (offline or Bedrock).
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Update } from 'grammy/types';
import { DynamoCatalogStore } from '../../adapters/aws/dynamo-catalog-store.ts';
import { DynamoChatSessionStore } from '../../adapters/aws/dynamo-chat-session-store.ts';
import { DynamoOrderRepository } from '../../adapters/aws/dynamo-order-repository.ts';
import { DynamoPaymentRecordStore } from '../../adapters/aws/dynamo-payment-records.ts';
import { DynamoStaffDeskStore } from '../../adapters/aws/dynamo-staff-desk-store.ts';
import { DynamoStoreControlLog } from '../../adapters/aws/dynamo-store-control-log.ts';
import { DynamoWorkQueueStore } from '../../adapters/local/dynamo-work-queue-store.ts';
import { InProcessChatWorkQueue } from '../../adapters/local/in-process-work-queue.ts';
import { KNOWLEDGE_DIR } from '../../adapters/local/knowledge-documents.ts';
import { ensureTable, startLocalDynamo } from '../../adapters/local/local-dynamodb.ts';
import { LocalNotifier } from '../../adapters/local/local-notifier.ts';
import { LocalWorkflowEngine } from '../../adapters/local/local-workflow-engine.ts';
import {
  DEMO_STORE_DIR,
  loadStoreFolder,
  type StoreFolder,
  StoreFolderInvalid,
} from '../../adapters/local/store-folder.ts';
import { MERCADOPAGO_DEFAULT_API_URL, MercadoPagoGateway } from '../../adapters/payments/mercadopago-gateway.ts';
import { verifyMercadoPagoSignature } from '../../adapters/payments/mercadopago-signature.ts';
import { makePixCode } from '../../adapters/payments/pix-code.ts';
import { SimulatedPaymentGateway } from '../../adapters/payments/simulated-payment-gateway.ts';
import { handleHttpRequest } from '../../api/order-api.ts';
import {
  handlePaymentWebhook,
  MERCADOPAGO_WEBHOOK_PATH,
  PAYMENT_WEBHOOK_MAX_BYTES,
  type PaymentWebhookDeps,
} from '../../api/payment-webhook.ts';
import { SLACK_EVENTS_PATH, SLACK_MAX_REQUEST_BYTES } from '../../bots/slack/slack-edge.ts';
import type { SlackWork } from '../../bots/slack/slack-work.ts';
import { type Assistant, createAssistant } from '../../bots/telegram/answer-question.ts';
import { telegramCustomerLink } from '../../bots/telegram/customer-link.ts';
import { TELEGRAM_MAX_UPDATE_BYTES, TELEGRAM_WEBHOOK_PATH } from '../../bots/telegram/telegram-webhook.ts';
import type { AnswerModel } from '../../core/answer-model.ts';
import { type StoreApplyResult, type StorePackage, stageHeartbeatSeconds, storePhoneOf } from '../../core/catalog.ts';
import type { ChatSessionStore } from '../../core/chat-session.ts';
import type { OrderDeps } from '../../core/deps.ts';
import { MAX_BODY_BYTES } from '../../core/http-exchange.ts';
import { type LogFields, type Logger, type LogLevel, lineLogger } from '../../core/logger.ts';
import type { Order } from '../../core/order.ts';
import { mutateOrder } from '../../core/order-mutation.ts';
import { handlePaymentNotice, type PaymentNotice } from '../../core/payment-notice.ts';
import { type Clock, type PaymentGateway, systemClock } from '../../core/ports.ts';
import { settleStranded } from '../../core/settle-stranded.ts';
import type { CustomerLink } from '../../core/staff-desk.ts';
import { createOrderTasks, secondsLeftToPay } from '../../statemachines/order-tasks.ts';
import { type AssistantBackends, resolveAssistantBackends } from './assistant-backends.ts';
import {
  type AssistantSettings,
  type GeocoderSettings,
  type MercadoPagoSettings,
  type PaymentSettings,
  readMercadoPagoSettings,
  readPaymentSettings,
} from './config.ts';
import { devCheckoutPath, handleDevPayment, isDevPaymentPath } from './dev-payment-routes.ts';
import { createLocalGeocoder, type LocalGeocoder } from './local-geocoder.ts';
import { startHttpServer } from './local-http-server.ts';
import { createLocalRouter, type LocalRouter } from './local-router.ts';
import { type LocalSlack, type LocalSlackOptions, startLocalSlack } from './local-slack.ts';
import { type LocalTelegram, type LocalTelegramOptions, startLocalTelegram } from './local-telegram.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ORDER_WORKFLOW_ASL = join(ROOT, 'statemachines/order-workflow.asl.json');
export const LOCAL_TABLE = 'delivery-assistant';
/** Written in DATA_DIR while a local stack has it open; a crash leaves it behind with a dead pid. */
export const STACK_PID_FILE = 'local-stack.pid';

const LEVEL_MARK: Record<LogLevel, string> = { debug: '·', info: 'ℹ️ ', warn: '⚠️ ', error: '❌' };

/** An error's fields without its stack (and its causes'), for the lines where the message is enough. */
function withoutStacks(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('stack' in value)) return value;
  const { stack: _stack, cause, ...rest } = value as Record<string, unknown>;
  return cause === undefined ? rest : { ...rest, cause: withoutStacks(cause) };
}

/**
 * The local stack's readable one-line format: a mark for the level, the message, then the fields as JSON. An error
 * field keeps its stack on `error` lines only; on the others (a retried Slack call, a failed link) its name, message,
 * code and causes say enough, and a stack would make the line unreadable.
 */
export function localLineLogger(print: (line: string) => void, opts: { debug?: boolean } = {}): Logger {
  return lineLogger((level: LogLevel, msg: string, fields: LogFields | undefined) => {
    if (level === 'debug' && !opts.debug) return;
    const shown =
      fields && level !== 'error'
        ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, withoutStacks(v)]))
        : fields;
    print(`${LEVEL_MARK[level]} ${msg}${shown ? ` ${JSON.stringify(shown)}` : ''}`);
  });
}

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
  /** Where log lines go (default: `print`, one readable line each); tests pass a recording logger. */
  log?: Logger;
  heartbeatMs?: number;
  retryIntervalMs?: number;
  /** The store applied at start (tests); otherwise the store folder `storeDir`. */
  catalog?: StorePackage;
  /** The store folder (store.yaml + knowledge/) applied at each start; the demo store by default. */
  storeDir?: string;
  /** Runs the Telegram bot (webhook route or long polling) when given a token. */
  telegram?: LocalTelegramOptions;
  /** Runs the Slack support console (POST /slack/events) when given its settings. */
  slack?: LocalSlackOptions;
  /** What "now" is for the order use cases and the bots (default: the system clock); tests fix an hour of the day. */
  clock?: Clock;
  /** Wraps the simulated gateway, e.g. to inject gateway failures in tests. */
  payments?: (simulated: SimulatedPaymentGateway) => PaymentGateway;
  /**
   * The free-question assistant: the router under the local interpreter, then the answer model. Each part is real
   * Bedrock
   * when its id is set (ROUTER_MODEL_ID, KNOWLEDGE_BASE_ID, ANSWER_MODEL_ID) and AWS credentials resolve, else offline
   * (the offline cheap model, BM25 over `knowledge/`, the extractive answer model); see assistant-backends.ts. A given
   * `model` wins over ANSWER_MODEL_ID. On by default; `false` leaves free questions on the fallback. `settings` are
   * the ids and AWS settings (config.ts); without them they are read from process.env there.
   */
  assistant?: false | { answerDelayMs?: number; model?: AnswerModel; settings?: AssistantSettings };
  /** Typed addresses and shared locations (config.ts GEOCODER): without settings, the offline Rio gazetteer. */
  geocoder?: GeocoderSettings;
  /** The simulated Pix's auto-pay and the Pix expiry (config.ts): without them they are read from process.env. */
  payment?: PaymentSettings;
  /**
   * Mercado Pago as the real provider (config.ts MERCADOPAGO_*): charges, refunds and the signed webhook at
   * POST /payments/mercadopago/webhook; without it (and with no MERCADOPAGO_ACCESS_TOKEN) the simulated provider.
   */
  mercadopago?: MercadoPagoSettings;
}

export interface LocalStack {
  url: string;
  staffToken: string;
  staffTokenGenerated: boolean;
  /** What applying the store changed at this start (added items, retired ones, ...). */
  applied: StoreApplyResult;
  /** One line on the store served, e.g. "Açaí & Pizza Copacabana: 4 categories, 10 items ... (stores/demo)". */
  storeSummary: string;
  /** True when this start created the catalog (a new data folder). */
  seeded: boolean;
  deps: OrderDeps;
  notifier: LocalNotifier;
  engine: LocalWorkflowEngine;
  /** The simulated provider (the /dev payment routes); with Mercado Pago on, deps.payments is Mercado Pago's instead. */
  payments: SimulatedPaymentGateway;
  /** Present when Mercado Pago is the provider. */
  mercadopago?: MercadoPagoGateway;
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
  /** The geocoder the Telegram bot uses, and the startup line naming it. */
  geocoder: Pick<LocalGeocoder, 'geocoder' | 'use' | 'description'>;
  stop(): Promise<void>;
}

/**
 * Local executions live in this process, so a restart strands orders mid-workflow, and a crash can leave committed
 * work undone (a cancel's refund, a stock release). First every order that owes work is settled; then RECEIVED orders
 * run the workflow again from the start and confirmed ones resume waiting for staff (every step is idempotent).
 */
async function recoverOrders(
  deps: OrderDeps,
  engine: LocalWorkflowEngine,
  print: (line: string) => void,
): Promise<void> {
  const orders: Order[] = [];
  for await (const page of deps.orders.listAll()) orders.push(...page);
  // The local notifier keeps its SMS/e-mail "subscriptions" in memory (SNS keeps them on AWS): subscribe again.
  for (const customer of new Map(orders.map((o) => [o.customer.id, o.customer])).values())
    await deps.events.subscribeCustomer(customer);
  const sweep = await settleStranded(deps, orders, await deps.catalog.listHolds());
  if (sweep.settled.length)
    print(
      `↻ finished what ${sweep.settled.length} order(s) still owed (refunds, stock, messages) when the local stack last stopped`,
    );
  if (sweep.orphanHoldsReleased)
    print(`↻ put back ${sweep.orphanHoldsReleased} stock hold(s) of orders that do not exist`);
  for (const f of sweep.failed) print(`⚠️  order ${f.orderId} still owes work and could not be settled now: ${f.error}`);

  const store = await deps.catalog.getStore().catch(() => undefined);
  const heartbeatSeconds = stageHeartbeatSeconds(store ?? {});
  let resumed = 0;
  for (const order of orders) {
    const current = await deps.orders.get(order.orderId);
    if (
      !current ||
      !['RECEIVED', 'AWAITING_PAYMENT', 'CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY'].includes(current.status)
    )
      continue;
    resumed++;
    if (current.status === 'AWAITING_PAYMENT') {
      // The wait resumes for what is left of the expiry; one that ran out while stopped expires at once.
      await mutateOrder(deps, current.orderId, (o) => {
        const next = { ...o };
        delete next.taskToken;
        return next;
      });
      engine.resumePaymentWait(current.orderId, {
        heartbeatSeconds,
        timeoutSeconds: secondsLeftToPay(current, deps.clock.now()),
      });
    } else if (current.status === 'RECEIVED') {
      await engine.startOrderWorkflow(current.orderId, { heartbeatSeconds });
    } else {
      await mutateOrder(deps, current.orderId, (o) => {
        const next = { ...o };
        delete next.taskToken;
        return next;
      });
      engine.resumeOrderWorkflow(current.orderId, { heartbeatSeconds });
    }
  }
  if (resumed > 0) print(`↻ resumed ${resumed} order(s) that were in flight when the local stack last stopped`);
}

export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const folder = opts.catalog ? undefined : loadStoreFolder(opts.storeDir ?? DEMO_STORE_DIR);
  if (folder && !folder.ok) throw new StoreFolderInvalid(folder.problems);
  const pkg = opts.catalog ?? (folder as Extract<StoreFolder, { ok: true }>).pkg;
  const knowledgeDir = folder?.ok ? folder.knowledgeDir : KNOWLEDGE_DIR;
  const print = opts.print ?? (() => {});
  let ready = false;
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const dynamo = await startLocalDynamo({
    path: opts.dataDir ? join(opts.dataDir, 'dynamodb') : undefined,
    createTableMs: opts.createTableMs,
    onRepaired: (tables) =>
      print(
        `🩹 finished creating table ${tables.join(', ')}: an interrupted first start had left it CREATING (data kept)`,
      ),
    upgradeTables: [LOCAL_TABLE],
    onUpgraded: (upgrades) => {
      for (const u of upgrades)
        print(
          `🩹 added index ${u.index} to table ${u.table}, made by an older version (${u.indexed} item(s) in it, data kept)`,
        );
    },
  });
  // Tells `doctor` (and anything else that would open the LevelDB files) that this process holds them.
  if (opts.dataDir) writeFileSync(join(opts.dataDir, STACK_PID_FILE), String(process.pid));
  // Returns once the table is ACTIVE: the open-orders scan just below would otherwise race dynalite's CREATING window.
  await ensureTable(dynamo.client, LOCAL_TABLE);

  const log: Logger = opts.log ?? localLineLogger(print);
  const notifier = new LocalNotifier(print);
  // The provider's books live in the table, as on AWS: a charge retried after a restart gets the same charge back.
  const payment = opts.payment ?? readPaymentSettings();
  let stackUrl = '';
  const payments = new SimulatedPaymentGateway(new DynamoPaymentRecordStore(dynamo.client, LOCAL_TABLE), {
    checkoutUrl: (chargeId) => `${stackUrl}${devCheckoutPath(chargeId)}`,
    pixCode: makePixCode,
    autoPayMs: payment.pixPaySeconds * 1000,
  });
  const mpSettings = opts.mercadopago ?? readMercadoPagoSettings();
  const mercadopago = mpSettings
    ? new MercadoPagoGateway({ accessToken: mpSettings.accessToken, apiUrl: mpSettings.apiUrl })
    : undefined;
  const orders = new DynamoOrderRepository(dynamo.client, LOCAL_TABLE);
  // Open orders saved before the status index existed get its attributes (App Home lists orders in progress from it).
  const reindexed = await orders.backfillStatusIndex();
  if (reindexed > 0) print(`🩹 indexed ${reindexed} open order(s) by status, saved by an older version`);
  // The engine runs the tasks, and the tasks need the engine (cancel fails its callback): `workflow` is set just below.
  const deps = {
    orders,
    catalog: new DynamoCatalogStore(dynamo.client, LOCAL_TABLE),
    payments: mercadopago ?? (opts.payments ? opts.payments(payments) : payments),
    events: notifier,
    clock: opts.clock ?? systemClock,
    log,
    pixExpiryMinutes: payment.pixExpiryMinutes,
  } as Omit<OrderDeps, 'workflow'> as OrderDeps;
  // The simulated provider's webhook: like the real one, it names the payment, and the payment is read back.
  // The same worker as Mercado Pago's webhook; a failure is thrown back so the simulated provider delivers again.
  payments.onPaymentChanged(async (paymentId) => {
    await handlePaymentNotice(deps, { paymentId });
  });
  // The store file is applied at every start, before anything reads the profile: names, prices and hours follow the
  // file; live stock, holds and the pause stay as they were.
  const seeded = !(await deps.catalog.getStore().then(
    () => true,
    () => false,
  ));
  const applied = await deps.catalog.applyStore(pkg);
  const engine = new LocalWorkflowEngine({
    aslFile: ORDER_WORKFLOW_ASL,
    name: 'order-workflow',
    tableName: LOCAL_TABLE,
    dynamo: dynamo.client,
    publish: (n) => notifier.publish(n),
    functions: createOrderTasks(deps),
    log: print,
    heartbeatMs: opts.heartbeatMs,
    retryIntervalMs: opts.retryIntervalMs,
  });
  deps.workflow = engine;
  await recoverOrders(deps, engine, print);

  const sessions = new DynamoChatSessionStore(dynamo.client, LOCAL_TABLE);
  let router: LocalRouter | undefined;
  let assistant: Assistant | undefined;
  let backends: AssistantBackends | undefined;
  if (opts.assistant !== false) {
    backends = await resolveAssistantBackends({
      settings: opts.assistant?.settings,
      model: opts.assistant?.model,
      answerDelayMs: opts.assistant?.answerDelayMs,
      knowledgeDir,
      catalog: pkg,
    });
    print(backends.offlineReason ? `⚠️  ${backends.description}` : `🤖 ${backends.description}`);
    const localRouter = await createLocalRouter({
      dynamo: dynamo.client,
      tableName: LOCAL_TABLE,
      retryIntervalMs: opts.retryIntervalMs,
      converse: backends.converse,
      routerModelId: backends.routerModelId,
      retrieve: backends.retrieve,
      knowledgeBaseId: backends.knowledgeBaseId,
    });
    router = localRouter;
    assistant = createAssistant({
      route: (input) => localRouter.route(input),
      model: backends.answerModel,
      store: () => deps.catalog.getStore(),
      log,
    });
  }
  // The work queues keep their items in the table only when the table outlives the process (a data dir): in memory, a
  // restart loses the table anyway, and each item would pay two writes for nothing (the webhook ack about doubled).
  const queueStore = <T>(queue: string) =>
    opts.dataDir ? { queueStore: new DynamoWorkQueueStore<T>(dynamo.client, LOCAL_TABLE, queue) } : {};
  // Slack first: the Telegram bot hands conversations to its desk, and the desk reaches customers through the bot.
  let customerLink: CustomerLink | undefined;
  const slack = opts.slack
    ? await startLocalSlack(opts.slack, {
        deps,
        sessions,
        desks: new DynamoStaffDeskStore(dynamo.client, LOCAL_TABLE),
        controlLog: new DynamoStoreControlLog(dynamo.client, LOCAL_TABLE),
        notifier,
        log,
        customers: () => customerLink,
        ...queueStore<SlackWork>('slack'),
        retryBaseMs: opts.retryIntervalMs,
        // Staff get the real model when Bedrock answers; the offline model is built for customers' knowledge questions,
        // so without Bedrock the staff assistant gives its own plainly-labelled local summary instead.
        ...(backends?.mode.answers === 'bedrock' ? { model: backends.answerModel } : {}),
      })
    : undefined;
  const geocoding = createLocalGeocoder(opts.geocoder, () => deps.catalog.getStore());
  const telegram = opts.telegram
    ? await startLocalTelegram(opts.telegram, {
        deps,
        sessions,
        geocoder: geocoding.geocoder,
        notifier,
        log,
        assistant,
        staffDesk: slack?.staffDesk,
        ...queueStore<Update>('telegram'),
        retryBaseMs: opts.retryIntervalMs,
      })
    : undefined;
  if (telegram)
    customerLink = telegramCustomerLink(telegram.bot.api, sessions, log, {
      storePhone: async () => storePhoneOf(await deps.catalog.getStore()),
      orders: deps.orders,
    });
  // The queues start once both chats are wired (a resumed relay needs the customers' chat), picking up what the last
  // run left.
  const resumedSlack = (await slack?.start()) ?? 0;
  const resumedTelegram = (await telegram?.start()) ?? 0;
  if (resumedSlack > 0) print(`↻ resumed ${resumedSlack} queued Slack item(s) left by the last run`);
  if (resumedTelegram > 0) print(`↻ resumed ${resumedTelegram} queued Telegram update(s) left by the last run`);

  // Mercado Pago's webhook: verified and queued at the edge, read back and applied by this worker. A payment that lands
  // before its charge step recorded it (PaymentNotYetRecorded) or a provider hiccup (TransientError) is retried.
  const paymentQueue = mpSettings
    ? new InProcessChatWorkQueue<PaymentNotice>(
        async (notice) => {
          await handlePaymentNotice(deps, notice);
        },
        {
          name: 'payment webhook',
          ...(opts.dataDir
            ? { store: new DynamoWorkQueueStore<PaymentNotice>(dynamo.client, LOCAL_TABLE, 'mercadopago') }
            : {}),
          maxAttempts: 8,
          retryBaseMs: opts.retryIntervalMs ?? 500,
          retryMaxMs: 30_000,
          describe: (n) => ({ paymentId: n.paymentId }),
          log,
          autoStart: false,
        },
      )
    : undefined;
  const paymentWebhook: PaymentWebhookDeps | undefined =
    mpSettings && paymentQueue
      ? {
          verify: (n) => verifyMercadoPagoSignature(mpSettings.webhookSecret, n, () => deps.clock.now().getTime()),
          queue: paymentQueue,
          log,
        }
      : undefined;
  const resumedPayments = (await paymentQueue?.start()) ?? 0;
  if (resumedPayments > 0) print(`↻ resumed ${resumedPayments} queued payment notice(s) left by the last run`);

  const staffToken = opts.staffToken ?? randomBytes(24).toString('base64url');
  const devPayments = { deps, payments };
  const api = { deps, staffToken, ready: () => ready, ...(telegram ? { telegramBotUsername: telegram.username } : {}) };
  const http = await startHttpServer(
    (req) => {
      if (telegram?.handleWebhook && req.path === TELEGRAM_WEBHOOK_PATH) return telegram.handleWebhook(req);
      if (slack && req.path === SLACK_EVENTS_PATH) return slack.handle(req);
      if (paymentWebhook && req.path === MERCADOPAGO_WEBHOOK_PATH) return handlePaymentWebhook(paymentWebhook, req);
      // The /dev payment routes drive the simulated provider only: with a real one they would be a way to fake a payment.
      if (!mercadopago && isDevPaymentPath(req.path)) return handleDevPayment(devPayments, req);
      return handleHttpRequest(api, req);
    },
    opts.port ?? 3000,
    '127.0.0.1',
    (path) =>
      path === TELEGRAM_WEBHOOK_PATH
        ? TELEGRAM_MAX_UPDATE_BYTES
        : path === SLACK_EVENTS_PATH
          ? SLACK_MAX_REQUEST_BYTES
          : path === MERCADOPAGO_WEBHOOK_PATH
            ? PAYMENT_WEBHOOK_MAX_BYTES
            : MAX_BODY_BYTES,
    log,
  );
  stackUrl = http.url;
  ready = true;
  if (mpSettings)
    print(
      `💳 payments: Mercado Pago (${mpSettings.apiUrl ?? MERCADOPAGO_DEFAULT_API_URL}); its webhook is POST ${http.url}${MERCADOPAGO_WEBHOOK_PATH}`,
    );

  let stopped: Promise<void> | undefined;
  return {
    url: http.url,
    staffToken,
    staffTokenGenerated: opts.staffToken === undefined,
    seeded,
    applied,
    storeSummary: folder?.ok ? `${folder.summary} (${folder.dir})` : `${pkg.store.name}: ${pkg.products.length} items`,
    deps,
    notifier,
    engine,
    payments,
    ...(mercadopago ? { mercadopago } : {}),
    sessions,
    telegram,
    slack,
    assistant,
    router,
    assistantBackends: backends,
    geocoder: geocoding,
    stop: () =>
      (stopped ??= (async () => {
        ready = false;
        await http.close();
        await telegram?.stop();
        await slack?.stop();
        await paymentQueue?.stop();
        payments.stop();
        await engine.stop();
        await router?.stop();
        backends?.close();
        geocoding.close();
        await dynamo.close();
        if (opts.dataDir) rmSync(join(opts.dataDir, STACK_PID_FILE), { force: true });
      })()),
  };
}
