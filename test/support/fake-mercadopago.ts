// A loopback stand-in for Mercado Pago's REST API (payments create/get/put/search, refunds, Checkout Pro preferences),
// with its idempotency keys, and a sender of its webhooks: signed, repeated, unsigned, forged or stale.
import { randomUUID } from 'node:crypto';
import type { MpPayment, MpRefund } from '../../adapters/payments/mercadopago-gateway.ts';
import { signatureManifest, signMercadoPago } from '../../adapters/payments/mercadopago-signature.ts';
import { pixCopyPaste, pixQrPngBase64 } from '../../adapters/payments/pix-code.ts';
import { type ReceivedRequest, type Reply, startLoopbackServer } from './loopback-server.ts';

export const FAKE_MP_TOKEN = 'TEST-0000000000000000-000000-fake-mercadopago-token';
export const FAKE_MP_WEBHOOK_SECRET = 'fake-mercadopago-webhook-secret';

interface Preference {
  id: string;
  init_point: string;
  external_reference?: string;
  metadata?: Record<string, string>;
  items: { unit_price: number; quantity: number; title?: string }[];
  expiration_date_to?: string;
  date_created: string;
}
export type WebhookSignature = 'good' | 'none' | 'wrong' | 'stale';

export interface FakeMercadoPago {
  url: string;
  payments: Map<string, MpPayment>;
  preferences: Map<string, Preference>;
  /** Every request, in order, as "METHOD /path" with its idempotency key. */
  calls: { method: string; path: string; idempotencyKey?: string; body: unknown }[];
  /** The next `n` requests answer `status` (503, 429) without doing anything. */
  failNext(n: number, status?: number): void;
  /** The customer paid (a pending Pix, or a preference's checkout: a new approved payment under it). Returns its id. */
  pay(paymentOrPreferenceId: string): string;
  /** The Pix ran out: cancelled, status_detail expired. */
  expire(paymentId: string): void;
  /** Mercado Pago's notification for a payment, to `url?data.id=<id>&type=payment`; returns the HTTP status. */
  sendWebhook(
    url: string,
    paymentId: string,
    opts?: { signature?: WebhookSignature; requestId?: string; secret?: string },
  ): Promise<number>;
  paymentsOf(orderId: string): MpPayment[];
  refundsOf(orderId: string): MpRefund[];
  close(): Promise<void>;
}

const reais = (x: unknown) => Math.round(Number(x) * 100) / 100;
const json = (status: number, body: unknown): Reply => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify(body),
});
const notFound = (what: string) => json(404, { message: `${what} not found`, error: 'not_found', status: 404 });

