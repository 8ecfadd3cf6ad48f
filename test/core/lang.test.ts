// Language negotiation (tags and Accept-Language, pt-BR by default) and money formatting in BRL.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LANG, formatMoney, langFromAcceptLanguage, langFromTag } from '../../core/lang.ts';

describe('langFromTag', () => {
  it.each([
    ['pt', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
    ['pt-br', 'pt-BR'],
    ['PT-BR', 'pt-BR'],
    [' pt ', 'pt-BR'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['EN-gb', 'en'],
    ['es', 'pt-BR'],
    ['fr-FR', 'pt-BR'],
    ['', 'pt-BR'],
    [undefined, 'pt-BR'],
    [null, 'pt-BR'],
  ])('%j → %s', (tag, expected) => {
    // Act / Assess
    expect(langFromTag(tag)).toBe(expected);
  });

  it('defaults to pt-BR', () => {
    // Assess
    expect(DEFAULT_LANG).toBe('pt-BR');
  });
});

describe('langFromAcceptLanguage', () => {
  it.each([
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['pt-BR,pt;q=0.9,en;q=0.8', 'pt-BR'],
    ['fr-FR, en;q=0.5', 'en'],
    ['de, es', 'pt-BR'],
    ['*', 'pt-BR'],
    ['', 'pt-BR'],
    [undefined, 'pt-BR'],
    [' en-GB ;q=0.8', 'en'],
    ['es;q=1, en;q=0.3', 'en'],
  ])('%j → %s', (header, expected) => {
    // Act / Assess
    expect(langFromAcceptLanguage(header)).toBe(expected);
  });
});

describe('formatMoney', () => {
  it('uses a comma decimal and dot thousands in pt-BR', () => {
    // Act
    const small = formatMoney(4383, 'pt-BR');
    const large = formatMoney(123456, 'pt-BR');
    const zero = formatMoney(0, 'pt-BR');

    // Assess
    expect(small).toContain('43,83');
    expect(small).toContain('R$');
    expect(large).toContain('1.234,56');
    expect(zero).toContain('0,00');
  });

  it('uses a dot decimal in en, still in reais', () => {
    // Act
    const small = formatMoney(4383, 'en');
    const large = formatMoney(123456, 'en');

    // Assess
    expect(small).toContain('43.83');
    expect(small).toContain('R$');
    expect(large).toContain('1,234.56');
  });

  it('keeps single centavos', () => {
    // Act / Assess
    expect(formatMoney(5, 'pt-BR')).toContain('0,05');
    expect(formatMoney(5, 'en')).toContain('0.05');
  });
});
