// A stand-in for Amazon Transcribe streaming on loopback: HTTP/2 cleartext (the client's NodeHttp2Handler speaks h2c
// to an http:// endpoint), POST /stream-transcription with signed audio-event frames in, TranscriptEvent frames out.
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { eventFrame } from './fake-bedrock.ts';

const codec = new EventStreamCodec(
  (b) => new TextDecoder().decode(b),
  (s) => new TextEncoder().encode(s),
);

export interface TranscribeCall {
  languageCode: string;
  mediaEncoding: string;
  sampleRate: string;
  /** The audio as it arrived, every AudioEvent's chunk joined. */
  audio: Buffer;
  audioEvents: number;
}

export interface FakeTranscribe {
  url: string;
  calls: TranscribeCall[];
  /** What the next calls answer: final result texts, each optionally preceded by a partial one. */
  script: { finals: string[]; partials?: boolean };
  close(): Promise<void>;
}

/** Splits a byte stream into event-stream messages (each begins with its total length, big-endian). */
function messagesOf(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at + 4 <= buf.length; ) {
    const total = buf.readUInt32BE(at);
    out.push(buf.subarray(at, at + total));
    at += total;
  }
  return out;
}

const result = (text: string, partial: boolean) => ({
  Transcript: {
    Results: [
      { ResultId: 'r1', IsPartial: partial, StartTime: 0, EndTime: 1, Alternatives: [{ Transcript: text, Items: [] }] },
    ],
  },
});

export async function startFakeTranscribe(): Promise<FakeTranscribe> {
  const calls: TranscribeCall[] = [];
  const fake = { calls, script: { finals: ['quero uma pizza de calabresa'] as string[], partials: true } };
  const server = http2.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url?.split('?')[0] !== '/stream-transcription') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"message":"not found"}');
        return;
      }
      // Each frame the client sends is signed: the outer message carries :chunk-signature, its body the AudioEvent.
      const audio: Buffer[] = [];
      for (const outer of messagesOf(Buffer.concat(chunks))) {
        const inner = codec.decode(outer).body;
        if (inner.byteLength === 0) continue; // the empty frame that ends the stream
        const event = codec.decode(inner);
        if (event.headers[':event-type']?.value === 'AudioEvent') audio.push(Buffer.from(event.body));
      }
      calls.push({
        languageCode: String(req.headers['x-amzn-transcribe-language-code'] ?? ''),
        mediaEncoding: String(req.headers['x-amzn-transcribe-media-encoding'] ?? ''),
        sampleRate: String(req.headers['x-amzn-transcribe-sample-rate'] ?? ''),
        audio: Buffer.concat(audio),
        audioEvents: audio.length,
      });
      res.writeHead(200, {
        'content-type': 'application/vnd.amazon.eventstream',
        'x-amzn-request-id': `req-${calls.length}`,
      });
      for (const text of fake.script.finals) {
        if (fake.script.partials) res.write(eventFrame('event', 'TranscriptEvent', result(text.split(' ')[0]!, true)));
        res.write(eventFrame('event', 'TranscriptEvent', result(text, false)));
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    get script() {
      return fake.script;
    },
    set script(s) {
      fake.script = s;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
