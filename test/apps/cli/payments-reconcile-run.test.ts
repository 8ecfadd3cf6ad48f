// The done-means run of books that balance: 200 mixed orders on the local stack over the HTTP API (Pix paid, paid
// twice, expired, paid after expiry or after a cancel, cancelled after paying, card approved and declined, cash), with
// concurrent repeats and races; then reconciliation finds no mismatch and the ledger invariant holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleAndCheck } from '../../../apps/cli/chaos-support.ts';
import { type LocalStack, startLocalStack } from '../../../apps/local/local-stack.ts';
import type { StorePackage } from '../../../core/catalog.ts';
import type { Order } from '../../../core/order.ts';
import { reconcilePayments } from '../../../core/payment-reconciliation.ts';
import type { PaymentGateway } from '../../../core/ports.ts';
import { applyProviderPayment } from '../../../core/provider-payment.ts';
import { call, orderBody, placeOrder } from '../../support/api-client.ts';
import { DEMO_PACKAGE } from '../../support/demo-store.ts';

/** How many orders the run places, and how many are in flight at once (2 cores, shared). */
const ORDERS = 200;
const PARALLEL = 8;

/** Every demo item with stock enough for the whole run, still tracked, so holds and releases are checked. */
const STOCKED: StorePackage = {
  ...DEMO_PACKAGE,
  products: DEMO_PACKAGE.products.map((p) => ({ ...p, stock: 100_000 })),
};

type Kind =
  | 'pix-paid'
  | 'pix-paid-twice'
  | 'pix-expired'
  | 'pix-expiry-race'
  | 'pix-paid-after-timeout'
  | 'pix-paid-after-cancel'
  | 'pix-cancelled-after-paying'
  | 'pix-pay-cancel-race'
  | 'card-approved'
  | 'card-declined'
  | 'cash'
  | 'same-key-twice';
const KINDS: readonly Kind[] = [
  'pix-paid',
  'pix-paid-twice',
  'pix-expired',
  'pix-expiry-race',
  'pix-paid-after-timeout',
  'pix-paid-after-cancel',
  'pix-cancelled-after-paying',
  'pix-pay-cancel-race',
  'card-approved',
  'card-declined',
  'cash',
  'same-key-twice',
];

/** What each kind of order must end as: its status, and how many charges and refunds it (and the provider) records. */
const EXPECTED: Record<Kind, { status: string[]; charges: number[]; refunds: number }> = {
  'pix-paid': { status: ['CONFIRMED'], charges: [1], refunds: 0 },
  'pix-paid-twice': { status: ['CONFIRMED'], charges: [1], refunds: 0 },
  'pix-expired': { status: ['PAYMENT_FAILED'], charges: [0], refunds: 0 },
  'pix-expiry-race': { status: ['CONFIRMED', 'PAYMENT_FAILED'], charges: [0, 1], refunds: 0 },
  'pix-paid-after-timeout': { status: ['REJECTED'], charges: [1], refunds: 1 },
  'pix-paid-after-cancel': { status: ['CANCELLED'], charges: [1], refunds: 1 },
  'pix-cancelled-after-paying': { status: ['CANCELLED'], charges: [1], refunds: 1 },
  'pix-pay-cancel-race': { status: ['CANCELLED'], charges: [1], refunds: 1 },
  'card-approved': { status: ['CONFIRMED'], charges: [1], refunds: 0 },
  'card-declined': { status: ['PAYMENT_FAILED'], charges: [0], refunds: 0 },
  cash: { status: ['CONFIRMED'], charges: [0], refunds: 0 },
  'same-key-twice': { status: ['CONFIRMED'], charges: [1], refunds: 0 },
};

let stack: LocalStack;
/** Payments whose cancel the provider cannot take right now: our timeout fires, and the Pix stays payable. */
const cancelOutage = new Set<string>();
/** The provider as the stack sees it, with cancels failing for the payments in `cancelOutage`. */
const withCancelOutage = (sim: LocalStack['payments']): PaymentGateway => ({
  charge: (r) => sim.charge(r),
  refund: (r) => sim.refund(r),
  findCharge: (o, k) => sim.findCharge(o, k),
  getPayment: (id) => sim.getPayment(id),
  listPayments: (since) => sim.listPayments(since),
  cancelPayment: async (id) => {
    if (cancelOutage.has(id)) throw new Error(`provider unavailable: cannot cancel ${id}`);
    return sim.cancelPayment(id);
  },
});

