// The Slack console under test: the local stack (dynalite, the order workflow, Telegram) with Slack on, a fake Slack
// Web API and a fake Bot API, and signed requests over HTTP.

import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../../apps/local/local-stack.ts';
import type { HttpRequest } from '../../../core/http-exchange.ts';
import type { Lang } from '../../../core/lang.ts';
import { DEMO_PACKAGE } from '../../support/demo-store.ts';
import {
  BOT_USER_ID,
  type FakeSlackApi,
  SLACK_SIGNING_SECRET,
  SLACK_TEST_TOKEN,
  SUPPORT_CHANNEL,
  startFakeSlackApi,
} from '../../support/fake-slack-api.ts';
import { BOT_INFO, type FakeTelegramApi, startFakeTelegramApi } from '../../support/fake-telegram-api.ts';

export const TELEGRAM_SECRET = 'slack-harness-telegram-secret';
/** Staff: Ana and Bruno are in the support channel; Zé is in the workspace but not in the channel. */
export const ANA = 'U0ANA0001';
export const BRUNO = 'U0BRUNO01';
export const OUTSIDER = 'U0ZE00001';

export interface SlackHarness {
  stack: LocalStack;
  slack: FakeSlackApi;
  telegram: FakeTelegramApi;
  /** POSTs a (signed) request to /slack/events over HTTP and waits until the worker has handled what it queued. */
  send(req: HttpRequest): Promise<{ status: number; body: string }>;
  /** POSTs a Telegram update to the webhook and waits until the bot and the Slack worker are done with it. */
  telegramUpdate(update: unknown): Promise<number>;
  /** Waits for both queues (Telegram updates, Slack work) to be empty, twice: work on one queue can feed the other. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface SlackHarnessOptions {
  staffLang?: Lang;
  handoffTimeoutMs?: number;
  heartbeatMs?: number;
  /** The store applied at start: the demo open all day by default, so a test passes at any hour. */
  catalog?: LocalStackOptions['catalog'];
  payments?: LocalStackOptions['payments'];
  /** The simulated provider's Pix settings (default: the test environment's, a Pix paid at once). */
  payment?: LocalStackOptions['payment'];
  /** The stack's log lines (default: dropped). */
  print?: (line: string) => void;
  /** dynalite on disk: a second harness on the same directory is the same shop after a restart. */
  dataDir?: string;
  /** The fakes of an earlier harness (a restart keeps talking to the same Slack and Telegram); `close` leaves them open. */
  fakes?: { slack: FakeSlackApi; telegram: FakeTelegramApi };
}

export async function startSlackHarness(opts: SlackHarnessOptions = {}): Promise<SlackHarness> {
  const slack = opts.fakes?.slack ?? (await startFakeSlackApi());
  slack.members.set(SUPPORT_CHANNEL, [ANA, BRUNO, BOT_USER_ID]);
  slack.users.set(ANA, { name: 'Ana', real_name: 'Ana Lima' });
  slack.users.set(BRUNO, { name: 'Bruno', real_name: 'Bruno Costa' });
  slack.users.set(OUTSIDER, { name: 'Zé', real_name: 'José Silva' });
  const telegram = opts.fakes?.telegram ?? (await startFakeTelegramApi());
  const stack = await startLocalStack({
    port: 0,
    staffToken: 'staff-secret',
    assistant: false,
    retryIntervalMs: 1,
    heartbeatMs: opts.heartbeatMs,
    catalog: opts.catalog ?? DEMO_PACKAGE,
    ...(opts.payments ? { payments: opts.payments } : {}),
    ...(opts.payment ? { payment: opts.payment } : {}),
    ...(opts.print ? { print: opts.print } : {}),
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    telegram: { token: telegram.token, apiRoot: telegram.apiRoot, webhookSecret: TELEGRAM_SECRET, botInfo: BOT_INFO },
    slack: {
      token: SLACK_TEST_TOKEN,
      signingSecret: SLACK_SIGNING_SECRET,
      supportChannel: SUPPORT_CHANNEL,
      apiUrl: slack.apiUrl,
      staffLang: opts.staffLang ?? 'en',
      handoffTimeoutMs: opts.handoffTimeoutMs,
      sweepIntervalMs: 3_600_000,
    },
  });
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await stack.telegram!.drain();
      await stack.slack!.drain();
    }
  };
  return {
    stack,
    slack,
    telegram,
    settle,
    async send(req) {
      const res = await fetch(`${stack.url}${req.path}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: req.body,
      });
      const body = await res.text();
      await settle();
      return { status: res.status, body };
    },
    async telegramUpdate(update) {
      const res = await fetch(`${stack.url}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
        body: JSON.stringify(update),
      });
      await settle();
      return res.status;
    },
    async close() {
      await stack.stop();
      if (!opts.fakes) {
        await slack.close();
        await telegram.close();
      }
    },
  };
}
