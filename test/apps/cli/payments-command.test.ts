// `delivery-assistant payments reconcile` through main() on a real local data folder: 0 and a summary when every
// payment agrees with its order, 1 and one line per mismatch when not, 2 on a wrong --since or an unreachable provider.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { DynamoPaymentRecordStore } from '../../../adapters/aws/dynamo-payment-records.ts';
import { startLocalDynamo } from '../../../adapters/local/local-dynamodb.ts';
import { main } from '../../../apps/cli/main.ts';
import { parseSince } from '../../../apps/cli/since-option.ts';
import { LOCAL_TABLE, startLocalStack } from '../../../apps/local/local-stack.ts';
import { orderBody, placeOrder, waitForStatus } from '../../support/api-client.ts';
import { DEMO_PACKAGE } from '../../support/demo-store.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'da-reconcile-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** Runs the CLI as `npx delivery-assistant ...` does, and collects what it printed. */
async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((l: string) => void out.push(l));
  vi.spyOn(console, 'error').mockImplementation((l: string) => void err.push(l));
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, out, err };
}
const reconcile = (...args: string[]) => cli('payments', 'reconcile', '--data-dir', dataDir, ...args);

describe('payments reconcile', () => {
  it('exits 0 with the payments next to their orders when the books balance, and refuses while the stack runs', async () => {
    // Prepare: a card order, a Pix order paid by the customer, and a cash order.
    const stack = await startLocalStack({
      catalog: DEMO_PACKAGE,
      port: 0,
      dataDir,
      staffToken: 's',
      assistant: false,
      payment: { pixPaySeconds: 0, pixExpiryMinutes: 15 },
    });
    const card = await placeOrder(stack, orderBody({ items: [{ sku: 'ACAI-300', qty: 1 }] }));
    const pix = await placeOrder(
      stack,
      orderBody({ items: [{ sku: 'PIZZA-MARG', qty: 1 }], payment: { method: 'pix' } }),
    );
    const cash = await placeOrder(
      stack,
      orderBody({ items: [{ sku: 'ACAI-300', qty: 1 }], payment: { method: 'cash' } }),
    );
    await waitForStatus(stack, pix.orderId, pix.accessToken, 'AWAITING_PAYMENT');
    const pixId = (await stack.deps.orders.get(pix.orderId))!.awaitingPayment!.chargeId;
    await stack.payments.pay(pixId);
    for (const o of [card, pix, cash]) await waitForStatus(stack, o.orderId, o.accessToken, 'CONFIRMED');
    const running = await reconcile();
    await stack.stop();

    // Act
    const day = await reconcile('--since', '24h');
    const isoDate = await reconcile('--since', '2026-12-01T00:00:00Z');
    const future = await reconcile('--since', '2999-01-01T00:00:00Z');

    // Assess
    expect(running.code).toBe(2);
    expect(running.err.join('\n')).toMatch(/Is the local stack still running\? Stop it first/);
    expect(day.code).toBe(0);
    expect(day.err).toEqual([]);
    expect(day.out[0]).toMatch(
      /^payment +order +provider +order status +amount +refunded +on order +refunded on order$/,
    );
    expect(day.out).toContainEqual(
      expect.stringMatching(
        new RegExp(`^${pixId} +${pix.orderId} +approved +CONFIRMED +R\\$[\\d.]+ +R\\$0\\.00 +R\\$`),
      ),
    );
    expect(day.out).toContainEqual(expect.stringMatching(new RegExp(`^ch_\\S+ +${card.orderId} +approved +CONFIRMED`)));
    expect(day.out.join('\n')).not.toContain(cash.orderId);
    expect(day.out.at(-1)).toMatch(/^✓ the books balance: 2 payment\(s\) since \S+ in .+ agree with their orders$/);
    expect(day.out).toHaveLength(4);
    expect(isoDate.code).toBe(0);
    expect(future).toEqual({
      code: 0,
      out: [expect.stringMatching(/^✓ the books balance: 0 payment\(s\) since 2999-01-01T00:00:00.000Z in /)],
      err: [],
    });
  });

  it('exits 1 and names each mismatch in plain words: a payment of no order', async () => {
    // Prepare: the provider's books gain an approved payment whose external reference is no order.
    const dynamo = await startLocalDynamo({ path: join(dataDir, 'dynamodb') });
    await new DynamoPaymentRecordStore(dynamo.client, LOCAL_TABLE).putIfAbsent({
      idempotencyKey: 'charge:stray',
      kind: 'charge',
      orderId: 'NOSUCH',
      amount: 4200,
      method: 'pix',
      approved: true,
      status: 'approved',
      chargeId: 'pix_NOSUCH_0a1b',
      at: new Date().toISOString(),
    });
    await dynamo.close();

    // Act
    const { code, out } = await reconcile('--since', '30m');
    const older = await reconcile('--since', '2h');

    // Assess
    expect(code).toBe(1);
    expect(out).toContainEqual(expect.stringMatching(/^pix_NOSUCH_0a1b +NOSUCH +approved +\(no order\) +R\$42\.00/));
    expect(out).toContainEqual(
      '✗ UNKNOWN_PAYMENT order NOSUCH payment pix_NOSUCH_0a1b: approved payment of R$42.00 names order NOSUCH, which does not exist',
    );
    expect(out.at(-1)).toMatch(/^1 mismatch\(es\) in 3 payment\(s\) since /);
    expect(older.code).toBe(1);
  });

  it('exits 2 on a --since it cannot read and on an unknown subcommand', async () => {
    const bad = await reconcile('--since', 'yesterday');
    const sub = await cli('payments', 'frobnicate');

    expect(bad.code).toBe(2);
    expect(bad.err[0]).toMatch(/--since yesterday is neither a duration \(30m, 2h, 24h, 7d\) nor an ISO date/);
    expect(sub.code).toBe(2);
  });

  it('reads --since as minutes, hours, days back from now, or an ISO instant', () => {
    const now = new Date('2026-12-06T12:00:00Z');

    expect(parseSince('30m', now)?.toISOString()).toBe('2026-12-06T11:30:00.000Z');
    expect(parseSince('2h', now)?.toISOString()).toBe('2026-12-06T10:00:00.000Z');
    expect(parseSince('24h', now)?.toISOString()).toBe('2026-12-05T12:00:00.000Z');
    expect(parseSince('7d', now)?.toISOString()).toBe('2026-11-29T12:00:00.000Z');
    expect(parseSince('2026-12-01T00:00:00Z', now)?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(parseSince('24', now)).toBeUndefined();
    expect(parseSince('2026-13-45', now)).toBeUndefined();
  });
});
