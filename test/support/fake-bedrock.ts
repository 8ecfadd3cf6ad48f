// A stand-in for Amazon Bedrock on loopback, speaking HTTP/2 cleartext like the real clients expect:
// bedrock-runtime Converse / ConverseStream (restJson1 + application/vnd.amazon.eventstream) and
// bedrock-agent-runtime Retrieve (restJson1). Scripted answers, a per-knowledge-base corpus, and every request
// recorded.
//
// Both Bedrock clients default to NodeHttp2Handler, which opens `http2.connect(endpoint)`; for an `http://` endpoint
// that
// is HTTP/2 with prior knowledge (h2c), so a cleartext `http2.createServer` is all they need: no handler configuration.
// A client given an HTTP/1.1 `NodeHttpHandler` cannot reach it (HPE_INVALID_CONSTANT): leave `requestHandler` alone.
import { randomUUID } from 'node:crypto';
import http2 from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';

/** What one Converse / ConverseStream call answers. Scripts queue per model id (FIFO); '*' serves any model. */
export interface ConverseScript {
  /** The answer's text, one ConverseStream contentBlockDelta each (Converse answers them joined). */
  deltas: string[];
  /** Pause before each delta: one value for all, or one per delta index (missing entries: 0). */
  delayMs?: number | number[];
  /** Pause before the first delta (after the response headers and messageStart); overrides delayMs for delta 0. */
  firstTokenDelayMs?: number;
  /** After this many deltas, an exception frame (`:exception-type=throttlingException`) ends the stream. */
  throttleAfter?: number;
  /** Refuse the call before any streaming, e.g. { status: 429, type: 'ThrottlingException', message: 'Too many requests' }. */
  httpError?: { status: number; type: string; message: string };
  /** Defaults to an estimate: about 4 characters per token. */
  usage?: { inputTokens: number; outputTokens: number; totalTokens?: number };
  /** messageStop's stopReason (default end_turn). */
  stopReason?: string;
  /**
   * Serve this script only to a request it matches (e.g. by `requestMetadata`), for calls made concurrently: the first
   * matching script in the queue is taken. Scripts without `when` match any request.
   */
  when?: (request: { modelId: string; body: any }) => boolean;
}

/** One chunk in a knowledge base, as Bedrock returns it from Retrieve. */
export interface KnowledgeChunk {
  text: string;
  /** s3://bucket/key of the source document. */
  uri: string;
  metadata?: Record<string, unknown>;
}

/** One raw Retrieve result, for scripts that must control exactly what (and in which order) Bedrock answers. */
export interface RetrievalResult {
  content: { text: string; type?: string };
  location?: { type: string; s3Location?: { uri: string } };
  score?: number;
  metadata?: Record<string, unknown>;
}

export type RetrieveScript =
  | { results: RetrievalResult[] }
  | { error: { status: number; type: string; message: string } };

export interface BedrockRequest {
  operation: 'Converse' | 'ConverseStream' | 'Retrieve' | 'Unknown';
  method: string;
  /** The path as sent (model ids still URL-encoded). */
  path: string;
  /** Decoded from the path, for Converse and ConverseStream. */
  modelId?: string;
  /** Decoded from the path, for Retrieve. */
  knowledgeBaseId?: string;
  headers: http2.IncomingHttpHeaders;
  /** The parsed JSON body (undefined when it did not parse). */
  body: any;
  /** The HTTP status answered. */
  status?: number;
  /** ConverseStream: how many deltas were written before the stream ended. */
  deltasSent?: number;
  /** ConverseStream: the client closed the stream before the fake finished writing it. */
  closedByClient?: boolean;
  /** Resolves once the fake is done with the request (answered, or the client went away). */
  done: Promise<void>;
}

