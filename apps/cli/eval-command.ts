// `delivery-assistant eval qa`: asks the answer-quality set through the real webhook path and scores the replies.
import { writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { loadQaSet, QA_SET_FILE } from './eval-qa-set.ts';
import { excerpt, formatFailures, formatSummaryTable, type QaReport, summarize } from './eval-report.ts';
import { runQaEval } from './eval-runner.ts';

const USAGE = `usage: delivery-assistant eval qa [--offline] [--only ID,ID] [--lang pt-BR|en] [--limit N] [--set FILE]
                                  [--out FILE] [--failures N] [--quiet]

Asks every question of the set (eval/qa-set.json) from a fresh Telegram chat, through the local stack's webhook and a
loopback Bot API stand-in, and judges what the customer saw (eval/README.md says how). Answers come from Bedrock when
ANSWER_MODEL_ID (ROUTER_MODEL_ID, KNOWLEDGE_BASE_ID) and AWS credentials resolve, offline otherwise; --offline forces
offline. Prints the table and the failures, and writes the JSON report to --out (default: under the OS temp dir).`;

interface EvalArgs {
  offline: boolean;
  only?: string[];
  lang?: string;
  limit?: number;
  set: string;
  out?: string;
  failures: number;
  quiet: boolean;
}

function parseArgs(args: string[]): EvalArgs | string {
  const parsed: EvalArgs = { offline: false, set: QA_SET_FILE, failures: 20, quiet: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value`);
      return v;
    };
    try {
      if (arg === '--offline') parsed.offline = true;
      else if (arg === '--quiet') parsed.quiet = true;
      else if (arg === '--only') parsed.only = value().split(',').filter(Boolean);
      else if (arg === '--lang') parsed.lang = value();
      else if (arg === '--limit') parsed.limit = Number(value());
      else if (arg === '--failures') parsed.failures = Number(value());
      else if (arg === '--set') parsed.set = resolve(value());
      else if (arg === '--out') parsed.out = resolve(value());
      else return `Unknown option: ${arg}`;
    } catch (err) {
      return (err as Error).message;
    }
  }
  if (parsed.lang !== undefined && !['pt-BR', 'en'].includes(parsed.lang)) return '--lang is pt-BR or en';
  if (parsed.limit !== undefined && !(Number.isInteger(parsed.limit) && parsed.limit > 0))
    return '--limit is a whole number above 0';
  if (!(Number.isInteger(parsed.failures) && parsed.failures >= 0)) return '--failures is a whole number';
  return parsed;
}

export async function evalCommand(args: string[], print: (line: string) => void = console.log): Promise<number> {
  const [what, ...rest] = args;
  if (what === '--help' || what === '-h') {
    print(USAGE);
    return 0;
  }
  if (what !== 'qa') {
    console.error(USAGE);
    return 2;
  }
  const opts = parseArgs(rest);
  if (typeof opts === 'string') {
    console.error(`${opts}\n\n${USAGE}`);
    return 2;
  }
  const set = loadQaSet(opts.set);
  let items = set.items;
  if (opts.only) {
    const unknown = opts.only.filter((id) => !items.some((i) => i.id === id));
    if (unknown.length) {
      console.error(`No such question in ${opts.set}: ${unknown.join(', ')}`);
      return 2;
    }
    items = items.filter((i) => opts.only!.includes(i.id));
  }
  if (opts.lang) items = items.filter((i) => i.lang === opts.lang);
  if (opts.limit) items = items.slice(0, opts.limit);

  const run = await runQaEval({
    items,
    offline: opts.offline,
    onResult: (r, i) => {
      if (!opts.quiet)
        print(
          `${String(i + 1).padStart(3)}/${items.length} ${r.verdict.right ? '✓' : '✗'}${r.verdict.developerTone.length ? ' ⚙' : '  '} ${r.id.padEnd(20)} ${excerpt(r.texts.join(' ⏎ '), 90)}`,
        );
    },
  });
  const report: QaReport = {
    ...run,
    setFile: relative(process.cwd(), opts.set) || opts.set,
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
    node: process.version,
    summary: summarize(run.results),
  };
  const out = opts.out ?? join(tmpdir(), `delivery-assistant-eval-qa-${run.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);

  const answers = run.mode.answers === 'bedrock' ? 'Bedrock' : 'offline';
  print('');
  print(
    `Answer quality: ${items.length} questions from ${report.setFile}, ${answers} answers (${run.description}), ` +
      `the store's clock at ${run.now}; ${run.seconds.toFixed(1)} s`,
  );
  if (run.offlineReason) print(`Offline because: ${run.offlineReason}`);
  print('');
  print(formatSummaryTable(report.summary));
  const rules = Object.entries(report.summary.developerToneRules);
  if (rules.length) print(`\nDeveloper tone, by rule: ${rules.map(([r, n]) => `${r} ×${n}`).join(', ')}`);
  const failures = formatFailures(run.results);
  if (failures.length && opts.failures > 0) {
    print(
      `\nWrong or in developer tone (${failures.length}${failures.length > opts.failures ? `, first ${opts.failures}` : ''}):`,
    );
    for (const line of failures.slice(0, opts.failures)) print(`  ${line}`);
  }
  print(`\nReport: ${out}`);
  return 0;
}
