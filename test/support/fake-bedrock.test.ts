// The Bedrock stand-in itself: its wire format (HTTP/2, event-stream frames), its scripts, and the checks Bedrock
// makes.
import http2 from 'node:http2';
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ANSWER, type FakeBedrock, startFakeBedrock } from './fake-bedrock.ts';

const CREDENTIALS = { accessKeyId: 'test-access-key', secretAccessKey: 'test-secret-key' };
const USER_HI = [{ role: 'user' as const, content: [{ text: 'oi' }] }];

let fake: FakeBedrock;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  fake = await startFakeBedrock();
  client = new BedrockRuntimeClient({
    endpoint: fake.url,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

/** A raw HTTP/2 POST, to see the bytes the SDK would parse. */
async function rawPost(
  path: string,
  body: unknown,
): Promise<{ status: number; headers: http2.IncomingHttpHeaders; bytes: Buffer }> {
  const session = http2.connect(fake.url);
  try {
    return await new Promise((resolve, reject) => {
      const req = session.request({
        ':method': 'POST',
        ':path': path,
        'content-type': 'application/json',
        authorization: 'Bearer test-token',
      });
      const chunks: Buffer[] = [];
      let head: http2.IncomingHttpHeaders = {};
      req.on('response', (h) => {
        head = h;
      });
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve({ status: Number(head[':status']), headers: head, bytes: Buffer.concat(chunks) }));
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  } finally {
    session.close();
  }
}

/** Splits an event-stream body into decoded messages (each starts with its total length, big-endian). */
function frames(bytes: Buffer) {
  const codec = new EventStreamCodec(
    (b) => Buffer.from(b).toString('utf8'),
    (s) => new Uint8Array(Buffer.from(s, 'utf8')),
  );
  const out: { headers: Record<string, unknown>; body: unknown }[] = [];
  for (let at = 0; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const message = codec.decode(new Uint8Array(bytes.subarray(at, at + length)));
    out.push({
      headers: Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, v.value])),
      body: JSON.parse(Buffer.from(message.body).toString('utf8')),
    });
    at += length;
  }
  return out;
}

describe('fake Bedrock ConverseStream wire format', () => {
  it('answers HTTP/2 with application/vnd.amazon.eventstream frames, each typed by :message-type, :event-type and :content-type', async () => {
    // Prepare
    fake.script('m1', { deltas: ['Oi', '!'], usage: { inputTokens: 10, outputTokens: 2 } });

    // Act
    const res = await rawPost('/model/m1/converse-stream', { messages: USER_HI });

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.amazon.eventstream');
    const decoded = frames(res.bytes);
    expect(decoded.map((f) => f.headers)).toEqual(
      ['messageStart', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata'].map(
        (name) => ({ ':message-type': 'event', ':event-type': name, ':content-type': 'application/json' }),
      ),
    );
    expect(decoded.slice(0, 5).map((f) => f.body)).toEqual([
      { role: 'assistant' },
      { contentBlockIndex: 0, delta: { text: 'Oi' } },
      { contentBlockIndex: 0, delta: { text: '!' } },
      { contentBlockIndex: 0 },
      { stopReason: 'end_turn' },
    ]);
    expect(decoded[5]!.body).toMatchObject({
      usage: { inputTokens: 10, outputTokens: 2, totalTokens: 12 },
      metrics: { latencyMs: expect.any(Number) },
    });
  });

  it('ends a throttled stream with an exception frame typed throttlingException', async () => {
    // Prepare
    fake.script('m1', { deltas: ['a', 'b', 'c'], throttleAfter: 1 });

    // Act
    const res = await rawPost('/model/m1/converse-stream', { messages: USER_HI });

    // Assess
    const decoded = frames(res.bytes);
    expect(decoded.map((f) => f.headers[':message-type'])).toEqual(['event', 'event', 'exception']);
    expect(decoded[2]!.headers[':exception-type']).toBe('throttlingException');
    expect(decoded[2]!.body).toEqual({ message: expect.any(String) });
    expect(fake.requests[0]!.deltasSent).toBe(1);
  });

  it('refuses an unsigned request with 403, as Bedrock does', async () => {
    // Prepare
    const session = http2.connect(fake.url);

    // Act (the answer's body is left unread on purpose: close() must not wait for such a client)
    const status = await new Promise<number>((resolve, reject) => {
      const req = session.request({
        ':method': 'POST',
        ':path': '/model/m1/converse-stream',
        'content-type': 'application/json',
      });
      req.on('response', (h) => resolve(Number(h[':status'])));
      req.on('error', reject);
      req.end(JSON.stringify({ messages: USER_HI }));
    });
    session.close();

    // Assess
    expect(status).toBe(403);
  });
});

