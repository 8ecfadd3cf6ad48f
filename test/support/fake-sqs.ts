// A stand-in for Amazon SQS on loopback: SendMessage in AWS JSON 1.0 (X-Amz-Target AmazonSQS.SendMessage), as
// @aws-sdk/client-sqs 3.1169 speaks it, with FIFO rules; and builders for the SQS events Lambda hands a consumer.
//
// Point the client with AWS_ENDPOINT_URL_SQS *and* use `queueUrl(name)`: the SDK sends each call to the QueueUrl's
// own host when it differs from the configured endpoint (useQueueUrlAsEndpoint), so a real-looking
// https://sqs.<region>.amazonaws.com/... URL would leave the machine.
import { createHash, randomUUID } from 'node:crypto';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { type Reply, startLoopbackServer } from './loopback-server.ts';

export const SQS_ACCOUNT = '123456789012';
export const SQS_REGION = 'us-east-1';
/** SQS drops a FIFO message whose deduplication id was already sent within this interval. */
export const DEDUPLICATION_INTERVAL_MS = 5 * 60 * 1000;
/** SendMessage's size limit (raised from 256 KiB to 1 MiB in 2025). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface SqsCall {
  operation: string;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}
export interface SqsMessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}
/** A message SQS accepted (deduplicated sends are not repeated here). */
export interface SqsMessage {
  queueName: string;
  messageId: string;
  body: string;
  md5OfBody: string;
  sentTimestamp: number;
  messageGroupId?: string;
  messageDeduplicationId?: string;
  sequenceNumber?: string;
  messageAttributes?: Record<string, SqsMessageAttribute>;
}
export interface FakeSqsQueue {
  name: string;
  contentBasedDeduplication?: boolean;
}

export interface FakeSqs {
  url: string;
  /** The queue's URL on the fake's own host (see the note at the top). */
  queueUrl(name: string): string;
  queueArn(name: string): string;
  calls: SqsCall[];
  /** Messages accepted on a queue, in send order. */
  messages(name: string): SqsMessage[];
  /** Every SendMessage answered 200, duplicates included: what the SDK was told. */
  sendResults: { queueName: string; messageId: string; sequenceNumber?: string; duplicate: boolean }[];
  /** The next call of `operation` is refused with this error (`__type` code and HTTP status), e.g. a 500 InternalError. */
  failNext(operation: string, code: string, status?: number): void;
  /** Moves the fake's clock forward, e.g. past the 5-minute deduplication interval. */
  advanceTime(ms: number): void;
  close(): Promise<void>;
}

class SqsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}
const json = (status: number, body: unknown): Reply => ({
  status,
  contentType: 'application/x-amz-json-1.0',
  body: JSON.stringify(body),
});
// SQS's JSON errors carry the Smithy shape id; the SDK keeps the part after '#' as the error name.
const fail = (e: SqsError) => json(e.status, { __type: `com.amazonaws.sqs#${e.code}`, message: e.message });
const md5 = (data: Buffer | string) => createHash('md5').update(data).digest('hex');

// SQS accepts #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF; anything else is refused.
const INVALID_BODY_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
// MessageGroupId and MessageDeduplicationId: 1-128 of alphanumerics and punctuation (!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~).
const FIFO_ID = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;

/** MD5OfMessageAttributes, as SQS computes it: names sorted, each field length-prefixed (4 bytes, big-endian). */
export function md5OfMessageAttributes(attributes: Record<string, SqsMessageAttribute>): string {
  const parts: Buffer[] = [];
  const field = (b: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    parts.push(len, b);
  };
  for (const name of Object.keys(attributes).sort()) {
    const a = attributes[name]!;
    field(Buffer.from(name, 'utf8'));
    field(Buffer.from(a.DataType, 'utf8'));
    if (a.BinaryValue !== undefined) {
      parts.push(Buffer.from([2]));
      field(Buffer.from(a.BinaryValue, 'base64'));
    } else {
      parts.push(Buffer.from([1]));
      field(Buffer.from(a.StringValue ?? '', 'utf8'));
    }
  }
  return md5(Buffer.concat(parts));
}

