// Parses a `--since` value: a duration back from now (30m, 2h, 24h, 7d) or an ISO 8601 instant.
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The instant `value` names, or undefined when it is neither a duration (`30m`, `24h`, `7d`) nor an ISO instant. */
export function parseSince(value: string, now: Date = new Date()): Date | undefined {
  const rel = /^(\d+)([mhd])$/.exec(value.trim());
  if (rel) return new Date(now.getTime() - Number(rel[1]) * UNIT_MS[rel[2]!]!);
  // A calendar date at least (2026-12-01), so a bare number or a word is never read as a date.
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : new Date(at);
}
