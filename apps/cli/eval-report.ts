// The answer-quality figures of a run: shares right, honest don't-knows, developer tone and latency, per language and
// kind, as a table and as the JSON report.
import { percentile } from './bench-support.ts';
import type { QaResult, QaRun } from './eval-runner.ts';

export interface QaGroupFigures {
  n: number;
  right: number;
  /** Uncovered questions in the group, and how many got an honest "I don't know" with a way to a person. */
  uncovered: number;
  honest: number;
  /** Uncovered questions whose reply said it did not know (with or without a way to a person). */
  saidDontKnow: number;
  developerTone: number;
  /** Questions that could not be put (timeout, webhook refused). */
  errors: number;
  firstActivityMs: { p50: number; p95: number };
  finalMs: { p50: number; p95: number };
}

export interface QaSummary {
  all: QaGroupFigures;
  byLang: Record<string, QaGroupFigures>;
  byKind: Record<string, QaGroupFigures>;
  /** How often each developer-tone rule fired. */
  developerToneRules: Record<string, number>;
}

export interface QaReport extends QaRun {
  setFile: string;
  machine: string;
  node: string;
  summary: QaSummary;
}

const ms = (xs: number[]) => (xs.length ? { p50: percentile(xs, 50), p95: percentile(xs, 95) } : { p50: 0, p95: 0 });

export function groupFigures(results: readonly QaResult[]): QaGroupFigures {
  const uncovered = results.filter((r) => r.kind === 'uncovered');
  return {
    n: results.length,
    right: results.filter((r) => r.verdict.right).length,
    uncovered: uncovered.length,
    honest: uncovered.filter((r) => r.verdict.honest).length,
    saidDontKnow: uncovered.filter((r) => r.verdict.saysDontKnow).length,
    developerTone: results.filter((r) => r.verdict.developerTone.length > 0).length,
    errors: results.filter((r) => r.error).length,
    firstActivityMs: ms(results.flatMap((r) => (r.firstActivityMs === undefined ? [] : [r.firstActivityMs]))),
    finalMs: ms(results.flatMap((r) => (r.finalMs === undefined ? [] : [r.finalMs]))),
  };
}

const by = (results: readonly QaResult[], key: (r: QaResult) => string) => {
  const groups: Record<string, QaResult[]> = {};
  for (const r of results) {
    groups[key(r)] ??= [];
    groups[key(r)]!.push(r);
  }
  return Object.fromEntries(Object.entries(groups).map(([k, rs]) => [k, groupFigures(rs)]));
};

export function summarize(results: readonly QaResult[]): QaSummary {
  const rules: Record<string, number> = {};
  for (const r of results) for (const rule of r.verdict.developerTone) rules[rule] = (rules[rule] ?? 0) + 1;
  return {
    all: groupFigures(results),
    byLang: by(results, (r) => r.lang),
    byKind: by(results, (r) => r.kind),
    developerToneRules: rules,
  };
}

const pct = (k: number, n: number) => (n ? `${Math.round((100 * k) / n)} %` : '—');

/** The figures as a fixed-width table: one row for all, one per language, one per kind. */
export function formatSummaryTable(s: QaSummary): string {
  const row = (name: string, g: QaGroupFigures) =>
    [
      name.padEnd(10),
      String(g.n).padStart(4),
      `${g.right} (${pct(g.right, g.n)})`.padStart(11),
      (g.uncovered ? `${g.honest}/${g.uncovered}` : '—').padStart(9),
      `${g.developerTone} (${pct(g.developerTone, g.n)})`.padStart(11),
      `${g.firstActivityMs.p50.toFixed(0)} / ${g.firstActivityMs.p95.toFixed(0)}`.padStart(15),
      `${g.finalMs.p50.toFixed(0)} / ${g.finalMs.p95.toFixed(0)}`.padStart(15),
    ].join(' ');
  return [
    'group         n       right    honest    dev tone   activity ms       final ms',
    '                                                    p50 / p95       p50 / p95',
    row('all', s.all),
    ...Object.entries(s.byLang).map(([k, g]) => row(k, g)),
    ...Object.entries(s.byKind).map(([k, g]) => row(k, g)),
  ].join('\n');
}

/** One line per failure: the question, why it failed, and the start of what the customer saw. */
export function formatFailures(results: readonly QaResult[], max = Number.POSITIVE_INFINITY): string[] {
  return results
    .filter((r) => !r.verdict.right || r.verdict.developerTone.length > 0)
    .slice(0, max)
    .map((r) => {
      const why = [
        ...(r.error ? [r.error] : []),
        ...(r.verdict.right ? [] : r.kind === 'uncovered' ? [honestyGap(r)] : []),
        ...r.verdict.missing.map((alts) => `missing ${alts.slice(0, 3).join('|')}`),
        ...r.verdict.forbidden.map((p) => `says "${p}"`),
        ...(r.verdict.developerTone.length ? [`tone: ${r.verdict.developerTone.join(', ')}`] : []),
      ].join('; ');
      return `${r.id.padEnd(20)} ${JSON.stringify(r.question)} → ${JSON.stringify(excerpt(r.texts.join(' ⏎ ')))}  [${why}]`;
    });
}

const honestyGap = (r: QaResult) =>
  !r.verdict.saysDontKnow && !r.verdict.offersPerson
    ? 'no "I don\'t know", no person'
    : !r.verdict.saysDontKnow
      ? 'no "I don\'t know"'
      : 'no way to a person';

/** The first `max` characters on one line. */
export const excerpt = (text: string, max = 140) => {
  const flat = text.replace(/\s*\n+\s*/g, ' ⏎ ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};
