// The assistant bench on tiny counts: the report's shape, and the facts it rests on (routes, model calls, call counts).
import { beforeAll, describe, expect, it } from 'vitest';
import { type AssistantBenchReport, benchAnswerText, runAssistantBench } from '../../../apps/cli/assistant-bench.ts';
import { formatAssistantReport } from '../../../apps/cli/bench-command.ts';

const FIRST_TOKEN_MS = 40;

describe('assistant bench', () => {
  let report: AssistantBenchReport;

  beforeAll(async () => {
    // 3 measured messages per path, one answer per chat kind and length; the long answer is over Telegram's 4,096
    report = await runAssistantBench({
      messages: 3,
      warmup: 1,
      streamRuns: 1,
      firstTokenMs: FIRST_TOKEN_MS,
      deltaEveryMs: 5,
      deltaChars: 40,
      shortChars: 300,
      longChars: 4_500,
      latencyAnswerChars: 80,
    });
  }, 120_000);

  it('reports every latency measure over the measured messages', () => {
    for (const s of [
      report.deterministic.firstActivity,
      report.deterministic.endToEnd,
      report.rag.firstActivity,
      report.rag.firstToken,
      report.rag.beforeModel,
    ]) {
      expect(s.n).toBe(3);
      expect(Number.isFinite(s.p50) && Number.isFinite(s.p95)).toBe(true);
      expect(s.p50).toBeLessThanOrEqual(s.p95);
    }
    expect(report.routerAlone.data.n).toBe(3);
    expect(report.routerAlone.rag.n).toBe(3);
  });

  it('answers the deterministic questions from data: no model call, no router execution, the answer is the first call', () => {
    expect(report.deterministic.modelCalls).toBe(0);
    expect(report.deterministic.routerCalls).toBe(0);
    expect(report.deterministic.firstActivityKinds).toEqual({ sendMessage: 3 });
    expect(report.deterministic.firstActivity.p50).toBe(report.deterministic.endToEnd.p50);
    expect(report.deterministic.sample).toMatch(/Pedido [A-Z0-9]{6}/); // the chat's own order, found without an id
  });

  it('answers the free question through the router and the model, with activity (an empty draft) before the first token', () => {
    expect(report.rag.modelCalls).toBe(3);
    expect(report.rag.routerCalls).toBe(3);
    expect(report.rag.firstActivityKinds).toEqual({ 'sendMessageDraft (empty)': 3 });
    expect(report.rag.firstActivity.p50).toBeLessThanOrEqual(report.rag.firstToken.p50);
    expect(report.rag.firstActivity.p95).toBeLessThanOrEqual(report.rag.firstToken.p95);
    // Causality, not a timing threshold: no text can be shown before the model produced its first delta.
    expect(report.rag.modelFirstDelta.p50).toBeGreaterThanOrEqual(FIRST_TOKEN_MS - 1);
    expect(report.rag.firstToken.p50).toBeGreaterThanOrEqual(report.rag.beforeModel.p50 + FIRST_TOKEN_MS - 1);
    expect(report.rag.routerOverhead.p50).toBeCloseTo(report.rag.firstToken.p50 - FIRST_TOKEN_MS, 6);
    expect(report.rag.deltaToShown.p50).toBeGreaterThanOrEqual(0);
  });

  it('counts chat API calls per 1,000 characters for private and group chats, short and long', () => {
    expect(report.streaming.map((s) => `${s.chat}/${s.path}/${s.answerChars}`)).toEqual([
      `private/webhook/${benchAnswerText(300).length}`,
      `private/webhook/${benchAnswerText(4_500).length}`,
      `group/assistant/${benchAnswerText(300).length}`,
      `group/assistant/${benchAnswerText(4_500).length}`,
    ]);
    for (const s of report.streaming) {
      expect(Number.isFinite(s.callsPer1kChars)).toBe(true);
      expect(s.callsPer1kChars).toBeGreaterThan(0);
      expect(s.textCallsPer1kChars).toBeLessThan(s.callsPer1kChars); // activity is counted apart
      expect(s.activityCalls).toBeGreaterThanOrEqual(1);
      expect(s.textCalls).toBeGreaterThanOrEqual(s.messages);
      expect(s.totalCalls).toBeCloseTo(s.activityCalls + s.textCalls, 6);
      expect(s.messages).toBe(s.answerChars > 4_096 ? 2 : 1); // split at Telegram's limit
    }
  });

  it('prints a compact table with every row', () => {
    const text = formatAssistantReport(report);
    expect(text).toMatch(/^deterministic \(from data\)\s+3\s/m);
    expect(text).toMatch(/^RAG \(router \+ model\)\s+3\s/m);
    expect(text.match(/^(private|group)\s+(webhook|assistant)\s/gm)).toHaveLength(4);
    expect(text).not.toMatch(/NaN|undefined|Infinity/);
  });
});