describe('fake Bedrock scripts', () => {
  it("serves a model's scripts first in, first out, then the '*' scripts, then the default answer", async () => {
    // Prepare
    fake.script('m1', { deltas: ['primeira'] });
    fake.script('m1', { deltas: ['segunda'] });
    fake.script('*', { deltas: ['qualquer'] });
    const converse = async (modelId: string) =>
      (await client.send(new ConverseCommand({ modelId, messages: USER_HI }))).output?.message?.content?.[0]?.text;

    // Act
    const answers = [await converse('m1'), await converse('m1'), await converse('m1'), await converse('m1')];

    // Assess
    expect(answers).toEqual(['primeira', 'segunda', 'qualquer', DEFAULT_ANSWER.join('')]);
  });

  it('answers Converse (not streamed) with the joined deltas, the stop reason and the usage', async () => {
    // Prepare
    fake.script('amazon.nova-micro-v1:0', {
      deltas: ['{"needsRetrieval":', 'true}'],
      usage: { inputTokens: 40, outputTokens: 6 },
      stopReason: 'end_turn',
    });

    // Act
    const out = await client.send(
      new ConverseCommand({
        modelId: 'amazon.nova-micro-v1:0',
        system: [{ text: 'Responda em JSON.' }],
        messages: USER_HI,
        inferenceConfig: { maxTokens: 20 },
      }),
    );

    // Assess
    expect(out.output?.message).toEqual({ role: 'assistant', content: [{ text: '{"needsRetrieval":true}' }] });
    expect(out.stopReason).toBe('end_turn');
    expect(out.usage).toMatchObject({ inputTokens: 40, outputTokens: 6, totalTokens: 46 });
    expect(fake.requests[0]).toMatchObject({
      operation: 'Converse',
      modelId: 'amazon.nova-micro-v1:0',
      body: { system: [{ text: 'Responda em JSON.' }], messages: USER_HI, inferenceConfig: { maxTokens: 20 } },
    });
  });

  it('refuses a pre-stream httpError with the scripted status and error type', async () => {
    // Prepare
    fake.script('m1', {
      deltas: [],
      httpError: { status: 503, type: 'ServiceUnavailableException', message: 'Bedrock is unavailable' },
    });

    // Act
    const result = client.send(new ConverseStreamCommand({ modelId: 'm1', messages: USER_HI }));

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'ServiceUnavailableException',
      message: 'Bedrock is unavailable',
      $metadata: { httpStatusCode: 503 },
    });
  });
});

describe('fake Bedrock conversation checks', () => {
  it.each([
    [
      'starts with an assistant turn',
      [{ role: 'assistant' as const, content: [{ text: 'Olá' }] }, ...USER_HI],
      /must start with a user message/,
    ],
    ['repeats a role', [...USER_HI, ...USER_HI], /must alternate between user and assistant/],
    ['has blank text', [{ role: 'user' as const, content: [{ text: ' ' }] }], /is blank/],
  ])('refuses with ValidationException a conversation that %s', async (_, messages, message) => {
    // Act
    const result = client.send(new ConverseStreamCommand({ modelId: 'm1', messages }));

    // Assess
    await expect(result).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(message),
      $metadata: { httpStatusCode: 400 },
    });
    expect(fake.requests[0]!.status).toBe(400);
  });
});
