// Serves the transport-neutral HTTP API over node:http, reading at most each route's body limit, with JSON errors even
// for requests Node refuses.
import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ErrorCode } from '../../core/errors.ts';
import {
  byteLimitLabel,
  errorResponse,
  type HttpRequest,
  type HttpResponse,
  MAX_BODY_BYTES,
} from '../../core/http-exchange.ts';
import { langFromAcceptLanguage } from '../../core/lang.ts';
import { type Logger, silentLogger } from '../../core/logger.ts';

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
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Node's own codes for a request its parser refused, and the error we answer with (Node's default is an empty 400). */
function parserRefusal(err: NodeJS.ErrnoException): HttpResponse {
  const code =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? ErrorCode.HeadersTooLarge
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ErrorCode.RequestTimeout
        : ErrorCode.MalformedRequest;
  // No header was parsed, so no Accept-Language either: the API's default language. The status is the code's (431, 408,
  // 400).
  return errorResponse(code, 'pt-BR', 'Bad request');
}

/**
 * Replaces Node's default 'clientError' answer (an empty, non-JSON 400) with the API's JSON error shape. Like Node's
 * own handler (lib/_http_server.js socketOnError), it writes only while no response of this connection has started,
 * so a pipelined response is never corrupted; `_httpMessage` is the in-flight ServerResponse Node attaches there.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const res = parserRefusal(err);
  const head = [
    `HTTP/1.1 ${res.status} ${STATUS_CODES[res.status] ?? 'Bad Request'}`,
    ...Object.entries(res.headers).map(([k, v]) => `${k}: ${v}`),
    `content-length: ${Buffer.byteLength(res.body)}`,
    'connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${res.body}`);
}

/**
 * `bodyLimit` lets a route accept more than the API's 64 KB (a Telegram update must never get a 413 it would resend).
 * A handler that throws gets the generic 500, and `log` the error.
 */
export async function startHttpServer(
  handle: RequestHandler,
  port: number,
  host = '127.0.0.1',
  bodyLimit: (path: string) => number = () => MAX_BODY_BYTES,
  log: Logger = silentLogger,
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
        // Named for this route's own limit: the webhooks accept far more than the API's 64 KB.
        response = errorResponse(
          'PAYLOAD_TOO_LARGE',
          langFromAcceptLanguage(headers['accept-language']),
          'Payload too large',
          413,
          { limit: byteLimitLabel(limit) },
        );
        response.headers.connection = 'close';
      } else {
        response = await handle({
          method: req.method ?? 'GET',
          path: url.pathname,
          ...(url.search.length > 1 ? { query: url.search.slice(1) } : {}),
          headers,
          body: body.length ? body : undefined,
        });
      }
    } catch (err) {
      log.error('http: a request could not be handled (answered 500)', {
        method: req.method,
        path: req.url,
        error: err,
      });
      response = errorResponse(ErrorCode.Internal, 'en', 'Internal error');
    }
    res.writeHead(response.status, response.headers).end(response.body);
  }
  server.on('clientError', answerClientError);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
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
