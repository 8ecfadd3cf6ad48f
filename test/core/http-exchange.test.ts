// Error answers: the same error in the caller's language (Accept-Language, pt-BR by default), and the status mapping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMessage } from '../../core/error-messages.ts';
import {
  InvalidTransition,
  OrderBeingProcessed,
  OrderNotFound,
  PaymentDeclined,
  StoreClosed,
  StorePaused,
  TransientError,
  ValidationError,
} from '../../core/errors.ts';
import { errorResponse, toErrorResponse } from '../../core/http-exchange.ts';
import { ApiHarness, expectAccepted, expectError, STAFF_TOKEN, validOrder } from '../api/api-harness.ts';

describe('toErrorResponse', () => {
  it('maps known domain errors to their status with the translated sentence', () => {
    // Act
    const notFound = toErrorResponse(new OrderNotFound('ABCDEF'), 'en');
    const declined = toErrorResponse(new PaymentDeclined('insufficient_funds'), 'pt-BR');

    // Assess
    expect(notFound).toEqual({
      unexpected: false,
      response: {
        status: 404,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ error: { code: 'ORDER_NOT_FOUND', message: 'Order not found.' } }),
      },
    });
    expect(declined.response.status).toBe(402);
    expect(JSON.parse(declined.response.body).error.message).toBe(errorMessage('PAYMENT_DECLINED', 'pt-BR', ''));
  });

  it('answers 422 to a well-formed body that breaks the contract, with the sentence of its code', () => {
    // Act
    const { response, unexpected } = toErrorResponse(
      new ValidationError('INVALID_QUANTITY', 'qty must be a whole number from 1 to 50'),
      'en',
    );

    // Assess
    expect(unexpected).toBe(false);
    expect(response.status).toBe(422);
    expect(JSON.parse(response.body)).toEqual({
      error: { code: 'INVALID_QUANTITY', message: 'Quantity must be a whole number from 1 to 50.' },
    });
  });

  it('puts the details a client acts on next to code and message (when the shop opens, until when it is paused), and no others', () => {
    // Act
    const closed = toErrorResponse(new StoreClosed(new Date('2026-03-02T21:00:00.000Z')), 'en');
    const closedForTheWeek = toErrorResponse(new StoreClosed(), 'en');
    const paused = toErrorResponse(new StorePaused(new Date('2026-03-02T15:30:00.000Z')), 'pt-BR');
    const quantity = toErrorResponse(
      new ValidationError('INVALID_QUANTITY', 'qty', { field: 'items.0.qty', sku: 'ACAI-300' }),
      'en',
    );

    // Assess
    expect([closed, paused].map((r) => r.response.status)).toEqual([409, 409]);
    expect(JSON.parse(closed.response.body)).toEqual({
      error: {
        code: 'STORE_CLOSED',
        message: errorMessage('STORE_CLOSED', 'en', ''),
        opensAt: '2026-03-02T21:00:00.000Z',
      },
    });
    expect(JSON.parse(closedForTheWeek.response.body)).toEqual({
      error: { code: 'STORE_CLOSED', message: errorMessage('STORE_CLOSED', 'en', '') },
    });
    expect(JSON.parse(paused.response.body)).toEqual({
      error: {
        code: 'STORE_PAUSED',
        message: errorMessage('STORE_PAUSED', 'pt-BR', ''),
        pausedUntil: '2026-03-02T15:30:00.000Z',
      },
    });
    expect(Object.keys(JSON.parse(quantity.response.body).error)).toEqual(['code', 'message']);
  });

  it('asks the client to retry after 2 s while the order is being processed', () => {
    // Act
    const { response } = toErrorResponse(new OrderBeingProcessed(), 'en');

    // Assess
    expect(response.status).toBe(409);
    expect(response.headers['retry-after']).toBe('2');
  });

  it('turns anything unexpected into a generic 500 that leaks nothing', () => {
    // Act
    const plain = toErrorResponse(new Error('connect ECONNREFUSED db-password=hunter2'), 'en');
    const internal = toErrorResponse(new TransientError('dynamo throttled: internal detail 42'), 'pt-BR');
    const workflowOnly = toErrorResponse(new InvalidTransition('DELIVERED', 'PREPARING'), 'en');

    // Assess
    expect(plain.unexpected).toBe(true);
    expect(plain.response.status).toBe(500);
    expect(JSON.parse(plain.response.body)).toEqual({
      error: { code: 'INTERNAL', message: errorMessage('INTERNAL', 'en', '') },
    });
    expect(plain.response.body).not.toContain('hunter2');
    for (const { response, unexpected } of [internal, workflowOnly]) {
      expect(unexpected).toBe(true);
      expect(response.status).toBe(500);
      expect(JSON.parse(response.body).error.code).toBe('INTERNAL');
    }
    expect(internal.response.body).not.toContain('detail 42');
    expect(JSON.parse(internal.response.body).error.message).toBe(errorMessage('INTERNAL', 'pt-BR', ''));
  });

  it('lets errorResponse override the status and fill the sentence with the limit it is given', () => {
    // Act
    const response = errorResponse('PAYLOAD_TOO_LARGE', 'en', 'x', 413, { limit: '1 MB' });
    const unnamed = errorResponse('PAYLOAD_TOO_LARGE', 'pt-BR', 'x', 413);

    // Assess: never a limit the route does not have.
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).error.message).toBe('The request body is larger than 1 MB.');
    expect(JSON.parse(unnamed.body).error.message).toBe('O corpo da requisição é grande demais.');
  });
});

