// Mercado Pago's webhook signature: a vector computed here with node:crypto, and every way a notice is refused.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureManifest, verifyMercadoPagoSignature } from '../../../adapters/payments/mercadopago-signature.ts';

const SECRET = 'test-webhook-secret';
const TS = '1742505638683';
const NOW = () => Number(TS) + 1000;
/** Computed independently of the module: the manifest written out by hand. */
const V1 = createHmac('sha256', SECRET).update(`id:123456;request-id:req-1;ts:${TS};`).digest('hex');
const notice = (signature: string | undefined, over: Partial<{ dataId: string; requestId: string }> = {}) => ({
  signature,
  requestId: 'req-1',
  dataId: '123456',
  ...over,
});

describe('verifyMercadoPagoSignature', () => {
  it('accepts the known-good vector', () => {
    expect(verifyMercadoPagoSignature(SECRET, notice(`ts=${TS},v1=${V1}`), NOW)).toEqual({ ok: true });
    expect(verifyMercadoPagoSignature(SECRET, notice(` ts=${TS} , v1=${V1.toUpperCase()}`), NOW)).toEqual({ ok: true });
  });

  it('refuses an unsigned, malformed, wrong or stale notice', () => {
    const check = (sig: string | undefined, over = {}, now = NOW) =>
      verifyMercadoPagoSignature(SECRET, notice(sig, over), now);
    expect(check(undefined)).toEqual({ ok: false, reason: 'unsigned' });
    expect(check('')).toEqual({ ok: false, reason: 'unsigned' });
    expect(check(`v1=${V1}`)).toEqual({ ok: false, reason: 'malformed' });
    expect(check(`ts=${TS}`)).toEqual({ ok: false, reason: 'malformed' });
    expect(check(`ts=${TS},v1=abc`)).toEqual({ ok: false, reason: 'malformed' });
    expect(check(`ts=${TS},v1=${'0'.repeat(64)}`)).toEqual({ ok: false, reason: 'mismatch' });
    expect(check(`ts=${TS},v1=${V1}`, { dataId: '654321' })).toEqual({ ok: false, reason: 'mismatch' });
    expect(check(`ts=${TS},v1=${V1}`, { requestId: 'req-2' })).toEqual({ ok: false, reason: 'mismatch' });
    expect(check(`ts=${Number(TS) + 1},v1=${V1}`)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyMercadoPagoSignature('other-secret', notice(`ts=${TS},v1=${V1}`), NOW)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(check(`ts=${TS},v1=${V1}`, {}, () => Number(TS) + 5 * 60_000 + 1)).toEqual({ ok: false, reason: 'stale' });
    expect(check(`ts=${TS},v1=${V1}`, {}, () => Number(TS) + 5 * 60_000)).toEqual({ ok: true });
    expect(check(`ts=${TS},v1=${V1}`, { dataId: '' })).toEqual({ ok: false, reason: 'no-data-id' });
  });

  it('reads a ts in seconds too, and signs an alphanumeric data.id lower-cased', () => {
    const seconds = '1742505638';
    const sig = createHmac('sha256', SECRET).update(`id:abc123;request-id:req-1;ts:${seconds};`).digest('hex');
    const at = () => Number(seconds) * 1000 + 2000;
    expect(verifyMercadoPagoSignature(SECRET, notice(`ts=${seconds},v1=${sig}`, { dataId: 'ABC123' }), at)).toEqual({
      ok: true,
    });
    expect(signatureManifest('ABC123', undefined, '1')).toBe('id:abc123;ts:1;');
  });
});
