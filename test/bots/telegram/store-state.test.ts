// A closed or paused shop as the sentence the customer reads, whether the bot noticed it or core refused the order.
import { describe, expect, it } from 'vitest';
import { refusedState, stateSentence } from '../../../bots/telegram/store-state.ts';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import { OrderNotFound, StoreClosed, StorePaused } from '../../../core/errors.ts';

const pt = TEXTS['pt-BR'];
const en = TEXTS.en;
const TZ = 'America/Sao_Paulo';
/** Tuesday 10 March 2026, 05:30 in São Paulo. */
const DAWN = new Date('2026-03-10T08:30:00Z');

describe('store state sentences', () => {
  it('says when a closed shop opens, today, tomorrow or on a weekday, and only "closed" with no opening', () => {
    // Act / Assess
    expect(stateSentence(pt, { state: 'closed', opensAt: new Date('2026-03-10T21:00:00Z') }, DAWN, TZ)).toBe(
      'Estamos fechados agora; abrimos hoje às 18:00.',
    );
    expect(stateSentence(en, { state: 'closed', opensAt: new Date('2026-03-10T21:00:00Z') }, DAWN, TZ)).toBe(
      "We're closed right now; we open today at 18:00.",
    );
    expect(stateSentence(pt, { state: 'closed', opensAt: new Date('2026-03-11T14:00:00Z') }, DAWN, TZ)).toBe(
      'Estamos fechados agora; abrimos amanhã às 11:00.',
    );
    expect(stateSentence(pt, { state: 'closed', opensAt: new Date('2026-03-13T14:00:00Z') }, DAWN, TZ)).toBe(
      'Estamos fechados agora; abrimos sexta às 11:00.',
    );
    expect(stateSentence(pt, { state: 'closed' }, DAWN, TZ)).toBe('Estamos fechados agora.');
    expect(stateSentence(en, { state: 'closed' }, DAWN, TZ)).toBe("We're closed right now.");
    expect(stateSentence(pt, { state: 'open' }, DAWN, TZ)).toBeUndefined();
  });

  it('says until when orders are paused, with the day when the pause ends after midnight', () => {
    // Prepare
    const noon = new Date('2026-03-10T15:00:00Z');
    const lateEvening = new Date('2026-03-11T02:40:00Z');

    // Act / Assess
    expect(stateSentence(pt, { state: 'paused', pausedUntil: new Date('2026-03-10T15:30:00Z') }, noon, TZ)).toBe(
      'Pausamos os pedidos por alguns minutos; voltamos às 12:30.',
    );
    expect(stateSentence(en, { state: 'paused', pausedUntil: new Date('2026-03-10T15:30:00Z') }, noon, TZ)).toBe(
      "We've paused orders for a few minutes; we're back at 12:30.",
    );
    expect(stateSentence(pt, { state: 'paused', pausedUntil: new Date('2026-03-11T03:10:00Z') }, lateEvening, TZ)).toBe(
      'Pausamos os pedidos por alguns minutos; voltamos amanhã às 00:10.',
    );
  });

  it("reads core's STORE_CLOSED and STORE_PAUSED refusals as the same states, and nothing else", () => {
    // Act
    const closed = refusedState(new StoreClosed(new Date('2026-03-10T14:00:00Z')));
    const closedForGood = refusedState(new StoreClosed());
    const paused = refusedState(new StorePaused(new Date('2026-03-10T15:30:00Z')));
    const other = refusedState(new OrderNotFound('ABC234'));

    // Assess
    expect(stateSentence(pt, closed!, DAWN, TZ)).toBe('Estamos fechados agora; abrimos hoje às 11:00.');
    expect(stateSentence(pt, closedForGood!, DAWN, TZ)).toBe('Estamos fechados agora.');
    expect(paused).toEqual({ state: 'paused', pausedUntil: new Date('2026-03-10T15:30:00Z') });
    expect(other).toBeUndefined();
  });
});
