// Chaos: storms of concurrent cancels, staff advances and address changes on the same order, against one local
// stack, then the money and stock invariant over everything.

import type { Violation } from '../../core/ledger-invariant.ts';
import { startLocalStack } from '../local/local-stack.ts';
import { INSTANT_PIX } from './bench-support.ts';
import { ADDRESSES, http, pick, randomInt, randomOrderBody, settleAndCheck, sleep } from './chaos-support.ts';

export interface RaceChaosResult {
  races: number;
  requests: number;
  /** Answers by status: 200s, and the 409s a lost race gets, never a 5xx. */
  statuses: Record<string, number>;
  violations: Violation[];
  unsettled: string[];
  seconds: number;
}

const STAFF = 'chaos-staff-token';
type Op = 'cancel' | 'staff-cancel' | 'advance' | 'address';
const OPS: readonly Op[] = ['cancel', 'staff-cancel', 'advance', 'advance', 'address', 'address', 'address'];

/** `races` orders, `parallel` at a time; each gets 2–6 concurrent requests of random kinds, fired together. */
export async function runRaceChaos(opts: {
  races: number;
  parallel?: number;
  print?: (line: string) => void;
}): Promise<RaceChaosResult> {
  const print = opts.print ?? (() => {});
  const started = Date.now();
  const stack = await startLocalStack({
    port: 0,
    staffToken: STAFF,
    assistant: false,
    retryIntervalMs: 5,
    payment: INSTANT_PIX,
  });
  const result: RaceChaosResult = { races: 0, requests: 0, statuses: {}, violations: [], unsettled: [], seconds: 0 };
  const count = (status: number) => {
    result.statuses[status] = (result.statuses[status] ?? 0) + 1;
  };
  try {
    const race = async () => {
      const body = {
        ...randomOrderBody(),
        payment: pick([{ method: 'card', token: 'tok_visa' }, { method: 'pix' }, { method: 'cash' }]),
      };
      const placed = await http(stack.url, 'POST', '/api/orders', { body });
      if (placed.status !== 202) {
        count(placed.status);
        return;
      }
      const o = placed.body as { orderId: string; accessToken: string };
      for (let i = 0; i < 400; i++) {
        const order = await stack.deps.orders.get(o.orderId);
        if (order?.status !== 'RECEIVED' && (order?.status !== 'CONFIRMED' || order.taskToken)) break;
        await sleep(10);
      }
      const ops = Array.from({ length: randomInt(2, 6) }, () => pick(OPS));
      const answers = await Promise.all(
        ops.map(async (op) => {
          await sleep(randomInt(0, 5));
          switch (op) {
            case 'cancel':
              return http(stack.url, 'POST', `/api/orders/${o.orderId}/cancel`, { token: o.accessToken });
            case 'staff-cancel':
              return http(stack.url, 'POST', `/api/orders/${o.orderId}/cancel`, { token: STAFF });
            case 'advance':
              return http(stack.url, 'POST', `/api/orders/${o.orderId}/advance`, { token: STAFF });
            default:
              return http(stack.url, 'POST', `/api/orders/${o.orderId}/address`, {
                token: o.accessToken,
                body: pick(ADDRESSES),
              });
          }
        }),
      );
      for (const a of answers) count(a.status);
      result.requests += answers.length;
      result.races++;
    };
    const parallel = opts.parallel ?? 8;
    for (let done = 0; done < opts.races; done += parallel) {
      await Promise.all(Array.from({ length: Math.min(parallel, opts.races - done) }, race));
      if ((done + parallel) % 40 < parallel) print(`  races ${Math.min(done + parallel, opts.races)}/${opts.races}`);
    }
    const check = await settleAndCheck(stack);
    result.violations = check.violations;
    result.unsettled = check.unsettled;
  } finally {
    await stack.stop();
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}
