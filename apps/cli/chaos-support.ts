// Shared plumbing of the chaos suite: HTTP calls to a stack, a quiet wait, random choices, and "has everything
// settled?".

import { checkLedgerInvariant, readLedgerSnapshot, type Violation } from '../../core/ledger-invariant.ts';
import { hasUnpublishedEvents, intentsOf, type Order } from '../../core/order.ts';
import type { LocalStack } from '../local/local-stack.ts';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
export const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

export async function http(url: string, method: string, path: string, opts: { token?: string; body?: unknown } = {}) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body ? { 'content-type': 'application/json' } : {}),
    },
    body: opts.body ? JSON.stringify(opts.body) : undefined,
  });
  // biome-ignore lint/suspicious/noExplicitAny: the chaos suite reads the API's JSON answers loosely, field by field.
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

/** Addresses inside the demo store's area, at different distances, so address changes move money both ways. */
export const ADDRESSES = [
  { text: 'Rua Barata Ribeiro 200, Copacabana', lat: -22.9668, lon: -43.187 },
  { text: 'Rua Visconde de Pirajá 300, Ipanema', lat: -22.9846, lon: -43.2041 },
  { text: 'Rua Dias Ferreira 100, Leblon', lat: -22.9841, lon: -43.224 },
  { text: 'Rua Voluntários da Pátria 300, Botafogo', lat: -22.9519, lon: -43.1868 },
  { text: 'Av. Epitácio Pessoa 1000, Lagoa', lat: -22.9733, lon: -43.2027 },
];
const PAYMENTS = [
  { method: 'card', token: 'tok_visa' },
  { method: 'pix' },
  { method: 'cash' },
  { method: 'card', token: 'tok_chargeDeclined' },
];
const SKUS = ['ACAI-300', 'ACAI-500', 'PIZZA-MARG', 'PIZZA-CALA', 'GUARANA-350', 'BRIGADEIRO-4'];

let phones = 0;
/** A random order body: one or two lines, any payment (a declined card now and then), any address in the area. */
export function randomOrderBody() {
  const lines = [...new Set([pick(SKUS), pick(SKUS)])].map((sku) => ({ sku, qty: randomInt(1, 2) }));
  return {
    customer: { name: 'Chaos', phone: `+55219${String(70000000 + (phones++ % 29999999)).padStart(8, '0')}` },
    items: lines,
    address: pick(ADDRESSES),
    payment: pick(PAYMENTS),
  };
}

/** Nothing left to do: no order mid-workflow, no committed work unfinished, every open order waiting for staff. */
export function settled(o: Order): boolean {
  if (o.status === 'RECEIVED' || intentsOf(o).length > 0 || hasUnpublishedEvents(o)) return false;
  return !['CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY'].includes(o.status) || o.taskToken !== undefined;
}

/** Waits until every order has settled (see `settled`), then reads the invariant. */
export async function settleAndCheck(
  stack: LocalStack,
  timeoutMs = 20_000,
): Promise<{ violations: Violation[]; unsettled: string[]; orders: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const orders: Order[] = [];
    for await (const page of stack.deps.orders.listAll()) orders.push(...page);
    const unsettled = orders.filter((o) => !settled(o)).map((o) => o.orderId);
    if (unsettled.length === 0 || Date.now() > deadline) {
      const snapshot = await readLedgerSnapshot({
        orders: stack.deps.orders,
        catalog: stack.deps.catalog,
        book: stack.payments,
      });
      return { violations: checkLedgerInvariant(snapshot), unsettled, orders: orders.length };
    }
    await sleep(50);
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