describe('error language over HTTP', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api?.stop();
  });

  const badQty = () => ({ ...validOrder(), items: [{ sku: 'ACAI-300', qty: 0 }] });

  it('answers in pt-BR without Accept-Language and in English with Accept-Language: en, same code and status', async () => {
    // Act
    const pt = await api.postOrder(badQty());
    const en = await api.postOrder(badQty(), { 'accept-language': 'en' });

    // Assess
    expect(expectError(pt, 422, 'INVALID_QUANTITY')).toBe('A quantidade deve ser um número inteiro de 1 a 50.');
    expect(expectError(en, 422, 'INVALID_QUANTITY')).toBe('Quantity must be a whole number from 1 to 50.');
  });

  it.each([
    ['pt-PT', 'pt-BR'],
    ['fr-FR, en;q=0.5', 'en'],
    ['de', 'pt-BR'],
    ['en-GB', 'en'],
    ['pt-BR,en;q=0.9', 'pt-BR'],
  ] as const)('picks %j → %s', async (header, lang) => {
    // Act
    const reply = await api.postOrder(badQty(), { 'accept-language': header });

    // Assess
    expect(expectError(reply, 422, 'INVALID_QUANTITY')).toBe(errorMessage('INVALID_QUANTITY', lang, ''));
  });

  it.each([
    ['bad JSON', 'POST', '/api/orders', { body: '{' }, 400, 'INVALID_JSON', {}],
    ['no token', 'GET', '/api/orders/ABCDEF', {}, 401, 'UNAUTHORIZED', {}],
    ['unknown order', 'GET', '/api/orders/ABCDEF', { token: STAFF_TOKEN }, 404, 'ORDER_NOT_FOUND', {}],
    ['unknown route', 'GET', '/nope', {}, 404, 'NOT_FOUND', {}],
    ['wrong method', 'DELETE', '/api/orders', {}, 405, 'METHOD_NOT_ALLOWED', {}],
    [
      'oversized body',
      'POST',
      '/api/orders',
      { body: 'x'.repeat(70_000) },
      413,
      'PAYLOAD_TOO_LARGE',
      { limit: '64 KB' },
    ],
  ] as const)('translates %s (%s %s) in both languages', async (_label, method, path, opts, status, code, vars) => {
    // Act
    const pt = await api.send(method, path, { ...opts });
    const en = await api.send(method, path, { ...opts, headers: { 'accept-language': 'en' } });

    // Assess
    expect(expectError(pt, status, code)).toBe(errorMessage(code, 'pt-BR', '', vars));
    expect(expectError(en, status, code)).toBe(errorMessage(code, 'en', '', vars));
    expect(pt.body.error.message).not.toBe(en.body.error.message);
  });

  it('still accepts a valid order after all the bad requests, and never answered 5xx', async () => {
    // Act
    const reply = await api.postOrder(validOrder(), { 'accept-language': 'en' });

    // Assess
    expectAccepted(reply);
    expect(api.serverErrors()).toEqual([]);
    expect(api.seen.length).toBeGreaterThan(15);
  });
});
