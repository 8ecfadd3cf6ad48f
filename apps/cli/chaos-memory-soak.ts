// Chaos: a memory soak of the local stack in a child process — catalog reads and orders over HTTP, heap after GC
// compared from start to end.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { captureOutput, exited, localStackEnv, stopChild, tail } from './chaos-child-process.ts';
import type { SoakMeasure, SoakReply, SoakRequest } from './chaos-soak-stack.ts';

const CHILD = resolve(import.meta.dirname, 'chaos-soak-stack.ts');

export interface MemorySoakOptions {
  /** Requests after the warm-up; each reads the catalog (GET /api/catalog, or an order, which reads it too). */
  requests: number;
  print?: (line: string) => void;
  /** One request in `orderEvery` places an order (then cancels it, so no workflow stays parked waiting for staff). */
  orderEvery?: number;
  /** Requests before the first measure: JIT, connection pool and caches settle (500). */
  warmup?: number;
  /** Requests in flight at once (4). */
  concurrency?: number;
  /** A measure every `sampleEvery` requests, for the curve (requests / 4). */
  sampleEvery?: number;
}

export interface MemorySoakSample extends SoakMeasure {
  requests: number;
}

export interface MemorySoakResult {
  requests: number;
  orders: number;
  /** Answers other than 2xx (a cancel racing its workflow is one); reported, not fatal. */
  non2xx: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  growthMb: number;
  growthPct: number;
  rssBeforeMb: number;
  rssMb: number;
  /** Live LevelDB iterators in the child (after GC): the direct measure of dynalite's leak. */
  iteratorsBefore: number;
  iteratorsAfter: number;
  samples: MemorySoakSample[];
}

const ORDER = JSON.stringify({
  customer: { name: 'Soak', phone: '+5521900000001' },
  items: [{ sku: 'GUARANA-350', qty: 1 }],
  address: { text: 'Rua Barata Ribeiro 200, Copacabana', lat: -22.9668, lon: -43.187 },
  payment: { method: 'pix' },
});

export async function runMemorySoak(opts: MemorySoakOptions): Promise<MemorySoakResult> {
  const print = opts.print ?? (() => {});
  const orderEvery = opts.orderEvery ?? 50;
  const warmup = opts.warmup ?? 500;
  const concurrency = opts.concurrency ?? 4;
  const sampleEvery = opts.sampleEvery ?? Math.max(1, Math.floor(opts.requests / 4));
  const dataDir = mkdtempSync(join(tmpdir(), 'da-chaos-soak-'));
  const child = fork(CHILD, [], {
    execArgv: ['--expose-gc', '--no-warnings', '--import', 'tsx'],
    env: localStackEnv({ DATA_DIR: dataDir }),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const out = captureOutput(child);
  const replies: ((r: SoakReply) => void)[] = [];
  child.on('message', (r: SoakReply) => replies.shift()?.(r));
  const died = exited(child).then((code) => {
    throw new Error(`soak child exited (${code}):\n${tail(out.text())}`);
  });
  died.catch(() => {}); // raced by every ask below; a clean exit after "stopped" is not an error
  const next = () => Promise.race([new Promise<SoakReply>((resolveReply) => replies.push(resolveReply)), died]);
  const ask = (req: SoakRequest) => {
    const reply = next();
    child.send(req);
    return reply;
  };
  const measure = async () => (await ask({ type: 'measure' })) as SoakMeasure & { type: 'measured' };

  try {
    const ready = await next();
    if (ready.type !== 'ready') throw new Error(`unexpected ${ready.type}`);
    let sent = 0;
    let orders = 0;
    let non2xx = 0;
    const one = async (n: number) => {
      if (n % orderEvery !== orderEvery - 1) {
        const res = await fetch(`${ready.url}/api/catalog`);
        await res.arrayBuffer();
        if (res.status !== 200) non2xx++;
        return;
      }
      orders++;
      const res = await fetch(`${ready.url}/api/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: ORDER,
      });
      const placed = (await res.json()) as { orderId?: string; accessToken?: string };
      if (res.status !== 202 || !placed.orderId) {
        non2xx++;
        return;
      }
      const cancel = await fetch(`${ready.url}/api/orders/${placed.orderId}/cancel`, {
        method: 'POST',
        headers: { authorization: `Bearer ${placed.accessToken}` },
      });
      await cancel.arrayBuffer();
      if (cancel.status >= 300) non2xx++;
    };
    const batch = async (count: number) => {
      const end = sent + count;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (sent < end) await one(sent++);
        }),
      );
    };

    await batch(warmup);
    sent = 0;
    orders = 0;
    non2xx = 0;
    const first = await measure();
    const samples: MemorySoakSample[] = [
      { requests: 0, heapUsedMb: first.heapUsedMb, rssMb: first.rssMb, liveIterators: first.liveIterators },
    ];
    print(
      `soak: after ${warmup} warm-up requests heap ${first.heapUsedMb} MB, RSS ${first.rssMb} MB, ${first.liveIterators} live iterators`,
    );
    while (sent < opts.requests) {
      await batch(Math.min(sampleEvery, opts.requests - sent));
      const m = await measure();
      samples.push({ requests: sent, heapUsedMb: m.heapUsedMb, rssMb: m.rssMb, liveIterators: m.liveIterators });
      print(`soak: ${sent} requests, heap ${m.heapUsedMb} MB, RSS ${m.rssMb} MB, ${m.liveIterators} live iterators`);
    }
    const last = samples.at(-1)!;
    const growthMb = Math.round((last.heapUsedMb - first.heapUsedMb) * 10) / 10;
    return {
      requests: sent,
      orders,
      non2xx,
      heapBeforeMb: first.heapUsedMb,
      heapAfterMb: last.heapUsedMb,
      growthMb,
      growthPct: Math.round((growthMb / first.heapUsedMb) * 1000) / 10,
      rssBeforeMb: first.rssMb,
      rssMb: last.rssMb,
      iteratorsBefore: first.liveIterators,
      iteratorsAfter: last.liveIterators,
      samples,
    };
  } finally {
    if (child.connected) {
      await Promise.race([ask({ type: 'stop' }).catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
    }
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
