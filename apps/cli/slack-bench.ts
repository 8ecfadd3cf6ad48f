// `bench slack`: the Slack edge's ack latency (signed POST → 200) and the time from a customer's Telegram message to
// its mirror in the Slack thread.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type LocalStack, startLocalStack } from '../local/local-stack.ts';
import {
  BENCH_BOT_INFO,
  BENCH_SECRET,
  BENCH_TOKEN,
  benchCatalog,
  type Stat,
  startBotApiStandIn,
  stat,
  webhookPoster,
} from './bench-support.ts';

const SIGNING_SECRET = 'bench-slack-signing-secret';
const SLACK_TOKEN = 'xoxb-bench-token';
const CHANNEL = 'CBENCH001';
const STAFF = 'UBENCHSTAFF';

export interface SlackBenchReport {
  /** Signed POST /slack/events → 200, per kind of request. */
  ack: { event: Stat; button: Stat };
  /** The ack p95 as a share of Slack's 3 s deadline. */
  ackShareOfDeadline: number;
  /** Customer message (webhook POST) → chat.postMessage of its mirror reaching the Slack API. */
  mirror: Stat;
  /** Staff reply in the thread (signed POST) → sendMessage of the relay reaching the Bot API. */
  relay: Stat;
}

interface SlackApiCall {
  method: string;
  params: Record<string, string>;
  at: number /** The ts a posted message got. */;
  ts?: string;
}

/** A minimal Slack Web API on loopback: answers what the console calls, records every call with its arrival time. */
async function startSlackApiStandIn() {
  let seq = 0;
  const calls: SlackApiCall[] = [];
  const listeners = new Set<(c: SlackApiCall) => void>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const method = (req.url ?? '').split('?')[0]!.replace(/^\/api\//, '');
      const params = Object.fromEntries(new URLSearchParams(body));
      const ts = `1700000000.${String(++seq).padStart(6, '0')}`;
      const call: SlackApiCall = {
        method,
        params,
        at: performance.now(),
        ...(method === 'chat.postMessage' ? { ts } : {}),
      };
      calls.push(call);
      for (const l of listeners) l(call);
      const result: Record<string, unknown> =
        ({
          'auth.test': { user_id: 'UBENCHBOT', bot_id: 'BBENCHBOT', team_id: 'TBENCH' },
          'chat.postMessage': { channel: params.channel, ts },
          'conversations.members': { members: [STAFF, 'UBENCHBOT'], response_metadata: { next_cursor: '' } },
          'users.info': { user: { id: params.user, name: 'ana', real_name: 'Ana', profile: { display_name: 'Ana' } } },
          'chat.getPermalink': {
            permalink: `https://bench.slack.com/archives/${params.channel}/p${ts.replace('.', '')}`,
          },
        }[method] as Record<string, unknown> | undefined) ?? {};
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, ...result }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    calls,
    next(predicate: (c: SlackApiCall) => boolean, timeoutMs = 10_000): Promise<SlackApiCall> {
      return new Promise((resolve, reject) => {
        const l = (c: SlackApiCall) => {
          if (predicate(c)) {
            listeners.delete(l);
            clearTimeout(timer);
            resolve(c);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(l);
          reject(new Error('bench: the Slack call never came'));
        }, timeoutMs);
        listeners.add(l);
      });
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A request signed as Slack signs it. */
function signed(stack: LocalStack, body: string, contentType: string): Promise<Response> {
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return fetch(`${stack.url}/slack/events`, {
    method: 'POST',
    body,
    headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature },
  });
}

const eventBody = (id: string, event: Record<string, unknown>) =>
  JSON.stringify({
    type: 'event_callback',
    team_id: 'TBENCH',
    api_app_id: 'ABENCH',
    event_id: id,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'TBENCH', user_id: 'UBENCHBOT', is_bot: true }],
    event,
  });

async function timed(run: () => Promise<Response>): Promise<number> {
  const t0 = performance.now();
  const res = await run();
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`bench: POST /slack/events → ${res.status}`);
  return performance.now() - t0;
}

