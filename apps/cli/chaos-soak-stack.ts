// The memory soak's child: the local stack on disk, as `npm start` runs it, answering the parent's IPC "measure" with
// its memory after GC.
// Run as: node --expose-gc --import tsx cli/chaos-soak-stack.ts (DATA_DIR set), with an IPC channel.

import { liveLevelIterators } from '../../adapters/local/dynalite-iterator-leak.ts';
import { readLocalConfig } from '../local/config.ts';
import { startLocalStack } from '../local/local-stack.ts';
import { INSTANT_PIX } from './bench-support.ts';

export interface SoakMeasure {
  heapUsedMb: number;
  rssMb: number;
  liveIterators: number;
}
export type SoakRequest = { type: 'measure' } | { type: 'stop' };
export type SoakReply =
  | { type: 'ready'; url: string; staffToken: string }
  | ({ type: 'measured' } & SoakMeasure)
  | { type: 'stopped' };

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !process.send) throw new Error('run with --expose-gc and an IPC channel (see cli/chaos-memory-soak.ts)');
const send = (reply: SoakReply) => process.send!(reply);
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Several full collections with turns of the event loop between, so finalizers and weak callbacks have run. */
async function settledGc(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    gc!();
    await new Promise((r) => setImmediate(r));
  }
}

const config = readLocalConfig();
const stack = await startLocalStack({
  port: 0,
  dataDir: config.dataDir,
  assistant: { settings: config.assistant },
  payment: INSTANT_PIX,
});
process.on('message', (msg: SoakRequest) => {
  void (async () => {
    if (msg.type === 'measure') {
      await settledGc();
      const { heapUsed, rss } = process.memoryUsage();
      send({ type: 'measured', heapUsedMb: mb(heapUsed), rssMb: mb(rss), liveIterators: liveLevelIterators() });
    } else if (msg.type === 'stop') {
      await stack.stop();
      send({ type: 'stopped' });
      process.disconnect();
    }
  })();
});
send({ type: 'ready', url: stack.url, staffToken: stack.staffToken });
