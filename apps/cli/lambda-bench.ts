// `delivery-assistant bench lambda`: builds every Lambda bundle as infra deploys it (the stack's own functions, the
// BUNDLING options, local esbuild) and reports, per bundle, its size and its import (init) time: the median of N fresh
// Node processes minus a bare Node start, without and with --enable-source-maps. Offline: no Docker, no network.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import * as esbuild from 'esbuild';
import { AppFunction, BUNDLE_ALIASES, BUNDLING } from '../../infra/app-function.ts';
import { DeliveryAssistantStack } from '../../infra/delivery-assistant-stack.ts';
import {
  PAYMENT_WEBHOOK_ENTRY,
  REPO_ROOT,
  SLACK_EVENTS_ENTRY,
  TELEGRAM_WEBHOOK_ENTRY,
} from '../../infra/repo-paths.ts';

/** The issue's budgets: an edge answers Slack within 3 s on a cold start, so it loads almost nothing. */
export const EDGE_MAX_BYTES = 150 * 1024;
export const EDGE_MAX_INIT_RATIO = 1.5;
export const BUNDLE_MAX_BYTES = 1024 * 1024;
export const EDGE_ENTRIES = [TELEGRAM_WEBHOOK_ENTRY, SLACK_EVENTS_ENTRY, PAYMENT_WEBHOOK_ENTRY];

export interface LambdaFunctionInfo {
  /** The construct path under the stack, e.g. TelegramBot/Webhook. */
  id: string;
  entry: string;
  handler: string;
  environmentNames: string[];
  /** NODE_OPTIONS as infra sets it for this function. */
  nodeOptions: string | undefined;
}

/**
 * The stack's functions, read from the construct tree (no synth, no bundling). Deployed with Mercado Pago, so its two
 * functions are measured too, and every other function carries the provider it then has.
 */
