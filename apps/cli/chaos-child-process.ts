// Child processes for the chaos runs: the local stack's environment, its output kept for a failure report, and a
// bounded stop.
import type { ChildProcess } from 'node:child_process';
import { writeOpenDemoFolder } from './open-demo-store.ts';

let openDemoDir: string | undefined;

/**
 * The local stack as `npm start` runs it, with every outside integration off: a developer's TELEGRAM_BOT_TOKEN or
 * Bedrock
 * settings must not turn a chaos run into traffic to real services. The demo store is open all day: chaos runs at
 * any hour.
 */
export function localStackEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  openDemoDir ??= writeOpenDemoFolder();
  return {
    ...process.env,
    STORE_DIR: openDemoDir,
    TELEGRAM_BOT_TOKEN: '',
    TELEGRAM_WEBHOOK_SECRET: '',
    SLACK_BOT_TOKEN: '',
    SLACK_SIGNING_SECRET: '',
    SLACK_SUPPORT_CHANNEL: '',
    ANSWER_MODEL_ID: '',
    ROUTER_MODEL_ID: '',
    KNOWLEDGE_BASE_ID: '',
    STAFF_API_TOKEN: '',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

/** Collects stdout and stderr together, in order, so a failure can show what the child said. */
export function captureOutput(child: ChildProcess): {
  text: () => string;
  onLine: (fn: (all: string) => void) => void;
} {
  let text = '';
  const listeners: ((all: string) => void)[] = [];
  const add = (chunk: Buffer) => {
    text += chunk.toString();
    for (const fn of listeners) fn(text);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return {
    text: () => text,
    onLine: (fn) => {
      listeners.push(fn);
      fn(text);
    },
  };
}

/** Resolves with the exit code (or the signal's name) once the process is gone. */
export function exited(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
}

/** SIGTERM (the stack closes LevelDB cleanly), then SIGKILL if it has not gone within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<number | string> {
  const gone = exited(child);
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs);
  });
  const first = await Promise.race([gone, late]);
  clearTimeout(timer);
  if (first !== 'late') return first;
  child.kill('SIGKILL');
  return gone;
}

/** The last lines of a child's output, for a failure record that stays readable. */
export const tail = (text: string, lines = 12) => text.trimEnd().split('\n').slice(-lines).join('\n');
