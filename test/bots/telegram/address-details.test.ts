// The one optional "complement or landmark" answer, split into the order's address complement and reference.
import { describe, expect, it } from 'vitest';
import { MAX_COMPLEMENT_CHARS, splitAddressDetails } from '../../../bots/telegram/address-details.ts';

describe('splitAddressDetails', () => {
  it.each([
    ['apto 302, bloco B, em frente à padaria', { complement: 'apto 302, bloco B', reference: 'em frente à padaria' }],
    ['Em frente à Padaria Estrela', { reference: 'Em frente à Padaria Estrela' }],
    ['casa 2 - perto do mercado', { complement: 'casa 2', reference: 'perto do mercado' }],
    ['apto 1201; ref. portão azul', { complement: 'apto 1201', reference: 'ref. portão azul' }],
    ['flat 4, next to the pharmacy', { complement: 'flat 4', reference: 'next to the pharmacy' }],
    ['  fundos  ', { complement: 'fundos' }],
  ])('reads %j', (typed, expected) => {
    // Act
    const details = splitAddressDetails(typed);

    // Assess
    expect(details).toEqual({ ok: true, ...expected });
  });

  it('refuses a part longer than the order contract takes, and an empty answer', () => {
    // Act
    const long = splitAddressDetails('a'.repeat(MAX_COMPLEMENT_CHARS + 1));
    const fits = splitAddressDetails('a'.repeat(MAX_COMPLEMENT_CHARS));
    const empty = splitAddressDetails('   ');

    // Assess
    expect(long).toEqual({ ok: false, reason: 'TOO_LONG' });
    expect(fits.ok).toBe(true);
    expect(empty).toEqual({ ok: false, reason: 'EMPTY' });
  });
});
