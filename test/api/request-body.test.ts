// Defensive JSON body parsing, unit and over HTTP: bad JSON, non-objects, prototype-pollution keys, the 64 KB limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, PayloadTooLarge, parseJsonBody } from '../../api/request-body.ts';
import { ValidationError } from '../../core/errors.ts';
import { MAX_BODY_BYTES } from '../../core/http-exchange.ts';
import { ApiHarness, expectAccepted, expectError, STAFF_TOKEN, validOrder } from './api-harness.ts';

const validText = () => JSON.stringify(validOrder());

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'parsed';
  } catch (err) {
    return err instanceof ValidationError ? err.code : `unexpected ${String(err)}`;
  }
}

describe('parseJsonBody', () => {
  it('parses a JSON object', () => {
    // Act
    const parsed = parseJsonBody(validText());

    // Assess
    expect(parsed).toEqual(validOrder());
  });

  it.each([
    ['undefined', undefined, 'INVALID_JSON'],
    ['empty', '', 'INVALID_JSON'],
    ['truncated', '{"customer":', 'INVALID_JSON'],
    ['a trailing comma', '{"a":1,}', 'INVALID_JSON'],
    ['single quotes', "{'a':1}", 'INVALID_JSON'],
    ['__proto__ at the top', '{"__proto__":{"x":1}}', 'FORBIDDEN_KEY'],
    ['constructor deep in an array', '{"items":[{"sku":"A","constructor":{"prototype":{"x":1}}}]}', 'FORBIDDEN_KEY'],
    ['prototype', '{"prototype":1}', 'FORBIDDEN_KEY'],
  ])('rejects %s with %s', (_label, body, code) => {
    // Act / Assess
    expect(codeOf(() => parseJsonBody(body))).toBe(code);
  });

  it.each([
    ['valid JSON nested 5,000 deep', 'JSON_TOO_DEEP', `${'['.repeat(5000)}${']'.repeat(5000)}`],
    ['an object nested 33 deep', 'JSON_TOO_DEEP', `${'{"a":'.repeat(33)}1${'}'.repeat(33)}`],
    ['invalid JSON nested 5,000 deep', 'INVALID_JSON', '['.repeat(5000)],
    ['__proto__ 21 levels down', 'FORBIDDEN_KEY', `${'{"a":'.repeat(20)}{"__proto__":1}${'}'.repeat(20)}`],
  ])('rejects %s with %s', (_label, code, body) => {
    // Act / Assess
    expect(codeOf(() => parseJsonBody(body))).toBe(code);
  });

  it(`parses an object nested exactly ${MAX_JSON_DEPTH} deep`, () => {
    // Prepare
    const body = `${'{"a":'.repeat(MAX_JSON_DEPTH)}1${'}'.repeat(MAX_JSON_DEPTH)}`;

    // Act / Assess
    expect(codeOf(() => parseJsonBody(body))).toBe('parsed');
  });

  it('counts the limit in UTF-8 bytes, not characters', () => {
    // Prepare: 40 000 "é" are 80 000 bytes but only 40 000 characters.
    const body = JSON.stringify({ text: 'é'.repeat(40_000) });

    // Act
    let err: unknown;
    try {
      parseJsonBody(body);
    } catch (e) {
      err = e;
    }

    // Assess
    expect(body.length).toBeLessThan(MAX_BODY_BYTES);
    expect(err).toBeInstanceOf(PayloadTooLarge);
    expect(err).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });
});

