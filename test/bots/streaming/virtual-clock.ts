// A virtual clock for the renderer (minutes of streaming in milliseconds of test time) and an in-memory surface that
// records what the renderer asked for, with a scripted latency and scripted failures.
import type { Clock } from '../../../bots/streaming/stream-renderer.ts';
import type { StreamSurface } from '../../../bots/streaming/stream-surface.ts';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * Time stands still until every pending promise has settled; then it jumps to the next timer. Everything the code
 * under test waits for must be a microtask or a `sleep` of this clock.
 */
export class VirtualClock implements Clock {
  private t = 1_000_000;
  private seq = 0;
  private timers: Timer[] = [];
  /** How many event-loop turns to let pass before time may jump. */
  protected idleRounds = 2;
  /** True while something outside the clock is still running (see IoVirtualClock). */
  protected busy(): boolean {
    return false;
  }

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer: Timer = { at: this.t + Math.max(0, ms), seq: this.seq++, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((x) => x !== timer);
          resolve();
        },
        { once: true },
      );
    });
  }

  /** Drives the clock until `work` settles; fails if nothing is left to wait for (a hang) or `limitMs` passes. */
  async run<T>(work: Promise<T>, limitMs = 3_600_000): Promise<T> {
    let settled = false;
    work.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    const start = this.t;
    const idle = () => new Promise<void>((resolve) => setImmediate(resolve));
    while (!settled) {
      for (let i = 0; i < this.idleRounds; i++) await idle();
      if (settled) break;
      // Real work outside the clock (an HTTP call) must finish before virtual time may move.
      if (this.busy()) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        continue;
      }
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

export interface SurfaceCall {
  kind: 'update' | 'finalize';
  text: string;
  format?: boolean;
  start: number;
  end: number;
  error?: Error;
}

/** A StreamSurface in memory: each call takes `latencyMs` of virtual time; `failWith` scripts the next calls' errors. */
export class RecordingSurface implements StreamSurface {
  readonly calls: SurfaceCall[] = [];
  activityStarts = 0;
  closed = false;
  inFlight = 0;
  maxInFlight = 0;
  private failures: { kind: 'update' | 'finalize' | 'any'; error: Error }[] = [];

  constructor(
    private readonly clock: VirtualClock,
    readonly key = 'test:1',
    readonly maxChars = 4096,
    private readonly latencyMs = 80,
  ) {}

  /** The next call of `kind` fails with `error` (stacks, in order). */
  failWith(kind: 'update' | 'finalize' | 'any', error: Error): this {
    this.failures.push({ kind, error });
    return this;
  }

  async startActivity(): Promise<void> {
    this.activityStarts++;
  }
  close(): void {
    this.closed = true;
  }
  update(text: string): Promise<boolean> {
    return this.call('update', text);
  }
  finalize(text: string, opts: { format: boolean }): Promise<boolean> {
    return this.call('finalize', text, opts.format);
  }

  /** Final messages delivered, in order. */
  get finals(): string[] {
    return this.calls.filter((c) => c.kind === 'finalize' && !c.error).map((c) => c.text);
  }

  private async call(kind: 'update' | 'finalize', text: string, format?: boolean): Promise<boolean> {
    const call: SurfaceCall = { kind, text, format, start: this.clock.now(), end: NaN };
    this.calls.push(call);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.clock.sleep(this.latencyMs);
      const i = this.failures.findIndex((f) => f.kind === kind || f.kind === 'any');
      if (i !== -1) {
        call.error = this.failures.splice(i, 1)[0]!.error;
        throw call.error;
      }
      return true;
    } finally {
      this.inFlight--;
      call.end = this.clock.now();
    }
  }
}

/** Deltas of `chunk` characters every `everyMs` of virtual time; `pauses[n]` adds a wait before delta n. */
export async function* virtualDeltas(
  clock: VirtualClock,
  text: string,
  chunk = 30,
  everyMs = 50,
  pauses: Record<number, number> = {},
): AsyncGenerator<string> {
  for (let i = 0, n = 0; i < text.length; i += chunk, n++) {
    if (n > 0) await clock.sleep(everyMs);
    if (pauses[n]) await clock.sleep(pauses[n]!);
    yield text.slice(i, i + chunk);
  }
}
