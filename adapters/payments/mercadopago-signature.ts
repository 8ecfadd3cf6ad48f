// Verifies Mercado Pago's webhook signature: `x-signature: ts=...,v1=...`, an HMAC-SHA256 keyed with the webhook
// secret over `id:{data.id};request-id:{x-request-id};ts:{ts};`, compared in constant time, refused when stale.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Mercado Pago retries for hours; a signature older than this is a replay, whoever sends it. */
export const MERCADOPAGO_SIGNATURE_MAX_AGE_MS = 5 * 60_000;

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: 'unsigned' | 'malformed' | 'mismatch' | 'stale' | 'no-data-id' };

export interface SignedNotice {
  /** The raw `x-signature` header. */
  signature: string | undefined;
  /** The raw `x-request-id` header. */
  requestId: string | undefined;
  /** `data.id` from the notification URL's query string (not the body). */
  dataId: string | undefined;
}

/**
 * The docs say an alphanumeric data.id is signed lower-cased (payment ids are digits, so this changes nothing for them).
 * A part whose value is missing is left out of the manifest, as Mercado Pago's own SDK validator does.
 */
export function signatureManifest(dataId: string | undefined, requestId: string | undefined, ts: string): string {
  const id = dataId && /^[0-9A-Za-z]+$/.test(dataId) ? dataId.toLowerCase() : dataId;
  return `${id ? `id:${id};` : ''}${requestId ? `request-id:${requestId};` : ''}ts:${ts};`;
}

export const signMercadoPago = (secret: string, manifest: string): string =>
  createHmac('sha256', secret).update(manifest).digest('hex');

function parseHeader(header: string): { ts?: string; v1?: string } {
  const out: { ts?: string; v1?: string } = {};
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (key === 'ts' || key === 'v1') out[key] = value;
  }
  return out;
}

/**
 * `ts` is seconds in Mercado Pago's documented example and milliseconds in what it sends today (its SDK reads it as
 * ms): a value past 10^12 is read as milliseconds, anything smaller as seconds.
 */
const tsMillis = (ts: string) => (Number(ts) > 1e12 ? Number(ts) : Number(ts) * 1000);

export function verifyMercadoPagoSignature(
  secret: string,
  notice: SignedNotice,
  now: () => number = Date.now,
): SignatureCheck {
  if (!notice.signature?.trim()) return { ok: false, reason: 'unsigned' };
  if (!notice.dataId) return { ok: false, reason: 'no-data-id' };
  const { ts, v1 } = parseHeader(notice.signature);
  if (!ts || !/^\d+$/.test(ts) || !v1 || !/^[0-9a-f]{64}$/i.test(v1)) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(signMercadoPago(secret, signatureManifest(notice.dataId, notice.requestId, ts)), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(v1, 'hex'))) return { ok: false, reason: 'mismatch' };
  if (Math.abs(now() - tsMillis(ts)) > MERCADOPAGO_SIGNATURE_MAX_AGE_MS) return { ok: false, reason: 'stale' };
  return { ok: true };
}
