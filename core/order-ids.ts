// Order ids, access tokens and customer ids: short unambiguous ids, random bearer tokens stored only as hashes.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Crockford-style alphabet without 0/O, 1/I/L, U: easy to read aloud and type in chat.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newOrderId(length = 6): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return id;
}

export const isOrderIdShaped = (s: string) => /^[2-9A-HJKMNP-TV-Z]{6}$/.test(s);

export const newAccessToken = () => randomBytes(32).toString('base64url');

/**
 * The access token of an order placed with an Idempotency-Secret: derived from that secret and the key's scope, in the
 * same 43-character shape as a random one. Only the client holding the secret can have it, so a replay that derives
 * the stored hash again proves it sent the first request; the secret itself is never stored.
 */
export const accessTokenFromSecret = (secret: string, scope: string) =>
  createHmac('sha256', secret).update(`order-access-token\n${scope}`).digest('base64url');
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function tokenMatchesHash(token: string, hash: string): boolean {
  const a = Buffer.from(sha256(token), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(sha256(a), 'hex');
  const y = Buffer.from(sha256(b), 'hex');
  return timingSafeEqual(x, y);
}

/** A customer is identified by their phone number; the id reveals nothing about it. */
export const customerIdFor = (phone: string) => `c_${sha256(`customer:${phone}`).slice(0, 20)}`;

/** Stable fingerprint of a request body, to detect an Idempotency-Key reused with different content. */
export function fingerprint(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return sha256(JSON.stringify(canonical(value)));
}
