// Telegram surfaces for the streaming renderer: drafts in private chats, send-then-edit in groups; and their policies.
import { type Api, GrammyError, HttpError } from 'grammy';
import { type Logger, silentLogger } from '../../core/logger.ts';
import { isNotModified } from '../telegram/telegram-errors.ts';
import { TELEGRAM_MAX_CHARS } from './split-text.ts';
import type { StreamPolicy } from './stream-renderer.ts';
import {
  type StreamSurface,
  SurfaceFormatRejectedError,
  SurfaceRateLimitedError,
  SurfaceTransientError,
} from './stream-surface.ts';
import { type TelegramFormatted, toTelegramMarkdownV2 } from './telegram-markdown.ts';

/**
 * Private chats, with `sendMessageDraft`. A draft is an ephemeral preview, not a message: Telegram documents no
 * per-chat limit for it (unlike messages: about 1/s per chat, edits included). 500 ms gives a smooth two updates a
 * second while staying well clear of the message pace; a 429 still pauses and halves the pace (see renderStream).
 * A draft lasts about 30 s: it is re-sent after 20 s without news, keeping a 10 s margin for a slow or 429'd call.
 */
export const TELEGRAM_DRAFT_POLICY: StreamPolicy = {
  minIntervalMs: 500,
  minNewChars: 16,
  maxStaleMs: 1_500,
  refreshMs: 20_000,
  maxChars: TELEGRAM_MAX_CHARS,
};

/** Private chats without drafts (send, then edit): Telegram's pace of about 1 message per second per chat. */
export const TELEGRAM_PRIVATE_EDIT_POLICY: StreamPolicy = {
  minIntervalMs: 1_000,
  minNewChars: 24,
  maxStaleMs: 2_000,
  refreshMs: Infinity,
  maxChars: TELEGRAM_MAX_CHARS,
};

/**
 * Groups (send, then edit). Two limits apply: about 1 message/s per chat and 20 messages/min per group, edits
 * included. So: 1 s between calls, and a token bucket of 4 calls refilled one per 4 s. A short answer streams at the
 * full 1/s (send at once, then an edit each second for ~4 s); a long one settles at one call per 4 s. Any 60 s window
 * holds at most 4 + 60/4 = 19 calls (one below 20, for clock and network jitter), across answers in the same group
 * too, since the pacer is per chat. A fixed 3 s interval would also stay under 20/min, but would leave a short answer's
 * first words alone on screen for 3 s. `minNewChars` 40: at a model's pace (30+ characters/s) it never binds; it
 * only spares an edit for a dribble.
 */
export const TELEGRAM_GROUP_POLICY: StreamPolicy = {
  minIntervalMs: 1_000,
  burst: { size: 4, refillMs: 4_000 },
  minNewChars: 40,
  maxStaleMs: 2_000,
  refreshMs: Infinity,
  maxChars: TELEGRAM_MAX_CHARS,
};

/** A typing action shows for 5 s (or until a message arrives): repeated every 4.5 s until the first text. */
export const TYPING_REPEAT_MS = 4_500;
/** An empty draft (Telegram shows "Thinking…") is re-sent this often until the first text; it expires after ~30 s. */
export const DRAFT_ACTIVITY_REPEAT_MS = 20_000;

export interface TelegramSurfaceOptions {
  /** Forum topic (`message_thread_id`) the answer belongs to. */
  threadId?: number;
  /** How often the activity (typing or empty draft) is repeated until the first text. */
  activityRepeatMs?: number;
  /** The final-message formatter (default `toTelegramMarkdownV2`). */
  toMarkdownV2?: (text: string) => TelegramFormatted;
  log?: Logger;
}

