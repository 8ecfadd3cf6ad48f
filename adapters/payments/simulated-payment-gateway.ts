// A simulated payment gateway following Stripe's test tokens; every charge and refund is remembered by idempotency key.
import { randomBytes } from 'node:crypto';
import type { ChargeRequest, ChargeResult, PaymentGateway, RefundRequest } from '../../core/ports.ts';

/** Remembers the first value computed for a key and returns it for every later call with that key. */
export interface IdempotencyLedger {
  remember<T>(key: string, compute: () => T): Promise<T>;
}

export class InMemoryLedger implements IdempotencyLedger {
  private readonly entries = new Map<string, unknown>();
  async remember<T>(key: string, compute: () => T): Promise<T> {
    if (!this.entries.has(key)) this.entries.set(key, compute());
    return this.entries.get(key) as T;
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

export class SimulatedPaymentGateway implements PaymentGateway {
  /** Counts real (non-replayed) operations, so tests and benchmarks can prove nothing was charged twice. */
  readonly counters = { charges: 0, refunds: 0 };
  constructor(private readonly ledger: IdempotencyLedger = new InMemoryLedger()) {}

  charge(req: ChargeRequest): Promise<ChargeResult> {
    return this.ledger.remember<ChargeResult>(`charge:${req.idempotencyKey}`, () => {
      if (req.method === 'card') {
        const decline = DECLINES[req.token ?? ''];
        if (decline) return { approved: false, declineCode: decline };
        if (!APPROVED_TOKENS.has(req.token ?? '')) return { approved: false, declineCode: 'invalid_token' };
      }
      this.counters.charges++;
      return { approved: true, chargeId: newId(req.method === 'card' ? 'ch' : req.method) };
    });
  }

  refund(req: RefundRequest): Promise<{ refundId: string }> {
    return this.ledger.remember(`refund:${req.idempotencyKey}`, () => {
      this.counters.refunds++;
      return { refundId: newId('re') };
    });
  }
}
