// A plain HTTP server on 127.0.0.1 and a random port, reading each request body whole: the base of the AWS stand-ins.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
export interface Reply {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}
export interface LoopbackServer {
  url: string;
  close(): Promise<void>;
}

export async function startLoopbackServer(
  handle: (req: ReceivedRequest) => Reply | Promise<Reply>,
): Promise<LoopbackServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      let reply: Reply;
      try {
        reply = await handle({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      } catch (err) {
        reply = { status: 500, contentType: 'text/plain', body: `stand-in crashed: ${String(err)}` };
      }
      res.writeHead(reply.status, {
        ...reply.headers,
        'content-type': reply.contentType,
        'x-amzn-requestid': randomUUID(),
      });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
