// The local stand-in for SQS FIFO: per-group order, retries with backoff, a dead letter after N attempts, items kept
// across a restart through a WorkQueueStore (the local table, or memory).
import { type Logger, silentLogger as silent } from '../../core/logger.ts';
import type { ChatWorkQueue, DeadLetter, QueuedWork, WorkQueueStore } from '../../core/work-queue.ts';

/** A store that forgets everything when the process ends (unit tests, and callers that need no restart). */
export class MemoryWorkQueueStore<T> implements WorkQueueStore<T> {
  private readonly items = new Map<string, QueuedWork<T>>();
  private readonly dead = new Map<string, DeadLetter<T>>();
  async add(w: QueuedWork<T>) {
    this.items.set(w.id, structuredClone(w));
  }
  async recordFailure(w: QueuedWork<T>) {
    if (this.items.has(w.id)) this.items.set(w.id, structuredClone(w));
  }
  async remove(w: QueuedWork<T>) {
    this.items.delete(w.id);
  }
  async deadLetter(w: DeadLetter<T>) {
    this.items.delete(w.id);
    this.dead.set(w.id, structuredClone(w));
  }
  async pending() {
    return [...this.items.values()].sort((a, b) => a.id.localeCompare(b.id)).map((w) => structuredClone(w));
  }
  async deadLetters() {
    return [...this.dead.values()].sort((a, b) => a.id.localeCompare(b.id)).map((w) => structuredClone(w));
  }
}

/** As `maxReceiveCount` of the FIFO queues on AWS (infra/slack-console.ts, infra/telegram-bot.ts). */
export const DEFAULT_MAX_ATTEMPTS = 3;

export interface InProcessQueueOptions<T> {
  /** Names the queue in log lines ("Slack work"). */
  name?: string;
  store?: WorkQueueStore<T>;
  /** Attempts before an item is dead-lettered. */
  maxAttempts?: number;
  /** The wait after the n-th failure is retryBaseMs × 2^(n-1), at most retryMaxMs (SQS's visibility timeout, backing off). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How long the failure itself asks to wait (a Slack 429's Retry-After): the retry waits at least that long. */
  retryAfterMs?: (err: unknown) => number | undefined;
  /** Facts about an item for the log lines (never its whole body). */
  describe?: (item: T) => Record<string, unknown>;
  log?: Logger;
  /** Start handling at once (default). With false, items are kept but wait for `start()`, which first picks up what the store holds. */
  autoStart?: boolean;
}

interface Entry<T> {
  work: QueuedWork<T>;
  saved: Promise<boolean>;
  readyAt: number;
}
interface Group<T> {
  key: string;
  entries: Entry<T>[];
  running: boolean;
  timer?: NodeJS.Timeout;
}

const errorText = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

/**
 * The local stand-in for SQS FIFO, with its contract:
 * - items of one group are handled one at a time, in enqueue order; groups run in parallel;
 * - a failed item is retried after a backoff (at least what the error asks, e.g. a 429's Retry-After), and the items
 *   behind it in its group wait, as a FIFO group waits for a message's visibility timeout;
 * - after `maxAttempts` failures the item is dead-lettered: logged loudly, kept in the store, and its group moves on;
 * - a repeated `dedupeId` within 5 minutes is dropped;
 * - with a persistent store, every accepted item is written before `enqueue` resolves, and removed once handled, so a
 *   restart (`start()`) picks up what was pending, in order. The one difference: a retry waiting for its backoff when
 *   the process stopped runs at once at the next start (the wait is not kept).
 */
export class InProcessChatWorkQueue<T> implements ChatWorkQueue<T> {
  private static readonly DEDUPE_WINDOW_MS = 5 * 60_000;
  private readonly groups = new Map<string, Group<T>>();
  private readonly recent = new Map<string, number>();
  private readonly known = new Set<string>();
  private readonly idle = new Set<() => void>();
  private readonly store: WorkQueueStore<T>;
  private readonly maxAttempts: number;
  private readonly log: Logger;
  private readonly name: string;
  private started: boolean;
  private stopping = false;
  private lastMs = 0;
  private counter = 0;

  constructor(
    private readonly work: (item: T) => Promise<void>,
    private readonly opts: InProcessQueueOptions<T> = {},
  ) {
    this.store = opts.store ?? new MemoryWorkQueueStore<T>();
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    this.log = opts.log ?? silent;
    this.name = opts.name ?? 'work';
    this.started = opts.autoStart ?? true;
  }

  async enqueue(groupKey: string, dedupeId: string, item: T): Promise<void> {
    if (this.stopping) throw new Error(`The ${this.name} queue is stopped; nothing more is accepted`);
    const now = Date.now();
    for (const [id, at] of this.recent)
      if (now - at > InProcessChatWorkQueue.DEDUPE_WINDOW_MS) this.recent.delete(id);
      else break;
    if (this.recent.has(dedupeId)) return;
    this.recent.set(dedupeId, now);
    const work: QueuedWork<T> = {
      id: this.nextId(now),
      groupKey,
      dedupeId,
      item,
      attempts: 0,
      enqueuedAt: new Date(now).toISOString(),
    };
    // The place in the group is taken now, so items keep their enqueue order even if their writes finish out of order.
    const saved = this.store.add(work).then(() => true);
    this.place({ work, saved: saved.catch(() => false), readyAt: 0 });
    try {
      await saved;
    } catch (err) {
      // Not kept, so not accepted: the sender hears it (a webhook answers 500 and is sent again).
      this.recent.delete(dedupeId);
      throw err;
    }
  }

