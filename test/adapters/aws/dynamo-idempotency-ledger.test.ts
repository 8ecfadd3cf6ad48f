// DynamoIdempotencyLedger on dynalite: the first value wins, even under concurrent retries, and replays compute nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoIdempotencyLedger } from '../../../adapters/aws/dynamo-idempotency-ledger.ts';
import { SimulatedPaymentGateway } from '../../../adapters/payments/simulated-payment-gateway.ts';
import { freshTable } from '../../support/dynalite-table.ts';

let db: Awaited<ReturnType<typeof freshTable>>;
let ledger: DynamoIdempotencyLedger;

beforeAll(async () => {
  db = await freshTable();
  ledger = new DynamoIdempotencyLedger(db.client, db.tableName);
});
afterAll(async () => { await db.close(); });

describe('DynamoIdempotencyLedger', () => {
  it('returns the first remembered value to every later call with the key', async () => {
    // Act
    const first = await ledger.remember('k-seq', () => ({ n: 1 }));
    const second = await ledger.remember('k-seq', () => ({ n: 2 }));

    // Assess
    expect([first, second]).toEqual([{ n: 1 }, { n: 1 }]);
  });

  it('gives 10 concurrent callers one and the same value', async () => {
    // Act
    const values = await Promise.all(Array.from({ length: 10 }, (_, i) => ledger.remember('k-race', () => `v${i}`)));

    // Assess
    expect(new Set(values).size).toBe(1);
  });

  // Regression: remember() once computed before its conditional put, so a replay ran compute() (and counted a charge) again.
  it('does not run compute again for a replayed key (the gateway counts one charge)', async () => {
    // Prepare
    const gateway = new SimulatedPaymentGateway(ledger);
    const charge = () => gateway.charge({ amount: 1000, currency: 'BRL', method: 'pix', idempotencyKey: 'order-1:charge', description: 'test' });

    // Act
    const [a, b] = [await charge(), await charge()];

    // Assess
    expect(b).toEqual(a);
    expect(gateway.counters.charges).toBe(1);
  });
});