export async function startFakeSqs(opts: { queues: (string | FakeSqsQueue)[] }): Promise<FakeSqs> {
  const queues = new Map<string, FakeSqsQueue>(
    opts.queues.map((q) => (typeof q === 'string' ? { name: q } : q)).map((q) => [q.name, q]),
  );
  const calls: SqsCall[] = [];
  const stored = new Map<string, SqsMessage[]>([...queues.keys()].map((n) => [n, []]));
  const sendResults: FakeSqs['sendResults'] = [];
  /** queue → dedupe id → the accepted message it belongs to. */
  const dedupe = new Map<string, Map<string, SqsMessage>>();
  const failures = new Map<string, { code: string; status: number }>();
  let clockOffset = 0;
  const now = () => Date.now() + clockOffset;
  let sequence = 0n;
  const nextSequenceNumber = () => String(18_849_496_460_467_696_128n + ++sequence * 65_536n);
  let url = '';

  function queueOf(queueUrl: unknown): FakeSqsQueue {
    if (typeof queueUrl !== 'string' || !queueUrl)
      throw new SqsError('MissingParameter', 'The request must contain the parameter QueueUrl.');
    let parsed: URL;
    try {
      parsed = new URL(queueUrl);
    } catch {
      throw new SqsError('InvalidAddress', 'The address is not valid for this endpoint.');
    }
    const [, account, name] = parsed.pathname.split('/');
    const queue = account === SQS_ACCOUNT && parsed.origin === url ? queues.get(name ?? '') : undefined;
    if (!queue) throw new SqsError('QueueDoesNotExist', 'The specified queue does not exist.');
    return queue;
  }

  function sendMessage(b: Record<string, unknown>): Reply {
    const queue = queueOf(b.QueueUrl);
    const fifo = queue.name.endsWith('.fifo');
    if (typeof b.MessageBody !== 'string')
      throw new SqsError('MissingParameter', 'The request must contain the parameter MessageBody.');
    const body = b.MessageBody;
    if (body.length === 0 || INVALID_BODY_CHARACTER.test(body)) {
      throw new SqsError(
        'InvalidMessageContents',
        'Invalid binary character in the message body, or an empty body. Valid: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
      );
    }
    const attributes = b.MessageAttributes as Record<string, SqsMessageAttribute> | undefined;
    const size =
      Buffer.byteLength(body) +
      Object.entries(attributes ?? {}).reduce(
        (n, [k, a]) =>
          n +
          Buffer.byteLength(k) +
          Buffer.byteLength(a.DataType) +
          Buffer.byteLength(a.StringValue ?? '') +
          Buffer.from(a.BinaryValue ?? '', 'base64').length,
        0,
      );
    if (size > MAX_MESSAGE_BYTES)
      throw new SqsError(
        'InvalidParameterValue',
        `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_MESSAGE_BYTES} bytes.`,
      );

    const groupId = b.MessageGroupId as string | undefined;
    let dedupeId = b.MessageDeduplicationId as string | undefined;
    if (fifo) {
      if (groupId === undefined)
        throw new SqsError('MissingParameter', 'The request must contain the parameter MessageGroupId.');
      if (!FIFO_ID.test(groupId))
        throw new SqsError(
          'InvalidParameterValue',
          `Value ${groupId} for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.`,
        );
      if (b.DelaySeconds !== undefined)
        throw new SqsError(
          'InvalidParameterValue',
          `Value ${String(b.DelaySeconds)} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.`,
        );
      if (dedupeId === undefined) {
        if (!queue.contentBasedDeduplication)
          throw new SqsError(
            'InvalidParameterValue',
            'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
          );
        dedupeId = createHash('sha256').update(body).digest('hex');
      }
      if (!FIFO_ID.test(dedupeId))
        throw new SqsError(
          'InvalidParameterValue',
          `Value ${dedupeId} for parameter MessageDeduplicationId is invalid. Reason: MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.`,
        );
    } else if (dedupeId !== undefined) {
      throw new SqsError(
        'InvalidParameterValue',
        `Value ${dedupeId} for parameter MessageDeduplicationId is invalid. Reason: The request include parameter that is not valid for this queue type.`,
      );
    }

    const md5OfBody = md5(body);
    const reply = (m: SqsMessage, duplicate: boolean) => {
      sendResults.push({ queueName: queue.name, messageId: m.messageId, sequenceNumber: m.sequenceNumber, duplicate });
      return json(200, {
        MD5OfMessageBody: md5OfBody,
        ...(attributes && Object.keys(attributes).length
          ? { MD5OfMessageAttributes: md5OfMessageAttributes(attributes) }
          : {}),
        MessageId: m.messageId,
        ...(m.sequenceNumber ? { SequenceNumber: m.sequenceNumber } : {}),
      });
    };
    if (fifo) {
      // Within the interval a repeated deduplication id is accepted and answered, but not enqueued again.
      const seen = dedupe.get(queue.name)?.get(dedupeId!);
      if (seen && now() - seen.sentTimestamp < DEDUPLICATION_INTERVAL_MS) return reply(seen, true);
    }
    const message: SqsMessage = {
      queueName: queue.name,
      messageId: randomUUID(),
      body,
      md5OfBody,
      sentTimestamp: now(),
      ...(groupId !== undefined ? { messageGroupId: groupId } : {}),
      ...(fifo ? { messageDeduplicationId: dedupeId!, sequenceNumber: nextSequenceNumber() } : {}),
      ...(attributes ? { messageAttributes: attributes } : {}),
    };
    stored.get(queue.name)!.push(message);
    if (fifo) {
      if (!dedupe.has(queue.name)) dedupe.set(queue.name, new Map());
      dedupe.get(queue.name)!.set(dedupeId!, message);
    }
    return reply(message, false);
  }

  const server = await startLoopbackServer((req) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : target;
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(req.body || '{}') as Record<string, unknown>;
    } catch {
      return json(400, { __type: 'com.amazon.coral.service#SerializationException', message: 'Malformed JSON body' });
    }
    calls.push({ operation, body, headers: req.headers });
    try {
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/x-amz-json-1.0') {
        throw new SqsError('InvalidAction', 'Expected a POST with content-type application/x-amz-json-1.0');
      }
      const failure = failures.get(operation);
      if (failure) {
        failures.delete(operation);
        throw new SqsError(failure.code, `Injected ${failure.code}`, failure.status);
      }
      if (operation === 'SendMessage') return sendMessage(body);
      return json(400, {
        __type: 'com.amazon.coral.service#UnknownOperationException',
        message: `The fake has no ${operation || 'operation'}`,
      });
    } catch (err) {
      if (err instanceof SqsError) return fail(err);
      throw err;
    }
  });
  url = server.url;

  return {
    url,
    queueUrl: (name) => `${url}/${SQS_ACCOUNT}/${name}`,
    queueArn: (name) => `arn:aws:sqs:${SQS_REGION}:${SQS_ACCOUNT}:${name}`,
    calls,
    messages: (name) => stored.get(name) ?? [],
    sendResults,
    failNext: (operation, code, status = 400) => {
      failures.set(operation, { code, status });
    },
    advanceTime: (ms) => {
      clockOffset += ms;
    },
    close: server.close,
  };
}

