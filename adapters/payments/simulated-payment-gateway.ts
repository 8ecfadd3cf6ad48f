// A simulated card/Pix payment provider: card tokens follow Stripe's test tokens and settle at once; a Pix, or a card
// with no token, waits for the customer like a real one (a BR Code, a hosted checkout) until paid or cancelled. Its
// books (every charge and refund, by idempotency key) live in a PaymentRecordStore: in memory for unit tests, in the
// table on the local stack and AWS.
import { randomBytes } from 'node:crypto';
import type { PaymentInstructions, ProviderPayment, ProviderPaymentStatus } from '../../core/payment-instructions.ts';
import type {
  ChargeRequest,
  ChargeResult,
  PaymentBook,
  PaymentGateway,
  PaymentRecord,
  PaymentRecordStore,
  RefundRequest,
} from '../../core/ports.ts';
import type { PixCodeInput } from './pix-code.ts';

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
  async settlePending(
    idempotencyKey: string,
    from: ProviderPaymentStatus,
    to: Pick<PaymentRecord, 'status' | 'approved' | 'statusDetail'>,
  ): Promise<{ record: PaymentRecord; moved: boolean }> {
    const record = this.records.get(idempotencyKey);
    if (!record) throw new Error(`No payment record ${idempotencyKey}`);
    if (record.status !== from) return { record, moved: false };
    const moved = { ...record, ...to };
    this.records.set(idempotencyKey, moved);
    return { record: moved, moved: true };
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

/**
 * Builds a Pix's code and QR (pix-code.ts makePixCode). Injected rather than imported: only the runtimes that create
 * charges (the order tasks, the local stack) pay for the QR library in their bundle; the chat workers stay small.
 */
export type PixCodeMaker = (input: PixCodeInput) => Promise<{ copyPaste: string; qrPngBase64: string }>;

export interface SimulatedGatewayOptions {
  /** Needed to create a Pix; a runtime without it refuses Pix charges (it never creates charges). */
  pixCode?: PixCodeMaker;
  /** The hosted checkout of a card with no token: the local stack's /dev/checkout page. */
  checkoutUrl?: (chargeId: string) => string;
  /** Whom the Pix codes pay. */
  pixReceiver?: { key: string; name: string; city: string };
  /** Pays each pending payment by itself after this long (SIMULATED_PIX_PAY_SECONDS); 0 or absent: only when asked. */
  autoPayMs?: number;
}

const DEMO_RECEIVER = { key: 'pix@delivery-assistant.dev', name: 'Delivery Assistant Demo', city: 'Rio de Janeiro' };

/**
 * A pending charge's id carries its order (`pix_<orderId>_<random>`), so a payment named by id alone (a webhook, the
 * pay command) is found through the books' per-order index rather than a scan of every record.
 */
const pendingId = (method: 'card' | 'pix', orderId: string) =>
  `${method === 'pix' ? 'pix' : 'co'}_${orderId}_${rand()}`;
const orderOfPaymentId = (paymentId: string) => /^(?:pix|co)_([^_]+)_[0-9a-f]+$/.exec(paymentId)?.[1];
const rand = () => randomBytes(6).toString('hex');

export class SimulatedPaymentGateway implements PaymentGateway, PaymentBook {
  /** Operations this process stored (not replays), so tests and benchmarks can prove nothing moved twice. */
  readonly counters = { charges: 0, refunds: 0 };
  private readonly listeners: ((paymentId: string) => Promise<void> | void)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  constructor(
    private readonly store: PaymentRecordStore = new InMemoryPaymentRecordStore(),
    private readonly opts: SimulatedGatewayOptions = {},
  ) {}

  /** Called with the payment id whenever a pending payment is paid: the simulated provider's webhook. */
  onPaymentChanged(listener: (paymentId: string) => Promise<void> | void): void {
    this.listeners.push(listener);
  }

  async charge(req: ChargeRequest): Promise<ChargeResult> {
    const key = `charge:${req.idempotencyKey}`;
    const wanted = { kind: 'charge', orderId: req.orderId, amount: req.amount } as const;
    const earlier = await this.store.get(key);
    if (earlier) return replayCharge(earlier, wanted);
    if (req.method === 'pix' || !req.token) return this.createPending(req, key);
    const declineCode = DECLINES[req.token] ?? (APPROVED_TOKENS.has(req.token) ? undefined : 'invalid_token');
    const record: PaymentRecord = {
      idempotencyKey: key,
      ...wanted,
      method: req.method,
      approved: declineCode === undefined,
      status: declineCode === undefined ? 'approved' : 'declined',
      at: new Date().toISOString(),
      ...(declineCode === undefined ? { chargeId: newId('ch') } : { declineCode }),
    };
    const { record: kept, stored } = await this.store.putIfAbsent(record);
    if (stored && kept.approved) this.counters.charges++;
    return replayCharge(kept, wanted);
  }

  /** A Pix (a BR Code with its QR) or a hosted card checkout, waiting for the customer. */
  private async createPending(req: ChargeRequest, key: string): Promise<ChargeResult> {
    const chargeId = pendingId(req.method, req.orderId);
    const expiresAt = req.expiresAt ?? new Date(Date.now() + 15 * 60_000).toISOString();
    let instructions: PaymentInstructions;
    if (req.method === 'pix') {
      const receiver = this.opts.pixReceiver ?? DEMO_RECEIVER;
      if (!this.opts.pixCode)
        throw new Error('This runtime was built without a Pix code maker: it cannot create a Pix');
      const code = await this.opts.pixCode({
        key: receiver.key,
        merchantName: receiver.name,
        merchantCity: receiver.city,
        amount: req.amount,
        txid: req.orderId.replace(/[^A-Za-z0-9]/g, '').slice(0, 25),
      });
      instructions = { pix: { ...code, expiresAt }, expiresAt };
    } else {
      const url = this.opts.checkoutUrl?.(chargeId) ?? `https://checkout.invalid/${chargeId}`;
      instructions = { checkoutUrl: url, expiresAt };
    }
    const { record: kept, stored } = await this.store.putIfAbsent({
      idempotencyKey: key,
      kind: 'charge',
      orderId: req.orderId,
      amount: req.amount,
      method: req.method,
      approved: false,
      status: 'pending',
      chargeId,
      instructions,
      at: new Date().toISOString(),
    });
    if (stored && this.opts.autoPayMs) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.pay(chargeId).catch(() => {});
      }, this.opts.autoPayMs);
      timer.unref();
      this.timers.add(timer);
    }
    return replayCharge(kept, { kind: 'charge', orderId: req.orderId, amount: req.amount });
  }

  /**
   * The customer paid a pending payment (the pay command, the dev route, the auto-pay timer); the webhook follows.
   * `late`: the money lands even though the payment was cancelled (a bank that sent it just as the Pix expired), which
   * real providers do report; the order then refunds it.
   */
  async pay(paymentId: string, opts: { late?: boolean } = {}): Promise<ProviderPayment> {
    const record = await this.recordOf(paymentId);
    if (!record) throw new UnknownPayment(paymentId);
    const from = opts.late && record.status === 'cancelled' ? 'cancelled' : 'pending';
    const { record: after, moved } = await this.store.settlePending(record.idempotencyKey, from, {
      status: 'approved',
      approved: true,
      statusDetail: 'accredited',
    });
    if (moved) {
      this.counters.charges++;
      for (const listener of this.listeners) this.deliver(listener, paymentId, 0);
    }
    return this.view(after, await this.store.listByOrder(after.orderId));
  }

  /**
   * Like a real provider's webhook, delivery is retried when the receiver fails (the payment may land before the order
   * recorded which payment it waits on), with a growing pause, for about half a minute. It never blocks the payer.
   */
  private deliver(listener: (paymentId: string) => Promise<void> | void, paymentId: string, attempt: number): void {
    void Promise.resolve()
      .then(() => listener(paymentId))
      .catch(() => {
        if (attempt >= 8) return;
        const timer = setTimeout(
          () => {
            this.timers.delete(timer);
            this.deliver(listener, paymentId, attempt + 1);
          },
          50 * 2 ** attempt,
        );
        timer.unref();
        this.timers.add(timer);
      });
  }

  async cancelPayment(paymentId: string): Promise<ProviderPayment> {
    const record = await this.recordOf(paymentId);
    if (!record) throw new UnknownPayment(paymentId);
    const { record: after } = await this.store.settlePending(record.idempotencyKey, 'pending', {
      status: 'cancelled',
      approved: false,
      statusDetail: 'expired',
    });
    return this.view(after, await this.store.listByOrder(after.orderId));
  }

  /**
   * The provider lets a pending Pix expire on its own (status cancelled, detail expired) and tells us by webhook, as a
   * real provider does; cancelPayment is our own call, whose caller applies the answer itself.
   */
  async expire(paymentId: string): Promise<ProviderPayment> {
    const record = await this.recordOf(paymentId);
    if (!record) throw new UnknownPayment(paymentId);
    const { record: after, moved } = await this.store.settlePending(record.idempotencyKey, 'pending', {
      status: 'cancelled',
      approved: false,
      statusDetail: 'expired',
    });
    if (moved) for (const listener of this.listeners) this.deliver(listener, paymentId, 0);
    return this.view(after, await this.store.listByOrder(after.orderId));
  }

  async getPayment(paymentId: string): Promise<ProviderPayment | undefined> {
    const record = await this.recordOf(paymentId);
    return record && this.view(record, await this.store.listByOrder(record.orderId));
  }

  async listPayments(since: Date): Promise<ProviderPayment[]> {
    const records = await this.store.listRecords();
    return records
      .filter((r) => r.kind === 'charge' && r.chargeId && Date.parse(r.at) >= since.getTime())
      .map((r) => this.view(r, records));
  }

  private async recordOf(paymentId: string): Promise<PaymentRecord | undefined> {
    const isIt = (r: PaymentRecord) => r.kind === 'charge' && r.chargeId === paymentId;
    const orderId = orderOfPaymentId(paymentId);
    // A card token's charge id names no order: a scan finds it (rare: only pending payments are looked up by id).
    return orderId ? (await this.store.listByOrder(orderId)).find(isIt) : (await this.store.listRecords()).find(isIt);
  }

  private view(charge: PaymentRecord, books: PaymentRecord[]): ProviderPayment {
    const refunds = books
      .filter((r) => r.kind === 'refund' && r.chargeId === charge.chargeId)
      .map((r) => ({ refundId: r.refundId!, amount: r.amount, at: r.at }));
    return {
      paymentId: charge.chargeId!,
      orderId: charge.orderId,
      method: charge.method ?? (charge.chargeId!.startsWith('pix') ? 'pix' : 'card'),
      amount: charge.amount,
      status: statusOf(charge),
      ...(charge.statusDetail ? { statusDetail: charge.statusDetail } : {}),
      refunded: refunds.reduce((s, r) => s + r.amount, 0),
      refunds,
      createdAt: charge.at,
    };
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
    return resultOf(record);
  }

  listRecords(): Promise<PaymentRecord[]> {
    return this.store.listRecords();
  }

  /** Stops the auto-pay timers (the local stack shutting down). */
  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

/** The pay command or the dev route named a payment the provider never made. */
export class UnknownPayment extends Error {
  constructor(paymentId: string) {
    super(`No payment ${paymentId}`);
    this.name = 'UnknownPayment';
  }
}

/** Records written before payments could wait have no status: approved or declined, from `approved`. */
const statusOf = (r: PaymentRecord): ProviderPaymentStatus => r.status ?? (r.approved ? 'approved' : 'declined');

function resultOf(record: PaymentRecord): ChargeResult {
  switch (statusOf(record)) {
    case 'approved':
      return { status: 'approved', chargeId: record.chargeId! };
    case 'pending':
      return { status: 'pending', chargeId: record.chargeId!, ...record.instructions! };
    case 'cancelled':
      return { status: 'declined', declineCode: record.statusDetail ?? 'cancelled' };
    default:
      return { status: 'declined', declineCode: record.declineCode ?? 'declined' };
  }
}

function replayCharge(record: PaymentRecord, wanted: Pick<PaymentRecord, 'kind' | 'orderId' | 'amount'>): ChargeResult {
  assertSameRequest(record, { ...wanted, chargeId: undefined });
  return resultOf(record);
}
