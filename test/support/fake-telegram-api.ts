// A fake Telegram Bot API server on loopback (node:http): the real URL shape, bodies, results and error texts, for the
// real grammY client.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update, UserFromGetMe } from 'grammy/types';

/** The bytes the fake serves for a user's file: recognisable in what the Slack side uploads. */
export const fakeFileBytes = (fileId: string) => Buffer.from(`FAKEJPEG:${fileId}`);

/** The bot the fake answers as. Pass it as `botInfo` to `new Bot(...)` so grammY skips `getMe`. */
export const BOT_INFO: UserFromGetMe = {
  id: 7000000001,
  is_bot: true,
  first_name: 'Delivery Assistant',
  username: 'delivery_assistant_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};
/** Real tokens are `<bot id>:<35 characters>`. */
export const TEST_TOKEN = `${BOT_INFO.id}:AAF-fake-loopback-token-for-tests_01`;
/** The fake never holds a long poll longer than this, whatever `timeout` grammY asks for (30 s by default). */
export const MAX_POLL_WAIT_MS = 1000;
export const MESSAGE_NOT_MODIFIED =
  'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

export interface TelegramError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}
export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  at: number;
  result?: unknown;
  error?: TelegramError;
}

export interface FakeTelegramApi {
  /** Pass as `client: { apiRoot }`; grammY builds `${apiRoot}/bot${token}/${method}`. */
  apiRoot: string;
  token: string;
  /** Every request to `/bot<token>/<method>` in completion order, failed ones included (with `error`). */
  calls: ApiCall[];
  /** Calls whose `chat_id` is this chat (compared as strings: form bodies carry text). */
  chat(chatId: number | string): ApiCall[];
  /** Resolves with the first recorded call matching `predicate`, looking at past calls first; rejects after `timeoutMs`. */
  waitFor(predicate: (call: ApiCall) => boolean, timeoutMs?: number): Promise<ApiCall>;
  /** The next call of `method` answers this error (HTTP status = error_code), e.g. a 429 with `retry_after`. Stacks. */
  failNext(method: string, error: TelegramError): void;
  /** Queues an update for `getUpdates` (long polling) and wakes a waiting poll. */
  enqueueUpdate(update: Update): void;
  close(): Promise<void>;
}

type Params = Record<string, unknown>;
interface Entity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
}
interface StoredMessage {
  message_id: number;
  from: typeof BOT_USER;
  chat: ReturnType<typeof chatObject>;
  date: number;
  edit_date?: number;
  text?: string;
  entities?: Entity[];
  reply_markup?: unknown;
  location?: Record<string, number>;
  photo?: { file_id: string; file_unique_id: string; width: number; height: number; file_size?: number }[];
  caption?: string;
  caption_entities?: Entity[];
}

class ApiError extends Error {
  constructor(readonly body: TelegramError) {
    super(body.description);
  }
}
const badRequest = (what: string) => new ApiError({ error_code: 400, description: `Bad Request: ${what}` });
const BOT_USER = {
  id: BOT_INFO.id,
  is_bot: true as const,
  first_name: BOT_INFO.first_name,
  username: BOT_INFO.username,
};
const now = () => Math.floor(Date.now() / 1000);
/** Key-order-independent JSON, to compare reply markups and entities the way the API does (by content). */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  ) ?? 'null';

/** Ids below -10^12 are supergroups (-100…), other negative ids basic groups, positive ids private chats. */
function chatObject(id: number) {
  if (id > 0) return { id, type: 'private' as const, first_name: 'Test User' };
  return { id, type: id < -1e12 ? ('supergroup' as const) : ('group' as const), title: 'Test Group' };
}

// ---- MarkdownV2: a port of the shape of tdlib's parse_markdown_v2 (no blockquote nesting rules, no URL validation)
// ----

const RESERVED = '_*[]()~`>#+-=|{}.!';
const ENTITY_NAMES: Record<string, string> = {
  bold: 'Bold',
  italic: 'Italic',
  underline: 'Underline',
  strikethrough: 'Strikethrough',
  spoiler: 'Spoiler',
  code: 'Code',
  pre: 'Pre',
  text_link: 'TextUrl',
  custom_emoji: 'CustomEmoji',
};

