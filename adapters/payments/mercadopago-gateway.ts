// Mercado Pago as the payment provider: Pix through POST /v1/payments, cards through Checkout Pro preferences, refunds,
// and its books (payments and refunds, keyed by our idempotency keys kept in `metadata`), over its REST API.
//
// Why fetch and not the official `mercadopago` SDK: the SDK's base URL is a static readonly constant
// (AppConfig.BASE_URL = 'https://api.mercadopago.com' in src/utils/config), with no option to point it at a stand-in,
// and it retries 5xx by itself with 1 s+ sleeps. The REST calls are few and plain JSON, so they are made here, with
// MERCADOPAGO_API_URL as the root, and a 429/5xx/network failure surfaces as core's TransientError for the workflow's
// Retry.
import { TransientError } from '../../core/errors.ts';
import {
  CHECKOUT_PLACEHOLDER_PREFIX,
  isCheckoutPlaceholder,
  type ProviderPayment,
  type ProviderPaymentStatus,
} from '../../core/payment-instructions.ts';
import type {
  ChargeRequest,
  ChargeResult,
  PaymentBook,
  PaymentGateway,
  PaymentRecord,
  RefundRequest,
} from '../../core/ports.ts';

export const MERCADOPAGO_DEFAULT_API_URL = 'https://api.mercadopago.com';
const PAGE = 100;
const DEFAULT_EXPIRY_MS = 15 * 60_000;

export interface MercadoPagoOptions {
  accessToken: string;
  /** MERCADOPAGO_API_URL: the API root (a loopback stand-in in tests). */
  apiUrl?: string;
  /** Where Mercado Pago sends its webhooks for these payments (else the URL set in the MP dashboard). */
  notificationUrl?: string;
  /** Checkout Pro's return pages, optional. */
  backUrls?: { success: string; failure: string; pending: string };
  timeoutMs?: number;
  /** Results per search page (Mercado Pago allows up to 1000; 100 keeps answers small). */
  pageSize?: number;
}

/** What Mercado Pago answers about a payment (the fields read here). */
export interface MpPayment {
  id: number | string;
  status: string;
  status_detail?: string;
  external_reference?: string;
  transaction_amount: number;
  payment_method_id?: string;
  date_created: string;
  metadata?: { idempotency_key?: string };
  refunds?: MpRefund[];
  point_of_interaction?: { transaction_data?: { qr_code?: string; qr_code_base64?: string } };
  date_of_expiration?: string;
}
export interface MpRefund {
  id: number | string;
  amount: number;
  date_created: string;
  metadata?: { idempotency_key?: string };
}
interface MpPreference {
  id: string;
  init_point: string;
  external_reference?: string;
  metadata?: { idempotency_key?: string };
  items?: { unit_price: number; quantity: number }[];
  expiration_date_to?: string;
  date_created?: string;
}
interface MpSearch {
  paging: { total: number; offset: number; limit: number };
  results: MpPayment[];
}

/** Mercado Pago refused a request for a reason retrying will not fix (a 4xx other than 429). */
export class MercadoPagoApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`Mercado Pago refused ${what}: ${status} ${body.slice(0, 300)}`);
    this.name = 'MercadoPagoApiError';
  }
}

/** Centavos to the reais Mercado Pago takes, through the decimal text, so 1999 is 19.99 and never 19.990000000000002. */
export const toReais = (centavos: number): number =>
  Number(`${Math.trunc(centavos / 100)}.${String(Math.abs(centavos % 100)).padStart(2, '0')}`);
export const toCentavos = (reais: number): number => Math.round(reais * 100);

/**
 * Mercado Pago's date format, `yyyy-MM-ddTHH:mm:ss.SSS-03:00`: the instant in Brasília time (UTC-3 all year since
 * Brazil dropped daylight saving in 2019).
 */
export function toMercadoPagoDate(iso: string): string {
  return new Date(Date.parse(iso) - 3 * 3600_000).toISOString().replace('Z', '-03:00');
}

