// The Slack surface for the streaming renderer: native streams (chat.startStream / appendStream / stopStream) in a
// thread, a chat.postMessage + chat.update fallback when the workspace has no native streaming, and their policies.
//
// How the StreamSurface contract maps onto Slack:
//   startActivity()  → nothing: Slack has no typing action for bots in a channel thread (`assistant.threads.setStatus`
//                      only exists in assistant threads). Callers that want a sign of life react to the question.
//   update(text)     → native: the first call chat.startStream({ channel, thread_ts, markdown_text, recipient_user_id,
//                      recipient_team_id }); later chat.appendStream({ markdown_text: the new suffix }). Streams are
//                      append-only, and the renderer only ever extends the text of a message. The raw methods are
//                      called, not `client.chatStream()`: that helper buffers ~256 characters of its own, and the
//                      renderer already decides the pace (a second buffer would only add latency).
// fallback: the first call chat.postMessage, then chat.update of that message when the text changed.
// finalize(text)   → native: chat.stopStream({ markdown_text: the rest not yet appended }): one call. After a rollover
// the final part may be SHORTER than what was appended: stop first, then chat.update the message to
//                      the part (chat.update on a message still streaming fails with `streaming_state_conflict`).
// A final text with nothing streamed before (a short answer) is one chat.postMessage, in both modes.
//   refresh          → an idle stream expires after ~30 s, and appendStream refuses an empty `markdown_text`: when the
// renderer re-sends the same text (nothing new for `refreshMs`), the stream is stopped and the rest
//                      of that message continues with chat.update.
// feature_not_enabled → the workspace has no native streaming: the surface switches to the fallback for the rest of the
//                      answer. On startStream nothing was shown yet: the text is posted. Mid-stream, the stream is
// stopped with the new suffix (so the message holds exactly the text so far) and later updates edit
//                      that same message: nothing shown is lost or repeated.
//   errors           → HTTP 429 / `ratelimited` with Retry-After → `SurfaceRateLimitedError`; network, 5xx,
//                      `internal_error` and the like → `SurfaceTransientError`; anything else is permanent.
//
// Formatting: every text goes out as `markdown_text`, in both modes. It is the only content a native stream takes, and
// chat.postMessage / chat.update accept it too, so the characters Slack stores are exactly the model's, and a streamed
// answer and a fallback answer render the same way (Slack renders standard Markdown, which is what models write, and
// handles a half-written Markdown construct in a stream itself). Converting to Slack's older `mrkdwn` would change
// the characters (`**` → `*`, `&` → `&amp;`) and is not needed, so the policies set `format: false`: the renderer's
// "format only the final message" step has nothing to do on Slack.
//
// Pace: appendStream is Tier 4 (100+/min per workspace) and chat.update Tier 3 (~50/min per workspace, shared by every
// conversation), and edits of one message are kept ≥ 1 s apart. Both budgets are per workspace, so the pacer key is the
// workspace (`slack:<team>`): two answers streaming at once share one pace, and the sum stays inside the tier.
import { ErrorCode } from '@slack/web-api';
import { type Logger, silentLogger } from '../../core/logger.ts';
import type { StreamPolicy } from './stream-renderer.ts';
import { type StreamSurface, SurfaceRateLimitedError, SurfaceTransientError } from './stream-surface.ts';

/** Where a Slack answer streams: always a thread; a channel (not a DM) also needs the recipient for native streams. */
export interface SlackStreamTarget {
  channel: string;
  thread_ts: string;
  recipient_user_id?: string;
  recipient_team_id?: string;
}

interface SlackResult {
  ok?: boolean;
  ts?: string;
  error?: string;
}

/**
 * The part of `@slack/web-api`'s WebClient a Slack surface uses, structurally typed (the real `WebClient` satisfies it;
 * give it `rejectRateLimitedCalls: true` and a short `retryConfig`, or a 429 is retried for half an hour).
 */
export interface SlackStreamingClient {
  chat: {
    startStream(args: SlackStreamTarget & { markdown_text: string }): Promise<SlackResult>;
    appendStream(args: { channel: string; ts: string; markdown_text: string }): Promise<SlackResult>;
    stopStream(args: { channel: string; ts: string; markdown_text?: string }): Promise<SlackResult>;
    postMessage(args: { channel: string; thread_ts?: string; markdown_text: string }): Promise<SlackResult>;
    update(args: { channel: string; ts: string; markdown_text: string }): Promise<SlackResult>;
  };
}

/** The surface a Slack implementation provides: which mode it is in, so logs and tests can tell. */
export interface SlackStreamSurface extends StreamSurface {
  readonly mode: 'native' | 'update';
}

/**
 * Slack's per-message budget for the renderer. Slack truncates `text` beyond 40,000 characters and recommends
 * staying under 4,000 (`markdown_text` takes at most 12,000); a longer answer continues in the next message of the
 * thread.
 */
export const SLACK_MAX_CHARS = 4_000;

