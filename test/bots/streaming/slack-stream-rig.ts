// The Slack streaming tests' rig: the real WebClient against the fake Slack Web API, on a virtual clock that stands
// still
// while an HTTP call is in flight (so the renderer's pace is checked in minutes of virtual time, with no real sleeps).
import { WebClient } from '@slack/web-api';
import type { Clock } from '../../../bots/streaming/stream-renderer.ts';
import {
  type FakeSlackApi,
  SLACK_TEST_TOKEN,
  SUPPORT_CHANNEL,
  startFakeSlackApi,
} from '../../support/fake-slack-api.ts';
import { VirtualClock } from './virtual-clock.ts';

/** One Web API request as the client sent it, at virtual time `at`. */
export interface TimedRequest {
  method: string;
  at: number;
}

/**
 * VirtualClock (virtual-clock.ts), aware of real I/O: time only jumps to the next timer when no HTTP request
 * is in flight. Requests go through `fetch`, which records each one at the virtual time it started and reads the whole
 * body before returning, so no socket work is left behind when time moves on.
 */
export class IoVirtualClock extends VirtualClock {
  private inFlight = 0;
  readonly requests: TimedRequest[] = [];
  protected override idleRounds = 4;
  protected override busy(): boolean {
    return this.inFlight > 0;
  }

  readonly fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    this.inFlight++;
    this.requests.push({ method: String(url).split('/').pop()!, at: this.now() });
    try {
      const res = await globalThis.fetch(url, init);
      const body = await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      this.inFlight--;
    }
  };

  /** Virtual start times of the requests of `method`. */
  at(method: string): number[] {
    return this.requests.filter((r) => r.method === method).map((r) => r.at);
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
    client: (clock) =>
      new WebClient(SLACK_TEST_TOKEN, {
        slackApiUrl: fake.apiUrl,
        rejectRateLimitedCalls: true,
        retryConfig: { retries: 0 },
        fetch: clock.fetch,
      }),
    async thread() {
      const res = await seed.chat.postMessage({ channel: SUPPORT_CHANNEL, text: 'Order card' });
      return res.ts!;
    },
    close: () => fake.close(),
  };
}
