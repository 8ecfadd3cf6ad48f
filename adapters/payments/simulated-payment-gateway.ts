// A simulated card/Pix payment provider following Stripe's test tokens; its books (every charge and refund, by
// idempotency key) live in a PaymentRecordStore: in memory for unit tests, in the table on the local stack and AWS.
import { randomBytes } from 'node:crypto';
import type {
  ChargeRequest,
  ChargeResult,
  PaymentBook,
  PaymentGateway,
  PaymentRecord,
  PaymentRecordStore,
  RefundRequest,
} from '../../core/ports.ts';

export class InMemoryPaymentRecordStore implements PaymentRecordStore {
  private readonly records = new Map<string, PaymentRecord>();
  async get(key: string): Promise<PaymentRecord | undefined> {
    return this.records.get(key);
  }
  async putIfAbsent(record: PaymentRecord): Promise<{ record: PaymentRecord; stored: boolean }> {
    const existing = this.records.get(record.idempotencyKey);
    if (existing) return { record: existing, stored: false };
    this.records.set(record.idempotencyKey, record);
    return { record, stored: true };
  }
  async listRecords(): Promise<PaymentRecord[]> {
    return [...this.records.values()];
  }
  async listByOrder(orderId: string): Promise<PaymentRecord[]> {
    return [...this.records.values()].filter((r) => r.orderId === orderId);
  }
}

/** Stripe test tokens: https://docs.stripe.com/testing — approved brands, and the decline family. */
const APPROVED_TOKENS = new Set(['tok_visa', 'tok_visa_debit', 'tok_mastercard', 'tok_amex', 'tok_elo', 'tok_br']);
const DECLINES: Record<string, string> = {
  tok_chargeDeclined: 'card_declined',
  tok_chargeDeclinedInsufficientFunds: 'insufficient_funds',
  tok_chargeDeclinedExpiredCard: 'expired_card',
  tok_chargeDeclinedIncorrectCvc: 'incorrect_cvc',
  tok_chargeDeclinedFraudulent: 'fraudulent',
};

const newId = (prefix: string) => `${prefix}_${randomBytes(9).toString('base64url')}`;

/**
 * A key sent again with other parameters is a caller bug that would silently move the wrong amount; real providers
 * refuse it too (Stripe answers 400 idempotency_error), so the simulation does.
 */
export class IdempotencyKeyMismatch extends Error {
  constructor(key: string, field: string) {
    super(`Idempotency key ${key} was first used with a different ${field}`);
    this.name = 'IdempotencyKeyMismatch';
  }
}

/** A refund the provider refuses: no such charge, or more than is left on it. */
export class RefundRefused extends Error {
  constructor(key: string, why: string) {
    super(`Refund ${key} refused: ${why}`);
    this.name = 'RefundRefused';
  }
}

function assertSameRequest(
  stored: PaymentRecord,
  wanted: Pick<PaymentRecord, 'kind' | 'orderId' | 'amount' | 'chargeId'>,
): void {
  for (const field of ['kind', 'orderId', 'amount'] as const) {
    if (stored[field] !== wanted[field]) throw new IdempotencyKeyMismatch(stored.idempotencyKey, field);
  }
  if (wanted.kind === 'refund' && stored.chargeId !== wanted.chargeId)
    throw new IdempotencyKeyMismatch(stored.idempotencyKey, 'chargeId');
}

export class SimulatedPaymentGateway implements PaymentGateway, PaymentBook {
  /** Operations this process stored (not replays), so tests and benchmarks can prove nothing moved twice. */
  readonly counters = { charges: 0, refunds: 0 };
  constructor(private readonly store: PaymentRecordStore = new InMemoryPaymentRecordStore()) {}

  async charge(req: ChargeRequest): Promise<ChargeResult> {
    const key = `charge:${req.idempotencyKey}`;
    const wanted = { kind: 'charge', orderId: req.orderId, amount: req.amount } as const;
    const earlier = await this.store.get(key);
    if (earlier) return replayCharge(earlier, wanted);
    const declineCode =
      req.method === 'card'
        ? (DECLINES[req.token ?? ''] ?? (APPROVED_TOKENS.has(req.token ?? '') ? undefined : 'invalid_token'))
        : undefined;
    const record: PaymentRecord = {
      idempotencyKey: key,
      ...wanted,
      approved: declineCode === undefined,
      at: new Date().toISOString(),
      ...(declineCode === undefined ? { chargeId: newId(req.method === 'card' ? 'ch' : req.method) } : { declineCode }),
    };
    const { record: kept, stored } = await this.store.putIfAbsent(record);
    if (stored && kept.approved) this.counters.charges++;
    return replayCharge(kept, wanted);
  }

  async refund(req: RefundRequest): Promise<{ refundId: string }> {
    const key = `refund:${req.idempotencyKey}`;
    const wanted = { kind: 'refund', orderId: req.orderId, amount: req.amount, chargeId: req.chargeId } as const;
    const books = await this.store.listByOrder(req.orderId);
    const earlier = books.find((r) => r.idempotencyKey === key) ?? (await this.store.get(key));
    if (earlier) {
      assertSameRequest(earlier, wanted);
      return { refundId: earlier.refundId! };
    }
    // Like a real provider, never give back more than the charge has left.
    const charge = books.find((r) => r.kind === 'charge' && r.approved && r.chargeId === req.chargeId);
    const refunded = books
      .filter((r) => r.kind === 'refund' && r.chargeId === req.chargeId)
      .reduce((s, r) => s + r.amount, 0);
    if (!charge)
      throw new RefundRefused(req.idempotencyKey, `no approved charge ${req.chargeId} on order ${req.orderId}`);
    if (refunded + req.amount > charge.amount)
      throw new RefundRefused(
        req.idempotencyKey,
        `${req.amount} is more than the ${charge.amount - refunded} left on ${req.chargeId}`,
      );
    // Two first-timers with this key: the conditional put keeps one, and the other answers with it.
    const { record: kept, stored } = await this.store.putIfAbsent({
      idempotencyKey: key,
      ...wanted,
      approved: true,
      refundId: newId('re'),
      at: new Date().toISOString(),
    });
    assertSameRequest(kept, wanted);
    if (stored) this.counters.refunds++;
    return { refundId: kept.refundId! };
  }

  async findCharge(orderId: string, idempotencyKey: string): Promise<ChargeResult | undefined> {
    const record = await this.store.get(`charge:${idempotencyKey}`);
    if (!record || record.orderId !== orderId) return undefined;
    return record.approved
      ? { approved: true, chargeId: record.chargeId! }
      : { approved: false, declineCode: record.declineCode! };
  }

  listRecords(): Promise<PaymentRecord[]> {
    return this.store.listRecords();
  }
}

function replayCharge(record: PaymentRecord, wanted: Pick<PaymentRecord, 'kind' | 'orderId' | 'amount'>): ChargeResult {
  assertSameRequest(record, { ...wanted, chargeId: undefined });
  return record.approved
    ? { approved: true, chargeId: record.chargeId! }
    : { approved: false, declineCode: record.declineCode! };
}