beforeAll(async () => {
  stack = await startLocalStack({
    catalog: STOCKED,
    port: 0,
    staffToken: 'staff',
    assistant: false,
    retryIntervalMs: 5,
    payment: { pixPaySeconds: 0, pixExpiryMinutes: 15 },
    payments: withCancelOutage,
  });
});
afterAll(() => stack?.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitForOrder(orderId: string, ok: (o: Order) => boolean, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const o = await stack.deps.orders.get(orderId);
    if (o && ok(o)) return o;
    if (Date.now() > deadline) throw new Error(`Order ${orderId}: never ${what} (${o?.status})`);
    await sleep(20);
  }
}
/** The Pix the order waits on, once the workflow stored the wait's token (so the webhook completes it). */
const pendingPix = (orderId: string) =>
  waitForOrder(
    orderId,
    (o) => o.status === 'AWAITING_PAYMENT' && o.awaitingPayment !== undefined && o.taskToken !== undefined,
    'awaited its Pix',
  );
const cancel = (o: { orderId: string; accessToken: string }) =>
  call(stack, 'POST', `/api/orders/${o.orderId}/cancel`, { token: o.accessToken });
/** The provider's webhook delivered (again): the payment read back and applied. */
async function webhook(paymentId: string) {
  const p = await stack.payments.getPayment(paymentId);
  if (p) await applyProviderPayment(stack.deps, p);
}

/** Which pass over KINDS order `n` belongs to. */
const round = (n: number) => Math.floor(n / KINDS.length);

let phones = 0;
const body = (payment: { method: string; token?: string }) =>
  orderBody({
    customer: { name: 'Bia Reis', phone: `+55219${String(80000000 + phones++).padStart(8, '0')}` },
    items: [{ sku: phones % 2 ? 'ACAI-300' : 'PIZZA-MARG', qty: 1 + (phones % 2) }],
    payment,
  });

/** Places one order of `kind` and drives it to its end; returns its id. */
async function run(kind: Kind, n: number): Promise<string> {
  const sim = stack.payments;
  if (kind === 'card-approved' || kind === 'card-declined' || kind === 'cash') {
    const payment =
      kind === 'cash'
        ? { method: 'cash' }
        : { method: 'card', token: kind === 'card-approved' ? 'tok_visa' : 'tok_chargeDeclined' };
    const o = await placeOrder(stack, body(payment));
    await waitForOrder(o.orderId, (x) => EXPECTED[kind].status.includes(x.status), EXPECTED[kind].status.join('|'));
    return o.orderId;
  }
  if (kind === 'same-key-twice') {
    // The client sent the same order twice at once (a double tap, a retry racing the first try).
    const headers = { 'idempotency-key': `run-${n}`, 'idempotency-secret': `secret-${n}-${'x'.repeat(32)}` };
    const b = body({ method: 'pix' });
    const [a, c] = await Promise.all([placeOrder(stack, b, headers), placeOrder(stack, b, headers)]);
    expect(c.orderId).toBe(a.orderId);
    const { awaitingPayment } = await pendingPix(a.orderId);
    await sim.pay(awaitingPayment!.chargeId);
    await waitForOrder(a.orderId, (x) => x.status === 'CONFIRMED', 'confirmed');
    return a.orderId;
  }

  const o = await placeOrder(stack, body({ method: 'pix' }));
  const waiting = await pendingPix(o.orderId);
  const pix = waiting.awaitingPayment!.chargeId;
  const ended = (statuses: string[], refunds = 0) =>
    waitForOrder(o.orderId, (x) => statuses.includes(x.status) && x.refunds.length === refunds, statuses.join('|'));
  switch (kind) {
    case 'pix-paid':
      await sim.pay(pix);
      await ended(['CONFIRMED']);
      break;
    case 'pix-paid-twice':
      // Two payers at once, then the webhook delivered twice more at once: the money is recorded once.
      await Promise.all([sim.pay(pix), sim.pay(pix)]);
      await Promise.all([webhook(pix), webhook(pix)]);
      await ended(['CONFIRMED']);
      break;
    case 'pix-expired': {
      // The provider expires the Pix (cancelled, detail expired); paying it later is refused by the provider.
      await applyProviderPayment(stack.deps, await sim.cancelPayment(pix));
      await ended(['PAYMENT_FAILED']);
      expect((await sim.pay(pix)).status).toBe('cancelled');
      break;
    }
    case 'pix-expiry-race': {
      // The expiry and the payment land at the same moment: whichever the provider took first wins. Every other
      // round sends the payment first, so both outcomes happen over the run.
      const [expired] =
        round(n) % 2
          ? (await Promise.all([sim.pay(pix), sim.cancelPayment(pix)])).reverse()
          : await Promise.all([sim.cancelPayment(pix), sim.pay(pix)]);
      await applyProviderPayment(stack.deps, expired);
      await ended(['CONFIRMED', 'PAYMENT_FAILED']);
      break;
    }
    case 'pix-paid-after-timeout': {
      // Our timeout fires while the provider cannot take the cancel: the order closes, the Pix stays payable, and
      // the customer pays it after all. The late payment is recorded and refunded.
      cancelOutage.add(pix);
      await stack.deps.workflow.failTask(waiting.taskToken!, 'States.Timeout', 'No payment in time');
      await ended(['REJECTED']);
      await sim.pay(pix);
      await ended(['REJECTED'], 1);
      break;
    }
    case 'pix-paid-after-cancel':
      expect((await cancel(o)).status).toBe(200);
      await ended(['CANCELLED']);
      // The cancel cancelled the Pix at the provider; a bank that sent the money anyway is refunded.
      await sim.pay(pix, { late: true });
      await ended(['CANCELLED'], 1);
      break;
    case 'pix-cancelled-after-paying': {
      await sim.pay(pix);
      await ended(['CONFIRMED']);
      // The customer taps cancel twice: refunded exactly once.
      const answers = await Promise.all([cancel(o), cancel(o)]);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      await ended(['CANCELLED'], 1);
      break;
    }
    case 'pix-pay-cancel-race':
      // The payment lands as the customer cancels; either way round, the money is refunded once.
      // `late`: the money lands even if the cancel reached the provider first (its bank had already sent it).
      await (round(n) % 2
        ? Promise.all([cancel(o), sim.pay(pix, { late: true })])
        : Promise.all([sim.pay(pix, { late: true }), cancel(o)]));
      await ended(['CANCELLED'], 1);
      break;
  }
  return o.orderId;
}

