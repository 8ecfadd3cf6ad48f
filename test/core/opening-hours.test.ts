// Opening hours in the store's time zone: open and closed instants, overnight ranges, the next opening, pauses, and
// how a customer is told when.
import { describe, expect, it } from 'vitest';
import { describeWhen, hoursAt, parseRange, storeStateAt, teamAt } from '../../core/opening-hours.ts';

const RIO = 'America/Sao_Paulo';
const hours = { mon: ['11:00-15:00', '18:00-23:00'], fri: ['18:00-02:00'], sun: ['00:00-24:00'] };
// 2026-12-07 is a Monday; Rio is UTC-3 (no daylight saving time).
const rio = (iso: string) => new Date(`${iso}-03:00`);

describe('parseRange', () => {
  it.each([
    ['11:00-15:00', { start: 660, end: 900 }],
    ['00:00-24:00', { start: 0, end: 1440 }],
    ['18:00-02:00', { start: 1080, end: 1560 }],
  ])('reads %s', (text, range) => expect(parseRange(text)).toEqual(range));
  it.each(['25:00-26:00', '24:30-01:00', '10:00-10:00', '9:00-10:00', '10:00 - 11:00', '', '10:60-11:00'])(
    'refuses %j',
    (text) => expect(parseRange(text)).toBeNull(),
  );
});

describe('hoursAt', () => {
  it('is open inside a range and closed in the gap, and says when it opens', () => {
    expect(hoursAt(hours, RIO, rio('2026-12-07T12:00'))).toEqual({ open: true });
    expect(hoursAt(hours, RIO, rio('2026-12-07T16:30'))).toEqual({ open: false, opensAt: rio('2026-12-07T18:00') });
    expect(hoursAt(hours, RIO, rio('2026-12-07T23:00')).open).toBe(false);
  });

  it('at 05:30 on a Monday a shop opening at 11:00 is closed (the order the issue saw taken)', () => {
    expect(hoursAt(hours, RIO, rio('2026-12-07T05:30'))).toEqual({ open: false, opensAt: rio('2026-12-07T11:00') });
  });

  it('runs an overnight range into the next day, and skips closed days to the next opening', () => {
    expect(hoursAt(hours, RIO, rio('2026-12-12T01:30')).open).toBe(true); // Saturday 01:30, from Friday 18:00-02:00
    expect(hoursAt(hours, RIO, rio('2026-12-12T02:00'))).toEqual({ open: false, opensAt: rio('2026-12-13T00:00') });
    expect(hoursAt(hours, RIO, rio('2026-12-08T10:00'))).toEqual({ open: false, opensAt: rio('2026-12-11T18:00') });
  });

  it('uses the store time zone, not the machine one', () => {
    const at = new Date('2026-12-07T14:30:00Z'); // 11:30 in Rio, 14:30 in London
    expect(hoursAt({ mon: ['11:00-12:00'] }, RIO, at).open).toBe(true);
    expect(hoursAt({ mon: ['11:00-12:00'] }, 'Europe/London', at).open).toBe(false);
  });

  it('a store with no hours is closed with no opening', () => {
    expect(hoursAt({}, RIO, rio('2026-12-07T12:00'))).toEqual({ open: false });
  });
});

describe('storeStateAt and teamAt', () => {
  const store = { hours, timezone: RIO };
  it('a pause wins while it lasts, then the hours decide', () => {
    const paused = { ...store, pausedUntil: rio('2026-12-07T12:30').toISOString() };
    expect(storeStateAt(paused, rio('2026-12-07T12:00'))).toEqual({
      state: 'paused',
      pausedUntil: rio('2026-12-07T12:30'),
    });
    expect(storeStateAt(paused, rio('2026-12-07T12:31'))).toEqual({ state: 'open' });
    expect(storeStateAt(store, rio('2026-12-07T16:00'))).toEqual({ state: 'closed', opensAt: rio('2026-12-07T18:00') });
  });
  it('the team has its own hours, else the shop hours', () => {
    const teamHours = { mon: ['10:00-23:00'] };
    expect(teamAt({ ...store, teamHours }, rio('2026-12-07T16:00')).open).toBe(true);
    expect(teamAt(store, rio('2026-12-07T16:00')).open).toBe(false);
  });
});

describe('describeWhen', () => {
  const now = rio('2026-12-07T05:30');
  it.each([
    [rio('2026-12-07T11:00'), 'pt-BR', 'hoje às 11:00'],
    [rio('2026-12-08T11:00'), 'pt-BR', 'amanhã às 11:00'],
    [rio('2026-12-11T18:00'), 'pt-BR', 'sexta às 18:00'],
    [rio('2026-12-07T11:00'), 'en', 'today at 11:00'],
    [rio('2026-12-08T11:00'), 'en', 'tomorrow at 11:00'],
    [rio('2026-12-11T18:00'), 'en', 'on Friday at 18:00'],
  ] as const)('%s in %s reads "%s"', (at, lang, text) => expect(describeWhen(at, now, RIO, lang)).toBe(text));
});
