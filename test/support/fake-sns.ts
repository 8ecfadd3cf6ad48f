// A stand-in for Amazon SNS on loopback: the AWS Query protocol (form-encoded POST, XML replies) that
// @aws-sdk/client-sns speaks.
import { randomUUID } from 'node:crypto';
import { type Reply, startLoopbackServer } from './loopback-server.ts';

const NS = 'http://sns.amazonaws.com/doc/2010-03-31/';
export interface SnsCall {
  action: string;
  params: Record<string, string>;
  contentType: string | undefined;
}
export interface SnsSubscription {
  arn: string;
  topicArn: string;
  protocol: string;
  endpoint: string;
  attributes: Record<string, string>;
}
/** A message as SNS would hand it to one subscriber, after the filter policy and the per-protocol body were applied. */
export interface SnsDelivery {
  messageId: string;
  protocol: string;
  endpoint: string;
  body: string;
  attributes: Record<string, string>;
}

export interface FakeSns {
  url: string;
  calls: SnsCall[];
  subscriptions: SnsSubscription[];
  deliveries: SnsDelivery[];
  /** The next call of `action` is refused with this SNS error code (e.g. InternalError, InvalidParameter). */
  failNext(action: string, code: string, status?: number): void;
  close(): Promise<void>;
}

class SnsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const ok = (action: string, result: string): Reply => ({
  status: 200,
  contentType: 'text/xml',
  body: `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`,
});
const fail = (e: SnsError): Reply => ({
  status: e.status,
  contentType: 'text/xml',
  body: `<ErrorResponse xmlns="${NS}"><Error><Type>${e.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${e.code}</Code><Message>${xml(e.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
});

/** `Prefix.entry.N.<k>` / `Prefix.entry.N.<v>` pairs of a Query map, back into an object. */
export function queryMap(params: Record<string, string>, prefix: string, k: string, v: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 1; params[`${prefix}.entry.${i}.${k}`] !== undefined; i++)
    out[params[`${prefix}.entry.${i}.${k}`]!] = params[`${prefix}.entry.${i}.${v}`]!;
  return out;
}

/** MessageAttributes of a Publish call as the SDK sent them: name → { DataType, StringValue }. */
export function messageAttributes(
  params: Record<string, string>,
): Record<string, { DataType: string; StringValue?: string }> {
  const out: Record<string, { DataType: string; StringValue?: string }> = {};
  for (let i = 1; params[`MessageAttributes.entry.${i}.Name`] !== undefined; i++) {
    const p = `MessageAttributes.entry.${i}.Value`;
    out[params[`MessageAttributes.entry.${i}.Name`]!] = {
      DataType: params[`${p}.DataType`]!,
      StringValue: params[`${p}.StringValue`],
    };
  }
  return out;
}

/** Exact-string filter policies on message attributes (the only kind this project uses): every key must match. */
function matches(filterPolicy: string | undefined, attrs: Record<string, string>): boolean {
  if (!filterPolicy) return true;
  const policy = JSON.parse(filterPolicy) as Record<string, unknown[]>;
  return Object.entries(policy).every(([key, allowed]) => attrs[key] !== undefined && allowed.includes(attrs[key]));
}

export async function startFakeSns(opts: { topics: string[] }): Promise<FakeSns> {
  const calls: SnsCall[] = [];
  const subscriptions: SnsSubscription[] = [];
  const deliveries: SnsDelivery[] = [];
  const failures = new Map<string, { code: string; status: number }>();

  function requireTopic(topicArn: string | undefined): string {
    if (!topicArn) throw new SnsError('InvalidParameter', 'Invalid parameter: TopicArn');
    if (!opts.topics.includes(topicArn)) throw new SnsError('NotFound', 'Topic does not exist', 404);
    return topicArn;
  }

  function publish(p: Record<string, string>): Reply {
    const topicArn = requireTopic(p.TopicArn);
    if (!p.Message) throw new SnsError('InvalidParameter', 'Invalid parameter: Empty message');
    let bodies: Record<string, unknown> | undefined;
    if (p.MessageStructure === 'json') {
      try {
        bodies = JSON.parse(p.Message) as Record<string, unknown>;
      } catch {
        throw new SnsError(
          'InvalidParameter',
          'Invalid parameter: Message Structure - JSON message body failed to parse',
        );
      }
      if (typeof bodies.default !== 'string')
        throw new SnsError(
          'InvalidParameter',
          'Invalid parameter: Message Structure - No default entry in JSON message body',
        );
    }
    const attrs: Record<string, string> = {};
    for (const [name, a] of Object.entries(messageAttributes(p))) {
      if (!['String', 'Number', 'String.Array'].includes(a.DataType))
        throw new SnsError(
          'ParameterValueInvalid',
          `The message attribute '${name}' has an invalid message attribute type`,
        );
      if (!a.StringValue)
        throw new SnsError(
          'ParameterValueInvalid',
          `The message attribute '${name}' must contain non-empty message attribute value`,
        );
      attrs[name] = a.StringValue;
    }
    const messageId = randomUUID();
    for (const s of subscriptions.filter((s) => s.topicArn === topicArn && matches(s.attributes.FilterPolicy, attrs))) {
      const body = bodies ? String(bodies[s.protocol] ?? bodies.default) : p.Message;
      deliveries.push({ messageId, protocol: s.protocol, endpoint: s.endpoint, body, attributes: attrs });
    }
    return ok('Publish', `<MessageId>${messageId}</MessageId>`);
  }

  function subscribe(p: Record<string, string>): Reply {
    const topicArn = requireTopic(p.TopicArn);
    const { Protocol: protocol, Endpoint: endpoint } = p;
    if (
      !['sms', 'email', 'email-json', 'http', 'https', 'sqs', 'lambda', 'application', 'firehose'].includes(
        protocol ?? '',
      )
    )
      throw new SnsError('InvalidParameter', 'Invalid parameter: Amazon SNS does not support this protocol string');
    if (protocol === 'sms' && !/^\+[1-9]\d{1,14}$/.test(endpoint ?? ''))
      throw new SnsError('InvalidParameter', `Invalid SMS endpoint: ${endpoint}`);
    if (protocol === 'email' && !/^[^\s@]+@[^\s@]+$/.test(endpoint ?? ''))
      throw new SnsError('InvalidParameter', 'Invalid parameter: Email address');
    const attributes = queryMap(p, 'Attributes', 'key', 'value');
    if (attributes.FilterPolicy !== undefined) {
      try {
        JSON.parse(attributes.FilterPolicy);
      } catch {
        throw new SnsError('InvalidParameter', 'Invalid parameter: FilterPolicy: failed to parse JSON');
      }
    }
    // Like SNS (and LocalStack): the same endpoint again answers the existing subscription, unless attributes differ.
    const existing = subscriptions.find(
      (s) => s.topicArn === topicArn && s.protocol === protocol && s.endpoint === endpoint,
    );
    if (existing) {
      if (Object.entries(attributes).some(([k, v]) => existing.attributes[k] !== v)) {
        throw new SnsError(
          'InvalidParameter',
          'Invalid parameter: Attributes Reason: Subscription already exists with different attributes',
        );
      }
      return ok('Subscribe', `<SubscriptionArn>${existing.arn}</SubscriptionArn>`);
    }
    const sub = { arn: `${topicArn}:${randomUUID()}`, topicArn, protocol: protocol!, endpoint: endpoint!, attributes };
    subscriptions.push(sub);
    const pending = protocol === 'email' && p.ReturnSubscriptionArn !== 'true';
    return ok('Subscribe', `<SubscriptionArn>${pending ? 'pending confirmation' : sub.arn}</SubscriptionArn>`);
  }

  function listSubscriptionsByTopic(p: Record<string, string>): Reply {
    const topicArn = requireTopic(p.TopicArn);
    const all = subscriptions.filter((s) => s.topicArn === topicArn);
    // Pages of 2, far smaller than SNS's 100, so tests exercise NextToken.
    const start = Number(p.NextToken ?? 0);
    const page = all.slice(start, start + 2);
    const members = page
      .map(
        (s) =>
          `<member><SubscriptionArn>${s.arn}</SubscriptionArn><Owner>123456789012</Owner><Protocol>${s.protocol}</Protocol><Endpoint>${xml(s.endpoint)}</Endpoint><TopicArn>${s.topicArn}</TopicArn></member>`,
      )
      .join('');
    const next = start + 2 < all.length ? `<NextToken>${start + 2}</NextToken>` : '';
    return ok('ListSubscriptionsByTopic', `<Subscriptions>${members}</Subscriptions>${next}`);
  }

  function subscriptionOf(arn: string | undefined): SnsSubscription {
    const sub = subscriptions.find((s) => s.arn === arn);
    if (!sub) throw new SnsError('NotFound', 'Subscription does not exist', 404);
    return sub;
  }

  function getSubscriptionAttributes(p: Record<string, string>): Reply {
    const sub = subscriptionOf(p.SubscriptionArn);
    const attrs = {
      ...sub.attributes,
      SubscriptionArn: sub.arn,
      TopicArn: sub.topicArn,
      Protocol: sub.protocol,
      Endpoint: sub.endpoint,
    };
    const entries = Object.entries(attrs)
      .map(([k, v]) => `<entry><key>${k}</key><value>${xml(v)}</value></entry>`)
      .join('');
    return ok('GetSubscriptionAttributes', `<Attributes>${entries}</Attributes>`);
  }

  function setSubscriptionAttributes(p: Record<string, string>): Reply {
    const sub = subscriptionOf(p.SubscriptionArn);
    if (
      !['FilterPolicy', 'RedrivePolicy', 'DeliveryPolicy', 'RawMessageDelivery', 'FilterPolicyScope'].includes(
        p.AttributeName ?? '',
      )
    ) {
      throw new SnsError('InvalidParameter', `Invalid parameter: AttributeName`);
    }
    sub.attributes[p.AttributeName!] = p.AttributeValue ?? '';
    return ok('SetSubscriptionAttributes', '');
  }

  const server = await startLoopbackServer((req) => {
    const params = Object.fromEntries(new URLSearchParams(req.body));
    const call = { action: params.Action ?? '', params, contentType: req.headers['content-type'] };
    calls.push(call);
    try {
      if (req.method !== 'POST' || params.Version !== '2010-03-31')
        throw new SnsError('InvalidAction', 'Expected a POST with Version=2010-03-31');
      const failure = failures.get(call.action);
      if (failure) {
        failures.delete(call.action);
        throw new SnsError(failure.code, `Injected ${failure.code}`, failure.status);
      }
      if (call.action === 'Publish') return publish(params);
      if (call.action === 'Subscribe') return subscribe(params);
      if (call.action === 'ListSubscriptionsByTopic') return listSubscriptionsByTopic(params);
      if (call.action === 'GetSubscriptionAttributes') return getSubscriptionAttributes(params);
      if (call.action === 'SetSubscriptionAttributes') return setSubscriptionAttributes(params);
      throw new SnsError('InvalidAction', `The action ${call.action} is not valid for this endpoint.`);
    } catch (err) {
      if (err instanceof SnsError) return fail(err);
      throw err;
    }
  });

  return {
    url: server.url,
    calls,
    subscriptions,
    deliveries,
    failNext: (action, code, status = 400) => {
      failures.set(action, { code, status });
    },
    close: server.close,
  };
}
