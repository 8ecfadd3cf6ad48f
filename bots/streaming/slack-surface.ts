// How Slack plugs into the streaming renderer (next issue): the mapping onto the StreamSurface contract, and the
// types and policies a Slack surface needs. No Slack call is made here; `@slack/web-api` is not installed yet.
//
// Native streaming (web-api >= 7.11, `client.chatStream()` over chat.startStream / appendStream / stopStream):
//   startActivity()  → nothing to call in a thread (Slack has no typing action for bots); optionally the assistant
//                      thread status (`assistant.threads.setStatus`, "is thinking…") when the app is an assistant.
//   update(text)     → first call: chat.startStream({ channel, thread_ts, markdown_text: text, recipient_user_id,
//                      recipient_team_id }); later: chat.appendStream({ markdown_text: text.slice(appended.length) }).
//                      Streams are append-only; the renderer guarantees each update extends the previous one.
//                      (appendStream: Tier 4, 100+/min; `markdown_text` is required and at most 12,000 characters.)
//                      `chatStream()` itself buffers ~256 characters: call the raw methods, since the renderer
//                      already decides the pace (a second buffer would only add latency).
//   finalize(text)   → chat.stopStream({ markdown_text: the rest not yet appended }). After a rollover the final text
//                      may be SHORTER than what was appended: stop the stream, then chat.update the message to `text`
//                      (chat.update on a message still streaming fails with `streaming_state_conflict`).
//                      `format` maps to Slack markdown (`markdown_text` is rendered by Slack; mrkdwn conversion would
//                      go here), and a formatting refusal becomes `SurfaceFormatRejectedError`.
//   refreshMs        → an idle stream expires after ~30 s: re-send before (the renderer calls `update` with the same
//                      text). appendStream requires a non-empty `markdown_text`, so there is no empty "ping": if no
//                      new text arrived, stop the stream and continue the message with chat.update (to verify against
//                      Slack in the next issue).
//   errors           → HTTP 429 / `ratelimited` with Retry-After → `SurfaceRateLimitedError`; network, 5xx,
//                      `internal_error` → `SurfaceTransientError`; `feature_not_enabled` (native streaming off in the
//                      workspace) → switch this surface to the chat.update fallback below, for the rest of the answer.
//
// Fallback (chat.postMessage + chat.update), the same shape as Telegram's send-then-edit:
//   update(text)     → first call chat.postMessage({ channel, thread_ts, text }) → keep `ts`; then
//                      chat.update({ channel, ts, text }) only when the text changed.
//   finalize(text)   → chat.update with the formatted text (mrkdwn), or postMessage if nothing was posted yet.
//   pace             → chat.update is Tier 3: about 50/min per workspace, shared by all conversations; keep ≥ 1 s
//                      between edits in one conversation (FACTS.md). The pacer key should then be the WORKSPACE when
//                      several threads stream at once (`slack:<team>`), since the budget is shared.

import type { StreamPolicy } from './stream-renderer.ts';
import type { StreamSurface } from './stream-surface.ts';

/** Where a Slack answer streams: always a thread; a channel (not a DM) also needs the recipient for native streams. */
export interface SlackStreamTarget {
  channel: string;
  thread_ts: string;
  recipient_user_id?: string;
  recipient_team_id?: string;
}

/**
 * The part of `@slack/web-api`'s WebClient a Slack surface will use, structurally typed so that a surface can be
 * written and tested before the package is installed (the real `WebClient` satisfies it).
 */
export interface SlackStreamingClient {
  chat: {
    startStream(args: SlackStreamTarget & { markdown_text?: string }): Promise<{ ok: boolean; ts?: string; error?: string }>;
    appendStream(args: { channel: string; ts: string; markdown_text: string }): Promise<{ ok: boolean; error?: string }>;
    stopStream(args: { channel: string; ts: string; markdown_text?: string }): Promise<{ ok: boolean; error?: string }>;
    postMessage(args: { channel: string; thread_ts?: string; text: string; mrkdwn?: boolean }): Promise<{ ok: boolean; ts?: string; error?: string }>;
    update(args: { channel: string; ts: string; text: string }): Promise<{ ok: boolean; error?: string }>;
  };
}

/** The surface a Slack implementation provides: which mode it is in, so logs and tests can tell. */
export interface SlackStreamSurface extends StreamSurface {
  readonly mode: 'native' | 'update';
}

/**
 * Slack's per-message budget for the renderer. Slack truncates `text` beyond 40,000 characters and recommends
 * staying under 4,000; a longer answer continues in the next message of the thread.
 */
export const SLACK_MAX_CHARS = 4_000;

/** Native streams: appendStream is Tier 4 (100+/min per workspace); 1 s per conversation leaves room for many threads. */
export const SLACK_NATIVE_STREAM_POLICY: StreamPolicy = {
  minIntervalMs: 1_000, minNewChars: 40, maxStaleMs: 2_000, refreshMs: 20_000, maxChars: SLACK_MAX_CHARS,
};

/** chat.update fallback: Tier 3 (~50/min per workspace, shared); ≥ 1 s per conversation, 1.5 s for headroom. */
export const SLACK_UPDATE_POLICY: StreamPolicy = {
  minIntervalMs: 1_500, minNewChars: 60, maxStaleMs: 3_000, refreshMs: Infinity, maxChars: SLACK_MAX_CHARS,
};
