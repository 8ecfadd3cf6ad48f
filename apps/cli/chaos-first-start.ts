// Chaos: first starts of the real `delivery-assistant start`, some killed with SIGKILL at a random moment, each then
// checked to serve.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { captureOutput, exited, localStackEnv, stopChild, tail } from './chaos-child-process.ts';
import { openDemoPackage } from './open-demo-store.ts';

const BIN = resolve(import.meta.dirname, '../../bin/delivery-assistant.mjs');
const URL_LINE = /HTTP API\s+(http:\/\/127\.0\.0\.1:\d+)/;

export interface FirstStartChaosOptions {
  /** Interrupted first starts: a fresh data folder, SIGKILL at a random moment of the first start, then a second start. */
  runs: number;
  /**
   * Interrupted first starts killed at the moment the new table's CREATING record reaches LevelDB's log (none by
   * default).
   * That window lasts milliseconds, so random kills rarely land in it; these aim at it, to test the repair for real.
   */
  aimedRuns?: number;
  /** Uninterrupted first starts, each in a fresh data folder (none by default). */
  cleanRuns?: number;
  /** Where the data folders go (a new temp folder by default). A run's folder is removed when it passes, kept when it fails. */
  dataRoot?: string;
  print?: (line: string) => void;
  /** The kill lands uniformly in [0, maxKillMs) after the spawn; 2,500 ms covers the whole first start. */
  maxKillMs?: number;
  random?: () => number;
  /** How long a start may take to print its URL before it counts as failed. */
  startTimeoutMs?: number;
}

export interface FirstStartFailure {
  kind: 'interrupted' | 'aimed' | 'clean';
  run: number;
  killedAtMs?: number;
  reason: string;
  output: string;
  dataDir: string;
}

export interface FirstStartChaosResult {
  runs: number;
  aimedRuns: number;
  /** Of `runs` + `aimedRuns`, those killed before the stack was serving (the others were killed once it was up). */
  interrupted: number;
  /** Of `runs` + `aimedRuns`, the data folders the kill left with the table CREATING on disk (the state that used to brick). */
  leftCreating: number;
  /** Of `runs` + `aimedRuns`, those whose next start served /health and the whole catalog. */
  recovered: number;
  cleanRuns: number;
  cleanOk: number;
  failures: FirstStartFailure[];
}

interface Started {
  child: ChildProcess;
  output: () => string;
  url: Promise<string>;
}

function startStack(dataDir: string, timeoutMs: number): Started {
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: localStackEnv({ PORT: '0', DATA_DIR: dataDir }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = captureOutput(child);
  const url = new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within ${timeoutMs} ms`)), timeoutMs);
    out.onLine((text) => {
      const m = URL_LINE.exec(text);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    });
    void exited(child).then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before serving`));
    });
  });
  url.catch(() => {}); // observed by whoever awaits it; an unobserved rejection must not crash the run
  return { child, output: out.text, url };
}

/** Serving means what a developer checks first: /health is 200 and the catalog lists every seeded product. */
async function checkServes(url: string): Promise<void> {
  const health = await fetch(`${url}/health`);
  if (health.status !== 200) throw new Error(`GET /health → ${health.status}`);
  const catalog = await fetch(`${url}/api/catalog`);
  if (catalog.status !== 200) throw new Error(`GET /api/catalog → ${catalog.status} ${await catalog.text()}`);
  const { items } = (await catalog.json()) as { items: unknown[] };
  const expected = openDemoPackage().products.length;
  if (items.length !== expected) throw new Error(`GET /api/catalog lists ${items.length} of ${expected} products`);
}

/** Starts the stack on `dataDir`, checks it serves, stops it; the error says what failed. */
async function startAndCheck(
  dataDir: string,
  timeoutMs: number,
): Promise<{ ok: true } | { ok: false; reason: string; output: string }> {
  const started = startStack(dataDir, timeoutMs);
  try {
    await checkServes(await started.url);
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err), output: tail(started.output()) };
  } finally {
    await stopChild(started.child);
  }
}

/** LevelDB's log files under `dbDir`, oldest first, as text (read raw: opening the folder would run LevelDB's own recovery first). */
function logText(dbDir: string): string {
  let logs: string[];
  try {
    logs = readdirSync(dbDir)
      .filter((f) => f.endsWith('.log'))
      .sort();
  } catch {
    return '';
  }
  return logs.map((f) => readFileSync(join(dbDir, f)).toString('latin1')).join('');
}

/** The table's latest status as written in LevelDB's log. */
const tableStatusInLog = (dbDir: string) => [...logText(dbDir).matchAll(/"TableStatus":"([A-Z]+)"/g)].at(-1)?.[1];

/**
 * Watches `dbDir` for dynalite's CreateTable record (the table written as CREATING) and resolves when it lands. Any
 * CREATING record counts, even one already followed by ACTIVE: the kill is then late, never skipped.
 */