/** Telegram's answers in the renderer's terms: 429 → rate limited, bad entities → formatting refused, 5xx/network → transient. */
export function toSurfaceError(err: unknown): unknown {
  if (err instanceof GrammyError) {
    if (err.error_code === 429)
      return new SurfaceRateLimitedError((err.parameters?.retry_after ?? 3) * 1000, { cause: err });
    if (err.error_code === 400 && /can't parse entities/i.test(err.description))
      return new SurfaceFormatRejectedError(err.description, { cause: err });
    if (err.error_code >= 500) return new SurfaceTransientError(err.description, { cause: err });
    return err;
  }
  if (err instanceof HttpError) return new SurfaceTransientError(err.message, { cause: err });
  return err;
}

/** What both surfaces share: the chat, one call in flight at a time, the activity loop, error translation. */
abstract class TelegramSurface implements StreamSurface {
  readonly key: string;
  readonly maxChars = TELEGRAM_MAX_CHARS;
  protected readonly log: Logger;
  protected readonly extra: { message_thread_id?: number };
  private queue: Promise<unknown> = Promise.resolve();
  private activity: 'idle' | 'running' | 'over' = 'idle';
  private activityTimer: NodeJS.Timeout | undefined;
  private firstActivity: Promise<void> | undefined;
  private readonly toMarkdownV2: (text: string) => TelegramFormatted;

  constructor(
    protected readonly api: Api,
    readonly chatId: number,
    private readonly activityRepeatMs: number,
    options: TelegramSurfaceOptions,
  ) {
    this.key = `telegram:${chatId}`;
    this.log = options.log ?? silentLogger;
    this.extra = options.threadId !== undefined ? { message_thread_id: options.threadId } : {};
    this.toMarkdownV2 = options.toMarkdownV2 ?? toTelegramMarkdownV2;
  }

  /** The formatted body of a final message, or the plain text when formatting is off or would change nothing. */
  protected finalBody(text: string, format: boolean): { body: string; parseMode?: 'MarkdownV2' } {
    if (!format) return { body: text };
    const f = this.toMarkdownV2(text);
    return f.changed ? { body: f.markdownV2, parseMode: 'MarkdownV2' } : { body: text };
  }

  /** The activity call itself (typing, or an empty draft). */
  protected abstract sendActivity(): Promise<unknown>;
  abstract update(text: string): Promise<boolean>;
  abstract finalize(text: string, opts: { format: boolean }): Promise<boolean>;

  startActivity(): Promise<void> {
    if (this.activity !== 'idle') return this.firstActivity ?? Promise.resolve();
    this.activity = 'running';
    this.firstActivity = this.activityTick();
    return this.firstActivity;
  }

  close(): void {
    this.stopActivity();
  }

  /** The first text replaces the activity indicator: no more typing, no more empty drafts. */
  protected stopActivity(): void {
    this.activity = 'over';
    clearTimeout(this.activityTimer);
  }

  private async activityTick(): Promise<void> {
    if (this.activity !== 'running') return;
    let wait = this.activityRepeatMs;
    try {
      await this.call(() => (this.activity === 'running' ? this.sendActivity() : undefined));
    } catch (err) {
      if (err instanceof SurfaceRateLimitedError) wait = Math.max(wait, err.retryAfterMs);
      this.log.warn('telegram streaming: activity call failed', { chatId: this.chatId, error: err });
    }
    if (this.activity !== 'running') return;
    this.activityTimer = setTimeout(() => void this.activityTick(), wait);
    this.activityTimer.unref?.();
  }

  /** Runs one API call after the previous one settled (activity calls and renderer calls never overlap). */
  protected call<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run.catch((err: unknown) => {
      throw toSurfaceError(err);
    });
  }
}

/**
 * Private chats: the answer streams into a draft (`sendMessageDraft`), and each finished message is sent with
 * `sendMessage`. A draft id is stable for one message (Telegram animates changes to the same draft); each message of
 * a split answer gets the next id, so the preview of part 2 starts fresh once part 1 was sent.
 * Activity: an empty draft (Telegram shows "Thinking…"), re-sent every 20 s until the first text.
 */
export class TelegramDraftSurface extends TelegramSurface {
  private draftIdValue: number;

  constructor(api: Api, chatId: number, options: TelegramSurfaceOptions & { draftId?: number } = {}) {
    super(api, chatId, options.activityRepeatMs ?? DRAFT_ACTIVITY_REPEAT_MS, options);
    // Random and non-zero, with room for 65,536 messages of one answer before it could wrap.
    this.draftIdValue = options.draftId ?? 1 + Math.floor(Math.random() * (2 ** 31 - 2 ** 16));
  }

  /** The draft id of the message being streamed now. */
  get draftId(): number {
    return this.draftIdValue;
  }

