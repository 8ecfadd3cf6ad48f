// What a chat platform must offer the streaming renderer: show a growing message, finish it, show activity; and the
// three kinds of failure the renderer treats differently (rate limited, formatting rejected, transient).

/**
 * One answer's place in one conversation (a Telegram chat, a Slack thread). The renderer decides WHEN to call it;
 * the surface decides HOW (which API methods, which parameters) and translates platform errors into the error
 * classes below. A surface is used by one renderer at a time and carries one answer.
 *
 * The contract the renderer keeps:
 * - Calls never overlap: the next call starts after the previous one settled.
 * - Within one message, each `update` text extends the previous one (the renderer only appends). The text passed to
 *   `finalize` is the exact, complete content of that message; it extends the last update, except after a rollover
 *   at the size limit, where it may be shorter (the tail that did not fit moves to the next message). An append-only
 *   platform must then replace rather than append.
 * - No text is ever longer than `maxChars` (UTF-16 code units), and none is empty or only whitespace.
 * - After `finalize`, the next `update` or `finalize` opens a new message.
 *
 * What the surface must do:
 * - Never send the same content twice to an editable message (a "not modified" answer counts as success).
 * - Throw `SurfaceRateLimitedError` for a rate limit (with the wait the platform asked for),
 *   `SurfaceFormatRejectedError` when the platform refuses the formatting of a final text, and
 *   `SurfaceTransientError` for a failure worth retrying (network, 5xx). Anything else is treated as permanent.
 */
export interface StreamSurface {
  /** The conversation, e.g. `telegram:<chatId>`: calls to one key share one pace, across answers. */
  readonly key: string;
  /** The most one message can hold, in UTF-16 code units. */
  readonly maxChars: number;
  /**
   * Shows that an answer is coming (a typing action, an empty draft) and keeps it visible until the first text is
   * shown. Call it as soon as the customer's message arrives, before routing; `renderStream` calls it too. Idempotent;
   * never rejects (activity is best effort). The promise settles when the first activity call did.
   */
  startActivity(): Promise<void>;
  /**
   * Shows `text` (the whole current message so far, plain text) as work in progress; the first update opens a
   * message. May repeat the last text to keep an expiring preview alive (a draft) if the platform needs that.
   * Resolves to whether an API call was made.
   */
  update(text: string): Promise<boolean>;
  /**
   * Makes `text` the final content of the current message, formatted when `format` is true (plain text otherwise,
   * exactly these characters). Resolves to whether an API call was made (false when the message already shows
   * exactly this).
   */
  finalize(text: string, opts: { format: boolean }): Promise<boolean>;
  /** Stops any activity loop. Called when the renderer is done, whatever the outcome. */
  close(): void;
}

/** Base class of the failures a surface reports in platform-neutral terms. `cause` is the platform's own error. */
export class SurfaceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The platform asked to slow down: nothing may be sent to this conversation for `retryAfterMs`. */
export class SurfaceRateLimitedError extends SurfaceError {
  constructor(
    readonly retryAfterMs: number,
    options?: { cause?: unknown },
  ) {
    super(`rate limited: retry after ${retryAfterMs} ms`, options);
  }
}

/** The platform refused the formatting of a final text (e.g. Telegram's "can't parse entities"); plain text will do. */
export class SurfaceFormatRejectedError extends SurfaceError {}

/** A failure worth retrying: the network, a timeout, a 5xx. */
export class SurfaceTransientError extends SurfaceError {}