function watchForCreating(dbDir: string): { seen: Promise<void>; cancel(): void } {
  mkdirSync(dbDir, { recursive: true }); // LevelDB opens an existing empty folder as a new database
  let cancel = () => {};
  const seen = new Promise<void>((resolveSeen) => {
    const check = () => {
      try {
        if (logText(dbDir).includes('"TableStatus":"CREATING"')) {
          cancel();
          resolveSeen();
        }
      } catch {
        /* a log rotated away mid-read: look again */
      }
    };
    const watcher = watch(dbDir, check);
    const poll = setInterval(check, 2);
    cancel = () => {
      watcher.close();
      clearInterval(poll);
    };
  });
  return { seen, cancel: () => cancel() };
}

export async function runFirstStartChaos(opts: FirstStartChaosOptions): Promise<FirstStartChaosResult> {
  const print = opts.print ?? (() => {});
  const random = opts.random ?? Math.random;
  const maxKillMs = opts.maxKillMs ?? 2500;
  const timeoutMs = opts.startTimeoutMs ?? 60_000;
  const ownRoot = opts.dataRoot === undefined;
  const root = opts.dataRoot ?? mkdtempSync(join(tmpdir(), 'da-chaos-first-start-'));
  mkdirSync(root, { recursive: true });
  const result: FirstStartChaosResult = {
    runs: opts.runs,
    aimedRuns: opts.aimedRuns ?? 0,
    interrupted: 0,
    leftCreating: 0,
    recovered: 0,
    cleanRuns: opts.cleanRuns ?? 0,
    cleanOk: 0,
    failures: [],
  };

  for (let run = 1; run <= result.cleanRuns; run++) {
    const dataDir = join(root, `clean-${run}`);
    const outcome = await startAndCheck(dataDir, timeoutMs);
    if (outcome.ok) {
      result.cleanOk++;
      rmSync(dataDir, { recursive: true, force: true });
    } else result.failures.push({ kind: 'clean', run, dataDir, reason: outcome.reason, output: outcome.output });
    print(`clean first start ${run}/${result.cleanRuns}: ${outcome.ok ? 'serves' : `FAILED (${outcome.reason})`}`);
  }

  const interruptedRuns = [
    ...Array.from({ length: opts.runs }, (_, i) => ({ kind: 'interrupted' as const, run: i + 1, of: opts.runs })),
    ...Array.from({ length: result.aimedRuns }, (_, i) => ({
      kind: 'aimed' as const,
      run: i + 1,
      of: result.aimedRuns,
    })),
  ];
  for (const { kind, run, of } of interruptedRuns) {
    const dataDir = join(root, `${kind}-${run}`);
    const dbDir = join(dataDir, 'dynamodb');
    const killedAtMs = kind === 'interrupted' ? Math.floor(random() * maxKillMs) : undefined;
    const aimed = kind === 'aimed' ? watchForCreating(dbDir) : undefined;
    const spawnedAt = Date.now();
    const first = startStack(dataDir, timeoutMs);
    let servingBeforeKill = false;
    void first.url.then(
      () => {
        servingBeforeKill = true;
      },
      () => {},
    );
    const gone = exited(first.child);
    let timer: NodeJS.Timeout | undefined;
    // An aimed kill waits for the record, but no longer than a start may take.
    const deadline = new Promise<false>((r) => {
      timer = setTimeout(() => r(false), killedAtMs ?? timeoutMs);
    });
    const early = await Promise.race([
      gone.then(() => true),
      deadline,
      ...(aimed ? [aimed.seen.then(() => false as const)] : []),
    ]);
    clearTimeout(timer);
    aimed?.cancel();
    if (!early) first.child.kill('SIGKILL');
    const killedAfterMs = Date.now() - spawnedAt;
    await gone;
    if (!servingBeforeKill) result.interrupted++;
    const statusAfterKill = tableStatusInLog(dbDir);
    if (statusAfterKill === 'CREATING') result.leftCreating++;

    const outcome = await startAndCheck(dataDir, timeoutMs);
    const when = early
      ? 'exited by itself first'
      : `killed at ${killedAfterMs} ms${servingBeforeKill ? ' (already serving)' : ''}, table ${statusAfterKill ?? 'not created yet'}`;
    if (outcome.ok) {
      result.recovered++;
      rmSync(dataDir, { recursive: true, force: true });
    } else {
      result.failures.push({
        kind,
        run,
        killedAtMs: killedAfterMs,
        dataDir,
        reason: outcome.reason,
        output: `${tail(first.output(), 6)}\n--- next start ---\n${outcome.output}`,
      });
    }
    print(
      `${kind} first start ${run}/${of}: ${when} → next start ${outcome.ok ? 'serves' : `FAILED (${outcome.reason})`}`,
    );
  }

  if (ownRoot && result.failures.length === 0) rmSync(root, { recursive: true, force: true });
  return result;
}
