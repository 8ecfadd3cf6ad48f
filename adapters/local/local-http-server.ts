// Serves the transport-neutral HTTP API over node:http, reading at most 64 KB of body per request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorResponse } from '../../api/error-response.ts';
import { MAX_BODY_BYTES, type HttpRequest, type HttpResponse } from '../../api/http-types.ts';
import { langFromAcceptLanguage } from '../../core/lang.ts';

export type RequestHandler = (req: HttpRequest) => Promise<HttpResponse>;

/** Resolves the body, or null once it exceeds the limit (the rest is drained, not buffered). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      if (tooLarge) return;
      size += c.length;
      if (size > limit) { tooLarge = true; chunks.length = 0; return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `bodyLimit` lets a route accept more than the API's 64 KB (a Telegram update must never get a 413 it would resend). */
export async function startHttpServer(
  handle: RequestHandler, port: number, host = '127.0.0.1', bodyLimit: (path: string) => number = () => MAX_BODY_BYTES,
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const p = serve(req, res);
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  });
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    let response: HttpResponse;
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      const limit = bodyLimit(url.pathname);
      const declared = Number(req.headers['content-length'] ?? 0);
      const body = declared > limit ? null : await readBody(req, limit);
      if (body === null) {
        response = errorResponse('PAYLOAD_TOO_LARGE', langFromAcceptLanguage(headers['accept-language']), 'Payload too large', 413);
        response.headers.connection = 'close';
      } else {
        response = await handle({ method: req.method ?? 'GET', path: url.pathname, headers, body: body.length ? body : undefined });
      }
    } catch {
      response = errorResponse('INTERNAL', 'en', 'Internal error', 500);
    }
    res.writeHead(response.status, response.headers).end(response.body);
  }
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, host, () => resolve()); });
  const { port: bound } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host}:${bound}`,
    // Stop accepting, let requests already being handled finish (they may be mid-write), then drop idle connections.
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await closed;
    },
  };
}