export function lambdaFunctions(): LambdaFunctionInfo[] {
  const outdir = mkdtempSync(path.join(tmpdir(), 'lambda-bench-synth-'));
  try {
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new DeliveryAssistantStack(app, 'LambdaBench', { payment: { mercadoPago: true } });
    return stack.node
      .findAll()
      .filter((c): c is AppFunction => c instanceof AppFunction)
      .map((f) => ({
        id: f.node.path.replace(/^LambdaBench\//, ''),
        entry: f.entry,
        handler: f.handler,
        environmentNames: [...f.environmentNames],
        nodeOptions: f.nodeOptions,
      }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export interface BuiltBundle {
  entry: string;
  file: string;
  bytes: number;
  mapBytes: number;
  metafile: esbuild.Metafile;
}

/**
 * One entry bundled with the options NodejsFunction passes esbuild for BUNDLING (test/infra checks they agree);
 * `sourcesContent` overrides BUNDLING's, to measure the other choice.
 */
export async function buildBundle(
  entry: string,
  outdir: string,
  sourcesContent = BUNDLING.sourcesContent ?? true,
): Promise<BuiltBundle> {
  const file = path.join(outdir, 'index.mjs');
  const result = await esbuild.build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLING.target,
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourceMap,
    sourcesContent,
    mainFields: BUNDLING.mainFields,
    external: BUNDLING.externalModules,
    alias: { ...BUNDLE_ALIASES },
    ...(BUNDLING.banner ? { banner: { js: BUNDLING.banner } } : {}),
    metafile: true,
    logLevel: 'error',
  });
  const mapFile = `${file}.map`;
  return {
    entry,
    file,
    bytes: statSync(file).size,
    mapBytes: BUNDLING.sourceMap ? statSync(mapFile).size : 0,
    metafile: result.metafile,
  };
}

/** The bundle's bytes per package (or per source folder), largest first: what the metafile says drags weight in. */
export function heaviestInputs(bundle: BuiltBundle, top = 5): { input: string; bytes: number }[] {
  const output = Object.values(bundle.metafile.outputs).find((o) => o.entryPoint !== undefined)!;
  const sizes = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file.split('/').slice(0, 2).join('/');
    sizes.set(pkg, (sizes.get(pkg) ?? 0) + bytesInOutput);
  }
  return [...sizes]
    .map(([input, bytes]) => ({ input, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
}

/** Native addons cannot run on another architecture; esbuild bundles are plain JavaScript unless one slips in. */
export const nativeInputs = (bundle: BuiltBundle): string[] =>
  Object.keys(bundle.metafile.inputs).filter((f) => f.endsWith('.node'));

/** Variables whose schema wants more than any text. */
const PLACEHOLDERS: Record<string, string> = { SLACK_HANDOFF_TIMEOUT_MINUTES: '10', SLACK_STAFF_LANG: 'en' };

/** What Lambda gives every function, plus the function's own variables with placeholder values. */
export function benchEnvironment(names: string[]): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_SESSION_TOKEN: 'bench',
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
  };
  for (const name of names)
    if (name !== 'NODE_OPTIONS') env[name] = PLACEHOLDERS[name] ?? `bench-${name.toLowerCase()}`;
  return env;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** One fresh Node process that imports `file` (or nothing) and exits: its wall time, and the CPU time it reports. */
function timeProcess(
  file: string,
  env: Record<string, string>,
  sourceMaps: boolean,
): { wallMs: number; cpuMs: number } {
  const args = [
    ...(sourceMaps ? ['--enable-source-maps'] : []),
    '--input-type=module',
    '-e',
    `await import(${JSON.stringify(pathToFileURL(file).href)});` +
      'const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000));',
  ];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`importing ${file} failed (exit ${r.status}): ${r.stderr.slice(-1500)}`);
  return { wallMs, cpuMs: Number(r.stdout.trim().split('\n').at(-1)) };
}

export interface ImportTimes {
  /** Median wall time of a Node process importing an empty module. */
  bareMs: number;
  /** Median wall time importing the bundle, minus bareMs. */
  initMs: number;
  initWithSourceMapsMs: number;
  ratio: number;
  ratioWithSourceMaps: number;
  /**
   * The same ratios in CPU time (user + system, as the process reports it): steadier than wall time on a shared
   * machine, where the wall time includes waiting for a core.
   */
  cpuRatio: number;
  cpuRatioWithSourceMaps: number;
}

/** Bare, plain and source-mapped runs interleaved, so machine load drifts affect the three alike. */
export function timeImports(file: string, env: Record<string, string>, runs: number, empty: string): ImportTimes {
  const bare: { wallMs: number; cpuMs: number }[] = [];
  const plain: typeof bare = [];
  const mapped: typeof bare = [];
  timeProcess(file, env, false); // warm the file cache
  for (let i = 0; i < runs; i++) {
    bare.push(timeProcess(empty, env, false));
    plain.push(timeProcess(file, env, false));
    mapped.push(timeProcess(file, env, true));
  }
  const wall = (xs: typeof bare) => median(xs.map((x) => x.wallMs));
  const cpu = (xs: typeof bare) => median(xs.map((x) => x.cpuMs));
  const bareMs = wall(bare);
  return {
    bareMs,
    initMs: wall(plain) - bareMs,
    initWithSourceMapsMs: wall(mapped) - bareMs,
    ratio: wall(plain) / bareMs,
    ratioWithSourceMaps: wall(mapped) / bareMs,
    cpuRatio: cpu(plain) / cpu(bare),
    cpuRatioWithSourceMaps: cpu(mapped) / cpu(bare),
  };
}

export interface LambdaBenchRow {
  bundle: string;
  functions: string[];
  edge: boolean;
  bytes: number;
  mapBytes: number;
  /** Whether infra runs these functions with --enable-source-maps: the budget's ratio is the deployed one. */
  sourceMapsInTraces: boolean;
  heaviest: { input: string; bytes: number }[];
  native: string[];
  times?: ImportTimes;
  withinBudget: boolean;
}

export interface LambdaBenchReport {
  runs: number;
  sourcesContent: boolean;
  rows: LambdaBenchRow[];
}

/** Builds each distinct entry once; `runs: 0` skips the timings (sizes only). */
export async function runLambdaBench(opts: { runs: number; sourcesContent?: boolean }): Promise<LambdaBenchReport> {
  const sourcesContent = opts.sourcesContent ?? BUNDLING.sourcesContent ?? true;
  const fns = lambdaFunctions();
  const dir = mkdtempSync(path.join(tmpdir(), 'lambda-bench-'));
  const empty = path.join(dir, 'empty.mjs');
  writeFileSync(empty, '');
  try {
    const rows: LambdaBenchRow[] = [];
    for (const entry of [...new Set(fns.map((f) => f.entry))]) {
      const mine = fns.filter((f) => f.entry === entry);
      const built = await buildBundle(entry, mkdtempSync(path.join(dir, 'bundle-')), sourcesContent);
      const edge = EDGE_ENTRIES.includes(entry);
      const times =
        opts.runs > 0
          ? timeImports(
              built.file,
              benchEnvironment([...new Set(mine.flatMap((f) => f.environmentNames))]),
              opts.runs,
              empty,
            )
          : undefined;
      const sourceMapsInTraces = mine.some((f) => f.nodeOptions?.includes('--enable-source-maps'));
      const deployedRatio = times && (sourceMapsInTraces ? times.ratioWithSourceMaps : times.ratio);
      const withinBudget =
        built.bytes < BUNDLE_MAX_BYTES &&
        (!edge ||
          (built.bytes <= EDGE_MAX_BYTES && (deployedRatio === undefined || deployedRatio <= EDGE_MAX_INIT_RATIO)));
      rows.push({
        bundle: path.relative(REPO_ROOT, entry),
        functions: mine.map((f) => `${f.id} (${f.handler})`),
        edge,
        bytes: built.bytes,
        mapBytes: built.mapBytes,
        sourceMapsInTraces,
        heaviest: heaviestInputs(built),
        native: nativeInputs(built),
        ...(times ? { times } : {}),
        withinBudget,
      });
    }
    return { runs: opts.runs, sourcesContent, rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)}`;

export function formatLambdaReport(r: LambdaBenchReport, why = false): string {
  const lines = [
    `Lambda bundles as infra builds them (esbuild, minified ESM, node22). Init = median of ${r.runs} fresh Node processes ` +
      'importing the bundle, minus the median of a bare Node start (an empty module), measured interleaved.',
    `Source maps ${r.sourcesContent ? 'with' : 'without'} the sources' text. * marks the column that matches how infra ` +
      'runs the bundle (with --enable-source-maps, or, for the edges, without); the budget reads that one, and so does ' +
      'CPU × bare (the same ratio in CPU time, steadier on a loaded machine).',
    '',
    'bundle                                    functions  KiB      map KiB   init ms  × bare   init ms (maps)  × bare  CPU × bare  budget',
  ];
  for (const row of r.rows) {
    const t = row.times;
    lines.push(
      [
        `${row.bundle.replace(/^apps\/lambda\//, '')}${row.edge ? ' (edge)' : ''}`.padEnd(42),
        String(row.functions.length).padStart(9),
        kib(row.bytes).padStart(8),
        kib(row.mapBytes).padStart(9),
        `${t ? t.initMs.toFixed(0) : '—'}${row.sourceMapsInTraces ? ' ' : '*'}`.padStart(9),
        (t ? t.ratio.toFixed(2) : '—').padStart(7),
        `${t ? t.initWithSourceMapsMs.toFixed(0) : '—'}${row.sourceMapsInTraces ? '*' : ' '}`.padStart(15),
        (t ? t.ratioWithSourceMaps.toFixed(2) : '—').padStart(7),
        (t ? (row.sourceMapsInTraces ? t.cpuRatioWithSourceMaps : t.cpuRatio).toFixed(2) : '—').padStart(11),
        row.withinBudget ? '  ok' : '  OVER',
      ].join(' '),
    );
    if (why) lines.push(`    heaviest: ${row.heaviest.map((h) => `${h.input} ${kib(h.bytes)}`).join(', ')}`);
  }
  const bare = r.rows.find((x) => x.times)?.times?.bareMs;
  lines.push('');
  if (bare !== undefined) lines.push(`bare Node start: ${bare.toFixed(0)} ms (median)`);
  lines.push(
    `budgets: every bundle under ${kib(BUNDLE_MAX_BYTES)} KiB; an edge at most ${kib(EDGE_MAX_BYTES)} KiB and ` +
      `${EDGE_MAX_INIT_RATIO}× a bare start. Native addons in any bundle: ${r.rows.flatMap((x) => x.native).length || 'none'}.`,
  );
  return lines.join('\n');
}
