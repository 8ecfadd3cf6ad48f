// The final-message formatter: light Markdown → MarkdownV2 that the fake's port of Telegram's parser accepts, showing
// exactly the `visible` text it promises.
import { describe, expect, it } from 'vitest';
import { escapeMarkdownV2, toTelegramMarkdownV2 } from '../../../bots/streaming/telegram-markdown.ts';
import { parseMarkdownV2 } from '../../support/fake-telegram-api.ts';

describe('toTelegramMarkdownV2', () => {
  it('turns bold, code, links, headings and bullets into entities, and drops only their markers', () => {
    // Prepare
    const model = [
      '# Seu pedido',
      '**Total:** R$ 43,83 (entrega R$ 6,03).',
      '- 2× Açaí 300 ml',
      '* 1× Guaraná_350',
      'Código `Q4M8XZ` · [acompanhe](https://example.com/o/Q4M8XZ?a=1_b).',
    ].join('\n');
    // Act
    const f = toTelegramMarkdownV2(model);
    const parsed = parseMarkdownV2(f.markdownV2);
    // Assess
    expect(f.visible).toBe(
      [
        'Seu pedido',
        'Total: R$ 43,83 (entrega R$ 6,03).',
        '• 2× Açaí 300 ml',
        '• 1× Guaraná_350',
        'Código Q4M8XZ · acompanhe.',
      ].join('\n'),
    );
    expect(f.changed).toBe(true);
    expect(parsed.text).toBe(f.visible);
    expect(parsed.entities.map((e) => [e.type, f.visible.slice(e.offset, e.offset + e.length)])).toEqual([
      ['bold', 'Seu pedido'],
      ['bold', 'Total:'],
      ['code', 'Q4M8XZ'],
      ['text_link', 'acompanhe'],
    ]);
    expect(parsed.entities.find((e) => e.type === 'text_link')?.url).toBe('https://example.com/o/Q4M8XZ?a=1_b');
  });

  it('leaves text without Markdown unchanged (changed = false) and escapes every reserved character', () => {
    // Prepare
    const model = 'Preço: R$ 14,90 (promo!) - 10% off_em [tudo] {hoje} #açaí 1+1=2 a|b ~x~ > c\\d . `';
    // Act
    const f = toTelegramMarkdownV2(model);
    // Assess
    expect(f.changed).toBe(false);
    expect(f.visible).toBe(model);
    expect(parseMarkdownV2(f.markdownV2)).toEqual({ text: model, entities: [] });
    expect(parseMarkdownV2(escapeMarkdownV2(model)).text).toBe(model);
  });

  it('keeps unmatched or odd markers as literal text', () => {
    // Prepare
    const cases = ['**sem fim', '** espaço**', 'a ** b', '`sem fim', '[link](ftp://x)', '-sem espaço', '#sem espaço'];
    // Act
    const results = cases.map((c) => toTelegramMarkdownV2(c));
    // Assess
    results.forEach((f, i) => {
      expect(f.visible).toBe(cases[i]);
      expect(parseMarkdownV2(f.markdownV2).text).toBe(cases[i]);
    });
  });

  it('on random hostile texts: the fake always parses the output, to exactly `visible`', () => {
    // Prepare
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pieces = [
      '**',
      '*',
      '`',
      '_',
      '__',
      '[',
      ']',
      '(',
      ')',
      '(https://a.b/c)',
      '\\',
      '#',
      '# ',
      '- ',
      '* ',
      '\n',
      '\n- ',
      'á',
      '🍕',
      ' ',
      'x',
      '.',
      '!',
      '|',
      '||',
      '~',
      '>',
      '=',
      '{',
      '}',
      '+',
    ];
    const texts = Array.from({ length: 2_000 }, () =>
      Array.from({ length: Math.floor(random() * 30) }, () => pieces[Math.floor(random() * pieces.length)]).join(''),
    );
    // Act
    const outcomes = texts.map((text) => {
      const f = toTelegramMarkdownV2(text);
      try {
        return { text, f, parsed: parseMarkdownV2(f.markdownV2).text };
      } catch (err) {
        return { text, f, error: String(err) };
      }
    });
    // Assess
    for (const o of outcomes) {
      expect(o, JSON.stringify(o.text)).not.toHaveProperty('error');
      expect(o.parsed).toBe(o.f.visible);
      expect(o.f.visible.length).toBeLessThanOrEqual(o.text.length);
    }
  });
});