  protected sendActivity() {
    return this.api.sendMessageDraft(this.chatId, this.draftIdValue, '', this.extra);
  }

  async update(text: string): Promise<boolean> {
    this.stopActivity();
    await this.call(() => this.api.sendMessageDraft(this.chatId, this.draftIdValue, text, this.extra));
    return true;
  }

  async finalize(text: string, opts: { format: boolean }): Promise<boolean> {
    this.stopActivity();
    const { body, parseMode } = this.finalBody(text, opts.format);
    await this.call(() =>
      this.api.sendMessage(this.chatId, body, { ...this.extra, ...(parseMode ? { parse_mode: parseMode } : {}) }),
    );
    this.draftIdValue++;
    return true;
  }
}

/**
 * Groups (and private chats without drafts): the first text is sent with `sendMessage`, then the same message is
 * edited with `editMessageText`. An edit is only sent when the text differs from what the message shows; a "message
 * is not modified" answer still counts as success. Activity: `sendChatAction('typing')`, every 4.5 s until the
 * first text.
 */
export class TelegramEditSurface extends TelegramSurface {
  private messageId: number | undefined;
  private shown = '';

  constructor(api: Api, chatId: number, options: TelegramSurfaceOptions = {}) {
    super(api, chatId, options.activityRepeatMs ?? TYPING_REPEAT_MS, options);
  }

  protected sendActivity() {
    return this.api.sendChatAction(this.chatId, 'typing', this.extra);
  }

  async update(text: string): Promise<boolean> {
    this.stopActivity();
    if (this.messageId === undefined) {
      const sent = await this.call(() => this.api.sendMessage(this.chatId, text, this.extra));
      this.messageId = sent.message_id;
    } else {
      if (text === this.shown) return false;
      await this.edit(text, {});
    }
    this.shown = text;
    return true;
  }

  async finalize(text: string, opts: { format: boolean }): Promise<boolean> {
    this.stopActivity();
    const { body, parseMode } = this.finalBody(text, opts.format);
    const other = parseMode ? { parse_mode: parseMode } : {};
    let called = true;
    if (this.messageId === undefined)
      await this.call(() => this.api.sendMessage(this.chatId, body, { ...this.extra, ...other }));
    else if (!parseMode && text === this.shown)
      called = false; // the message already shows exactly this
    else {
      try {
        await this.edit(body, other);
      } catch (err) {
        if (!isGone(err)) throw err;
        // Someone deleted the message meanwhile (an admin, the customer in a private chat): the answer still arrives.
        this.log.warn('telegram streaming: the streamed message is gone; sending the final text as a new message', {
          chatId: this.chatId,
        });
        await this.call(() => this.api.sendMessage(this.chatId, body, { ...this.extra, ...other }));
      }
    }
    this.messageId = undefined;
    this.shown = '';
    return called;
  }

  private async edit(body: string, other: { parse_mode?: 'MarkdownV2' }): Promise<void> {
    const messageId = this.messageId!;
    try {
      await this.call(() => this.api.editMessageText(this.chatId, messageId, body, other));
    } catch (err) {
      if (isNotModified(err)) return; // an equal edit is done, not failed
      throw err;
    }
  }
}

/** The message being edited no longer exists or can no longer be edited. */
const isGone = (err: unknown) =>
  err instanceof GrammyError &&
  err.error_code === 400 &&
  /message to edit not found|message can't be edited|MESSAGE_ID_INVALID/i.test(err.description);

/** The surface and policy for a chat: drafts in private chats, send-then-edit elsewhere (`mode: 'edit'` forces it). */
export function telegramStream(
  api: Api,
  chat: { id: number; type: string },
  options: TelegramSurfaceOptions & { mode?: 'auto' | 'edit' } = {},
): { surface: StreamSurface; policy: StreamPolicy } {
  if (chat.type === 'private' && options.mode !== 'edit')
    return { surface: new TelegramDraftSurface(api, chat.id, options), policy: TELEGRAM_DRAFT_POLICY };
  return {
    surface: new TelegramEditSurface(api, chat.id, options),
    policy: chat.type === 'private' ? TELEGRAM_PRIVATE_EDIT_POLICY : TELEGRAM_GROUP_POLICY,
  };
}