/**
 * Native streams: appendStream is Tier 4 (100+/min per workspace); 1 s between calls on the workspace key is at most
 * 60/min. A stream idle for ~30 s expires: 20 s without news re-sends (which stops the stream, see above).
 */
export const SLACK_NATIVE_STREAM_POLICY: StreamPolicy = {
  minIntervalMs: 1_000,
  minNewChars: 40,
  maxStaleMs: 2_000,
  refreshMs: 20_000,
  maxChars: SLACK_MAX_CHARS,
  format: false,
};

/** chat.update fallback: Tier 3 (~50/min per workspace, shared); 1.5 s between calls on the workspace key is 40/min. */
export const SLACK_UPDATE_POLICY: StreamPolicy = {
  minIntervalMs: 1_500,
  minNewChars: 60,
  maxStaleMs: 3_000,
  refreshMs: Infinity,
  maxChars: SLACK_MAX_CHARS,
  format: false,
};

/** Slack platform errors worth retrying (Slack's own trouble, not the request's). */
const TRANSIENT_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'team_added_to_org',
]);
const RATE_LIMIT_ERRORS = new Set(['ratelimited', 'rate_limited']);

interface WebApiErrorShape {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string; response_metadata?: { retryAfter?: number } };
}

/** The Slack error code of a failed call (`feature_not_enabled`, …), if it is a platform error. */
export function slackErrorCode(err: unknown): string | undefined {
  const e = err as WebApiErrorShape | null;
  return e?.code === ErrorCode.PlatformError ? e.data?.error : undefined;
}

/** Slack's answers in the renderer's terms: 429 → rate limited (Retry-After), 5xx/network → transient, the rest as is. */
export function toSurfaceError(err: unknown): unknown {
  const e = err as WebApiErrorShape | null;
  switch (e?.code) {
    case ErrorCode.RateLimitedError:
      return new SurfaceRateLimitedError(Math.max(1, e.retryAfter ?? 1) * 1000, { cause: err });
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? '';
      if (RATE_LIMIT_ERRORS.has(code))
        return new SurfaceRateLimitedError(Math.max(1, e.data?.response_metadata?.retryAfter ?? 1) * 1000, {
          cause: err,
        });
      if (TRANSIENT_ERRORS.has(code)) return new SurfaceTransientError(code, { cause: err });
      return err;
    }
    case ErrorCode.HTTPError:
      return (e.statusCode ?? 0) >= 500 || e.statusCode === 408
        ? new SurfaceTransientError(`HTTP ${e.statusCode}`, { cause: err })
        : err;
    case ErrorCode.RequestError:
      return new SurfaceTransientError(String((err as Error).message), { cause: err });
    default:
      return err;
  }
}

export interface SlackStreamOptions {
  /** 'auto' (default): native streaming, falling back on `feature_not_enabled`; 'update': the fallback from the start. */
  mode?: 'auto' | 'update';
  /** The pacer key; default `slack:<recipient_team_id>` (the rate-limit budgets are per workspace), else the channel. */
  key?: string;
  log?: Logger;
}

/** The message being written: its ts, the exact text it shows, and whether its native stream is still open. */
interface OpenMessage {
  ts: string;
  shown: string;
  streaming: boolean;
}

class SlackSurface implements SlackStreamSurface {
  readonly key: string;
  readonly maxChars = SLACK_MAX_CHARS;
  private modeValue: 'native' | 'update';
  private message: OpenMessage | undefined;
  private readonly log: Logger;

  constructor(
    private readonly client: SlackStreamingClient,
    private readonly target: SlackStreamTarget,
    private readonly policy: StreamPolicy,
    options: SlackStreamOptions,
  ) {
    this.modeValue = options.mode === 'update' ? 'update' : 'native';
    this.key = options.key ?? `slack:${target.recipient_team_id ?? target.channel}`;
    this.log = options.log ?? silentLogger;
  }

  get mode(): 'native' | 'update' {
    return this.modeValue;
  }

  startActivity(): Promise<void> {
    return Promise.resolve();
  }
  close(): void {}

  async update(text: string): Promise<boolean> {
    const m = this.message;
    if (!m) {
      this.message = { ts: await this.open(text), shown: text, streaming: this.modeValue === 'native' };
      return true;
    }
    if (m.streaming) {
      if (text === m.shown) {
        // The renderer keeps an idle stream alive by re-sending it; a stream cannot take an empty append, so it is
        // stopped instead, and the rest of this message continues with chat.update.
        await this.stop(m);
        this.usingUpdates();
        return true;
      }
      if (text.startsWith(m.shown)) {
        await this.append(m, text);
        return true;
      }
      await this.stop(m); // not an extension (never from the renderer): the stream cannot shrink, so replace it
    }
    if (text === m.shown) return false;
    await this.edit(m, text);
    return true;
  }

