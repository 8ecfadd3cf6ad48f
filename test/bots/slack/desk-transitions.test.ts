// The desk's pure transitions: what an escalation finds, take over and its undo, the timeout claim, the close.
import { describe, expect, it } from 'vitest';
import {
  closedBy,
  escalationStep,
  OPENING_HOLD_MS,
  opened,
  overdue,
  takenBy,
  takeOverUndone,
  timeoutClaimed,
  timeoutUndone,
  transcriptPosted,
} from '../../../bots/slack/desk-transitions.ts';
import type { ConversationDesk, Escalation } from '../../../core/staff-desk.ts';

const NOW = new Date('2026-01-08T12:00:00.000Z');
const e: Escalation = {
  conversationKey: 'telegram:1',
  customerName: 'Rita',
  lang: 'en',
  reason: 'button',
  transcript: [],
  orders: [],
  at: '2026-01-08T11:59:59.000Z',
};
const fields = { channel: 'C1', ts: '', customerName: 'Rita', lang: 'en' as const, summary: 's' };
const desk = (over: Partial<ConversationDesk> = {}): ConversationDesk => ({
  conversationKey: 'telegram:1',
  channel: 'C1',
  ts: '1.1',
  customerName: 'Rita',
  lang: 'en',
  since: '2026-01-08T11:00:00.000Z',
  status: 'waiting',
  ...over,
});
const ANA = { id: 'U1', name: 'Ana' };
const BRUNO = { id: 'U2', name: 'Bruno' };

describe('what an escalation finds on the desk', () => {
  it('claims a desk nobody holds (none, closed, or a claim past its expiry) for the hold time', () => {
    for (const existing of [
      undefined,
      desk({ status: 'closed' }),
      desk({ status: 'opening', ts: '', openingUntil: '2026-01-08T11:59:00.000Z' }),
    ]) {
      const step = escalationStep(existing, e, fields, NOW);
      // A closed desk of the customer is carried as the earlier thread the new card links.
      const earlier =
        existing?.status === 'closed'
          ? { earlier: [{ channel: 'C1', ts: '1.1', since: existing.since, staffSaid: [] }] }
          : {};
      expect(step).toEqual({
        kind: 'claim',
        desk: {
          ...fields,
          ...earlier,
          conversationKey: 'telegram:1',
          since: e.at,
          status: 'opening',
          openingUntil: new Date(NOW.getTime() + OPENING_HOLD_MS).toISOString(),
        },
      });
    }
  });

  it('waits for a live claim, finishes its own redelivery, and notes a repeat on an open desk', () => {
    expect(
      escalationStep(desk({ status: 'opening', openingUntil: '2026-01-08T12:00:05.000Z' }), e, fields, NOW),
    ).toEqual({
      kind: 'busy',
      until: '2026-01-08T12:00:05.000Z',
    });
    const mine = desk({ since: e.at });
    expect(escalationStep(mine, e, fields, NOW)).toEqual({ kind: 'redelivery', desk: mine });
    const closedMine = desk({ since: e.at, status: 'closed' });
    expect(escalationStep(closedMine, e, fields, NOW)).toEqual({ kind: 'redelivery', desk: closedMine });
    const other = desk({ status: 'taken', takenBy: ANA });
    expect(escalationStep(other, e, fields, NOW)).toEqual({ kind: 'askedAgain', desk: other });
  });

  it('opens the claimed desk in its card thread, waiting, without the claim', () => {
    const claim = desk({ status: 'opening', ts: '', openingUntil: 'x' });
    expect(opened(claim, '9.9')).toEqual(desk({ ts: '9.9' }));
    expect(transcriptPosted(desk(), desk().since)).toMatchObject({ transcriptPosted: true });
    expect(transcriptPosted(desk(), 'another escalation')).toEqual(desk());
  });
});

describe('take over, timeout and close', () => {
  it('gives a waiting desk to whoever takes it, a taken one only from a colleague, and undoes only its own take', () => {
    const taken = takenBy(desk(), ANA);
    expect(taken).toMatchObject({ status: 'taken', takenBy: ANA });
    expect(takenBy(taken, BRUNO)).toBe(taken);
    expect(takenBy(taken, BRUNO, { fromColleague: true })).toMatchObject({ takenBy: BRUNO });
    expect(takenBy(desk({ status: 'closed' }), ANA, { fromColleague: true })).toMatchObject({ status: 'closed' });
    expect(takeOverUndone(taken, ANA.id, undefined)).toEqual(desk());
    expect(takeOverUndone(takenBy(taken, BRUNO, { fromColleague: true }), BRUNO.id, ANA)).toEqual(taken);
    expect(takeOverUndone(taken, BRUNO.id, undefined)).toBe(taken);
  });

  it('claims the timeout once, on a waiting desk past the timeout, and gives back only its own claim', () => {
    const at = new Date('2026-01-08T11:10:00.000Z');
    expect(overdue(desk(), at, 10 * 60_000)).toBe(true);
    expect(overdue(desk(), at, 11 * 60_000)).toBe(false);
    const claimed = timeoutClaimed(desk(), 'T1')!;
    expect(claimed.timedOutAt).toBe('T1');
    expect(overdue(claimed, at, 60_000)).toBe(false);
    expect(timeoutClaimed(claimed, 'T2')).toBeUndefined();
    expect(timeoutClaimed(desk({ status: 'taken', takenBy: ANA }), 'T1')).toBeUndefined();
    expect(timeoutUndone(claimed, 'T2')).toBe(claimed);
    expect(timeoutUndone(claimed, 'T1')).toEqual(desk());
  });

  it('closes with who ended it and when', () => {
    expect(closedBy(desk(), 'customer', 'T')).toMatchObject({ status: 'closed', closed: { at: 'T', by: 'customer' } });
    expect(closedBy(desk(), ANA, 'T').closed).toEqual({ at: 'T', by: ANA });
  });
});
