// A fake Slack Web API on loopback: `/api/<method>` with form or JSON bodies, Slack's `{ ok, error }` answers, for the
// real Bolt client.
import { type ReceivedRequest, type Reply, startLoopbackServer } from './loopback-server.ts';

export const SLACK_TEST_TOKEN = 'xoxb-fake-loopback-token';
export const SLACK_SIGNING_SECRET = 'fake-signing-secret-for-loopback-tests';
export const BOT_USER_ID = 'UBOT00001';
export const BOT_ID = 'BBOT00001';
export const TEAM_ID = 'T0000TEAM';
export const SUPPORT_CHANNEL = 'C0SUPPORT';

export interface SlackCall {
  method: string;
  params: Record<string, unknown>;
  at: number;
  error?: string;
}
export interface SlackMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  user: string;
  streaming?: boolean;
  edits: number;
  reply_broadcast?: boolean;
  /** Files shared with the message (files.uploadV2 → files.completeUploadExternal); `bytes`: the upload's body as posted (multipart). */
  files?: { id: string; title?: string; bytes: string }[];
}
/** A refusal to answer instead of the method's result; `when` limits it to the calls it matches (the first match takes it). */
export interface SlackFailure {
  error: string;
  status?: number;
  retryAfter?: number;
  when?: (params: Record<string, unknown>) => boolean;
}

export interface FakeSlackApi {
  /** Pass as `clientOptions.slackApiUrl` (ends with /api/). */
  apiUrl: string;
  /** The base for `response_url`s: POST `${url}/respond/<id>` is recorded as a call of method `respond`. */
  url: string;
  calls: SlackCall[];
  messages: SlackMessage[];
  /** Members of a channel, as conversations.members answers. */
  members: Map<string, string[]>;
  /** users.info answers. */
  users: Map<string, { name: string; real_name?: string }>;
  /** Native streaming on (default) or `feature_not_enabled`. */
  streaming: boolean;
  callsOf(method: string): SlackCall[];
  /** Messages of a thread (the root included), in post order. */
  thread(channel: string, ts: string): SlackMessage[];
  waitFor(predicate: (call: SlackCall) => boolean, timeoutMs?: number): Promise<SlackCall>;
  failNext(method: string, failure: SlackFailure): void;
  close(): Promise<void>;
}

/** Values Slack clients send JSON-encoded inside form fields. */
const JSON_FIELDS = new Set([
  'blocks',
  'attachments',
  'view',
  'metadata',
  'chunks',
  'replace_original',
  'response_action',
  'files',
]);

function parseBody(req: ReceivedRequest): Record<string, unknown> {
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('application/json')) return req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(req.body)) {
    if (JSON_FIELDS.has(k)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        /* keep the text */
      }
    }
    out[k] = v;
  }
  return out;
}

class SlackApiError extends Error {
  constructor(
    readonly error: string,
    readonly status = 200,
    readonly retryAfter?: number,
  ) {
    super(error);
  }
}

