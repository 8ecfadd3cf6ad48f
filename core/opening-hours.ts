// Opening hours: whether a store takes orders at an instant (hours, time zone, pause) and when it opens next.
import { type Store, WEEKDAYS, type Weekday, type WeeklyHours } from './catalog.ts';
import { StoreClosed, StorePaused } from './errors.ts';
import type { Lang } from './lang.ts';

const RANGE = /^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;

/** A range in minutes of its day: [start, end), end may pass 1440 when it runs past midnight. */
export interface MinuteRange {
  start: number;
  end: number;
}

/** Parses "HH:MM-HH:MM"; null when malformed (25:00, 24:30, an empty range). An end before the start runs overnight. */
export function parseRange(text: string): MinuteRange | null {
  const m = RANGE.exec(text.trim());
  if (!m) return null;
  const start = Number(m[1]) * 60 + Number(m[2]);
  let end = Number(m[3]) * 60 + Number(m[4]);
  if (start >= 24 * 60 || end > 24 * 60 || start === end) return null;
  if (end < start) end += 24 * 60;
  return { start, end };
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  weekday: Weekday;
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows the IANA zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function wallTime(at: Date, timeZone: string): WallTime {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const weekday = String(parts.weekday).slice(0, 3).toLowerCase() as Weekday;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** The instant at which the wall clock in `timeZone` reads the given local date plus `minutes` (may pass 1440). */
function instantOf(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const asUtc = Date.UTC(year, month - 1, day, 0, minutes);
  let guess = asUtc;
  // Two passes settle the zone's offset at that instant, DST changes included.
  for (let i = 0; i < 2; i++) {
    const w = wallTime(new Date(guess), timeZone);
    const shown = Date.UTC(w.year, w.month - 1, w.day, 0, w.minutes);
    guess += asUtc - shown;
  }
  return new Date(guess);
}

function rangesOf(hours: WeeklyHours, day: Weekday): MinuteRange[] {
  return (hours[day] ?? []).map(parseRange).filter((r): r is MinuteRange => r !== null);
}

const dayAfter = (d: Weekday, n: number): Weekday => WEEKDAYS[(WEEKDAYS.indexOf(d) + n + 7 * 2) % 7]!;

/** Whether the hours cover `at`; when they do not, the next instant they open (within a week), if any. */
export function hoursAt(hours: WeeklyHours, timeZone: string, at: Date): { open: boolean; opensAt?: Date } {
  const now = wallTime(at, timeZone);
  const today = rangesOf(hours, now.weekday);
  const yesterday = rangesOf(hours, dayAfter(now.weekday, -1));
  const open =
    today.some((r) => now.minutes >= r.start && now.minutes < r.end) ||
    yesterday.some((r) => r.end > 1440 && now.minutes < r.end - 1440);
  if (open) return { open: true };
  for (let d = 0; d <= 7; d++) {
    const starts = rangesOf(hours, dayAfter(now.weekday, d))
      .map((r) => r.start)
      .filter((s) => d > 0 || s > now.minutes)
      .sort((a, b) => a - b);
    if (starts.length)
      return { open: false, opensAt: instantOf(now.year, now.month, now.day + d, starts[0]!, timeZone) };
  }
  return { open: false };
}

/** Why a store takes or refuses orders at an instant. */
export type StoreState =
  | { state: 'open' }
  | { state: 'closed'; opensAt?: Date }
  | { state: 'paused'; pausedUntil: Date };

/** A pause wins over the hours while it lasts; after it, the hours decide. */
export function storeStateAt(store: Pick<Store, 'hours' | 'timezone' | 'pausedUntil'>, at: Date): StoreState {
  const paused = store.pausedUntil ? new Date(store.pausedUntil) : undefined;
  if (paused && paused.getTime() > at.getTime()) return { state: 'paused', pausedUntil: paused };
  const h = hoursAt(store.hours, store.timezone, at);
  if (h.open) return { state: 'open' };
  return h.opensAt ? { state: 'closed', opensAt: h.opensAt } : { state: 'closed' };
}

/** Throws StorePaused or StoreClosed (with when it takes orders again) unless the store takes orders at `at`. */
export function assertTakingOrders(store: Pick<Store, 'hours' | 'timezone' | 'pausedUntil'>, at: Date): void {
  const s = storeStateAt(store, at);
  if (s.state === 'paused') throw new StorePaused(s.pausedUntil);
  if (s.state === 'closed') throw new StoreClosed(s.opensAt);
}

/** Whether the team answers in chat at `at` (the team's hours, else the shop's), and when it is back. */
export function teamAt(store: Pick<Store, 'hours' | 'teamHours' | 'timezone'>, at: Date) {
  return hoursAt(store.teamHours ?? store.hours, store.timezone, at);
}

const WEEKDAY_NAMES: Record<Lang, Record<Weekday, string>> = {
  'pt-BR': { mon: 'segunda', tue: 'terça', wed: 'quarta', thu: 'quinta', fri: 'sexta', sat: 'sábado', sun: 'domingo' },
  en: {
    mon: 'Monday',
    tue: 'Tuesday',
    wed: 'Wednesday',
    thu: 'Thursday',
    fri: 'Friday',
    sat: 'Saturday',
    sun: 'Sunday',
  },
};

/** "hoje às 18:00", "amanhã às 11:00", "sexta às 11:00" / "today at 18:00", "tomorrow at 11:00", "on Friday at
 * 11:00": when `at` falls, in the store's time zone, seen from `now`. */
export function describeWhen(at: Date, now: Date, timeZone: string, lang: Lang): string {
  const a = wallTime(at, timeZone);
  const n = wallTime(now, timeZone);
  const clock = `${String(Math.floor(a.minutes / 60)).padStart(2, '0')}:${String(a.minutes % 60).padStart(2, '0')}`;
  const days = Math.round((Date.UTC(a.year, a.month - 1, a.day) - Date.UTC(n.year, n.month - 1, n.day)) / 86_400_000);
  if (lang === 'en') {
    if (days === 0) return `today at ${clock}`;
    if (days === 1) return `tomorrow at ${clock}`;
    return `on ${WEEKDAY_NAMES.en[a.weekday]} at ${clock}`;
  }
  if (days === 0) return `hoje às ${clock}`;
  if (days === 1) return `amanhã às ${clock}`;
  return `${WEEKDAY_NAMES['pt-BR'][a.weekday]} às ${clock}`;
}
