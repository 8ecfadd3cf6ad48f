// The simulated gateway: Stripe test tokens, and idempotency keys that never charge or refund twice, in memory and on dynalite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoIdempotencyLedger } from '../../../adapters/aws/dynamo-idempotency-ledger.ts';
import { InMemoryLedger, SimulatedPaymentGateway, type IdempotencyLedger } from '../../../adapters/payments/simulated-payment-gateway.ts';
import { freshTable } from '../../support/dynalite-table.ts';

let db: Awaited<ReturnType<typeof freshTable>>;
beforeAll(async () => { db = await freshTable(); });
afterAll(async () => { await db.close(); });

const charge = (gw: SimulatedPaymentGateway, method: 'card' | 'pix' | 'cash', token: string | undefined, key: string) =>
  gw.charge({ amount: 1000, currency: 'BRL', method, token, idempotencyKey: key, description: 'test' });

describe.each([
  ['in memory', () => new InMemoryLedger() as IdempotencyLedger],
  ['on dynalite', () => new DynamoIdempotencyLedger(db.client, db.tableName) as IdempotencyLedger],
])('SimulatedPaymentGateway (%s)', (_name, ledger) => {
  it('approves tok_visa, pix and cash, and declines tok_chargeDeclined and unknown tokens', async () => {
    const gw = new SimulatedPaymentGateway(ledger());
    expect(await charge(gw, 'card', 'tok_visa', `${_name}-1`)).toMatchObject({ approved: true, chargeId: expect.stringMatching(/^ch_/) });
    expect(await charge(gw, 'pix', undefined, `${_name}-2`)).toMatchObject({ approved: true });
    expect(await charge(gw, 'cash', undefined, `${_name}-3`)).toMatchObject({ approved: true });
    expect(await charge(gw, 'card', 'tok_chargeDeclined', `${_name}-4`)).toEqual({ approved: false, declineCode: 'card_declined' });
    expect(await charge(gw, 'card', 'tok_made_up', `${_name}-5`)).toEqual({ approved: false, declineCode: 'invalid_token' });
  });

  it('returns the first result for a repeated idempotency key, for charges and refunds', async () => {
    const gw = new SimulatedPaymentGateway(ledger());
    const [a, b] = [await charge(gw, 'card', 'tok_visa', `${_name}-k`), await charge(gw, 'card', 'tok_visa', `${_name}-k`)];
    expect(b).toEqual(a);
    const r1 = await gw.refund({ chargeId: 'ch_x', amount: 1000, idempotencyKey: `${_name}-r` });
    const r2 = await gw.refund({ chargeId: 'ch_x', amount: 1000, idempotencyKey: `${_name}-r` });
    expect(r2).toEqual(r1);
  });
});
