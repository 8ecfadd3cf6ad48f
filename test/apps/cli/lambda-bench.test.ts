// `npm run bench -- lambda` on the stack's real functions: one row per bundle, every function in one, the budgets the
// issue sets (each edge at most 150 KiB, every bundle under 1 MiB), no native addon; and an import timed end to end.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLE_MAX_BYTES,
  benchEnvironment,
  buildBundle,
  EDGE_MAX_BYTES,
  formatLambdaReport,
  type LambdaBenchReport,
  lambdaFunctions,
  runLambdaBench,
  timeImports,
} from '../../../apps/cli/lambda-bench.ts';
import { ROUTER_TASKS_ENTRY } from '../../../infra/repo-paths.ts';

let report: LambdaBenchReport;
beforeAll(async () => {
  report = await runLambdaBench({ runs: 0 });
}, 180_000);

describe('Lambda bench', () => {
  it('builds one bundle per entry and lists every function of the stack in exactly one row', () => {
    // Act
    const listed = report.rows.flatMap((r) => r.functions);
    // Assess
    expect(listed).toHaveLength(lambdaFunctions().length);
    expect(new Set(listed).size).toBe(listed.length);
    expect(report.rows.map((r) => r.bundle.replace('apps/lambda/', ''))).toEqual(
      expect.arrayContaining([
        'lambda-telegram-webhook.ts',
        'lambda-telegram-worker.ts',
        'lambda-slack-events.ts',
        'lambda-slack-worker.ts',
        'lambda-order-tasks.ts',
        'lambda-payment-webhook.ts',
        'lambda-payment-worker.ts',
      ]),
    );
  });

  it('keeps each edge within 150 KiB, every bundle under 1 MiB, and no native addon in any', () => {
    // Assess
    const edges = report.rows.filter((r) => r.edge);
    expect(edges.map((r) => r.bundle)).toEqual([
      'apps/lambda/lambda-telegram-webhook.ts',
      'apps/lambda/lambda-slack-events.ts',
      'apps/lambda/lambda-payment-webhook.ts',
    ]);
    for (const r of edges) expect(r.bytes, r.bundle).toBeLessThanOrEqual(EDGE_MAX_BYTES);
    for (const r of report.rows) {
      expect(r.bytes, r.bundle).toBeLessThan(BUNDLE_MAX_BYTES);
      expect(r.native, r.bundle).toEqual([]);
      expect(r.withinBudget, r.bundle).toBe(true);
    }
    // The edges carry neither grammY's bot nor Bolt nor the AWS SDK.
    for (const r of edges)
      expect(r.heaviest.map((h) => h.input).filter((i) => /grammy|@slack\/|@aws-sdk\/|@smithy\//.test(i))).toEqual([]);
  });

  it('prints a row per bundle', () => {
    // Act
    const text = formatLambdaReport(report, true);
    // Assess
    for (const r of report.rows) expect(text).toContain(r.bundle.replace('apps/lambda/', ''));
    expect(text).toContain('heaviest:');
  });

  it('times an import against a bare Node start', async () => {
    // Prepare
    const dir = mkdtempSync(path.join(tmpdir(), 'lambda-bench-test-'));
    try {
      const bundle = await buildBundle(ROUTER_TASKS_ENTRY, dir);
      const empty = path.join(dir, 'empty.mjs');
      writeFileSync(empty, '');
      // Act
      const t = timeImports(bundle.file, benchEnvironment([]), 1, empty);
      // Assess
      expect(t.bareMs).toBeGreaterThan(0);
      expect(Number.isFinite(t.initMs) && Number.isFinite(t.initWithSourceMapsMs)).toBe(true);
      expect(t.ratio).toBeCloseTo((t.bareMs + t.initMs) / t.bareMs, 6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
