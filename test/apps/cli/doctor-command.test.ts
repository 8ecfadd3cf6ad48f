// `delivery-assistant doctor` on a real local data folder: 0 and a summary when the books balance, 1 and one line per
// violation when they do not, and a clear refusal while the stack still runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DynamoOrderRepository, documentClient } from '../../../adapters/aws/dynamo-order-repository.ts';
import { paymentKey, paymentsByOrderKey } from '../../../adapters/aws/table-design.ts';
import { startLocalDynamo } from '../../../adapters/local/local-dynamodb.ts';
import { doctorCommand } from '../../../apps/cli/doctor-command.ts';
import { LOCAL_TABLE, startLocalStack } from '../../../apps/local/local-stack.ts';
import { makeOrder } from '../../core/order-fixture.ts';
import { call, orderBody, placeOrder, waitForAwaitingStaff, waitForStatus } from '../../support/api-client.ts';
import { DEMO_PACKAGE } from '../../support/demo-store.ts';
import { freshTable } from '../../support/dynalite-table.ts';
import { startFakeCloudFormation } from '../../support/fake-cloudformation.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'da-doctor-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function doctor(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await doctorCommand(
    ['--data-dir', dataDir, ...args],
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out, err };
}

describe('doctor', () => {
  it('exits 0 with a one-line summary when every order agrees with the books, and refuses while the stack runs', async () => {
    const stack = await startLocalStack({ catalog: DEMO_PACKAGE, port: 0, dataDir, staffToken: 's', assistant: false });
    const paid = await placeOrder(stack, orderBody({ items: [{ sku: 'ACAI-300', qty: 1 }] }));
    const cancelled = await placeOrder(
      stack,
      orderBody({ items: [{ sku: 'PIZZA-MARG', qty: 1 }], payment: { method: 'pix' } }),
    );
    await waitForStatus(stack, paid.orderId, paid.accessToken, 'CONFIRMED');
    await waitForStatus(stack, cancelled.orderId, cancelled.accessToken, 'CONFIRMED');
    await waitForAwaitingStaff(stack, cancelled.orderId);
    await call(stack, 'POST', `/api/orders/${cancelled.orderId}/cancel`, { token: cancelled.accessToken });
    const running = await doctor();
    await stack.stop();

    const stopped = await doctor();

    expect(running.code).toBe(2);
    expect(running.err.join('\n')).toMatch(/Is the local stack still running\? Stop it first/);
    expect(stopped).toEqual({
      code: 0,
      out: [expect.stringMatching(/^✓ the books balance: 2 orders, 3 payment operations, 1 stock holds in /)],
      err: [],
    });
  });

  it('exits 1 and names each violation: money the provider moved that no order records', async () => {
    const dynamo = await startLocalDynamo({ path: join(dataDir, 'dynamodb') });
    let orderId = '';
    for await (const page of new DynamoOrderRepository(dynamo.client, LOCAL_TABLE).listAll())
      orderId ||= page[0]!.orderId;
    await documentClient(dynamo.client).send(
      new PutCommand({
        TableName: LOCAL_TABLE,
        Item: {
          ...paymentKey('refund:stray'),
          gsi1pk: paymentsByOrderKey(orderId),
          gsi1sk: 'x',
          idempotencyKey: 'refund:stray',
          kind: 'refund',
          orderId,
          amount: 302,
          approved: true,
          refundId: 're_x',
          chargeId: 'ch_x',
          at: new Date().toISOString(),
        },
      }),
    );
    await dynamo.close();

    const { code, out } = await doctor();

    expect(code).toBe(1);
    expect(out).toContainEqual(
      expect.stringMatching(
        new RegExp(`^✗ MONEY_NOT_ON_ORDER order ${orderId}: the provider has a refund of R\\$3\\.02 \\(key stray\\)`),
      ),
    );
    expect(out).toContainEqual(expect.stringMatching(new RegExp(`^✗ NET_DIFFERS order ${orderId}`)));
    expect(out.at(-1)).toMatch(/^2 violation\(s\) in 2 orders, 4 payment operations/);
  });

  it("checks a deployed stack's table (--stack NAME), found through its TableName output", async () => {
    // Prepare: a "deployed" table on dynalite holding an order that claims a charge the provider never made.
    const db = await freshTable();
    const cfn = await startFakeCloudFormation({ 'delivery-prod': { TableName: db.tableName, ApiUrl: 'https://x' } });
    const orders = new DynamoOrderRepository(db.client, db.tableName);
    await orders.create(
      makeOrder({
        orderId: 'P4ID77',
        status: 'CONFIRMED',
        charges: [{ chargeId: 'ch_ghost', amount: 5073, idempotencyKey: 'P4ID77:charge:5073', reason: 'order' }],
      }),
    );
    vi.stubEnv('AWS_ENDPOINT_URL_CLOUDFORMATION', cfn.url);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', db.endpoint);
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    try {
      // Act
      const out: string[] = [];
      const code = await doctorCommand(
        ['--stack', 'delivery-prod'],
        (l) => out.push(l),
        (l) => out.push(l),
      );
      const missing = await doctorCommand(
        ['--stack', 'nope'],
        () => {},
        (l) => out.push(l),
      );

      // Assess
      expect(code).toBe(1);
      expect(out).toContainEqual(
        expect.stringMatching(/^✗ CHARGE_NOT_IN_BOOKS order P4ID77: charge ch_ghost of R\$50\.73/),
      );
      expect(out).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `violation\\(s\\) in 1 orders, 0 payment operations, 0 stock holds in stack delivery-prod \\(table ${db.tableName}\\)$`,
          ),
        ),
      );
      expect(missing).toBe(2);
      expect(out.at(-1)).toMatch(/^doctor: Stack with id nope does not exist/);
      expect(cfn.calls).toEqual(['DescribeStacks', 'DescribeStacks']);
    } finally {
      vi.unstubAllEnvs();
      await cfn.close();
      await db.close();
    }
  });

  it('says where it looked when there is no local data, and exits 2 on a wrong argument', async () => {
    expect(
      await doctorCommand(
        ['--data-dir', join(dataDir, 'nope')],
        () => {},
        () => {},
      ),
    ).toBe(2);
    expect(
      await doctorCommand(
        ['--frobnicate'],
        () => {},
        () => {},
      ),
    ).toBe(2);
  });
});