export async function startFakeSlackApi(opts: { token?: string } = {}): Promise<FakeSlackApi> {
  const token = opts.token ?? SLACK_TEST_TOKEN;
  const calls: SlackCall[] = [];
  const messages: SlackMessage[] = [];
  const failures = new Map<string, SlackFailure[]>();
  const waiters = new Set<{ predicate: (c: SlackCall) => boolean; resolve: (c: SlackCall) => void }>();
  const members = new Map<string, string[]>();
  const users = new Map<string, { name: string; real_name?: string }>();
  let clock = 1_700_000_000_000;
  const nextTs = () => {
    clock += 1;
    return `${Math.floor(clock / 1000)}.${String(clock % 1000).padStart(3, '0')}100`;
  };

  const find = (channel: unknown, ts: unknown) => {
    const m = messages.find((x) => x.channel === channel && x.ts === ts);
    if (!m) throw new SlackApiError('message_not_found');
    return m;
  };
  const requireText = (p: Record<string, unknown>) => {
    if (typeof p.text !== 'string' && !Array.isArray(p.blocks) && typeof p.markdown_text !== 'string')
      throw new SlackApiError('no_text');
  };
  const post = (p: Record<string, unknown>, extra: Partial<SlackMessage> = {}): SlackMessage => {
    if (typeof p.channel !== 'string' || p.channel === '') throw new SlackApiError('channel_not_found');
    const thread = typeof p.thread_ts === 'string' && p.thread_ts !== '' ? p.thread_ts : undefined;
    if (thread) find(p.channel, thread);
    const m: SlackMessage = {
      channel: p.channel,
      ts: nextTs(),
      text: String(p.text ?? p.markdown_text ?? ''),
      user: BOT_USER_ID,
      edits: 0,
      ...(thread ? { thread_ts: thread } : {}),
      ...(Array.isArray(p.blocks) ? { blocks: p.blocks } : {}),
      ...(p.reply_broadcast === 'true' || p.reply_broadcast === true ? { reply_broadcast: true } : {}),
      ...extra,
    };
    messages.push(m);
    return m;
  };

  // files.uploadV2 is three steps: ask for an upload URL, POST the bytes there, then complete into a channel/thread.
  const uploads = new Map<string, { filename: string; bytes?: string }>();
  let baseUrl = '';
  const methods: Record<string, (p: Record<string, unknown>) => Record<string, unknown>> = {
    'files.getUploadURLExternal': (p) => {
      if (typeof p.filename !== 'string' || !Number(p.length)) throw new SlackApiError('invalid_arguments');
      const id = `F${String(uploads.size + 1).padStart(8, '0')}`;
      uploads.set(id, { filename: p.filename });
      return { upload_url: `${baseUrl}/upload/${id}`, file_id: id };
    },
    'files.completeUploadExternal': (p) => {
      const files = Array.isArray(p.files) ? (p.files as { id: string; title?: string }[]) : [];
      if (files.length === 0 || files.some((f) => uploads.get(f.id)?.bytes === undefined))
        throw new SlackApiError('invalid_arguments');
      const shared = files.map((f) => ({ id: f.id, title: f.title, bytes: uploads.get(f.id)!.bytes! }));
      if (p.channel_id)
        post({ channel: p.channel_id, thread_ts: p.thread_ts, text: p.initial_comment ?? '' }, { files: shared });
      return { files: shared.map((f) => ({ id: f.id, title: f.title })) };
    },
    'auth.test': () => ({
      url: 'https://fake.slack.com/',
      team: 'Fake',
      user: 'delivery-assistant',
      team_id: TEAM_ID,
      user_id: BOT_USER_ID,
      bot_id: BOT_ID,
    }),
    'chat.postMessage': (p) => {
      requireText(p);
      const m = post(p);
      return { channel: m.channel, ts: m.ts, message: { text: m.text, ts: m.ts } };
    },
    'chat.update': (p) => {
      const m = find(p.channel, p.ts);
      if (m.streaming) throw new SlackApiError('streaming_state_conflict');
      requireText(p);
      m.text = String(p.text ?? p.markdown_text ?? '');
      if (Array.isArray(p.blocks)) m.blocks = p.blocks;
      m.edits += 1;
      return { channel: m.channel, ts: m.ts, text: m.text };
    },
    'chat.getPermalink': (p) => {
      const m = find(p.channel, p.message_ts);
      return {
        channel: m.channel,
        permalink: `https://fake.slack.com/archives/${m.channel}/p${m.ts.replace('.', '')}`,
      };
    },
    'chat.postEphemeral': (p) => {
      requireText(p);
      if (typeof p.user !== 'string') throw new SlackApiError('user_not_in_channel');
      return { message_ts: nextTs() };
    },
    'chat.startStream': (p) => {
      if (!fake.streaming) throw new SlackApiError('feature_not_enabled');
      if (typeof p.thread_ts !== 'string') throw new SlackApiError('invalid_arguments');
      const m = post({ ...p, text: p.markdown_text ?? '' }, { streaming: true });
      return { channel: m.channel, ts: m.ts };
    },
    'chat.appendStream': (p) => {
      const m = find(p.channel, p.ts);
      if (!m.streaming) throw new SlackApiError('message_not_in_streaming_state');
      if (typeof p.markdown_text !== 'string' || p.markdown_text === '') throw new SlackApiError('invalid_arguments');
      m.text += p.markdown_text;
      m.edits += 1;
      return { channel: m.channel, ts: m.ts };
    },
    'chat.stopStream': (p) => {
      const m = find(p.channel, p.ts);
      if (!m.streaming) throw new SlackApiError('message_not_in_streaming_state');
      if (typeof p.markdown_text === 'string') m.text += p.markdown_text;
      m.streaming = false;
      return { channel: m.channel, ts: m.ts, message: { text: m.text } };
    },
    'conversations.members': (p) => {
      const list = members.get(String(p.channel));
      if (!list) throw new SlackApiError('channel_not_found');
      return { members: list, response_metadata: { next_cursor: '' } };
    },
    'conversations.replies': (p) => {
      const root = find(p.channel, p.ts);
      return {
        messages: [root, ...messages.filter((m) => m.channel === root.channel && m.thread_ts === root.ts)],
        has_more: false,
      };
    },
    'users.info': (p) => {
      const u = users.get(String(p.user));
      if (!u) throw new SlackApiError('user_not_found');
      return {
        user: {
          id: p.user,
          name: u.name,
          real_name: u.real_name ?? u.name,
          profile: { display_name: u.name, real_name: u.real_name ?? u.name },
        },
      };
    },
    'views.publish': (p) => {
      if (typeof p.user_id !== 'string' || typeof p.view !== 'object') throw new SlackApiError('invalid_arguments');
      return { view: { id: 'V1', ...(p.view as object) } };
    },
    'views.open': (p) => {
      if (typeof p.trigger_id !== 'string') throw new SlackApiError('invalid_trigger_id');
      return { view: { id: 'V2', ...(p.view as object) } };
    },
    'reactions.add': () => ({}),
  };

  function record(call: SlackCall) {
    calls.push(call);
    for (const w of [...waiters])
      if (w.predicate(call)) {
        waiters.delete(w);
        w.resolve(call);
      }
  }

  const reply = (status: number, body: Record<string, unknown>, headers?: Record<string, string>): Reply => ({
    status,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify(body),
    ...(headers ? { headers } : {}),
  });

  const server = await startLoopbackServer(async (req) => {
    const path = req.url.split('?')[0]!;
    const params = parseBody(req);
    const upload = /^\/upload\/(F\d+)$/.exec(path);
    if (upload && uploads.has(upload[1]!)) {
      uploads.get(upload[1]!)!.bytes = req.body;
      record({ method: 'upload', params: { id: upload[1], bytes: req.body }, at: Date.now() });
      return { status: 200, contentType: 'text/plain', body: 'OK' };
    }
    const respond = /^\/respond\/([\w-]+)$/.exec(path);
    if (respond) {
      record({ method: 'respond', params: { ...params, id: respond[1] }, at: Date.now() });
      return { status: 200, contentType: 'text/plain', body: 'ok' };
    }
    const method = /^\/api\/([\w.]+)$/.exec(path)?.[1];
    if (!method) return { status: 404, contentType: 'text/plain', body: 'not found' };
    const call: SlackCall = { method, params, at: Date.now() };
    const auth = String(req.headers.authorization ?? '');
    try {
      if (auth !== `Bearer ${token}` && params.token !== token)
        throw new SlackApiError(auth || params.token ? 'invalid_auth' : 'not_authed');
      const queued = failures.get(method) ?? [];
      const at = queued.findIndex((f) => !f.when || f.when(params));
      const failure = at >= 0 ? queued.splice(at, 1)[0] : undefined;
      if (failure) throw new SlackApiError(failure.error, failure.status, failure.retryAfter);
      const impl = methods[method];
      if (!impl) throw new SlackApiError('unknown_method');
      const result = impl(params);
      record(call);
      return reply(200, { ok: true, ...result });
    } catch (err) {
      if (!(err instanceof SlackApiError)) throw err;
      call.error = err.error;
      record(call);
      if (err.status === 429) {
        return {
          status: 429,
          contentType: 'application/json',
          body: JSON.stringify({ ok: false, error: 'ratelimited' }),
          headers: { 'retry-after': String(err.retryAfter ?? 1) },
        };
      }
      return reply(err.status, { ok: false, error: err.error });
    }
  });

  baseUrl = server.url;
  const fake: FakeSlackApi = {
    apiUrl: `${server.url}/api/`,
    url: server.url,
    calls,
    messages,
    members,
    users,
    streaming: true,
    callsOf: (method) => calls.filter((c) => c.method === method && !c.error),
    thread: (channel, ts) => messages.filter((m) => m.channel === channel && (m.ts === ts || m.thread_ts === ts)),
    waitFor(predicate, timeoutMs = 3000) {
      const past = calls.find(predicate);
      if (past) return Promise.resolve(past);
      return new Promise((resolve, reject) => {
        const w = {
          predicate,
          resolve: (c: SlackCall) => {
            clearTimeout(timer);
            resolve(c);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(
            new Error(
              `fake Slack: no matching call within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(', ')}`,
            ),
          );
        }, timeoutMs);
        waiters.add(w);
      });
    },
    failNext(method, failure) {
      failures.set(method, [...(failures.get(method) ?? []), failure]);
    },
    close: () => server.close(),
  };
  return fake;
}
