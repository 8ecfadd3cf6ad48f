// Chaos: SIGKILL the real local stack (a child process) at a random moment of a random order path, restart it on the
// same data, let it finish what the killed process committed, and check the money and stock invariant every time.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Violation } from '../../core/ledger-invariant.ts';
import { startLocalStack } from '../local/local-stack.ts';
import { INSTANT_PIX } from './bench-support.ts';
import { ADDRESSES, http, pick, randomInt, randomOrderBody, settleAndCheck, sleep } from './chaos-support.ts';
import { startStackProcess } from './stack-process.ts';

export const KILL_PATHS = ['place', 'pay', 'cancel', 'address', 'advance'] as const;
export type KillPath = (typeof KILL_PATHS)[number];

export interface KillChaosResult {
  kills: number;
  byPath: Record<KillPath, number>;
  /** Kills that landed while the request was still in flight (the rest hit just before or after it). */
  midRequest: number;
  violations: (Violation & { kill: number; path: KillPath })[];
  /** Orders still unsettled 20 s after a restart (a restart that did not finish the work). */
  unsettled: { kill: number; orderIds: string[] }[];
  orders: number;
  seconds: number;
}

const STAFF = 'chaos-staff-token';

/** One order placed and waiting for staff, so cancel, address change and advance have something to act on. */
async function confirmedOrder(url: string): Promise<{ orderId: string; accessToken: string } | undefined> {
  const body = {
    ...randomOrderBody(),
    payment: pick([{ method: 'card', token: 'tok_visa' }, { method: 'pix' }, { method: 'cash' }]),
  };
  const placed = await http(url, 'POST', '/api/orders', { body });
  if (placed.status !== 202) return undefined;
  const o = placed.body as { orderId: string; accessToken: string };
  for (let i = 0; i < 200; i++) {
    const r = await http(url, 'GET', `/api/orders/${o.orderId}`, { token: o.accessToken });
    if (r.body?.status === 'CONFIRMED') {
      await sleep(30);
      return o;
    }
    if (r.body?.status && r.body.status !== 'RECEIVED') return undefined;
    await sleep(15);
  }
  return undefined;
}

/** Starts the path's request and hands it back unawaited (wrapped: `await` would flatten it): the kill lands while it runs. */
async function startPath(url: string, path: KillPath): Promise<{ request: Promise<unknown> }> {
  if (path === 'place' || path === 'pay')
    return { request: http(url, 'POST', '/api/orders', { body: randomOrderBody() }) };
  const o = await confirmedOrder(url);
  if (!o) return { request: Promise.resolve() };
  switch (path) {
    case 'cancel':
      return { request: http(url, 'POST', `/api/orders/${o.orderId}/cancel`, { token: o.accessToken }) };
    case 'address':
      return {
        request: http(url, 'POST', `/api/orders/${o.orderId}/address`, { token: o.accessToken, body: pick(ADDRESSES) }),
      };
    default:
      return { request: http(url, 'POST', `/api/orders/${o.orderId}/advance`, { token: STAFF }) };
  }
}

/**
 * `kills` cycles on one data folder. Each: start the stack as a child, open a random path, SIGKILL after a random
 * 0–25 ms (placing and paying: 0–120 ms, to land anywhere in the workflow), restart in-process, wait until every
 * order settled, check the invariant, stop.
 */
export async function runKillChaos(opts: {
  kills: number;
  print?: (line: string) => void;
  dataDir?: string;
}): Promise<KillChaosResult> {
  const print = opts.print ?? (() => {});
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'da-chaos-kills-'));
  const started = Date.now();
  const result: KillChaosResult = {
    kills: 0,
    byPath: { place: 0, pay: 0, cancel: 0, address: 0, advance: 0 },
    midRequest: 0,
    violations: [],
    unsettled: [],
    orders: 0,
    seconds: 0,
  };
  try {
    for (let k = 1; k <= opts.kills; k++) {
      const path = pick(KILL_PATHS);
      const child = await startStackProcess({ dataDir, staffToken: STAFF });
      let inFlight = true;
      const { request: sent } = await startPath(child.url, path).catch(() => ({
        request: Promise.resolve() as Promise<unknown>,
      }));
      const request = sent.then(
        () => {
          inFlight = false;
        },
        () => {
          inFlight = false;
        },
      );
      await sleep(path === 'place' || path === 'pay' ? randomInt(0, 120) : randomInt(0, 25));
      if (inFlight) result.midRequest++;
      await child.kill();
      await request;
      result.kills++;
      result.byPath[path]++;

      const stack = await startLocalStack({
        port: 0,
        dataDir,
        staffToken: STAFF,
        assistant: false,
        payment: INSTANT_PIX,
      });
      try {
        const check = await settleAndCheck(stack);
        result.orders = check.orders;
        for (const v of check.violations) result.violations.push({ ...v, kill: k, path });
        if (check.unsettled.length) result.unsettled.push({ kill: k, orderIds: check.unsettled });
      } finally {
        await stack.stop();
      }
      if (k % 10 === 0 || k === opts.kills) {
        print(
          `  kills ${k}/${opts.kills}: ${result.violations.length} violation(s), ${result.unsettled.length} unsettled restart(s), ${result.orders} orders`,
        );
      }
    }
  } finally {
    if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}
