// The local work queue keeps SQS FIFO's contract, on the real table (dynalite): per-group order through retries,
// backoff that honours the error's own wait, a dead letter after N attempts (kept, said loudly), and pending items
// picked up in order after a restart.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoWorkQueueStore } from '../../../adapters/local/dynamo-work-queue-store.ts';
import { InProcessChatWorkQueue } from '../../../adapters/local/in-process-work-queue.ts';
import { lineLogger } from '../../../core/logger.ts';
import type { QueuedWork, WorkQueueStore } from '../../../core/work-queue.ts';
import { freshTable } from '../../support/dynalite-table.ts';

interface Job {
  name: string;
  failTimes?: number;
  retryAfterMs?: number;
}
class JobError extends Error {
  constructor(readonly job: Job) {
    super(`job ${job.name} failed`);
  }
}

let table: Awaited<ReturnType<typeof freshTable>>;
beforeAll(async () => {
  table = await freshTable();
});
afterAll(async () => {
  await table.close();
});

let queues = 0;
const storeNamed = (name: string) => new DynamoWorkQueueStore<Job>(table.client, table.tableName, name);

/** A queue over the table whose worker records what it handled, failing each job its `failTimes` first. */
function jobQueue(
  store: WorkQueueStore<Job>,
  opts: { maxAttempts?: number; retryBaseMs?: number; autoStart?: boolean; tries?: Map<string, number> } = {},
) {
  const handled: string[] = [];
  // Shared across a restart when given: a job fails its first `failTimes` tries wherever they ran.
  const tries = opts.tries ?? new Map<string, number>();
  const logs: { msg: string; fields?: Record<string, unknown> }[] = [];
  const queue = new InProcessChatWorkQueue<Job>(
    async (job) => {
      const n = (tries.get(job.name) ?? 0) + 1;
      tries.set(job.name, n);
      if (n <= (job.failTimes ?? 0)) throw new JobError(job);
      handled.push(job.name);
    },
    {
      name: 'jobs',
      store,
      maxAttempts: opts.maxAttempts ?? 3,
      retryBaseMs: opts.retryBaseMs ?? 1,
      autoStart: opts.autoStart ?? true,
      retryAfterMs: (err) => (err instanceof JobError ? err.job.retryAfterMs : undefined),
      describe: (job) => ({ job: job.name }),
      log: lineLogger((_level, msg, fields) => {
        logs.push({ msg, fields });
      }),
    },
  );
  return { queue, handled, tries, logs };
}

