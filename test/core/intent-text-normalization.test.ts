// Chat text normalisation (accents, repeats, chat spellings, contractions, emoji) and pt/en language detection.
import { describe, expect, it } from 'vitest';
import { detectLanguage, MAX_ANALYSED_CHARS, normalizeText, stripAccents } from '../../core/text-normalization.ts';

describe('stripAccents', () => {
  it('removes diacritics and folds º/ª, keeping the letters', () => {
    // Act / Assess
    expect(stripAccents('Cadê o açaí? Não, é pão. nº 1ª')).toBe('Cade o acai? Nao, e pao. no 1a');
  });
});

describe('normalizeText', () => {
  it.each([
    ['Cadê meu pedido?', 'onde esta meu pedido'],
    ['cade meu pedido', 'onde esta meu pedido'],
    ['kd o açaí', 'onde esta o acai'],
    ['tá vindo?', 'esta vindo'],
    ['vcs entregam hj? pfv', 'voces entregam hoje . por favor'],
    ['vc tem q ver oq aconteceu', 'voce tem que ver o que aconteceu'],
    ['qdo chega? qto tempo?', 'quando chega . quanto tempo'],
    ['n quero mais, obg', 'nao quero mais . obrigado'],
    ['mt bom, blz, td certo, vlw', 'muito bom . beleza . tudo certo . valeu'],
    ['mudar o end', 'mudar o endereco'],
    ['the end', 'the end'],
    ['oiiiii', 'oi'],
    ['boa noiteee', 'boa noite'],
    ['heyyyy', 'hey'],
    ['goooood morning', 'good morning'],
    ["what's the ETA? I'd like it b4 8", 'what is the eta . i would like it before 8'],
    ["where's my order, it's late", 'where is my order . it is late'],
    ["I don't want it, can't wait", 'i do not want it . can not wait'],
    ['u r late pls hurry thx', 'you are late please hurry thanks'],
    ['wanna order, gimme 2', 'want to order . give me 2'],
    ['quero 2x açaí 500ml', 'quero 2 x acai 500 ml'],
    ['R$30 de troco', 'reais 30 de troco'],
    ['pizza c/ borda p/ 2', 'pizza com borda para 2'],
    ['sugar-free?', 'sugar free'],
    ['oi 👋', 'oi xwave'],
    ['🍕🍕', 'pizza pizza'],
    ['veja https://example.com/menu?x=1 ou www.site.com.br', 'veja ou'],
    ['  linha 1\nlinha 2  ', 'linha 1 . linha 2'],
    ['?!...', ''],
  ])('%j → %j', (input, expected) => {
    // Act / Assess
    expect(normalizeText(input)).toBe(expected);
  });

  it('analyses only the first MAX_ANALYSED_CHARS characters', () => {
    // Prepare
    const text = `${'a '.repeat(50_000)}cancela`;

    // Act
    const out = normalizeText(text);

    // Assess
    expect(MAX_ANALYSED_CHARS).toBe(2000);
    expect(out.length).toBeLessThanOrEqual(MAX_ANALYSED_CHARS);
    expect(out).not.toContain('cancela');
  });

  it('keeps only lower-case ASCII words, digits and clause marks whatever comes in', () => {
    // Act
    const out = normalizeText('ÉÇÃ 你好 привет \u0000 🤬 ¡Olá! ½ ＡＢＣ');

    // Assess
    expect(out).toMatch(/^[a-z0-9. ]*$/);
    expect(out).toContain('eca');
    expect(out).toContain('abc');
  });
});

describe('detectLanguage', () => {
  it.each([
    ['hello', 'en'],
    ['hi', 'en'],
    ['hey', 'en'],
    ['thanks', 'en'],
    ['thanks!', 'en'],
    ['good morning', 'en'],
    ['oi', 'pt'],
    ['valeu', 'pt'],
    ['olá', 'pt'],
    ['e aí', 'pt'],
    ['obrigada', 'pt'],
    // Short ambiguous texts fall back to pt, the shop's language.
    ['ok', 'pt'],
    ['pizza', 'pt'],
    ['menu', 'pt'],
    ['Q4M8XZ', 'pt'],
    ['', 'pt'],
    ['👋', 'pt'],
    ['status', 'pt'],
    // Product names with accents are no evidence of Portuguese.
    ["I'd like two açaí bowls", 'en'],
    ['add a guaraná', 'en'],
    ['is the açaí sugar-free?', 'en'],
    // Chat spellings and accents are.
    ['vcs tem pizza?', 'pt'],
    ['cadê?', 'pt'],
    ['tá', 'pt'],
    ['pfv', 'pt'],
    ['pls', 'en'],
    ['u there?', 'en'],
    ['me liga no 21 99876-5432', 'pt'],
    ['cancela', 'pt'],
    ['cancel', 'en'],
    ['humano', 'pt'],
    ['human', 'en'],
    ['oi, I want to order a pizza', 'en'],
    ['hello, quero uma pizza de calabresa', 'pt'],
  ])('%j → %s', (text, lang) => {
    // Act / Assess
    expect(detectLanguage(text)).toBe(lang);
  });
});