/** Parses MarkdownV2 into plain text + entities, or throws the API's "can't parse entities" error (offsets in UTF-8 bytes, as Telegram reports). */
export function parseMarkdownV2(src: string): { text: string; entities: Entity[] } {
  const fail = (why: string) => badRequest(`can't parse entities: ${why}`);
  const byteAt = (i: number) => Buffer.byteLength(src.slice(0, i));
  const reservedError = (c: string) => fail(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
  const open: { type: string; start: number; byte: number; language?: string }[] = [];
  const entities: Entity[] = [];
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    const code = src.charCodeAt(i + 1);
    if (c === '\\' && code > 0 && code <= 126) {
      out += src[++i];
      continue;
    }
    const top = open[open.length - 1];
    const inCode = top?.type === 'code' || top?.type === 'pre';
    if (!(inCode ? '`' : RESERVED).includes(c)) {
      out += c;
      continue;
    }
    if (c === '>' && !top && (i === 0 || src[i - 1] === '\n')) continue; // blockquote line marker: accepted, not modelled
    const closes =
      top &&
      (
        {
          bold: c === '*',
          italic: c === '_' && src[i + 1] !== '_',
          underline: c === '_' && src[i + 1] === '_',
          strikethrough: c === '~',
          spoiler: c === '|' && src[i + 1] === '|',
          code: c === '`',
          pre: src.startsWith('```', i),
          text_link: c === ']',
          custom_emoji: c === ']',
        } as Record<string, boolean>
      )[top.type];
    if (!closes) {
      const byte = byteAt(i);
      let type: string;
      let language: string | undefined;
      if (c === '_' && src[i + 1] === '_') {
        type = 'underline';
        i++;
      } else if (c === '_') type = 'italic';
      else if (c === '*') type = 'bold';
      else if (c === '~') type = 'strikethrough';
      else if (c === '|' && src[i + 1] === '|') {
        type = 'spoiler';
        i++;
      } else if (c === '[') type = 'text_link';
      else if (c === '!' && src[i + 1] === '[') {
        type = 'custom_emoji';
        i++;
      } else if (src.startsWith('```', i)) {
        type = 'pre';
        i += 3;
        const nl = src.indexOf('\n', i);
        if (nl !== -1 && /^[^\s`\\]*$/.test(src.slice(i, nl))) {
          language = src.slice(i, nl) || undefined;
          i = nl;
        } else i--;
      } else if (c === '`') type = 'code';
      else throw reservedError(c);
      open.push({ type, start: out.length, byte, language });
      continue;
    }
    const entity = open.pop()!;
    const e: Entity = { type: entity.type, offset: entity.start, length: out.length - entity.start };
    if (entity.type === 'underline' || entity.type === 'spoiler') i++;
    if (entity.type === 'pre') {
      i += 2;
      if (entity.language) e.language = entity.language;
    }
    if (entity.type === 'text_link' || entity.type === 'custom_emoji') {
      if (src[i + 1] !== '(') {
        if (entity.type === 'custom_emoji') throw fail(`Custom emoji entity must contain a tg://emoji URL`);
        e.url = out.slice(entity.start);
      } else {
        const urlStart = i + 2;
        let url = '';
        for (i = urlStart; i < src.length && src[i] !== ')'; i++)
          url += src[i] === '\\' && src.charCodeAt(i + 1) <= 126 ? src[++i] : src[i];
        if (src[i] !== ')') throw fail(`Can't find end of a URL at byte offset ${byteAt(urlStart)}`);
        if (entity.type === 'custom_emoji') e.custom_emoji_id = url.replace(/^tg:\/\/emoji\?id=/, '');
        else e.url = url;
      }
    }
    if (e.length > 0) entities.push(e);
  }
  const unclosed = open.pop();
  if (unclosed) throw fail(`Can't find end of ${ENTITY_NAMES[unclosed.type]} entity at byte offset ${unclosed.byte}`);
  return { text: out, entities: entities.sort((a, b) => a.offset - b.offset) };
}

/** `text` + `parse_mode`/`entities` → what Telegram stores. HTML and legacy Markdown are not parsed: the text is kept as sent. */
function messageText(p: Params, allowEmpty = false): { text: string; entities?: Entity[] } {
  const raw = p.text === undefined || p.text === null ? '' : String(p.text);
  let parsed: { text: string; entities?: Entity[] };
  if (p.parse_mode === 'MarkdownV2') parsed = parseMarkdownV2(raw);
  else if (p.parse_mode === undefined || p.parse_mode === '' || p.parse_mode === 'HTML' || p.parse_mode === 'Markdown')
    parsed = { text: raw, entities: p.entities as Entity[] | undefined };
  else throw badRequest('unsupported parse_mode');
  if (!allowEmpty && parsed.text.trim() === '') throw badRequest('message text is empty');
  if (parsed.text.length > 4096) throw badRequest('message is too long'); // JS length = UTF-16 code units, as Telegram counts
  return parsed.entities?.length ? parsed : { text: parsed.text };
}

/** Only inline keyboards appear in the returned Message (reply keyboards and force_reply do not, as with the real API). */
function inlineMarkup(markup: unknown): unknown {
  if (!markup || typeof markup !== 'object' || !('inline_keyboard' in markup)) return undefined;
  for (const row of (markup as { inline_keyboard: { callback_data?: string }[][] }).inline_keyboard) {
    for (const button of row) {
      const size = button.callback_data === undefined ? 1 : Buffer.byteLength(button.callback_data);
      if (size < 1 || size > 64) throw badRequest('BUTTON_DATA_INVALID');
    }
  }
  return markup;
}

// ---- Request bodies: JSON (what grammY sends), form-urlencoded, multipart (grammY only for InputFile uploads) ----

/** Form values are text; numbers, booleans and JSON (reply_markup, allowed_updates, …) are decoded, except for free-text fields. */
const TEXT_FIELDS = new Set([
  'text',
  'caption',
  'description',
  'short_description',
  'title',
  'url',
  'secret_token',
  'callback_query_id',
  'data',
  'phone_number',
  'first_name',
  'last_name',
  'action',
  'parse_mode',
  'language_code',
  'emoji',
]);
function decodeFormValue(key: string, v: string): unknown {
  if (TEXT_FIELDS.has(key)) return v;
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^[[{]/.test(v)) {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      /* keep the text */
    }
  }
  return v;
}

/** Minimal multipart/form-data reader. File parts become `{ filename, contentType, size }`; an `attach://<name>` value is replaced by its file. */
function parseMultipart(body: Buffer, boundary: string): Params {
  const fields: Params = {};
  const files: Record<string, unknown> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos !== -1 && body.subarray(pos + delimiter.length, pos + delimiter.length + 2).toString() !== '--') {
    const start = pos + delimiter.length + 2; // skip CRLF
    const next = body.indexOf(delimiter, start);
    if (next === -1) throw badRequest('malformed multipart body');
    const part = body.subarray(start, next - 2); // drop the CRLF before the next delimiter
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const name = /(?:^|;)\s*name="([^"]*)"/im.exec(head)?.[1];
    const filename = /;\s*filename="?([^";\r\n]*)"?/i.exec(head)?.[1]; // grammY writes filename=… unquoted
    if (name !== undefined) {
      if (filename !== undefined)
        files[name] = { filename, contentType: /content-type:\s*([^\r\n;]+)/i.exec(head)?.[1], size: content.length };
      else fields[name] = decodeFormValue(name, content.toString('utf8'));
    }
    pos = next;
  }
  for (const [k, v] of Object.entries(fields))
    if (typeof v === 'string' && v.startsWith('attach://') && files[v.slice(9)]) {
      fields[k] = files[v.slice(9)];
      delete files[v.slice(9)];
    }
  return { ...files, ...fields };
}