describe('payments reconcile after a run of mixed orders', () => {
  it(`finds no mismatch after ${ORDERS} orders with repeats and races, and the ledger invariant holds`, async () => {
    // Prepare
    const since = new Date(Date.now() - 1000);
    const kinds = Array.from({ length: ORDERS }, (_, i) => KINDS[i % KINDS.length]!);
    const placed: { kind: Kind; orderId: string }[] = [];

    // Act: at most PARALLEL orders in flight.
    let next = 0;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < kinds.length) {
          const n = next++;
          placed.push({ kind: kinds[n]!, orderId: await run(kinds[n]!, n) });
        }
      }),
    );
    const check = await settleAndCheck(stack, 30_000);
    const orders: Order[] = [];
    for await (const page of stack.deps.orders.listAll()) orders.push(...page);
    const payments = await stack.payments.listPayments(since);
    const { mismatches, rows } = reconcilePayments({ orders, payments, since });

    // Assess
    expect(placed).toHaveLength(ORDERS);
    expect(orders).toHaveLength(ORDERS);
    expect(check.unsettled).toEqual([]);
    expect(check.violations).toEqual([]);
    expect(mismatches).toEqual([]);
    expect(rows.length).toBe(payments.length);
    const byId = new Map(orders.map((o) => [o.orderId, o]));
    const paymentsOf = (orderId: string) => payments.filter((p) => p.orderId === orderId);
    const wrong = placed.flatMap(({ kind, orderId }) => {
      const o = byId.get(orderId)!;
      const want = EXPECTED[kind];
      const providerRefunds = paymentsOf(orderId).reduce((s, p) => s + p.refunds.length, 0);
      const ok =
        want.status.includes(o.status) &&
        want.charges.includes(o.charges.length) &&
        o.refunds.length === want.refunds &&
        providerRefunds === want.refunds;
      return ok
        ? []
        : [
            `${kind} ${orderId}: ${o.status}, ${o.charges.length} charge(s), ${o.refunds.length}/${providerRefunds} refund(s)`,
          ];
    });
    expect(wrong).toEqual([]);
    // The expiry race went both ways over the run (paid at the last moment, or expired), or it raced nothing.
    const raced = placed.filter((p) => p.kind === 'pix-expiry-race').map((p) => byId.get(p.orderId)!.status);
    expect(new Set(raced)).toEqual(new Set(['CONFIRMED', 'PAYMENT_FAILED']));
    // Nothing at the provider moved twice: every charge and refund it made is one the orders record.
    const recorded = orders.reduce((s, o) => ({ c: s.c + o.charges.length, r: s.r + o.refunds.length }), {
      c: 0,
      r: 0,
    });
    expect(stack.payments.counters).toEqual({ charges: recorded.c, refunds: recorded.r });
  }, 120_000);
});
