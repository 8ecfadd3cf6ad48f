// The hand-off from a webhook to its worker, as ports: per-group FIFO order, groups in parallel. SQS FIFO on AWS; the
// local stand-in (adapters/local/in-process-work-queue.ts) keeps SQS FIFO's contract and stores its items through
// WorkQueueStore.

/** Same contract as an SQS FIFO queue: items of one `groupKey` are handled one at a time, in order. */
export interface ChatWorkQueue<T> {
  enqueue(groupKey: string, dedupeId: string, item: T): Promise<void>;
}

/** One item as the local queue keeps it. `id` sorts in enqueue order (time, then a counter). */
export interface QueuedWork<T> {
  id: string;
  groupKey: string;
  dedupeId: string;
  item: T;
  /** Attempts so far (SQS's ApproximateReceiveCount), and why the last one failed. */
  attempts: number;
  enqueuedAt: string;
  lastError?: string;
}
export interface DeadLetter<T> extends QueuedWork<T> {
  deadAt: string;
}

/** Where the local queue keeps its items so a restart picks them up: the local stack's table, or memory. */
export interface WorkQueueStore<T> {
  add(work: QueuedWork<T>): Promise<void>;
  /** Records a failed attempt (`attempts`, `lastError`); the item stays pending. */
  recordFailure(work: QueuedWork<T>): Promise<void>;
  remove(work: QueuedWork<T>): Promise<void>;
  /** Moves the item from pending to the dead letters, which are kept. */
  deadLetter(work: DeadLetter<T>): Promise<void>;
  /** Pending items, oldest first. */
  pending(): Promise<QueuedWork<T>[]>;
  deadLetters(): Promise<DeadLetter<T>[]>;
}
