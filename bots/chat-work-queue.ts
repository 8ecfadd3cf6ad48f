// The hand-off from a webhook to its worker: per-chat FIFO order, chats in parallel. SQS FIFO on AWS, in-process locally.

/** Same contract as an SQS FIFO queue: items of one `groupKey` are handled one at a time, in order. */
export interface ChatWorkQueue<T> {
  enqueue(groupKey: string, dedupeId: string, item: T): Promise<void>;
}

/**
 * The local stand-in: one promise chain per chat. Like SQS FIFO it drops a repeated `dedupeId` seen in the last
 * 5 minutes. A failing item is logged and does not block the chat's next items.
 */
export class InProcessChatWorkQueue<T> implements ChatWorkQueue<T> {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly recent = new Map<string, number>();
  private static readonly DEDUPE_WINDOW_MS = 5 * 60_000;

  constructor(private readonly work: (item: T) => Promise<void>, private readonly onError: (err: unknown, item: T) => void = () => {}) {}

  async enqueue(groupKey: string, dedupeId: string, item: T): Promise<void> {
    const now = Date.now();
    for (const [id, at] of this.recent) if (now - at > InProcessChatWorkQueue.DEDUPE_WINDOW_MS) this.recent.delete(id); else break;
    if (this.recent.has(dedupeId)) return;
    this.recent.set(dedupeId, now);
    const next = (this.tails.get(groupKey) ?? Promise.resolve())
      .then(() => this.work(item))
      .catch((err: unknown) => this.onError(err, item));
    this.tails.set(groupKey, next);
    void next.finally(() => { if (this.tails.get(groupKey) === next) this.tails.delete(groupKey); });
  }

  /** Resolves when every item enqueued so far has been handled (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.allSettled([...this.tails.values()]);
  }
}