  /** Picks up what the store holds (after a restart), ahead of anything enqueued since, then starts handling. */
  async start(): Promise<number> {
    const pending = await this.store.pending();
    let resumed = 0;
    for (const work of pending) {
      if (this.known.has(work.id)) continue;
      resumed += 1;
      this.lastMs = Math.max(this.lastMs, Number(work.id.split('-')[0]) || 0);
      this.recent.set(work.dedupeId, Date.now());
      this.place({ work, saved: Promise.resolve(true), readyAt: 0 });
    }
    this.started = true;
    for (const group of this.groups.values()) void this.pump(group);
    return resumed;
  }

  /** The dead-lettered items, oldest first (kept until someone deals with them). */
  deadLetters(): Promise<DeadLetter<T>[]> {
    return this.store.deadLetters();
  }

  /** Resolves when every item enqueued so far has been handled or dead-lettered, retries included (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.busy()) await new Promise<void>((resolve) => this.idle.add(resolve));
  }

  /**
   * Accepts nothing more; items ready now are still handled, a retry waiting for its backoff is left in the store
   * for the next start. Resolves when nothing is running.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const group of this.groups.values()) {
      clearTimeout(group.timer);
      group.timer = undefined;
      void this.pump(group);
    }
    await this.drain();
  }

  /** Something is running, or waiting to run (once stopping, only what runs counts: the rest waits for the next start). */
  private busy(): boolean {
    return [...this.groups.values()].some((g) => g.running || (!this.stopping && g.entries.length > 0));
  }

  private nextId(now: number): string {
    if (now > this.lastMs) {
      this.lastMs = now;
      this.counter = 0;
    } else this.counter += 1;
    return `${String(this.lastMs).padStart(15, '0')}-${String(this.counter).padStart(6, '0')}`;
  }

  private place(entry: Entry<T>): void {
    this.known.add(entry.work.id);
    let group = this.groups.get(entry.work.groupKey);
    if (!group) {
      group = { key: entry.work.groupKey, entries: [], running: false };
      this.groups.set(group.key, group);
    }
    // Sorted by id: an item picked up at start goes ahead of the newer ones enqueued while the store was read.
    let i = group.entries.length;
    while (i > 0 && group.entries[i - 1]!.work.id > entry.work.id) i--;
    group.entries.splice(i, 0, entry);
    void this.pump(group);
  }

  private async pump(group: Group<T>): Promise<void> {
    if (group.running || group.timer || !this.started) return;
    group.running = true;
    try {
      while (group.entries.length > 0) {
        const entry = group.entries[0]!;
        const wait = entry.readyAt - Date.now();
        if (wait > 0) {
          if (!this.stopping) {
            group.timer = setTimeout(() => {
              group.timer = undefined;
              void this.pump(group);
            }, wait);
            // A retry waiting is no reason to keep a process alive that is otherwise done.
            group.timer.unref();
          }
          return;
        }
        if (!(await entry.saved)) {
          this.forget(group, entry);
          continue;
        }
        await this.attempt(group, entry);
      }
    } finally {
      group.running = false;
      if (group.entries.length === 0 && !group.timer && this.groups.get(group.key) === group)
        this.groups.delete(group.key);
      // Waiters re-check for themselves; waking them on every change is simpler than tracking what each waits for.
      for (const resolve of [...this.idle]) {
        this.idle.delete(resolve);
        resolve();
      }
    }
  }

  private async attempt(group: Group<T>, entry: Entry<T>): Promise<void> {
    const { work } = entry;
    work.attempts += 1;
    try {
      await this.work(work.item);
    } catch (err) {
      work.lastError = errorText(err);
      const facts = {
        queue: this.name,
        group: work.groupKey,
        attempt: work.attempts,
        of: this.maxAttempts,
        // The error itself, so the line keeps its stack and cause; the stored item keeps the one-line text.
        error: err,
        ...this.opts.describe?.(work.item),
      };
      if (work.attempts >= this.maxAttempts) {
        const dead: DeadLetter<T> = { ...work, deadAt: new Date().toISOString() };
        await this.store
          .deadLetter(dead)
          .catch((e: unknown) => this.log.warn(`${this.name}: could not keep a dead letter`, { error: e }));
        this.log.warn(
          `🚨 ${this.name} item DEAD-LETTERED after ${work.attempts} attempts: set aside and kept (see the queue's dead letters); its group moves on`,
          facts,
        );
        this.forget(group, entry);
        return;
      }
      const backoff = Math.min(
        (this.opts.retryBaseMs ?? 1000) * 2 ** (work.attempts - 1),
        this.opts.retryMaxMs ?? 60_000,
      );
      const delay = Math.max(backoff, this.opts.retryAfterMs?.(err) ?? 0);
      this.log.warn(`${this.name} item failed; retrying in ${delay} ms (its group waits)`, facts);
      entry.readyAt = Date.now() + delay;
      await this.store
        .recordFailure(work)
        .catch((e: unknown) => this.log.warn(`${this.name}: could not record a failed attempt`, { error: e }));
      return;
    }
    // Handled. If the removal fails, a restart handles it again: at least once, as SQS when DeleteMessage fails.
    await this.store
      .remove(work)
      .catch((e: unknown) =>
        this.log.warn(`${this.name}: a handled item could not be removed from the store`, { error: e }),
      );
    this.forget(group, entry);
  }

  private forget(group: Group<T>, entry: Entry<T>): void {
    const i = group.entries.indexOf(entry);
    if (i >= 0) group.entries.splice(i, 1);
    this.known.delete(entry.work.id);
  }
}
