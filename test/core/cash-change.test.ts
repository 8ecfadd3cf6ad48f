// Amounts typed for change ("troco para 50"): the forms Brazilians type, read as centavos; anything else refused.
import { describe, expect, it } from 'vitest';
import { parseReaisAmount } from '../../core/cash-change.ts';

describe('parseReaisAmount', () => {
  it.each([
    ['50', 5000],
    ['R$ 100', 10000],
    ['r$100', 10000],
    ['100,00', 10000],
    ['100,5', 10050],
    ['R$ 1.000,50', 100050],
    ['para 200', 20000],
    ['troco pra 50', 5000],
    ['50 reais', 5000],
    ['100.00', 10000],
    ['1,000.00', 100000],
  ])('%s → %i centavos', (text, cents) => {
    expect(parseReaisAmount(text)).toBe(cents);
  });

  it.each(['', 'cinquenta', 'não sei', '0', '-50', '50,123', '1.00.0', 'R$', '12a'])('refuses %j', (text) => {
    expect(parseReaisAmount(text)).toBeNull();
  });
});
