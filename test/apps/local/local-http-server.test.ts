// The local node:http edge: each route's own body limit in its 413, and requests Node's parser refuses answered in the
// JSON error shape.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer } from '../../../apps/local/local-http-server.ts';
import { SLACK_EVENTS_PATH, SLACK_MAX_REQUEST_BYTES } from '../../../bots/slack/slack-edge.ts';
import { TELEGRAM_MAX_UPDATE_BYTES, TELEGRAM_WEBHOOK_PATH } from '../../../bots/telegram/telegram-webhook.ts';
import { jsonResponse, MAX_BODY_BYTES } from '../../../core/http-exchange.ts';
import { recordingLogger } from '../../support/recording-logger.ts';

let server: Awaited<ReturnType<typeof startHttpServer>>;
let port: number;

beforeAll(async () => {
  // The same per-route limits as the local stack (apps/local/local-stack.ts).
  const limit = (path: string) =>
    path === TELEGRAM_WEBHOOK_PATH
      ? TELEGRAM_MAX_UPDATE_BYTES
      : path === SLACK_EVENTS_PATH
        ? SLACK_MAX_REQUEST_BYTES
        : MAX_BODY_BYTES;
  server = await startHttpServer(async () => jsonResponse(200, { ok: true }), 0, '127.0.0.1', limit);
  port = Number(new URL(server.url).port);
});
afterAll(async () => {
  await server?.close();
});

/** Writes raw bytes on a fresh connection and returns everything the server sent before closing it. */
function rawRequest(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      received += d;
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

/** Splits a raw HTTP/1.1 response into its status, lower-cased headers and JSON body. */
function parseRaw(raw: string): { status: number; headers: Record<string, string>; body: any } {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = body;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: parsed };
}

describe('413 per route', () => {
  it.each([
    [TELEGRAM_WEBHOOK_PATH, TELEGRAM_MAX_UPDATE_BYTES, '1 MB'],
    [SLACK_EVENTS_PATH, SLACK_MAX_REQUEST_BYTES, '256 KB'],
    ['/api/orders', MAX_BODY_BYTES, '64 KB'],
  ])('%s names its own limit in the 413, in both languages', async (path, limit, label) => {
    // Act
    const send = (lang: string) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': lang },
        body: 'x'.repeat(limit + 1),
      });
    const [en, pt] = await Promise.all([send('en'), send('pt-BR')]);

    // Assess
    expect([en.status, pt.status]).toEqual([413, 413]);
    expect(await en.json()).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than ${label}.` },
    });
    expect(await pt.json()).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: `O corpo da requisição passa de ${label}.` },
    });
  });
});

describe('requests Node refuses before any handler runs', () => {
  it.each([
    [
      'a bare CR inside a header value (header injection)',
      'GET /health HTTP/1.1\r\nHost: x\r\nX-Note: a\rInjected: b\r\n\r\n',
    ],
    [
      'Content-Length together with Transfer-Encoding (smuggling)',
      'POST /api/orders HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ],
    [
      'two different Content-Length headers (smuggling)',
      'POST /api/orders HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
    ],
    ['a request line that is not HTTP', 'HELLO\r\n\r\n'],
  ])('answers 400 MALFORMED_REQUEST as JSON to %s', async (_label, bytes) => {
    // Act
    const res = parseRaw(await rawRequest(bytes));

    // Assess
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers.connection).toBe('close');
    expect(res.body).toEqual({ error: { code: 'MALFORMED_REQUEST', message: 'A requisição HTTP está malformada.' } });
  });

  it("answers 431 HEADERS_TOO_LARGE as JSON to headers over Node's limit", async () => {
    // Act
    const res = parseRaw(await rawRequest(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));

    // Assess
    expect(res.status).toBe(431);
    expect(res.body).toEqual({
      error: { code: 'HEADERS_TOO_LARGE', message: 'Os cabeçalhos da requisição são grandes demais.' },
    });
  });

  it('keeps serving after refusing one', async () => {
    // Act
    await rawRequest('HELLO\r\n\r\n');
    const res = await fetch(`${server.url}/health`);

    // Assess
    expect(res.status).toBe(200);
  });
});

describe('a handler that throws', () => {
  it('is answered the generic 500 and logged with the error itself', async () => {
    // Prepare
    const { log, lines } = recordingLogger();
    const failing = await startHttpServer(
      async () => {
        throw new Error('handler bug', { cause: new Error('the real reason') });
      },
      0,
      '127.0.0.1',
      () => MAX_BODY_BYTES,
      log,
    );

    // Act
    const res = await fetch(`${failing.url}/slack/events`, { method: 'POST', body: '{}' });
    const body = await res.json();
    await failing.close();

    // Assess
    expect(res.status).toBe(500);
    expect(body).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) } });
    expect(JSON.stringify(body)).not.toContain('handler bug');
    expect(lines).toMatchObject([
      {
        level: 'error',
        fields: {
          method: 'POST',
          path: '/slack/events',
          error: { message: 'handler bug', cause: { message: 'the real reason' } },
        },
      },
    ]);
  });
});