/**
 * Mercado Pago requires a payer e-mail on a Pix; a Telegram customer often gave none. A made-up address on the
 * reserved example.com domain names the order without sending anyone's mail to a stranger.
 */
export const payerEmailOf = (req: ChargeRequest): string =>
  req.payer?.email ?? `cliente+${req.orderId.replace(/[^A-Za-z0-9-]/g, '')}@example.com`;

function statusOf(mp: string): ProviderPaymentStatus {
  switch (mp) {
    case 'approved':
    case 'refunded':
    case 'charged_back':
      return 'approved';
    case 'rejected':
      return 'declined';
    case 'cancelled':
      return 'cancelled';
    default:
      // pending, in_process, authorized, in_mediation: nothing settled yet.
      return 'pending';
  }
}

export class MercadoPagoGateway implements PaymentGateway, PaymentBook {
  private readonly root: string;
  constructor(private readonly opts: MercadoPagoOptions) {
    this.root = (opts.apiUrl ?? MERCADOPAGO_DEFAULT_API_URL).replace(/\/+$/, '');
  }

  /** One REST call. GET's 404 is undefined; 429, 5xx and network failures are TransientError. */
  private async call<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<T | undefined> {
    const what = `${method} ${path.split('?')[0]}`;
    let res: Response;
    try {
      res = await fetch(`${this.root}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.opts.accessToken}`,
          'content-type': 'application/json',
          ...(idempotencyKey ? { 'x-idempotency-key': idempotencyKey } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new TransientError(`Mercado Pago unreachable (${what})`, { cause: err });
    }
    const text = await res.text();
    if (res.status === 429 || res.status >= 500)
      throw new TransientError(`Mercado Pago answered ${res.status} to ${what}`);
    if (res.status === 404 && method === 'GET') return undefined;
    if (!res.ok) throw new MercadoPagoApiError(res.status, text, what);
    return (text ? JSON.parse(text) : {}) as T;
  }

  async charge(req: ChargeRequest): Promise<ChargeResult> {
    const expiresAt = req.expiresAt ?? new Date(Date.now() + DEFAULT_EXPIRY_MS).toISOString();
    const metadata = { idempotency_key: req.idempotencyKey, order_id: req.orderId };
    if (req.method === 'pix') {
      const payment = await this.call<MpPayment>(
        'POST',
        '/v1/payments',
        {
          transaction_amount: toReais(req.amount),
          description: req.description,
          payment_method_id: 'pix',
          external_reference: req.orderId,
          date_of_expiration: toMercadoPagoDate(expiresAt),
          payer: { email: payerEmailOf(req), ...(req.payer?.name ? { first_name: req.payer.name } : {}) },
          metadata,
          ...(this.opts.notificationUrl ? { notification_url: this.opts.notificationUrl } : {}),
        },
        req.idempotencyKey,
      );
      return resultOf(payment!, expiresAt);
    }
    // Cards always go to the hosted checkout: card data never touches our servers, so there is no token to send.
    const pref = await this.call<MpPreference>(
      'POST',
      '/checkout/preferences',
      {
        items: [
          {
            id: req.orderId,
            title: req.description,
            quantity: 1,
            unit_price: toReais(req.amount),
            currency_id: req.currency,
          },
        ],
        external_reference: req.orderId,
        metadata,
        payer: { email: payerEmailOf(req) },
        expires: true,
        expiration_date_to: toMercadoPagoDate(expiresAt),
        ...(this.opts.backUrls ? { back_urls: this.opts.backUrls, auto_return: 'approved' } : {}),
        ...(this.opts.notificationUrl ? { notification_url: this.opts.notificationUrl } : {}),
      },
      req.idempotencyKey,
    );
    return {
      status: 'pending',
      chargeId: `${CHECKOUT_PLACEHOLDER_PREFIX}${pref!.id}`,
      checkoutUrl: pref!.init_point,
      expiresAt,
    };
  }

  async refund(req: RefundRequest): Promise<{ refundId: string }> {
    const refund = await this.call<MpRefund>(
      'POST',
      `/v1/payments/${encodeURIComponent(req.chargeId)}/refunds`,
      { amount: toReais(req.amount), metadata: { idempotency_key: req.idempotencyKey } },
      req.idempotencyKey,
    );
    return { refundId: String(refund!.id) };
  }

  /** A payment of the order made under this key (our key is in its metadata); a bare preference moved no money. */
  async findCharge(orderId: string, idempotencyKey: string): Promise<ChargeResult | undefined> {
    const found = (await this.paymentsOfOrder(orderId)).filter((p) => p.metadata?.idempotency_key === idempotencyKey);
    const best = found.find((p) => statusOf(p.status) === 'approved') ?? found.at(-1);
    return best && resultOf(best);
  }

  async getPayment(paymentId: string): Promise<ProviderPayment | undefined> {
    if (isCheckoutPlaceholder(paymentId)) return this.checkoutPayment(paymentId);
    const p = await this.call<MpPayment>('GET', `/v1/payments/${encodeURIComponent(paymentId)}`);
    return p && toProviderPayment(p);
  }

  async cancelPayment(paymentId: string): Promise<ProviderPayment> {
    if (isCheckoutPlaceholder(paymentId)) {
      const now = await this.checkoutPayment(paymentId);
      if (!now) throw new MercadoPagoApiError(404, '', `preference ${paymentId}`);
      if (now.paymentId !== paymentId) return now.status === 'pending' ? this.cancelPayment(now.paymentId) : now;
      // No payment yet: the preference stops taking one, and the wait ends as expired.
      await this.call('PUT', `/checkout/preferences/${encodeURIComponent(prefIdOf(paymentId))}`, {
        expiration_date_to: toMercadoPagoDate(new Date().toISOString()),
      });
      return { ...now, status: 'cancelled', statusDetail: 'expired' };
    }
    try {
      await this.call('PUT', `/v1/payments/${encodeURIComponent(paymentId)}`, { status: 'cancelled' });
    } catch (err) {
      // Already approved (or cancelled) a moment before: Mercado Pago refuses, and the payment read back says which.
      if (!(err instanceof MercadoPagoApiError)) throw err;
    }
    const after = await this.getPayment(paymentId);
    if (!after) throw new MercadoPagoApiError(404, '', `payment ${paymentId}`);
    return after;
  }

  async listPayments(since: Date): Promise<ProviderPayment[]> {
    const range = `range=date_created&begin_date=${encodeURIComponent(since.toISOString())}&end_date=NOW`;
    return (await this.search(range)).map(toProviderPayment);
  }

  /** Every payment and refund, keyed `charge:<our key>` / `refund:<our key>` as the ledger invariant reads them. */
  async listRecords(): Promise<PaymentRecord[]> {
    return (await this.search('')).flatMap(recordsOf);
  }

  /**
   * A preference stands for the payment made through it: the order's approved payment if there is one, else its
   * latest, else (nobody paid yet) the preference itself, pending.
   */
  private async checkoutPayment(placeholder: string): Promise<ProviderPayment | undefined> {
    const pref = await this.call<MpPreference>(
      'GET',
      `/checkout/preferences/${encodeURIComponent(prefIdOf(placeholder))}`,
    );
    if (!pref?.external_reference) return undefined;
    const key = pref.metadata?.idempotency_key;
    const made = (await this.paymentsOfOrder(pref.external_reference)).filter(
      (p) => !key || p.metadata?.idempotency_key === key,
    );
    const best = made.find((p) => statusOf(p.status) === 'approved') ?? made.at(-1);
    if (best) return toProviderPayment(best);
    const amount = (pref.items ?? []).reduce((s, i) => s + toCentavos(i.unit_price) * i.quantity, 0);
    return {
      paymentId: placeholder,
      orderId: pref.external_reference,
      method: 'card',
      amount,
      status: 'pending',
      refunded: 0,
      refunds: [],
      createdAt: pref.date_created ?? new Date().toISOString(),
    };
  }

  private paymentsOfOrder(orderId: string): Promise<MpPayment[]> {
    return this.search(`external_reference=${encodeURIComponent(orderId)}`);
  }

  /** /v1/payments/search, every page, oldest first. */
  private async search(filter: string): Promise<MpPayment[]> {
    const out: MpPayment[] = [];
    const size = this.opts.pageSize ?? PAGE;
    for (let offset = 0; ; offset += size) {
      const q = `${filter ? `${filter}&` : ''}sort=date_created&criteria=asc&limit=${size}&offset=${offset}`;
      const page = await this.call<MpSearch>('GET', `/v1/payments/search?${q}`);
      const results = page?.results ?? [];
      out.push(...results);
      if (results.length < size || offset + size >= (page?.paging.total ?? 0)) return out;
    }
  }
}

const prefIdOf = (placeholder: string) => placeholder.slice(CHECKOUT_PLACEHOLDER_PREFIX.length);

export function toProviderPayment(p: MpPayment): ProviderPayment {
  const refunds = (p.refunds ?? []).map((r) => ({
    refundId: String(r.id),
    amount: toCentavos(r.amount),
    at: r.date_created,
  }));
  return {
    paymentId: String(p.id),
    orderId: p.external_reference ?? '',
    method: p.payment_method_id === 'pix' ? 'pix' : 'card',
    amount: toCentavos(p.transaction_amount),
    status: statusOf(p.status),
    ...(p.status_detail ? { statusDetail: p.status_detail } : {}),
    refunded: refunds.reduce((s, r) => s + r.amount, 0),
    refunds,
    createdAt: p.date_created,
  };
}

function resultOf(p: MpPayment, expiresAt?: string): ChargeResult {
  const status = statusOf(p.status);
  if (status === 'approved') return { status: 'approved', chargeId: String(p.id) };
  if (status !== 'pending') return { status: 'declined', declineCode: p.status_detail ?? p.status };
  const tx = p.point_of_interaction?.transaction_data;
  const until = p.date_of_expiration ? new Date(p.date_of_expiration).toISOString() : (expiresAt ?? '');
  return {
    status: 'pending',
    chargeId: String(p.id),
    expiresAt: until,
    ...(tx?.qr_code ? { pix: { copyPaste: tx.qr_code, qrPngBase64: tx.qr_code_base64 ?? '', expiresAt: until } } : {}),
  };
}

/**
 * Our key is read back from the payment's metadata. Refunds: Mercado Pago's refund object carries a `metadata` field,
 * which the refund request fills; a refund made elsewhere (the MP dashboard) has none, and is keyed by its own id,
 * `refund:mp-refund-<id>`, which no order knows, so the ledger invariant reports it rather than hiding it.
 */
function recordsOf(p: MpPayment): PaymentRecord[] {
  const view = toProviderPayment(p);
  const charge: PaymentRecord = {
    idempotencyKey: `charge:${p.metadata?.idempotency_key ?? `mp-${p.id}`}`,
    kind: 'charge',
    orderId: view.orderId,
    amount: view.amount,
    approved: view.status === 'approved',
    status: view.status,
    ...(view.statusDetail ? { statusDetail: view.statusDetail } : {}),
    method: view.method,
    chargeId: view.paymentId,
    at: view.createdAt,
  };
  const refunds = (p.refunds ?? []).map(
    (r): PaymentRecord => ({
      idempotencyKey: `refund:${r.metadata?.idempotency_key ?? `mp-refund-${r.id}`}`,
      kind: 'refund',
      orderId: view.orderId,
      amount: toCentavos(r.amount),
      approved: true,
      chargeId: view.paymentId,
      refundId: String(r.id),
      at: r.date_created,
    }),
  );
  return [charge, ...refunds];
}