describe('request bodies over HTTP', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it.each([
    ['truncated JSON', '{"customer":{"name":"Ana"'],
    ['not JSON at all', 'customer=Ana&qty=1'],
    ['an empty body', ''],
    ['JSON with a trailing comma', '{"customer":{},}'],
  ])('answers 400 INVALID_JSON to %s', async (_label, body) => {
    // Act
    const reply = await api.postOrder(body);

    // Assess
    expectError(reply, 400, 'INVALID_JSON');
  });

  it.each([
    ['a JSON array', '[{"customer":{"name":"Ana"}}]'],
    ['a JSON string', '"order please"'],
    ['a JSON number', '42'],
    ['JSON null', 'null'],
  ])('answers 400 INVALID_BODY to %s', async (_label, body) => {
    // Act
    const reply = await api.postOrder(body);

    // Assess
    expectError(reply, 400, 'INVALID_BODY');
  });

  it.each([
    ['__proto__ at the top level', (t: string) => `{"__proto__":{"x":1},${t.slice(1)}`],
    [
      '__proto__ nested in customer',
      (t: string) => t.replace('"customer":{', '"customer":{"__proto__":{"isAdmin":true},'),
    ],
    [
      '__proto__ inside an item',
      (t: string) => t.replace('{"sku":"ACAI-300"', '{"__proto__":{"qty":1},"sku":"ACAI-300"'),
    ],
    ['constructor at the top level', (t: string) => `{"constructor":{"prototype":{"x":1}},${t.slice(1)}`],
    [
      'constructor nested in address',
      (t: string) => t.replace('"address":{', '"address":{"constructor":{"name":"x"},'),
    ],
    ['prototype nested in payment', (t: string) => t.replace('"payment":{', '"payment":{"prototype":{"x":1},')],
  ])('answers 400 FORBIDDEN_KEY to %s, without polluting Object.prototype', async (_label, inject) => {
    // Prepare
    const raw = inject(validText());
    expect(raw).not.toBe(validText());

    // Act
    const reply = await api.postOrder(raw);

    // Assess
    expectError(reply, 400, 'FORBIDDEN_KEY');
    const probe = {} as Record<string, unknown>;
    expect(probe.x).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
  });

  it('answers 400 JSON_TOO_DEEP (not INVALID_JSON) to valid JSON nested 5,000 deep, in both languages', async () => {
    // Prepare
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;

    // Act
    const pt = await api.postOrder(deep);
    const en = await api.postOrder(deep, { 'accept-language': 'en' });

    // Assess
    expect(expectError(pt, 400, 'JSON_TOO_DEEP')).toBe(
      `O JSON tem níveis aninhados demais (no máximo ${MAX_JSON_DEPTH}).`,
    );
    expect(expectError(en, 400, 'JSON_TOO_DEEP')).toBe(
      `The JSON is nested too deeply (at most ${MAX_JSON_DEPTH} levels).`,
    );
  });

  it('refuses a forbidden key on the address-change route too', async () => {
    // Act
    const reply = await api.send('POST', '/api/orders/ABCDEF/address', {
      token: STAFF_TOKEN,
      body: '{"text":"Rua Y 2","lat":-22.97,"lon":-43.18,"__proto__":{"x":1}}',
    });

    // Assess
    expectError(reply, 400, 'FORBIDDEN_KEY');
  });

  it('answers 413 PAYLOAD_TOO_LARGE to a body over 64 KB, naming that limit, and keeps serving /health', async () => {
    // Prepare: a valid order padded past the limit.
    const big = JSON.stringify({ ...validOrder(), note: 'x'.repeat(70_000) });

    // Act
    const reply = await api.postOrder(big);
    const health = await api.send('GET', '/health');

    // Assess
    expect(expectError(reply, 413, 'PAYLOAD_TOO_LARGE')).toBe('O corpo da requisição passa de 64 KB.');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
  });

  it('answers 413 to a streamed (chunked, no Content-Length) body over 64 KB', async () => {
    // Prepare
    const chunk = new TextEncoder().encode(' '.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ < 6) c.enqueue(chunk);
        else c.close();
      },
    });

    // Act
    const res = await fetch(`${api.url}/api/orders`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    const body = await res.json();
    api.seen.push({ method: 'POST', path: '/api/orders (chunked)', status: res.status });

    // Assess
    expect(res.status).toBe(413);
    expect(body).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } });
  });

  it('accepts a body of exactly 64 KB and refuses one byte more', async () => {
    // Prepare: JSON may end with whitespace, so pad a valid order to the exact size.
    const text = validText();
    const exact = text + ' '.repeat(MAX_BODY_BYTES - Buffer.byteLength(text));
    const over = `${exact} `;

    // Act
    const atLimit = await api.postOrder(exact);
    const pastLimit = await api.postOrder(over);

    // Assess
    expect(Buffer.byteLength(exact)).toBe(64 * 1024);
    expectAccepted(atLimit);
    expectError(pastLimit, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('still accepts a valid order after all the bad bodies, and never answered 5xx', async () => {
    // Act
    const reply = await api.postOrder(validOrder());

    // Assess
    expectAccepted(reply);
    expect(api.serverErrors()).toEqual([]);
    expect(api.seen.length).toBeGreaterThan(20);
  });
});