function parseBody(contentType: string, body: Buffer): Params {
  if (body.length === 0) return {};
  if (contentType.startsWith('application/json')) {
    try {
      return JSON.parse(body.toString('utf8')) as Params;
    } catch {
      throw badRequest("can't parse JSON request body");
    }
  }
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(
      [...new URLSearchParams(body.toString('utf8'))].map(([k, v]) => [k, decodeFormValue(k, v)]),
    );
  }
  const boundary = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (boundary) return parseMultipart(body, boundary);
  throw badRequest(`unsupported content type ${contentType || '(none)'}`);
}

// ---- The server ----

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);
const NOT_DEFAULT_UPDATES = ['chat_member', 'message_reaction', 'message_reaction_count'];
const updateType = (u: Update) => Object.keys(u).find((k) => k !== 'update_id') ?? '';

export async function startFakeTelegramApi(opts: { token?: string } = {}): Promise<FakeTelegramApi> {
  const token = opts.token ?? TEST_TOKEN;
  const calls: ApiCall[] = [];
  const listeners = new Set<(call: ApiCall) => void>();
  const failures = new Map<string, TelegramError[]>();
  const chats = new Map<number, { nextId: number; messages: Map<number, StoredMessage> }>();
  let queue: Update[] = [];
  let confirmedBelow = 0; // updates with a lower update_id were acknowledged through `offset`
  let allowedUpdates: string[] = [];
  let poller: ((outcome: 'wake' | 'terminated') => void) | undefined;
  let webhook: { url: string; has_custom_certificate: boolean; allowed_updates?: string[]; max_connections?: number } =
    { url: '', has_custom_certificate: false };
  let commands: unknown[] = [];
  let closed = false;

  function chatOf(p: Params) {
    if (p.chat_id === undefined || p.chat_id === null || p.chat_id === '') throw badRequest('chat_id is empty');
    const id = Number(p.chat_id);
    if (!Number.isInteger(id) || id === 0) throw badRequest('chat not found');
    if (!chats.has(id)) chats.set(id, { nextId: 1, messages: new Map() });
    return { chat: chatObject(id), state: chats.get(id)! };
  }
  function send(p: Params, content: Partial<StoredMessage>): StoredMessage {
    const { chat, state } = chatOf(p);
    const message: StoredMessage = { message_id: state.nextId++, from: BOT_USER, chat, date: now(), ...content };
    state.messages.set(message.message_id, message);
    return message;
  }
  function existing(p: Params, notFound: string): { message: StoredMessage; messages: Map<number, StoredMessage> } {
    const { state } = chatOf(p);
    if (p.message_id === undefined) throw badRequest('message identifier is not specified');
    const message = state.messages.get(Number(p.message_id));
    if (!message) throw badRequest(notFound);
    return { message, messages: state.messages };
  }
  function edit(p: Params, change: Partial<StoredMessage>): StoredMessage {
    const { message, messages } = existing(p, 'message to edit not found');
    const next: StoredMessage = { ...message, ...change, edit_date: now() };
    for (const k of ['entities', 'reply_markup'] as const) if (next[k] === undefined) delete next[k];
    if (
      message.text === next.text &&
      canonical(message.entities) === canonical(next.entities) &&
      canonical(message.reply_markup) === canonical(next.reply_markup)
    ) {
      throw new ApiError({ error_code: 400, description: MESSAGE_NOT_MODIFIED });
    }
    messages.set(next.message_id, next);
    return next;
  }

  async function getUpdates(p: Params, clientGone: Promise<void>): Promise<Update[]> {
    if (webhook.url)
      throw new ApiError({
        error_code: 409,
        description:
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      });
    const offset = Number(p.offset ?? 0);
    if (offset > 0) {
      queue = queue.filter((u) => u.update_id >= offset);
      confirmedBelow = Math.max(confirmedBelow, offset);
    } else if (offset < 0) queue = queue.slice(offset);
    if (Array.isArray(p.allowed_updates)) allowedUpdates = p.allowed_updates as string[];
    const limit = Math.min(Math.max(Number(p.limit ?? 100), 1), 100);
    const deliverable = () =>
      queue
        .filter((u) =>
          allowedUpdates.length ? allowedUpdates.includes(updateType(u)) : !NOT_DEFAULT_UPDATES.includes(updateType(u)),
        )
        .slice(0, limit);
    poller?.('terminated'); // the real API ends the older of two concurrent polls with 409
    poller = undefined;
    const waitMs = Math.min(Number(p.timeout ?? 0) * 1000, MAX_POLL_WAIT_MS);
    if (deliverable().length === 0 && waitMs > 0 && !closed) {
      const outcome = await new Promise<'wake' | 'terminated'>((resolve) => {
        const timer = setTimeout(() => resolve('wake'), waitMs);
        const me = (o: 'wake' | 'terminated') => {
          clearTimeout(timer);
          if (poller === me) poller = undefined;
          resolve(o);
        };
        poller = me;
        void clientGone.then(() => me('wake'));
      });
      if (outcome === 'terminated')
        throw new ApiError({
          error_code: 409,
          description:
            'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
        });
    }
    return deliverable();
  }

  const methods: Record<string, (p: Params, clientGone: Promise<void>) => unknown> = {
    getMe: () => BOT_INFO,
    sendMessage: (p) => {
      const body = messageText(p);
      return send(p, { ...body, ...(inlineMarkup(p.reply_markup) ? { reply_markup: p.reply_markup } : {}) });
    },
    editMessageText: (p) => {
      if (p.inline_message_id) return true;
      const { message } = existing(p, 'message to edit not found');
      if (message.text === undefined) throw badRequest('there is no text in the message to edit');
      const body = messageText(p);
      return edit(p, { text: body.text, entities: body.entities, reply_markup: inlineMarkup(p.reply_markup) });
    },
    editMessageReplyMarkup: (p) =>
      p.inline_message_id ? true : edit(p, { reply_markup: inlineMarkup(p.reply_markup) }),
    deleteMessage: (p) => {
      const { message, messages } = existing(p, 'message to delete not found');
      messages.delete(message.message_id);
      return true;
    },
    answerCallbackQuery: (p) => {
      if (!p.callback_query_id)
        throw badRequest('query is too old and response timeout expired or query ID is invalid');
      return true;
    },
    // A user's file (photo, voice): a path under /file/bot<token>/, whose bytes are FAKE_FILE_BYTES(file_id).
    getFile: (p) => {
      const fileId = String(p.file_id ?? '');
      if (!fileId) throw new ApiError({ error_code: 400, description: 'Bad Request: file_id is required' });
      return {
        file_id: fileId,
        file_unique_id: `u${fileId.slice(-8)}`,
        file_size: 64,
        file_path: `photos/${fileId}.jpg`,
      };
    },
    sendChatAction: (p) => {
      chatOf(p);
      if (!CHAT_ACTIONS.has(String(p.action))) throw badRequest('wrong parameter action in request');
      return true;
    },
    sendMessageDraft: (p) => {
      const { chat } = chatOf(p);
      if (chat.type !== 'private') throw badRequest('method is available only for private chats');
      if (!Number(p.draft_id)) throw badRequest('draft_id must be non-zero');
      messageText(p, true); // empty text is allowed (a "Thinking…" placeholder), the other text rules hold
      return true;
    },
    // A photo: an upload (multipart, parsed into { filename, size }) or a file_id / URL string; caption ≤ 1024.
    sendPhoto: (p) => {
      const photo = p.photo as { filename?: string; size?: number } | string | undefined;
      if (!photo || (typeof photo === 'object' && !photo.size)) throw badRequest('there is no photo in the request');
      const caption = p.caption === undefined ? undefined : String(p.caption);
      if (caption !== undefined && caption.length > 1024) throw badRequest('message caption is too long');
      const fileId = `photo${Math.random().toString(36).slice(2, 10)}`;
      return send(p, {
        photo: [{ file_id: fileId, file_unique_id: `u${fileId}`, width: 320, height: 320, file_size: 1024 }],
        ...(caption ? { caption } : {}),
        ...(Array.isArray(p.caption_entities) ? { caption_entities: p.caption_entities as Entity[] } : {}),
        ...(inlineMarkup(p.reply_markup) ? { reply_markup: p.reply_markup } : {}),
      });
    },
    sendLocation: (p) => {
      const latitude = Number(p.latitude);
      const longitude = Number(p.longitude);
      if (!(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180)) throw badRequest('wrong latitude or longitude');
      const extra = Object.fromEntries(
        ['horizontal_accuracy', 'live_period', 'heading', 'proximity_alert_radius']
          .filter((k) => p[k] !== undefined)
          .map((k) => [k, Number(p[k])]),
      );
      return send(p, {
        location: { latitude, longitude, ...extra },
        ...(inlineMarkup(p.reply_markup) ? { reply_markup: p.reply_markup } : {}),
      });
    },
    setWebhook: (p) => {
      const url = String(p.url ?? '');
      if (url) {
        let parsed: URL;
        try {
          parsed = new URL(url);
        } catch {
          throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
        }
        if (parsed.protocol !== 'https:') throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
        if (!['', '80', '88', '443', '8443'].includes(parsed.port))
          throw badRequest('bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443');
      }
      webhook = {
        url,
        has_custom_certificate: p.certificate !== undefined,
        ...(Array.isArray(p.allowed_updates)
          ? { allowed_updates: p.allowed_updates as string[] }
          : webhook.allowed_updates
            ? { allowed_updates: webhook.allowed_updates }
            : {}),
        ...(p.max_connections !== undefined ? { max_connections: Number(p.max_connections) } : {}),
      };
      if (p.drop_pending_updates === true) queue = [];
      return true;
    },
    deleteWebhook: (p) => {
      webhook = { url: '', has_custom_certificate: false };
      if (p.drop_pending_updates === true) queue = [];
      return true;
    },
    getWebhookInfo: () => ({ ...webhook, pending_update_count: queue.length }),
    setMyCommands: (p) => {
      if (!Array.isArray(p.commands)) throw badRequest('parameter "commands" is required');
      for (const c of p.commands as { command?: unknown; description?: unknown }[]) {
        if (typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command))
          throw badRequest('BOT_COMMAND_INVALID');
      }
      commands = p.commands;
      return true;
    },
    getMyCommands: () => commands,
    getUpdates: (p, clientGone) => getUpdates(p, clientGone),
  };
  const byLowerName = new Map(Object.keys(methods).map((m) => [m.toLowerCase(), m])); // method names are case-insensitive

  function record(call: ApiCall) {
    calls.push(call);
    for (const listener of [...listeners]) listener(call);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let gone!: () => void;
    const clientGone = new Promise<void>((resolve) => {
      gone = resolve;
    });
    res.on('close', () => {
      if (!res.writableFinished) gone();
    });
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const at = Date.now();
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const file = /^\/file\/bot([^/]+)\/photos\/([\w-]+)\.jpg$/.exec(url.pathname);
      if (file) {
        if (decodeURIComponent(file[1]!) !== token) return reply(401, { ok: false, error_code: 401 });
        record({ method: 'downloadFile', params: { file_id: file[2]! }, at, result: true });
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        res.end(fakeFileBytes(file[2]!));
        return;
      }
      const match = /^\/bot([^/]+)\/(?:test\/)?([A-Za-z0-9_]+)$/.exec(url.pathname);
      if (!match) return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
      const method = byLowerName.get(match[2]!.toLowerCase()) ?? match[2]!;
      let params: Params = {};
      try {
        params = {
          ...Object.fromEntries([...url.searchParams].map(([k, v]) => [k, decodeFormValue(k, v)])),
          ...parseBody(req.headers['content-type'] ?? '', Buffer.concat(chunks)),
        };
        if (decodeURIComponent(match[1]!) !== token)
          throw new ApiError({ error_code: 401, description: 'Unauthorized' });
        const failure = failures.get(method.toLowerCase())?.shift();
        if (failure) throw new ApiError(failure);
        const handler = methods[method];
        if (!handler) throw new ApiError({ error_code: 404, description: 'Not Found' });
        const result = await handler(params, clientGone);
        record({ method, params, at, result });
        reply(200, { ok: true, result });
      } catch (err) {
        const error =
          err instanceof ApiError
            ? err.body
            : { error_code: 500, description: `Internal Server Error: fake crashed: ${String(err)}` };
        record({ method, params, at, error });
        reply(error.error_code, {
          ok: false,
          error_code: error.error_code,
          description: error.description,
          ...(error.parameters ? { parameters: error.parameters } : {}),
        });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });

  return {
    apiRoot: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    calls,
    chat: (chatId) =>
      calls.filter((c) => c.params.chat_id !== undefined && String(c.params.chat_id) === String(chatId)),
    waitFor(predicate, timeoutMs = 2000) {
      const found = calls.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<ApiCall>((resolve, reject) => {
        const listener = (call: ApiCall) => {
          if (predicate(call)) {
            listeners.delete(listener);
            clearTimeout(timer);
            resolve(call);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(
            new Error(
              `fake Telegram API: no matching call within ${timeoutMs} ms; calls so far: ${calls.map((c) => c.method).join(', ') || 'none'}`,
            ),
          );
        }, timeoutMs);
        listeners.add(listener);
      });
    },
    failNext(method, error) {
      const key = method.toLowerCase();
      failures.set(key, [...(failures.get(key) ?? []), error]);
    },
    enqueueUpdate(update) {
      if (update.update_id < confirmedBelow)
        throw new Error(
          `update_id ${update.update_id} was already confirmed (offset ${confirmedBelow}); use a higher one`,
        );
      queue = [...queue, update].sort((a, b) => a.update_id - b.update_id);
      poller?.('wake');
    },
    async close() {
      closed = true;
      poller?.('wake');
      await new Promise((resolve) => setImmediate(resolve)); // let a released poll answer before the sockets go
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
