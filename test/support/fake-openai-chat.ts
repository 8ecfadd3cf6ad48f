// A loopback stand-in for an OpenAI-compatible chat endpoint (Ollama, llama.cpp server, vLLM): POST
// /v1/chat/completions with stream: true answers server-sent events `data: {choices:[{delta:{content}}]}`, then
// `data: [DONE]`. It records each request body.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOpenAiChat {
  url: string;
  requests: Array<{ path: string; body: Record<string, unknown> }>;
  /** The answer's pieces, one SSE event each. */
  reply: string[];
  status: number;
  close(): Promise<void>;
}

export async function startFakeOpenAiChat(reply: string[]): Promise<FakeOpenAiChat> {
  const fake: FakeOpenAiChat = { url: '', requests: [], reply, status: 200, close: async () => {} };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      raw += c.toString('utf8');
    });
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      fake.requests.push({ path: req.url ?? '', body });
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions' || fake.status !== 200) {
        res.writeHead(fake.status === 200 ? 404 : fake.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'no' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const content of fake.reply)
        res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`);
      res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
      res.write(`data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 321, completion_tokens: 12 } })}\n\n`);
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
