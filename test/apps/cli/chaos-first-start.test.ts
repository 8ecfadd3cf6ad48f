// The first-start chaos piece, short: real `delivery-assistant start` processes killed with SIGKILL mid-start, then
// started again.
import { describe, expect, it } from 'vitest';
import { runFirstStartChaos } from '../../../apps/cli/chaos-first-start.ts';

describe('first-start chaos (short)', () => {
  it('brings every data folder back serving: 3 first starts killed at a random moment, 2 as the table is CREATING', async () => {
    const lines: string[] = [];
    const result = await runFirstStartChaos({ runs: 3, aimedRuns: 2, print: (l) => lines.push(l) });
    expect(result.failures, lines.join('\n')).toEqual([]);
    expect(result).toMatchObject({ runs: 3, aimedRuns: 2, recovered: 5 });
  }, 120_000);
});
