// Order ids, access tokens, customer ids and request fingerprints: shape, secrecy and stability.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  customerIdFor,
  fingerprint,
  isOrderIdShaped,
  newAccessToken,
  newOrderId,
  safeEqual,
  sha256,
  tokenMatchesHash,
} from '../../core/order-ids.ts';

const UNAMBIGUOUS = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

describe('newOrderId / isOrderIdShaped', () => {
  it('draws 6-char ids from the unambiguous alphabet, which isOrderIdShaped accepts', () => {
    // Act
    const ids = Array.from({ length: 2000 }, () => newOrderId());

    // Assess
    for (const id of ids) {
      expect(id).toHaveLength(6);
      expect([...id].every((ch) => UNAMBIGUOUS.includes(ch))).toBe(true);
      expect(isOrderIdShaped(id)).toBe(true);
    }
    expect(new Set(ids).size).toBeGreaterThan(1990);
    expect(new Set(ids.join('')).size).toBe(UNAMBIGUOUS.length);
  });

  it('honours a custom length', () => {
    // Act
    const id = newOrderId(10);

    // Assess
    expect(id).toMatch(/^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{10}$/);
  });

  it('accepts every character of the alphabet in an id', () => {
    // Act
    const accepted = [...UNAMBIGUOUS].map((ch) => isOrderIdShaped(ch.repeat(6)));

    // Assess
    expect(accepted.every(Boolean)).toBe(true);
  });

  it.each([
    ['5 chars', 'K7M2Q'],
    ['7 chars', 'K7M2QXA'],
    ['lower case', 'k7m2qx'],
    ['a zero', 'K7M20X'],
    ['an O', 'K7M2OX'],
    ['a one', 'K7M21X'],
    ['an I', 'K7M2IX'],
    ['a U', 'K7M2UX'],
    ['a path', '../../'],
    ['empty', ''],
    ['a newline', 'K7M2QX\n'],
  ])('rejects %s', (_label, s) => {
    // Act / Assess
    expect(isOrderIdShaped(s)).toBe(false);
  });

  // Regression: the shape check once used the class J-N, which lets in L although the alphabet leaves it out.
  it('rejects an L, which the alphabet leaves out as ambiguous with 1/I', () => {
    // Act / Assess
    expect(isOrderIdShaped('K7M2LX')).toBe(false);
  });
});

describe('access tokens', () => {
  it('are 256-bit base64url strings, different every time', () => {
    // Act
    const tokens = Array.from({ length: 50 }, () => newAccessToken());

    // Assess
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(tokens).size).toBe(50);
  });

  it('match only their own SHA-256 hash', () => {
    // Prepare
    const token = newAccessToken();
    const hash = createHash('sha256').update(token).digest('hex');

    // Act / Assess
    expect(sha256(token)).toBe(hash);
    expect(tokenMatchesHash(token, hash)).toBe(true);
    expect(tokenMatchesHash(newAccessToken(), hash)).toBe(false);
    expect(tokenMatchesHash(`${token}x`, hash)).toBe(false);
    expect(tokenMatchesHash(token, token)).toBe(false);
    expect(tokenMatchesHash(token, '')).toBe(false);
    expect(tokenMatchesHash(token, hash.slice(0, 62))).toBe(false);
  });

  it('compare with safeEqual, whatever their lengths', () => {
    // Act / Assess
    expect(safeEqual('test-staff-token', 'test-staff-token')).toBe(true);
    expect(safeEqual('test-staff-token', 'test-staff-tokem')).toBe(false);
    expect(safeEqual('test-staff-token', 'test')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
  });
});

describe('customerIdFor', () => {
  it('is stable per phone, distinct across phones, and does not reveal the number', () => {
    // Prepare
    const phone = '+5521987654321';

    // Act
    const id = customerIdFor(phone);
    const again = customerIdFor(phone);
    const other = customerIdFor('+5521987654322');

    // Assess
    expect(id).toMatch(/^c_[0-9a-f]{20}$/);
    expect(again).toBe(id);
    expect(other).not.toBe(id);
    expect(id).not.toContain('987654321');
    expect(id).not.toContain('5521');
  });
});

describe('fingerprint', () => {
  it('does not depend on key order, at any depth', () => {
    // Prepare
    const a = {
      customer: { name: 'Ana', phone: '+5521987654321' },
      items: [{ sku: 'ACAI-300', qty: 1 }],
      lang: 'pt-BR',
    };
    const b = {
      lang: 'pt-BR',
      items: [{ qty: 1, sku: 'ACAI-300' }],
      customer: { phone: '+5521987654321', name: 'Ana' },
    };

    // Act / Assess
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(fingerprint(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with any value and with array order', () => {
    // Prepare
    const base = {
      items: [
        { sku: 'ACAI-300', qty: 1 },
        { sku: 'MATE-500', qty: 2 },
      ],
    };

    // Act
    const fp = fingerprint(base);
    const moreQty = fingerprint({
      items: [
        { sku: 'ACAI-300', qty: 2 },
        { sku: 'MATE-500', qty: 2 },
      ],
    });
    const reordered = fingerprint({
      items: [
        { sku: 'MATE-500', qty: 2 },
        { sku: 'ACAI-300', qty: 1 },
      ],
    });

    // Assess
    expect(moreQty).not.toBe(fp);
    expect(reordered).not.toBe(fp);
  });
});