export async function startFakeMercadoPago(opts: { token?: string; secret?: string } = {}): Promise<FakeMercadoPago> {
  const token = opts.token ?? FAKE_MP_TOKEN;
  const secret = opts.secret ?? FAKE_MP_WEBHOOK_SECRET;
  const payments = new Map<string, MpPayment>();
  const preferences = new Map<string, Preference>();
  const replays = new Map<string, Reply>();
  const calls: FakeMercadoPago['calls'] = [];
  let nextId = 1_320_000_000;
  let failing = { n: 0, status: 503 };
  let base = '';

  async function createPayment(body: Record<string, unknown>): Promise<Reply> {
    if (body.payment_method_id !== 'pix') return json(400, { message: 'only pix in this stand-in', status: 400 });
    const payer = body.payer as { email?: string } | undefined;
    if (!payer?.email) return json(400, { message: 'payer.email is required', status: 400 });
    const id = String(nextId++);
    const amount = reais(body.transaction_amount);
    const qr = pixCopyPaste({
      key: 'pix@fake-mercadopago.test',
      merchantName: 'Loja Teste MP',
      merchantCity: 'Rio de Janeiro',
      amount: Math.round(amount * 100),
      txid: `mp${id}`,
    });
    const payment: MpPayment = {
      id: Number(id),
      status: 'pending',
      status_detail: 'pending_waiting_transfer',
      external_reference: body.external_reference as string,
      transaction_amount: amount,
      payment_method_id: 'pix',
      date_created: new Date().toISOString(),
      date_of_expiration: body.date_of_expiration as string,
      metadata: (body.metadata as MpPayment['metadata']) ?? {},
      refunds: [],
      point_of_interaction: { transaction_data: { qr_code: qr, qr_code_base64: await pixQrPngBase64(qr) } },
    };
    payments.set(id, payment);
    return json(201, payment);
  }

  function refund(payment: MpPayment, body: Record<string, unknown>): Reply {
    if (payment.status !== 'approved' && payment.status !== 'refunded')
      return json(400, { message: `payment is ${payment.status}`, status: 400 });
    const given = (payment.refunds ?? []).reduce((s, r) => s + Math.round(r.amount * 100), 0);
    const left = Math.round(payment.transaction_amount * 100) - given;
    const amount = body.amount === undefined ? left : Math.round(Number(body.amount) * 100);
    if (amount <= 0 || amount > left) return json(400, { message: 'amount exceeds what is left', status: 400 });
    const r: MpRefund = {
      id: nextId++,
      amount: amount / 100,
      date_created: new Date().toISOString(),
      metadata: (body.metadata as MpRefund['metadata']) ?? {},
    };
    payment.refunds = [...(payment.refunds ?? []), r];
    if (amount === left) payment.status = 'refunded';
    return json(201, { ...r, payment_id: payment.id, status: 'approved' });
  }

  function search(q: URLSearchParams): Reply {
    let list = [...payments.values()];
    const ref = q.get('external_reference');
    if (ref !== null) list = list.filter((p) => p.external_reference === ref);
    const begin = q.get('begin_date');
    if (q.get('range') === 'date_created' && begin) {
      const from = Date.parse(begin);
      const end = q.get('end_date');
      const to = !end || end === 'NOW' ? Date.now() : Date.parse(end);
      list = list.filter((p) => Date.parse(p.date_created) >= from && Date.parse(p.date_created) <= to);
    }
    list.sort((a, b) => a.date_created.localeCompare(b.date_created) || Number(a.id) - Number(b.id));
    if (q.get('criteria') === 'desc') list.reverse();
    const offset = Number(q.get('offset') ?? 0);
    const limit = Math.min(Number(q.get('limit') ?? 30), 1000);
    return json(200, { paging: { total: list.length, offset, limit }, results: list.slice(offset, offset + limit) });
  }

  async function route(req: ReceivedRequest, url: URL, body: Record<string, unknown>): Promise<Reply> {
    const p = url.pathname;
    const m = req.method;
    if (m === 'POST' && p === '/v1/payments') return createPayment(body);
    if (m === 'GET' && p === '/v1/payments/search') return search(url.searchParams);
    let hit = /^\/v1\/payments\/(\d+)$/.exec(p);
    if (hit) {
      const payment = payments.get(hit[1]!);
      if (!payment) return notFound('Payment');
      if (m === 'GET') return json(200, payment);
      if (m === 'PUT') {
        if (body.status !== 'cancelled') return json(400, { message: 'only cancelling', status: 400 });
        if (payment.status !== 'pending' && payment.status !== 'in_process')
          return json(400, { message: `cannot cancel a payment that is ${payment.status}`, status: 400 });
        payment.status = 'cancelled';
        payment.status_detail = 'by_collector';
        return json(200, payment);
      }
    }
    hit = /^\/v1\/payments\/(\d+)\/refunds$/.exec(p);
    if (hit && m === 'POST') {
      const payment = payments.get(hit[1]!);
      return payment ? refund(payment, body) : notFound('Payment');
    }
    if (m === 'POST' && p === '/checkout/preferences') {
      const id = `${nextId++}-${randomUUID()}`;
      const pref: Preference = {
        id,
        init_point: `${base}/checkout/v1/redirect?pref_id=${id}`,
        external_reference: body.external_reference as string,
        metadata: body.metadata as Record<string, string>,
        items: (body.items as Preference['items']) ?? [],
        expiration_date_to: body.expiration_date_to as string,
        date_created: new Date().toISOString(),
      };
      preferences.set(id, pref);
      return json(201, pref);
    }
    hit = /^\/checkout\/preferences\/([^/]+)$/.exec(p);
    if (hit) {
      const pref = preferences.get(decodeURIComponent(hit[1]!));
      if (!pref) return notFound('Preference');
      if (m === 'PUT') Object.assign(pref, body);
      return json(200, pref);
    }
    return notFound(`${m} ${p}`);
  }

  const server = await startLoopbackServer(async (req) => {
    const url = new URL(req.url, 'http://fake');
    const key = req.headers['x-idempotency-key'] as string | undefined;
    const body = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
    calls.push({ method: req.method, path: url.pathname, ...(key ? { idempotencyKey: key } : {}), body });
    if (req.headers.authorization !== `Bearer ${token}`) return json(401, { message: 'invalid access token' });
    if (failing.n > 0) {
      failing.n--;
      return json(failing.status, { message: 'stand-in failure', status: failing.status });
    }
    if (req.method === 'POST' && !key) return json(400, { message: 'X-Idempotency-Key is required', status: 400 });
    // Same key on the same endpoint: the first answer again, nothing done twice.
    const replayKey = key && `${req.method} ${url.pathname} ${key}`;
    if (replayKey && replays.has(replayKey)) return replays.get(replayKey)!;
    const reply = await route(req, url, body);
    if (replayKey && reply.status < 500) replays.set(replayKey, reply);
    return reply;
  });
  base = server.url;

  return {
    url: server.url,
    payments,
    preferences,
    calls,
    failNext(n, status = 503) {
      failing = { n, status };
    },
    pay(id) {
      const pref = preferences.get(id);
      if (pref) {
        const pid = String(nextId++);
        payments.set(pid, {
          id: Number(pid),
          status: 'approved',
          status_detail: 'accredited',
          external_reference: pref.external_reference,
          transaction_amount: pref.items.reduce((s, i) => s + i.unit_price * i.quantity, 0),
          payment_method_id: 'visa',
          date_created: new Date().toISOString(),
          metadata: pref.metadata ?? {},
          refunds: [],
        });
        return pid;
      }
      const payment = payments.get(id);
      if (!payment) throw new Error(`fake Mercado Pago: no payment or preference ${id}`);
      if (payment.status !== 'pending') throw new Error(`fake Mercado Pago: payment ${id} is ${payment.status}`);
      payment.status = 'approved';
      payment.status_detail = 'accredited';
      return id;
    },
    expire(id) {
      const payment = payments.get(id);
      if (!payment) throw new Error(`fake Mercado Pago: no payment ${id}`);
      payment.status = 'cancelled';
      payment.status_detail = 'expired';
    },
    async sendWebhook(url, paymentId, o = {}) {
      const kind = o.signature ?? 'good';
      const requestId = o.requestId ?? randomUUID();
      const ts = String(kind === 'stale' ? Date.now() - 10 * 60_000 : Date.now());
      const v1 = signMercadoPago(o.secret ?? secret, signatureManifest(paymentId, requestId, ts));
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': requestId };
      if (kind !== 'none')
        headers['x-signature'] =
          `ts=${ts},v1=${kind === 'wrong' ? v1.replace(/^./, (c) => (c === '0' ? '1' : '0')) : v1}`;
      const res = await fetch(`${url}?data.id=${encodeURIComponent(paymentId)}&type=payment`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          action: 'payment.updated',
          api_version: 'v1',
          type: 'payment',
          live_mode: false,
          date_created: new Date().toISOString(),
          data: { id: paymentId },
        }),
      });
      await res.text();
      return res.status;
    },
    paymentsOf: (orderId) => [...payments.values()].filter((p) => p.external_reference === orderId),
    refundsOf: (orderId) =>
      [...payments.values()].filter((p) => p.external_reference === orderId).flatMap((p) => p.refunds ?? []),
    close: () => server.close(),
  };
}
