// An unexpected failure behind a route: the client gets the generic 500, the log gets the error with its stack and
// cause.
import { describe, expect, it } from 'vitest';
import { handleHttpRequest } from '../../api/order-api.ts';
import type { OrderDeps } from '../../core/deps.ts';
import { recordingLogger } from '../support/recording-logger.ts';

describe('an unexpected error behind a route', () => {
  it('is answered INTERNAL without a detail, and logged once at error level with name, message, stack and cause', async () => {
    // Prepare: a catalog whose table read fails, as a DynamoDB outage would.
    const { log, lines } = recordingLogger();
    const outage = new Error('catalog read failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:8000') });
    const failing = () => Promise.reject(outage);
    const deps = { log, catalog: { getStore: failing, listProducts: failing } } as unknown as OrderDeps;

    // Act
    const res = await handleHttpRequest(
      { deps, staffToken: 's' },
      { method: 'GET', path: '/api/catalog', headers: {} },
    );

    // Assess
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body).error.code).toBe('INTERNAL');
    expect(res.body).not.toContain('ECONNREFUSED');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      msg: 'request failed (answered 500)',
      fields: {
        method: 'GET',
        path: '/api/catalog',
        error: {
          name: 'Error',
          message: 'catalog read failed',
          stack: expect.stringContaining('order-api.errors-logged.test.ts'),
          cause: { name: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:8000' },
        },
      },
    });
  });
});
