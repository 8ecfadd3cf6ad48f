// Runs a local stack in a child process (the chaos suite and the crash tests kill it with SIGKILL) and reads its URL.
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localStackEnv } from './chaos-child-process.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI_ENTRY = join(ROOT, 'bin/delivery-assistant.mjs');

export interface StackProcess {
  url: string;
  child: ChildProcess;
  /** Everything the child printed so far (for a failure message). */
  output(): string;
  /** SIGKILL: no shutdown hook runs, exactly like a crash. Resolves when the process is gone. */
  kill(): Promise<void>;
  /** Resolves when the child exits on its own (e.g. a crash point it hit), with its signal or code. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `node <script> start` (the CLI by default; a test may pass its own entry that prints the same URL line) with
 * DATA_DIR and PORT=0, and resolves once the stack prints its URL.
 */
export function startStackProcess(opts: {
  dataDir: string;
  staffToken: string;
  env?: Record<string, string>;
  script?: string;
  args?: string[];
  timeoutMs?: number;
}): Promise<StackProcess> {
  const script = opts.script ?? CLI_ENTRY;
  const args = opts.args ?? (opts.script ? [] : ['start']);
  const execArgv = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...execArgv, script, ...args], {
    cwd: ROOT,
    env: localStackEnv({ PORT: '0', DATA_DIR: opts.dataDir, STAFF_API_TOKEN: opts.staffToken, ...opts.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the stack did not start in time:\n${out}`));
    }, opts.timeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /HTTP API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveStart({
          url: m[1]!,
          child,
          exited,
          output: () => out,
          kill: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
            await exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => {
      out += c.toString();
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the stack exited (${signal ?? code}) before it started:\n${out}`));
    });
  });
}
