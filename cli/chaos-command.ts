// `delivery-assistant chaos`: kills, races, interrupted first starts and a memory soak against the real local stack;
// prints the figures and exits 1 on any invariant violation. `--quick` is the short version `npm test` also runs.
import { runKillChaos, type KillChaosResult } from './chaos-kills.ts';
import { runRaceChaos, type RaceChaosResult } from './chaos-races.ts';

const USAGE = `usage: delivery-assistant chaos [kills|races] [--quick] [--kills N] [--races N] [--lanes N]

  kills   SIGKILL the local stack at a random moment of a random order path (place, pay, cancel, address change,
          advance), restart it on the same data, and check the money and stock invariant after every restart
  races   storms of concurrent cancels, advances and address changes on the same orders, then the invariant
  (none)  all of them. Defaults: 200 kills in 2 lanes, 200 races; --quick: 10 kills, 20 races`;

export interface ChaosReport { kills?: KillChaosResult; races?: RaceChaosResult }

export async function chaosCommand(args: string[], out: (l: string) => void = console.log, err: (l: string) => void = console.error): Promise<number> {
  const parts = new Set<string>();
  let quick = false;
  const n: Record<string, number> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'kills' || a === 'races') parts.add(a);
    else if (a === '--quick') quick = true;
    else if (['--kills', '--races', '--lanes'].includes(a) && /^\d+$/.test(args[i + 1] ?? '')) n[a.slice(2)] = Number(args[++i]);
    else if (a === '--help' || a === '-h') { out(USAGE); return 0; }
    else { err(`Unknown argument: ${a}\n\n${USAGE}`); return 2; }
  }
  const all = parts.size === 0;
  const report = await runChaos({
    kills: all || parts.has('kills') ? (n.kills ?? (quick ? 10 : 200)) : 0,
    races: all || parts.has('races') ? (n.races ?? (quick ? 20 : 200)) : 0,
    lanes: n.lanes ?? (quick ? 1 : 2),
    print: out,
  });
  for (const line of summaryLines(report)) out(line);
  return violationsOf(report) === 0 ? 0 : 1;
}

export async function runChaos(opts: { kills: number; races: number; lanes: number; print: (l: string) => void }): Promise<ChaosReport> {
  const report: ChaosReport = {};
  if (opts.races > 0) {
    opts.print(`races: ${opts.races} storms of concurrent cancels, advances and address changes`);
    report.races = await runRaceChaos({ races: opts.races, print: opts.print });
  }
  if (opts.kills > 0) {
    opts.print(`kills: ${opts.kills} SIGKILLs of the local stack in ${opts.lanes} lane(s), each followed by a restart and the invariant`);
    const lanes = Math.max(1, Math.min(opts.lanes, opts.kills));
    const share = (i: number) => Math.floor(opts.kills / lanes) + (i < opts.kills % lanes ? 1 : 0);
    const results = await Promise.all(Array.from({ length: lanes }, (_, i) => runKillChaos({ kills: share(i), print: (l) => opts.print(`  [lane ${i + 1}]${l}`) })));
    report.kills = mergeKills(results);
  }
  return report;
}

function mergeKills(rs: KillChaosResult[]): KillChaosResult {
  const m: KillChaosResult = { kills: 0, byPath: { place: 0, pay: 0, cancel: 0, address: 0, advance: 0 }, midRequest: 0, violations: [], unsettled: [], orders: 0, seconds: 0 };
  for (const r of rs) {
    m.kills += r.kills;
    m.midRequest += r.midRequest;
    m.orders += r.orders;
    m.violations.push(...r.violations);
    m.unsettled.push(...r.unsettled);
    m.seconds = Math.max(m.seconds, r.seconds);
    for (const [k, v] of Object.entries(r.byPath)) m.byPath[k as keyof typeof m.byPath] += v;
  }
  return m;
}

export const violationsOf = (r: ChaosReport) =>
  (r.kills?.violations.length ?? 0) + (r.kills?.unsettled.length ?? 0) + (r.races?.violations.length ?? 0) + (r.races?.unsettled.length ?? 0);

export function summaryLines(r: ChaosReport): string[] {
  const lines: string[] = [];
  if (r.races) {
    const s = Object.entries(r.races.statuses).map(([k, v]) => `${v}×${k}`).join(', ');
    lines.push(`races: ${r.races.races} orders, ${r.races.requests} concurrent requests (${s}), ${r.races.violations.length} invariant violation(s), ${r.races.unsettled.length} unsettled, ${r.races.seconds.toFixed(0)} s`);
    for (const v of r.races.violations.slice(0, 20)) lines.push(`  ✗ ${v.code} ${v.orderId ?? ''} ${v.sku ?? ''}: ${v.message}`);
  }
  if (r.kills) {
    const k = r.kills;
    const paths = Object.entries(k.byPath).map(([p, c]) => `${p} ${c}`).join(', ');
    lines.push(`kills: ${k.kills} (${paths}; ${k.midRequest} mid-request), ${k.orders} orders, ${k.violations.length} invariant violation(s), ${k.unsettled.length} unsettled restart(s), ${k.seconds.toFixed(0)} s`);
    for (const v of k.violations.slice(0, 20)) lines.push(`  ✗ kill ${v.kill} (${v.path}) ${v.code} ${v.orderId ?? ''}: ${v.message}`);
    for (const u of k.unsettled.slice(0, 5)) lines.push(`  ✗ kill ${u.kill}: still unsettled after the restart: ${u.orderIds.join(', ')}`);
  }
  return lines;
}
