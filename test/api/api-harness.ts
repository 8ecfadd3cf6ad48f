// One real local stack per API test file, reached over HTTP with fetch; every response is recorded to prove no 5xx.
import { expect } from 'vitest';
import { type LocalStack, startLocalStack } from '../../apps/local/local-stack.ts';
import { DEMO_PACKAGE } from '../support/demo-store.ts';

export const STAFF_TOKEN = 'test-staff-token';

/** The reference valid place-order body; tests copy and break it. */
export const validOrder = () =>
  ({
    customer: { name: 'Ana', phone: '+5521987654321' },
    items: [{ sku: 'ACAI-300', qty: 1 }],
    address: { text: 'Rua X 1, Copacabana', lat: -22.9668, lon: -43.187 },
    payment: { method: 'pix' },
  }) as Record<string, any>;

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}
export interface SendOptions {
  /** A string is sent as is (raw JSON text); anything else is JSON-encoded. */
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  /** False for requests that knowingly hit a reported product bug, so they do not trip the no-5xx check. */
  record?: boolean;
}

export class ApiHarness {
  readonly seen: { method: string; path: string; status: number }[] = [];
  private constructor(readonly stack: LocalStack) {}

  static async start(): Promise<ApiHarness> {
    return new ApiHarness(await startLocalStack({ catalog: DEMO_PACKAGE, port: 0, staffToken: STAFF_TOKEN }));
  }

  get url(): string {
    return this.stack.url;
  }

  async send(method: string, path: string, opts: SendOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${this.stack.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (opts.record !== false) this.seen.push({ method, path: path.slice(0, 80), status: res.status });
    return { status: res.status, headers: res.headers, text, body: parsed };
  }

  postOrder(body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    return this.send('POST', '/api/orders', { body, headers });
  }

  /** Every recorded response with a 5xx status: a client mistake must never produce one. */
  serverErrors() {
    return this.seen.filter((s) => s.status >= 500);
  }

  stop(): Promise<void> {
    return this.stack.stop();
  }
}

/** Asserts the status and the exact `{ error: { code, message } }` body, and returns the message. */
export function expectError(reply: Reply, status: number, code: string): string {
  expect({ status: reply.status, code: reply.body?.error?.code }).toEqual({ status, code });
  expect(reply.body).toEqual({ error: { code, message: expect.any(String) } });
  expect(reply.body.error.message.length).toBeGreaterThan(0);
  expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
  return reply.body.error.message as string;
}

/** Asserts a 202 with exactly { orderId, status: 'RECEIVED', accessToken }. */
export function expectAccepted(reply: Reply): { orderId: string; accessToken: string } {
  expect(reply.status).toBe(202);
  expect(reply.body).toEqual({
    orderId: expect.stringMatching(/^[2-9A-Z]{6}$/),
    status: 'RECEIVED',
    accessToken: expect.any(String),
  });
  expect(reply.body.accessToken.length).toBeGreaterThanOrEqual(32);
  return reply.body;
}
