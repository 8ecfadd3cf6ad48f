// `delivery-assistant bench [orders|telegram|assistant|slack|lambda]`: the order workflow, the Telegram webhook, the
// assistant, the Slack console and the Lambda bundles.
import { cpus } from 'node:os';
import { type LocalStack, startLocalStack } from '../local/local-stack.ts';
import { type AssistantBenchReport, runAssistantBench } from './assistant-bench.ts';
import { benchCatalog, INSTANT_PIX } from './bench-support.ts';
import { runSlackBench } from './slack-bench.ts';
import { runTelegramBench } from './telegram-bench.ts';

interface RunResult {
  clients: number;
  orders: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  max: number;
}

const ORDER = JSON.stringify({
  customer: { name: 'Bench', phone: '+5521900000000' },
  items: [
    { sku: 'ACAI-300', qty: 1 },
    { sku: 'GUARANA-350', qty: 1 },
  ],
  address: { text: 'Rua Barata Ribeiro 200, Copacabana', lat: -22.9668, lon: -43.187 },
  payment: { method: 'card', token: 'tok_visa' },
});

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Each client places an order over HTTP and waits for its CONFIRMED event before placing the next. */
async function run(stack: LocalStack, clients: number, orders: number): Promise<RunResult> {
  const confirmed = new Map<string, () => void>();
  const off = stack.notifier.onEvent((e) => {
    if (e.payload.event === 'CONFIRMED') confirmed.get(e.payload.orderId)?.();
  });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next++ < orders) {
        const t0 = performance.now();
        const res = await fetch(`${stack.url}/api/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: ORDER,
        });
        const { orderId } = (await res.json()) as { orderId: string };
        if (res.status !== 202) throw new Error(`POST /api/orders → ${res.status}`);
        await new Promise<void>((resolve) => {
          confirmed.set(orderId, resolve);
          // The event may already have fired between the 202 and this line.
          if (stack.notifier.eventsFor(orderId).some((e) => e.payload.event === 'CONFIRMED')) resolve();
        });
        confirmed.delete(orderId);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  off();
  latencies.sort((a, b) => a - b);
  return {
    clients,
    orders,
    seconds,
    perSecond: orders / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: latencies.at(-1)!,
  };
}

export async function benchCommand(args: string[]): Promise<number> {
  const only = args[0] && !args[0].startsWith('-') ? args[0] : undefined;
  if (only !== undefined && !['orders', 'telegram', 'assistant', 'slack', 'lambda'].includes(only)) {
    console.error('usage: delivery-assistant bench [orders|telegram|assistant|slack|lambda] [--json]');
    return 2;
  }
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`);
  if (only === undefined || only === 'orders') await benchOrders(args);
  if (only === undefined || only === 'telegram') await benchTelegram(args);
  if (only === undefined || only === 'assistant') await benchAssistant(args);
  if (only === undefined || only === 'slack') await benchSlack(args);
  if (only === undefined || only === 'lambda') await benchLambda(args);
  return 0;
}

/** Loaded only when asked for: it builds the CDK stack and runs esbuild, both devDependencies. */
async function benchLambda(args: string[]): Promise<void> {
  const { formatLambdaReport, runLambdaBench } = await import('./lambda-bench.ts');
  const r = await runLambdaBench({
    runs: flag(args, '--runs', 10),
    ...(args.includes('--sources-content') ? { sourcesContent: true } : {}),
  });
  console.log(`\n${formatLambdaReport(r, args.includes('--why'))}`);
  if (args.includes('--json')) console.log(JSON.stringify(r));
}

async function benchTelegram(args: string[]): Promise<void> {
  const r = await runTelegramBench({ single: 200, chats: 40, perChat: 10 });
  console.log(
    '\nTelegram webhook (local stack, webhook mode, a loopback Bot API stand-in; status/ETA questions answered from data)\n',
  );
  console.log(`ack (POST → 200)             p50 ${r.ackP50.toFixed(1)} ms   p95 ${r.ackP95.toFixed(1)} ms`);
  console.log(`update → first reply sent    p50 ${r.replyP50.toFixed(1)} ms   p95 ${r.replyP95.toFixed(1)} ms`);
  console.log(
    `${r.chats} chats × ${r.messages / r.chats} messages at once: ${r.repliesPerSecond.toFixed(1)} replies/s (${r.replies} replies to ${r.messages} messages)`,
  );
  console.log(`a reply, for the record: "${r.sampleReply.split('\n')[0]}"`);
  if (args.includes('--json')) console.log(JSON.stringify(r));
}

async function benchSlack(args: string[]): Promise<void> {
  const r = await runSlackBench({ acks: flag(args, '--acks', 200), mirrors: flag(args, '--mirrors', 50) });
  const ms = (x: { p50: number; p95: number }) => `p50 ${x.p50.toFixed(1)} ms   p95 ${x.p95.toFixed(1)} ms`;
  console.log('\nSlack console (local stack, the same edge as on AWS, loopback Slack and Bot API stand-ins)\n');
  console.log(`ack, event (signed POST → 200)     ${ms(r.ack.event)}   (n=${r.ack.event.n})`);
  console.log(`ack, button press                  ${ms(r.ack.button)}   (n=${r.ack.button.n})`);
  console.log(`ack p95 as a share of Slack's 3 s: ${(r.ackShareOfDeadline * 100).toFixed(2)} %`);
  console.log(`customer message → thread mirror   ${ms(r.mirror)}   (n=${r.mirror.n})`);
  console.log(`staff reply → customer's chat      ${ms(r.relay)}   (n=${r.relay.n})`);
  if (args.includes('--json')) console.log(JSON.stringify(r));
}

const flag = (args: string[], name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};