export interface FakeBedrock {
  /** http://127.0.0.1:<port>: pass as `endpoint`, or as AWS_ENDPOINT_URL_BEDROCK_RUNTIME / AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME. */
  url: string;
  requests: BedrockRequest[];
  /** Queue the answer for the next Converse/ConverseStream call on `modelId` ('*': any model without its own script). */
  script(modelId: string, script: ConverseScript): void;
  /** Replace a knowledge base's chunks. Retrieve ranks them by word overlap with the query; an unknown id is a 404. */
  loadCorpus(knowledgeBaseId: string, chunks: KnowledgeChunk[]): void;
  /** Queue an exact answer (or an error) for the next Retrieve on `knowledgeBaseId` ('*': any). */
  scriptRetrieve(knowledgeBaseId: string, script: RetrieveScript): void;
  /** Forget scripts, corpora and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_ANSWER = ['Olá! ', 'Como posso ', 'ajudar?'];

// @smithy/util-utf8 is not installed (the SDK now bundles it into @smithy/core): the platform's codecs do the same job.
const fromUtf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const toUtf8 = (b: Uint8Array): string => new TextDecoder().decode(b);
const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** One event-stream frame, as Bedrock frames ConverseStream events and modelled exceptions. */
export function eventFrame(kind: 'event' | 'exception', name: string, payload: unknown): Uint8Array {
  const headers: MessageHeaders = {
    ':message-type': { type: 'string', value: kind },
    [kind === 'event' ? ':event-type' : ':exception-type']: { type: 'string', value: name },
    ':content-type': { type: 'string', value: 'application/json' },
  };
  return codec.encode({ headers, body: fromUtf8(JSON.stringify(payload)) });
}

class BedrockError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const tokensOf = (text: string) => Math.max(1, Math.ceil(text.length / 4));
const words = (s: string) =>
  new Set(
    s
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .match(/[a-z0-9]+/g) ?? [],
  );

/** Checks Bedrock enforces on a Converse request (the Messages API rules every model shares). */
function validateConverse(body: any): void {
  const messages = body?.messages;
  if (!Array.isArray(messages) || messages.length === 0)
    throw new BedrockError(
      400,
      'ValidationException',
      'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
    );
  if (messages[0]?.role !== 'user')
    throw new BedrockError(
      400,
      'ValidationException',
      'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
    );
  messages.forEach((m: any, i: number) => {
    if (m?.role !== 'user' && m?.role !== 'assistant')
      throw new BedrockError(
        400,
        'ValidationException',
        `1 validation error detected: Value at 'messages.${i + 1}.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]`,
      );
    if (i > 0 && messages[i - 1].role === m.role)
      throw new BedrockError(
        400,
        'ValidationException',
        'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.',
      );
    if (!Array.isArray(m.content) || m.content.length === 0)
      throw new BedrockError(
        400,
        'ValidationException',
        `The content field in the Message object at messages.${i} is empty. Add a ContentBlock object to the content field and try again.`,
      );
    m.content.forEach((c: any, j: number) => {
      if (typeof c?.text === 'string' && c.text.trim() === '')
        throw new BedrockError(
          400,
          'ValidationException',
          `The text field in the ContentBlock object at messages.${i}.content.${j} is blank. Add text to the text field, and try again.`,
        );
    });
  });
  const max = body?.inferenceConfig?.maxTokens;
  if (max !== undefined && (!Number.isInteger(max) || max < 1))
    throw new BedrockError(
      400,
      'ValidationException',
      `1 validation error detected: Value '${max}' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1`,
    );
}

const requestText = (body: any) => JSON.stringify([body?.system ?? [], body?.messages ?? []]);

export async function startFakeBedrock(): Promise<FakeBedrock> {
  const requests: BedrockRequest[] = [];
  const scripts = new Map<string, ConverseScript[]>();
  const corpora = new Map<string, KnowledgeChunk[]>();
  const retrieveScripts = new Map<string, RetrieveScript[]>();

  const take = <T>(queues: Map<string, T[]>, id: string): T | undefined =>
    queues.get(id)?.shift() ?? queues.get('*')?.shift();
  /** The first script, in the model's queue then in '*', whose `when` (if any) matches the request. */
  const takeConverse = (rec: BedrockRequest): ConverseScript | undefined => {
    for (const id of [rec.modelId!, '*']) {
      const queue = scripts.get(id) ?? [];
      const at = queue.findIndex((s) => !s.when || s.when({ modelId: rec.modelId!, body: rec.body }));
      if (at >= 0) return queue.splice(at, 1)[0];
    }
    return undefined;
  };
  const enqueue = <T>(queues: Map<string, T[]>, id: string, item: T) => {
    queues.set(id, [...(queues.get(id) ?? []), item]);
  };

  function answerJson(
    res: http2.Http2ServerResponse,
    rec: BedrockRequest,
    status: number,
    body: unknown,
    errorType?: string,
  ): void {
    rec.status = status;
    const headers: http2.OutgoingHttpHeaders = { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() };
    // restJson1: the SDK takes the error code from x-amzn-errortype first, then the body's `code`, then `__type`.
    if (errorType) headers['x-amzn-errortype'] = `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/`;
    res.writeHead(status, headers);
    res.end(JSON.stringify(body));
  }

  async function converseStream(res: http2.Http2ServerResponse, rec: BedrockRequest, s: ConverseScript): Promise<void> {
    const started = Date.now();
    rec.status = 200;
    rec.deltasSent = 0;
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': randomUUID() });
    const gone = () => res.stream.closed || res.stream.destroyed;
    const write = (frame: Uint8Array) => {
      if (!gone()) res.write(frame);
    };
    write(eventFrame('event', 'messageStart', { role: 'assistant' }));
    for (let i = 0; i < s.deltas.length; i++) {
      if (s.throttleAfter !== undefined && i >= s.throttleAfter) break;
      const pause =
        i === 0 && s.firstTokenDelayMs !== undefined
          ? s.firstTokenDelayMs
          : Array.isArray(s.delayMs)
            ? (s.delayMs[i] ?? 0)
            : (s.delayMs ?? 0);
      if (pause > 0) await sleep(pause);
      if (gone()) {
        rec.closedByClient = true;
        return;
      }
      write(eventFrame('event', 'contentBlockDelta', { contentBlockIndex: 0, delta: { text: s.deltas[i] } }));
      rec.deltasSent++;
    }
    if (gone()) {
      rec.closedByClient = true;
      return;
    }
    if (s.throttleAfter !== undefined && s.throttleAfter < s.deltas.length) {
      write(
        eventFrame('exception', 'throttlingException', {
          message: 'Too many tokens, please wait before trying again.',
        }),
      );
      res.end();
      return;
    }
    const text = s.deltas.join('');
    const usage = s.usage ?? { inputTokens: tokensOf(requestText(rec.body)), outputTokens: tokensOf(text) };
    write(eventFrame('event', 'contentBlockStop', { contentBlockIndex: 0 }));
    write(eventFrame('event', 'messageStop', { stopReason: s.stopReason ?? 'end_turn' }));
    write(
      eventFrame('event', 'metadata', {
        usage: { ...usage, totalTokens: usage.totalTokens ?? usage.inputTokens + usage.outputTokens },
        metrics: { latencyMs: Date.now() - started },
      }),
    );
    res.end();
  }

  async function converse(res: http2.Http2ServerResponse, rec: BedrockRequest, s: ConverseScript): Promise<void> {
    const started = Date.now();
    if (s.throttleAfter !== undefined && s.throttleAfter < s.deltas.length)
      throw new BedrockError(429, 'ThrottlingException', 'Too many tokens, please wait before trying again.');
    const pauses = s.deltas.map((_, i) =>
      i === 0 && s.firstTokenDelayMs !== undefined
        ? s.firstTokenDelayMs
        : Array.isArray(s.delayMs)
          ? (s.delayMs[i] ?? 0)
          : (s.delayMs ?? 0),
    );
    const total = pauses.reduce((a, b) => a + b, 0);
    if (total > 0) await sleep(total);
    const text = s.deltas.join('');
    const usage = s.usage ?? { inputTokens: tokensOf(requestText(rec.body)), outputTokens: tokensOf(text) };
    answerJson(res, rec, 200, {
      output: { message: { role: 'assistant', content: [{ text }] } },
      stopReason: s.stopReason ?? 'end_turn',
      usage: { ...usage, totalTokens: usage.totalTokens ?? usage.inputTokens + usage.outputTokens },
      metrics: { latencyMs: Date.now() - started },
    });
  }

  function retrieve(res: http2.Http2ServerResponse, rec: BedrockRequest): void {
    const id = rec.knowledgeBaseId!;
    const text = rec.body?.retrievalQuery?.text;
    if (typeof text !== 'string' || text.length === 0)
      throw new BedrockError(
        400,
        'ValidationException',
        "1 validation error detected: Value at 'retrievalQuery.text' failed to satisfy constraint: Member must not be null",
      );
    const n = rec.body?.retrievalConfiguration?.vectorSearchConfiguration?.numberOfResults ?? 5;
    if (!Number.isInteger(n) || n < 1 || n > 100)
      throw new BedrockError(
        400,
        'ValidationException',
        `1 validation error detected: Value '${n}' at 'retrievalConfiguration.vectorSearchConfiguration.numberOfResults' failed to satisfy constraint: Member must have value between 1 and 100`,
      );
    const scripted = take(retrieveScripts, id);
    if (scripted && 'error' in scripted)
      throw new BedrockError(scripted.error.status, scripted.error.type, scripted.error.message);
    if (scripted) {
      answerJson(res, rec, 200, { retrievalResults: scripted.results });
      return;
    }
    const chunks = corpora.get(id);
    if (!chunks)
      throw new BedrockError(404, 'ResourceNotFoundException', `Knowledge base with id ${id} does not exist`);
    const q = words(text);
    const ranked = chunks
      .map((c) => {
        const w = words(c.text);
        const hits = [...q].filter((t) => w.has(t)).length;
        return { c, score: q.size === 0 ? 0 : Number((hits / q.size).toFixed(4)) };
      })
      .filter((r) => r.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, n);
    answerJson(res, rec, 200, {
      retrievalResults: ranked.map(({ c, score }) => ({
        content: { text: c.text, type: 'TEXT' },
        location: { type: 'S3', s3Location: { uri: c.uri } },
        score,
        metadata: { 'x-amz-bedrock-kb-source-uri': c.uri, 'x-amz-bedrock-kb-chunk-id': randomUUID(), ...c.metadata },
      })),
    });
  }

  async function handle(
    req: http2.Http2ServerRequest,
    res: http2.Http2ServerResponse,
    raw: string,
    rec: BedrockRequest,
  ): Promise<void> {
    try {
      if (rec.body === undefined)
        throw new BedrockError(400, 'SerializationException', 'The request body is not valid JSON');
      const auth = String(req.headers.authorization ?? '');
      if (!auth.startsWith('AWS4-HMAC-SHA256 ') && !auth.startsWith('Bearer '))
        throw new BedrockError(403, 'AccessDeniedException', 'Missing Authentication Token');
      if (rec.operation === 'Retrieve') return retrieve(res, rec);
      if (rec.operation === 'Converse' || rec.operation === 'ConverseStream') {
        validateConverse(rec.body);
        const s = takeConverse(rec) ?? { deltas: DEFAULT_ANSWER };
        if (s.httpError) throw new BedrockError(s.httpError.status, s.httpError.type, s.httpError.message);
        return rec.operation === 'Converse' ? await converse(res, rec, s) : await converseStream(res, rec, s);
      }
      throw new BedrockError(
        404,
        'UnknownOperationException',
        `No operation at ${req.method} ${rec.path} (${raw.length} bytes)`,
      );
    } catch (err) {
      if (err instanceof BedrockError) return answerJson(res, rec, err.status, { message: err.message }, err.type);
      answerJson(res, rec, 500, { message: `stand-in crashed: ${String(err)}` }, 'InternalServerException');
    }
  }

  const server = http2.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '';
      const pathname = path.split('?')[0]!;
      let body: unknown;
      try {
        body = raw.length ? JSON.parse(raw) : {};
      } catch {
        body = undefined;
      }
      const model = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(pathname);
      const kb = /^\/knowledgebases\/([^/]+)\/retrieve$/.exec(pathname);
      let finish!: () => void;
      const rec: BedrockRequest = {
        operation:
          req.method !== 'POST'
            ? 'Unknown'
            : model
              ? model[2] === 'converse'
                ? 'Converse'
                : 'ConverseStream'
              : kb
                ? 'Retrieve'
                : 'Unknown',
        method: req.method,
        path,
        headers: req.headers,
        body,
        modelId: model ? decodeURIComponent(model[1]!) : undefined,
        knowledgeBaseId: kb ? decodeURIComponent(kb[1]!) : undefined,
        done: new Promise<void>((r) => {
          finish = r;
        }),
      };
      requests.push(rec);
      res.stream.once('close', () => {
        if (!res.writableEnded) rec.closedByClient = true;
        finish();
      });
      void handle(req, res, raw, rec).finally(finish);
    });
  });
  // Closing must not wait for clients: a session can be closed (GOAWAY) yet keep its socket while a stream is unread.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    script: (modelId, s) => enqueue(scripts, modelId, s),
    loadCorpus: (id, chunks) => {
      corpora.set(id, chunks);
    },
    scriptRetrieve: (id, s) => enqueue(retrieveScripts, id, s),
    reset: () => {
      requests.length = 0;
      scripts.clear();
      corpora.clear();
      retrieveScripts.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
