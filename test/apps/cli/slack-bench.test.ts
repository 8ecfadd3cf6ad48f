// The Slack bench on tiny counts: every figure is measured (never a placeholder), and the mirror and relay really
// travel between the two chats.
import { describe, expect, it } from 'vitest';
import { runSlackBench } from '../../../apps/cli/slack-bench.ts';

describe('bench slack', () => {
  it('reports ack percentiles per request kind and the mirror and relay times, from real round trips', async () => {
    const r = await runSlackBench({ acks: 6, mirrors: 3 });
    expect(r.ack.event.n).toBe(6);
    expect(r.ack.button.n).toBe(6);
    expect(r.mirror.n).toBe(3);
    expect(r.relay.n).toBe(3);
    for (const s of [r.ack.event, r.ack.button, r.mirror, r.relay]) {
      expect(s.p50).toBeGreaterThan(0);
      expect(s.p95).toBeGreaterThanOrEqual(s.p50);
    }
    expect(r.ackShareOfDeadline).toBeCloseTo(Math.max(r.ack.event.p95, r.ack.button.p95) / 3000, 10);
  }, 60_000);
});