async function benchAssistant(args: string[]): Promise<void> {
  const r = await runAssistantBench({
    messages: flag(args, '--messages', 50),
    streamRuns: flag(args, '--stream-runs', 3),
  });
  console.log(`\n${formatAssistantReport(r)}`);
  if (args.includes('--json')) console.log(JSON.stringify(r));
}

const kinds = (k: Record<string, number>) =>
  Object.entries(k)
    .map(([name, count]) => `${name} ×${count}`)
    .join(', ');

/** The assistant bench as a compact table. */
export function formatAssistantReport(r: AssistantBenchReport): string {
  const ms = (s: { p50: number; p95: number }) => `${s.p50.toFixed(1).padStart(7)} ${s.p95.toFixed(1).padStart(7)}`;
  const none = `${'—'.padStart(7)} ${'—'.padStart(7)}`;
  const m = r.model;
  const lines = [
    `Assistant (local stack, webhook mode, loopback Bot API stand-in). Stand-in answer model: first delta after ${m.firstTokenMs} ms,`,
    `then ${m.deltaChars} characters every ${m.deltaEveryMs} ms (${m.charsPerSecond.toFixed(0)} characters/s). Each message from its own chat, one at a time.`,
    '',
    '                                   first activity      first token     router overhead     end to end',
    'path                           n      p50     p95      p50     p95      p50     p95      p50     p95   (ms)',
    `deterministic (from data)  ${String(r.deterministic.firstActivity.n).padStart(5)}  ${ms(r.deterministic.firstActivity)}  ${none}  ${none}  ${ms(r.deterministic.endToEnd)}`,
    `RAG (router + model)       ${String(r.rag.firstToken.n).padStart(5)}  ${ms(r.rag.firstActivity)}  ${ms(r.rag.firstToken)}  ${ms(r.rag.routerOverhead)}  ${none}`,
    '',
    `RAG, where the overhead goes: POST → model called p50 ${r.rag.beforeModel.p50.toFixed(1)} / p95 ${r.rag.beforeModel.p95.toFixed(1)} ms; ` +
      `model's actual first delta p50 ${r.rag.modelFirstDelta.p50.toFixed(1)} ms; first delta → first draft with text p50 ${r.rag.deltaToShown.p50.toFixed(1)} / p95 ${r.rag.deltaToShown.p95.toFixed(1)} ms`,
    `The router alone (ASL under the local interpreter): data intent p50 ${r.routerAlone.data.p50.toFixed(1)} / p95 ${r.routerAlone.data.p95.toFixed(1)} ms, ` +
      `RAG p50 ${r.routerAlone.rag.p50.toFixed(1)} / p95 ${r.routerAlone.rag.p95.toFixed(1)} ms`,
    `Model calls: deterministic ${r.deterministic.modelCalls}, RAG ${r.rag.modelCalls}. Router executions: deterministic ${r.deterministic.routerCalls}, RAG ${r.rag.routerCalls}.`,
    `The first call a chat saw: deterministic ${kinds(r.deterministic.firstActivityKinds)}; RAG ${kinds(r.rag.firstActivityKinds)}.`,
    '',
    'Chat API calls per answer (mean over runs) and per 1,000 characters streamed',
    'chat     path       runs  chars  activity  text calls  messages  total  per 1k chars  text per 1k   stream s',
    ...r.streaming.map((s) =>
      [
        s.chat.padEnd(7),
        s.path.padEnd(9),
        String(s.runs).padStart(5),
        s.answerChars.toFixed(0).padStart(6),
        s.activityCalls.toFixed(1).padStart(9),
        s.textCalls.toFixed(1).padStart(11),
        s.messages.toFixed(1).padStart(9),
        s.totalCalls.toFixed(1).padStart(6),
        s.callsPer1kChars.toFixed(2).padStart(13),
        s.textCallsPer1kChars.toFixed(2).padStart(12),
        s.seconds.toFixed(1).padStart(10),
      ].join(' '),
    ),
    '(private: through the webhook and the whole bot; group: the assistant called directly, since the bot stays silent in groups)',
    `a deterministic answer, for the record: "${r.deterministic.sample.split('\n')[0]}"`,
  ];
  return lines.join('\n');
}

async function benchOrders(args: string[]): Promise<void> {
  const single = flag(args, '--orders-1', 100);
  const concurrent = flag(args, '--orders-20', 400);
  // A deep stock, so the benchmark measures the workflow rather than sold-out short-circuits.
  const stack = await startLocalStack({ port: 0, staffToken: 'bench', catalog: benchCatalog(), payment: INSTANT_PIX });
  try {
    await run(stack, 4, 40); // warm-up: JIT, connection pool, dynalite's first writes
    const results = [await run(stack, 1, single), await run(stack, 20, concurrent)];
    console.log(
      'Full local workflow: HTTP POST → ASL interpreter → dynalite → CONFIRMED event (card payment, 2 lines)\n',
    );
    console.log('clients  orders  orders/s  p50 ms  p95 ms  max ms');
    for (const r of results) {
      console.log(
        `${String(r.clients).padStart(7)}  ${String(r.orders).padStart(6)}  ${r.perSecond.toFixed(1).padStart(8)}  ${r.p50.toFixed(1).padStart(6)}  ${r.p95.toFixed(1).padStart(6)}  ${r.max.toFixed(1).padStart(6)}`,
      );
    }
    const [one, twenty] = results as [RunResult, RunResult];
    console.log(
      `\n20 clients vs 1: throughput ×${(twenty.perSecond / one.perSecond).toFixed(2)}, p50 latency ×${(twenty.p50 / one.p50).toFixed(2)}`,
    );
    if (args.includes('--json')) console.log(JSON.stringify(results));
  } finally {
    await stack.stop();
  }
}
