// The Slack streaming tests' rig: the real WebClient against the fake Slack Web API, on a virtual clock that stands still
// while an HTTP call is in flight (so the renderer's pace is checked in minutes of virtual time, with no real sleeps).
import { WebClient } from '@slack/web-api';
import type { Clock } from '../../../bots/streaming/stream-renderer.ts';
import { SLACK_TEST_TOKEN, startFakeSlackApi, SUPPORT_CHANNEL, type FakeSlackApi } from '../../support/fake-slack-api.ts';

interface Timer { at: number; seq: number; resolve: () => void }

/** One Web API request as the client sent it, at virtual time `at`. */
export interface TimedRequest { method: string; at: number }

/**
 * Like VirtualClock (virtual-clock.ts), but aware of real I/O: time only jumps to the next timer when no HTTP request
 * is in flight. Requests go through `fetch`, which records each one at the virtual time it started and reads the whole
 * body before returning, so no socket work is left behind when time moves on.
 */
export class IoVirtualClock implements Clock {
  private t = 1_000_000;
  private seq = 0;
  private timers: Timer[] = [];
  private inFlight = 0;
  readonly requests: TimedRequest[] = [];

  now(): number { return this.t; }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer: Timer = { at: this.t + Math.max(0, ms), seq: this.seq++, resolve };
      this.timers.push(timer);
      signal?.addEventListener('abort', () => { this.timers = this.timers.filter((x) => x !== timer); resolve(); }, { once: true });
    });
  }

  readonly fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    this.inFlight++;
    this.requests.push({ method: String(url).split('/').pop()!, at: this.t });
    try {
      const res = await globalThis.fetch(url, init);
      const body = await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      this.inFlight--;
    }
  };

  /** Virtual start times of the requests of `method`. */
  at(method: string): number[] { return this.requests.filter((r) => r.method === method).map((r) => r.at); }

  /** Drives the clock until `work` settles; fails if nothing is left to wait for (a hang) or `limitMs` passes. */
  async run<T>(work: Promise<T>, limitMs = 3_600_000): Promise<T> {
    let settled = false;
    work.then(() => { settled = true; }, () => { settled = true; });
    const start = this.t;
    const idle = () => new Promise<void>((resolve) => setImmediate(resolve));
    while (!settled) {
      for (let i = 0; i < 4; i++) await idle();
      if (settled) break;
      if (this.inFlight > 0) { await new Promise((resolve) => setTimeout(resolve, 1)); continue; }
      if (this.timers.length === 0) throw new Error('virtual clock: nothing to wait for, but the work has not settled');
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift()!;
      this.t = Math.max(this.t, next.at);
      if (this.t - start > limitMs) throw new Error(`virtual clock: still running after ${limitMs} ms`);
      next.resolve();
    }
    return work;
  }
}

/** Deltas of `chunk` characters every `everyMs` of virtual time. */
export async function* clockDeltas(clock: Clock, text: string, chunk = 30, everyMs = 50): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += chunk) {
    if (i > 0) await clock.sleep(everyMs);
    yield text.slice(i, i + chunk);
  }
}

export interface SlackRig {
  fake: FakeSlackApi;
  /** A real WebClient for one test, its requests timed on `clock`; no retries (the renderer retries), 429s rejected. */
  client(clock: IoVirtualClock): WebClient;
  /** A thread root in the support channel, posted through the fake (what an order card would be). */
  thread(): Promise<string>;
  close(): Promise<void>;
}

export async function startSlackRig(): Promise<SlackRig> {
  const fake = await startFakeSlackApi();
  const seed = new WebClient(SLACK_TEST_TOKEN, { slackApiUrl: fake.apiUrl });
  return {
    fake,
    client: (clock) => new WebClient(SLACK_TEST_TOKEN, {
      slackApiUrl: fake.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, fetch: clock.fetch,
    }),
    async thread() {
      const res = await seed.chat.postMessage({ channel: SUPPORT_CHANNEL, text: 'Order card' });
      return res.ts!;
    },
    close: () => fake.close(),
  };
}
