// The short chaos suite that `npm test` runs: a few SIGKILLs of the real local stack on random order paths, each
// followed by a restart and the invariant, and storms of concurrent requests on the same orders.
import { describe, expect, it } from 'vitest';
import { runKillChaos } from '../../../apps/cli/chaos-kills.ts';
import { runRaceChaos } from '../../../apps/cli/chaos-races.ts';

describe('chaos, short version', () => {
  it('keeps the books and the stock right over 20 storms of concurrent cancels, advances and address changes', async () => {
    const r = await runRaceChaos({ races: 20, parallel: 5 });
    expect(r.races).toBe(20);
    expect(r.requests).toBeGreaterThanOrEqual(40);
    expect(Object.keys(r.statuses).filter((s) => Number(s) >= 500)).toEqual([]);
    expect(r.violations).toEqual([]);
    expect(r.unsettled).toEqual([]);
  }, 120_000);

  it('finishes everything a killed stack had committed, 4 kills in a row on one data folder', async () => {
    const r = await runKillChaos({ kills: 4 });
    expect(r.kills).toBe(4);
    expect(r.violations).toEqual([]);
    expect(r.unsettled).toEqual([]);
    expect(r.orders).toBeGreaterThanOrEqual(1);
  }, 180_000);
});
