// The local stack keeps orders across restarts (dynalite on disk) and resumes the workflows that were in flight.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../../../apps/local/local-stack.ts';
import { call, orderBody, placeOrder, waitForAwaitingStaff, waitForStatus } from '../../support/api-client.ts';
import { DEMO_PACKAGE } from '../../support/demo-store.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'da-restart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('local stack restart', () => {
  it('lets staff advance an order that was waiting when the stack stopped, without reseeding the catalog', async () => {
    const first = await startLocalStack({ catalog: DEMO_PACKAGE, port: 0, dataDir, staffToken: 'staff' });
    const placed = await placeOrder(first, orderBody({ items: [{ sku: 'ACAI-300', qty: 1 }] }));
    await waitForStatus(first, placed.orderId, placed.accessToken, 'CONFIRMED');
    await waitForAwaitingStaff(first, placed.orderId);
    await first.stop();

    const lines: string[] = [];
    const second = await startLocalStack({
      catalog: DEMO_PACKAGE,
      port: 0,
      dataDir,
      staffToken: 'staff',
      print: (l) => lines.push(l),
    });
    try {
      expect(second.seeded).toBe(false);
      expect(lines.some((l) => l.includes('resumed 1 order'))).toBe(true);
      await waitForAwaitingStaff(second, placed.orderId);
      const res = await call(second, 'POST', `/api/orders/${placed.orderId}/advance`, { token: 'staff' });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('PREPARING');
      expect(res.body.history.map((h: { status: string }) => h.status)).toEqual(['RECEIVED', 'CONFIRMED', 'PREPARING']);
    } finally {
      await second.stop();
    }
  });

  it('resumes waiting for the payment of a Pix that was pending when the stack stopped, and confirms it once paid', async () => {
    // Prepare: a Pix left waiting (nobody pays on their own), then the stack stops
    const payment = { pixPaySeconds: 0, pixExpiryMinutes: 15 };
    const first = await startLocalStack({ catalog: DEMO_PACKAGE, port: 0, dataDir, staffToken: 'staff', payment });
    const placed = await placeOrder(
      first,
      orderBody({ items: [{ sku: 'GUARANA-350', qty: 1 }], payment: { method: 'pix' } }),
    );
    await waitForStatus(first, placed.orderId, placed.accessToken, 'AWAITING_PAYMENT');
    const chargeId = (await first.deps.orders.get(placed.orderId))!.awaitingPayment!.chargeId;
    await first.stop();

    // Act: the next start resumes the wait; the customer pays the same Pix
    const second = await startLocalStack({ catalog: DEMO_PACKAGE, port: 0, dataDir, staffToken: 'staff', payment });
    try {
      for (let i = 0; i < 250 && !(await second.deps.orders.get(placed.orderId))?.taskToken; i++)
        await new Promise((r) => setTimeout(r, 20));
      await second.payments.pay(chargeId);
      const confirmed = await waitForStatus(second, placed.orderId, placed.accessToken, 'CONFIRMED');

      // Assess
      expect(confirmed.history.map((h: { status: string }) => h.status)).toEqual([
        'RECEIVED',
        'AWAITING_PAYMENT',
        'CONFIRMED',
      ]);
      expect((await second.deps.orders.get(placed.orderId))!.charges).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });
});