  async finalize(text: string): Promise<boolean> {
    const m = this.message;
    this.message = undefined;
    try {
      if (!m) {
        await this.call(() =>
          this.client.chat.postMessage({
            channel: this.target.channel,
            thread_ts: this.target.thread_ts,
            markdown_text: text,
          }),
        );
        return true;
      }
      if (m.streaming && text.startsWith(m.shown)) {
        await this.stop(m, text.slice(m.shown.length));
        return true;
      }
      // After a rollover the final part is shorter than what the stream showed: stop it, then replace its text
      // (never update a message that is still streaming: `streaming_state_conflict`).
      if (m.streaming) await this.stop(m);
      if (text === m.shown) return false;
      await this.edit(m, text);
      return true;
    } catch (err) {
      this.message = m; // not delivered: the renderer retries this final text on the same message
      throw err;
    }
  }

  /** Opens the answer's current message with its first text: a native stream, or a posted message. */
  private async open(text: string): Promise<string> {
    if (this.modeValue === 'native') {
      try {
        const res = await this.client.chat.startStream({ ...this.target, markdown_text: text });
        return need(res.ts, 'chat.startStream');
      } catch (err) {
        if (slackErrorCode(err) !== 'feature_not_enabled') throw toSurfaceError(err);
        this.fallBack('chat.startStream');
      }
    }
    const res = await this.call(() =>
      this.client.chat.postMessage({
        channel: this.target.channel,
        thread_ts: this.target.thread_ts,
        markdown_text: text,
      }),
    );
    return need(res.ts, 'chat.postMessage');
  }

  private async append(m: OpenMessage, text: string): Promise<void> {
    const suffix = text.slice(m.shown.length);
    try {
      await this.client.chat.appendStream({ channel: this.target.channel, ts: m.ts, markdown_text: suffix });
      m.shown = text;
    } catch (err) {
      const code = slackErrorCode(err);
      if (code === 'feature_not_enabled') {
        // Streaming went away mid-answer: the stop call carries the new text, so the message shows exactly `text`.
        this.fallBack('chat.appendStream');
        await this.stop(m, suffix);
        m.shown = text;
        return;
      }
      if (code === 'message_not_in_streaming_state') {
        // The stream ended on Slack's side (it expired): the message keeps what it showed; edit it from now on.
        this.log.warn('slack streaming: the stream had ended; continuing with chat.update', {
          key: this.key,
          ts: m.ts,
        });
        m.streaming = false;
        this.usingUpdates();
        await this.edit(m, text);
        return;
      }
      throw toSurfaceError(err);
    }
  }

  /** Ends the native stream of `m`, appending `rest` (the text not yet streamed) when there is any. */
  private async stop(m: OpenMessage, rest = ''): Promise<void> {
    try {
      await this.client.chat.stopStream({
        channel: this.target.channel,
        ts: m.ts,
        ...(rest ? { markdown_text: rest } : {}),
      });
    } catch (err) {
      if (slackErrorCode(err) !== 'message_not_in_streaming_state') throw toSurfaceError(err);
      // Already stopped (expired): the rest, if any, goes in with an edit.
      m.streaming = false;
      if (rest) {
        this.usingUpdates();
        await this.edit(m, m.shown + rest);
      }
      return;
    }
    m.streaming = false;
    m.shown += rest;
  }

  private async edit(m: OpenMessage, text: string): Promise<void> {
    await this.call(() => this.client.chat.update({ channel: this.target.channel, ts: m.ts, markdown_text: text }));
    m.shown = text;
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toSurfaceError(err);
    }
  }

  private fallBack(method: string): void {
    this.log.warn(
      'slack streaming: native streaming is not enabled in this workspace; using chat.postMessage + chat.update',
      { key: this.key, method },
    );
    this.modeValue = 'update';
    this.usingUpdates();
  }

  /**
   * chat.update is Tier 3: from here on this answer keeps the fallback's pace. The renderer reads the policy's
   * `burst` and thresholds at every step, so a one-token bucket refilled every SLACK_UPDATE_POLICY.minIntervalMs holds
   * the remaining calls to that pace (its `minIntervalMs` was read once, at the start).
   */
  private usingUpdates(): void {
    const u = SLACK_UPDATE_POLICY;
    Object.assign(this.policy, {
      minNewChars: u.minNewChars,
      maxStaleMs: u.maxStaleMs,
      refreshMs: u.refreshMs,
      burst: { size: 1, refillMs: u.minIntervalMs },
    } satisfies Partial<StreamPolicy>);
  }
}

function need(ts: string | undefined, method: string): string {
  if (!ts) throw new Error(`${method} answered without a message ts`);
  return ts;
}

/**
 * The surface and policy for one answer in a Slack thread. The policy object is this answer's own: the surface tightens
 * it to the chat.update pace if it has to fall back mid-answer. Pass both to `renderStream`.
 */
export function slackStream(
  client: SlackStreamingClient,
  target: SlackStreamTarget,
  options: SlackStreamOptions = {},
): { surface: SlackStreamSurface; policy: StreamPolicy } {
  const policy: StreamPolicy = { ...(options.mode === 'update' ? SLACK_UPDATE_POLICY : SLACK_NATIVE_STREAM_POLICY) };
  return { surface: new SlackSurface(client, target, policy, options), policy };
}