/**
 * One record of the event Lambda's SQS poller hands the function, shaped like AWS's documented FIFO example.
 * A redelivery keeps messageId and gets a new receipt handle and a higher ApproximateReceiveCount.
 */
export function sqsRecord(
  message: SqsMessage,
  opts: { receiveCount?: number; firstReceivedAt?: number } = {},
): SQSRecord {
  const receiveCount = opts.receiveCount ?? 1;
  return {
    messageId: message.messageId,
    receiptHandle: `AQEB${Buffer.from(`${message.messageId}:${receiveCount}:${randomUUID()}`).toString('base64')}`,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: String(message.sentTimestamp),
      SenderId: 'AROAEXAMPLEROLEID:webhook',
      ApproximateFirstReceiveTimestamp: String(opts.firstReceivedAt ?? message.sentTimestamp + 5),
      ...(message.sequenceNumber ? { SequenceNumber: message.sequenceNumber } : {}),
      ...(message.messageGroupId !== undefined ? { MessageGroupId: message.messageGroupId } : {}),
      ...(message.messageDeduplicationId ? { MessageDeduplicationId: message.messageDeduplicationId } : {}),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.messageAttributes ?? {}).map(([k, a]) => [
        k,
        {
          dataType: a.DataType,
          ...(a.StringValue !== undefined ? { stringValue: a.StringValue } : {}),
          ...(a.BinaryValue !== undefined ? { binaryValue: a.BinaryValue } : {}),
          stringListValues: [],
          binaryListValues: [],
        },
      ]),
    ),
    md5OfBody: message.md5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${SQS_REGION}:${SQS_ACCOUNT}:${message.queueName}`,
    awsRegion: SQS_REGION,
  };
}

/** An SQS event of these records, in the given order (for FIFO, Lambda keeps each group's order within a batch). */
export function sqsEvent(records: SQSRecord[]): SQSEvent {
  return { Records: records };
}