export async function runSlackBench(opts: { acks: number; mirrors: number }): Promise<SlackBenchReport> {
  const slack = await startSlackApiStandIn();
  const bot = await startBotApiStandIn();
  const stack = await startLocalStack({
    port: 0,
    staffToken: 'bench',
    assistant: false,
    catalog: benchCatalog(),
    telegram: { token: BENCH_TOKEN, apiRoot: bot.apiRoot, webhookSecret: BENCH_SECRET, botInfo: BENCH_BOT_INFO },
    slack: {
      token: SLACK_TOKEN,
      signingSecret: SIGNING_SECRET,
      supportChannel: CHANNEL,
      apiUrl: slack.apiUrl,
      sweepIntervalMs: 3_600_000,
    },
  });
  try {
    // Ack: events that the worker then handles (a thread message on an unknown thread, App Home opened) and button
    // presses on an order that does not exist (the worker answers the clicker privately). The ack never waits for that.
    const eventAcks: number[] = [];
    const buttonAcks: number[] = [];
    for (let i = 0; i < opts.acks; i++) {
      const event =
        i % 2 === 0
          ? {
              type: 'message',
              channel: CHANNEL,
              user: STAFF,
              text: `bench ${i}`,
              ts: `1700000001.${i}`,
              thread_ts: '1600000000.000001',
            }
          : { type: 'app_home_opened', user: STAFF, channel: 'DBENCH', tab: 'home', event_ts: `1700000002.${i}` };
      eventAcks.push(await timed(() => signed(stack, eventBody(`EvBench${i}`, event), 'application/json')));
      const press = {
        type: 'block_actions',
        team: { id: 'TBENCH' },
        user: { id: STAFF },
        api_app_id: 'ABENCH',
        trigger_id: `trig.bench.${i}`,
        container: { type: 'message', message_ts: '1600000000.000001', channel_id: CHANNEL },
        channel: { id: CHANNEL },
        actions: [
          {
            type: 'button',
            action_id: 'order_advance',
            block_id: 'b',
            value: 'order:ZZZZZZ',
            action_ts: `${Date.now() / 1000}`,
          },
        ],
      };
      buttonAcks.push(
        await timed(() =>
          signed(
            stack,
            new URLSearchParams({ payload: JSON.stringify(press) }).toString(),
            'application/x-www-form-urlencoded',
          ),
        ),
      );
    }
    await stack.slack!.drain();

    // Mirror and relay: each chat asks for a person (the escalation opens a thread), then writes; staff answer in the
    // thread.
    const post = webhookPoster(stack);
    const mirrors: number[] = [];
    const relays: number[] = [];
    const chats = Math.max(1, Math.ceil(opts.mirrors / 5));
    for (let c = 0; c < chats; c++) {
      const chatId = 9_100_000 + c;
      const opened = slack.next(
        (x) => x.method === 'chat.postMessage' && x.params.channel === CHANNEL && !x.params.thread_ts,
      );
      await post(chatId, 'quero falar com uma pessoa');
      const root = await opened;
      await stack.telegram!.drain();
      await stack.slack!.drain();
      const threadTs = root.ts!;
      for (let m = 0; m < 5 && mirrors.length < opts.mirrors; m++) {
        const token = `bench-msg-${c}-${m}`;
        const mirrored = slack.next((x) => x.method === 'chat.postMessage' && (x.params.text ?? '').includes(token));
        const t0 = performance.now();
        await post(chatId, `${token}: ainda estou esperando`);
        mirrors.push((await mirrored).at - t0);
        const replyToken = `bench-reply-${c}-${m}`;
        const relayed = new Promise<number>((resolve) => {
          const off = bot.onCall((x) => {
            if (x.chatId === chatId && (x.text ?? '').includes(replyToken)) {
              off();
              resolve(x.at);
            }
          });
        });
        const t1 = performance.now();
        const replyTs = `1700000009.${c}${m}`;
        await signed(
          stack,
          eventBody(`EvRelay${c}x${m}`, {
            type: 'message',
            channel: CHANNEL,
            user: STAFF,
            text: `${replyToken} já estamos vendo`,
            ts: replyTs,
            thread_ts: threadTs,
          }),
          'application/json',
        );
        relays.push(
          (await Promise.race([
            relayed,
            new Promise<number>((_, reject) =>
              setTimeout(() => reject(new Error('bench: the relay never reached Telegram')), 10_000),
            ),
          ])) - t1,
        );
      }
    }
    const ack = { event: stat(eventAcks), button: stat(buttonAcks) };
    return {
      ack,
      ackShareOfDeadline: Math.max(ack.event.p95, ack.button.p95) / 3000,
      mirror: stat(mirrors),
      relay: stat(relays),
    };
  } finally {
    await stack.stop();
    await slack.close();
    await bot.close();
  }
}