describe('InProcessChatWorkQueue (SQS FIFO contract, on the local table)', () => {
  it('keeps each group in order through retries, while other groups go on', async () => {
    const store = storeNamed(`q${++queues}`);
    const { queue, handled, tries } = jobQueue(store);

    await queue.enqueue('order:A', 'a1', { name: 'a1', failTimes: 2 });
    await queue.enqueue('order:A', 'a2', { name: 'a2' });
    await queue.enqueue('order:B', 'b1', { name: 'b1' });
    await queue.enqueue('order:A', 'a3', { name: 'a3', failTimes: 1 });
    await queue.drain();

    expect(handled.filter((n) => n.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    // B did not wait for A's retries.
    expect(handled.indexOf('b1')).toBeLessThan(handled.indexOf('a1'));
    expect([tries.get('a1'), tries.get('a2'), tries.get('a3')]).toEqual([3, 1, 2]);
    expect(await store.pending()).toEqual([]);
  });

  it('backs off, doubling, and waits at least what the failure asks for', async () => {
    const { queue, logs } = jobQueue(storeNamed(`q${++queues}`), { maxAttempts: 4, retryBaseMs: 5 });

    await queue.enqueue('g', 'x', { name: 'x', failTimes: 2 });
    await queue.enqueue('g', 'y', { name: 'y', failTimes: 1, retryAfterMs: 40 });
    await queue.drain();

    const retries = logs
      .filter((l) => l.msg.includes('retrying'))
      .map((l) => [l.fields?.job, l.fields?.attempt, /retrying in (\d+) ms/.exec(l.msg)?.[1]]);
    expect(retries).toEqual([
      ['x', 1, '5'],
      ['x', 2, '10'],
      ['y', 1, '40'],
    ]);
  });

  it('dead-letters an item after maxAttempts: said loudly once, kept with its error, and its group moves on', async () => {
    const store = storeNamed(`q${++queues}`);
    const { queue, handled, tries, logs } = jobQueue(store, { maxAttempts: 3 });

    await queue.enqueue('g', 'poison', { name: 'poison', failTimes: 99 });
    await queue.enqueue('g', 'next', { name: 'next' });
    await queue.drain();

    expect(tries.get('poison')).toBe(3);
    expect(handled).toEqual(['next']);
    const loud = logs.filter((l) => l.msg.includes('DEAD-LETTERED'));
    expect(loud).toHaveLength(1);
    expect(loud[0]!.msg).toMatch(/^🚨 jobs item DEAD-LETTERED after 3 attempts/);
    expect(loud[0]!.fields).toMatchObject({
      group: 'g',
      job: 'poison',
      error: { name: 'Error', message: 'job poison failed', stack: expect.stringContaining('job poison failed') },
    });
    const dead = await queue.deadLetters();
    expect(dead).toEqual([
      expect.objectContaining({
        groupKey: 'g',
        dedupeId: 'poison',
        item: { name: 'poison', failTimes: 99 },
        attempts: 3,
        lastError: 'Error: job poison failed',
      }),
    ]);
    expect(dead[0]!.deadAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await store.pending()).toEqual([]);
    // Kept: another queue on the same table (a restart) still lists it, and does not run it.
    const again = jobQueue(storeNamed(`q${queues}`));
    expect(await again.queue.start()).toBe(0);
    expect(await again.queue.deadLetters()).toHaveLength(1);
  });

  it('after a restart, picks up what was pending (a waiting retry included) in order, ahead of newer items, with the attempts counted', async () => {
    const name = `q${++queues}`;
    // First run: g1 fails once and waits a minute for its retry; g2 behind it; the process stops.
    const first = jobQueue(storeNamed(name));
    await first.queue.enqueue('g', 'g1', { name: 'g1', failTimes: 1, retryAfterMs: 60_000 });
    await first.queue.enqueue('g', 'g2', { name: 'g2' });
    await first.queue.enqueue('h', 'h1', { name: 'h1' });
    await first.queue.stop();
    expect(first.handled).toEqual(['h1']);
    expect((await storeNamed(name).pending()).map((w) => [w.dedupeId, w.attempts, w.lastError])).toEqual([
      ['g1', 1, 'Error: job g1 failed'],
      ['g2', 0, undefined],
    ]);
    await expect(first.queue.enqueue('g', 'late', { name: 'late' })).rejects.toThrow(/stopped/);

    // Second run: one item arrives before the worker starts; a repeat of a pending item is dropped.
    const second = jobQueue(storeNamed(name), { autoStart: false, tries: first.tries, maxAttempts: 3 });
    await second.queue.enqueue('g', 'g3', { name: 'g3' });
    const resumed = await second.queue.start();
    await second.queue.enqueue('g', 'g2', { name: 'g2' });
    await second.queue.drain();

    expect(resumed).toBe(2);
    expect(second.handled).toEqual(['g1', 'g2', 'g3']);
    expect(second.tries.get('g1')).toBe(2);
    expect(await storeNamed(name).pending()).toEqual([]);
  });

  it('drops a repeated dedupe id, and refuses an item it could not keep (so the sender tries again)', async () => {
    const { queue, handled } = jobQueue(storeNamed(`q${++queues}`));
    await queue.enqueue('g', 'same', { name: 'one' });
    await queue.enqueue('g', 'same', { name: 'two' });
    await queue.drain();
    expect(handled).toEqual(['one']);

    const broken: WorkQueueStore<Job> = {
      add: async () => {
        throw new Error('table unavailable');
      },
      recordFailure: async () => {},
      remove: async () => {},
      deadLetter: async () => {},
      pending: async () => [] as QueuedWork<Job>[],
      deadLetters: async () => [],
    };
    const refusing = jobQueue(broken);
    await expect(refusing.queue.enqueue('g', 'x', { name: 'x' })).rejects.toThrow('table unavailable');
    await refusing.queue.drain();
    expect(refusing.handled).toEqual([]);
    // Not remembered as seen: the sender's retry is accepted once the store is back.
    broken.add = async () => {};
    await refusing.queue.enqueue('g', 'x', { name: 'x' });
    await refusing.queue.drain();
    expect(refusing.handled).toEqual(['x']);
  });
});
