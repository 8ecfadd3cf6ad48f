// The translation catalog: both languages complete and non-empty, and no handler sending text from outside it.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { langFromTelegram, TEXTS } from '../../../bots/telegram/telegram-texts.ts';

const BOT_DIR = resolve(import.meta.dirname, '../../../bots/telegram');
/** The conversation's source files (the webhook, queue and push files belong to the edge around it). */
const CONVERSATION_FILES = [
  'address-details.ts',
  'address-input.ts',
  'address-step-questions.ts',
  'bot-context.ts',
  'callback-data.ts',
  'cash-change.ts',
  'checkout-views.ts',
  'checkout.ts',
  'complaint.ts',
  'error-sentences.ts',
  'fallback.ts',
  'handoff.ts',
  'keyboards.ts',
  'menu-and-cart.ts',
  'order-in-words.ts',
  'order-intents.ts',
  'order-link.ts',
  'payment-actions.ts',
  'payment-views.ts',
  'reorder.ts',
  'session.ts',
  'small-talk.ts',
  'start-and-language.ts',
  'store-state.ts',
  'telegram-bot.ts',
  'voice-note.ts',
];

/** Every parameterised text takes ids, names, amounts, distances or times: a number renders as any of them. */
const SAMPLE_NUMBER = 1890;
const NOW = new Date('2026-03-10T08:30:00Z');
const LATER = new Date('2026-03-10T21:00:00Z');
const TZ = 'America/Sao_Paulo';
/** The few texts that take a structured argument, or an instant and the store's time zone. */
const SAMPLE_ARGS: Record<string, unknown[]> = {
  storeClosed: [LATER, NOW, TZ],
  storePaused: [LATER, NOW, TZ],
  handoffAfterHours: [LATER, NOW, TZ, '+5511912345678'],
  lastChangeAt: ['2025-01-01T12:00:00.000Z', TZ],
  historyTime: ['2025-01-01T12:00:00.000Z', TZ],
  etaEstimate: ['ABC234', LATER, 25, TZ],
  etaDelivered: ['ABC234', LATER, TZ],
  summary: [
    {
      lines: [{ qty: 2, name: 'Açaí', lineTotal: 3780 }],
      subtotal: 3780,
      deliveryFee: 600,
      distanceKm: 1.2,
      total: 4380,
      address: 'Rua X 1',
      payment: 'pix',
    },
  ],
  orderListLine: [{ orderId: 'ABC234', status: 'CONFIRMED', total: 4380, createdAt: '2025-01-01T12:00:00.000Z' }, TZ],
  cancelled: ['ABC234', { kind: 'refunded', amount: 4380 }],
  orderPlaced: [
    {
      orderId: 'ABC234',
      lines: [{ qty: 2, name: 'Açaí', lineTotal: 3780 }],
      deliveryFee: 600,
      total: 4380,
      address: 'Rua X 1',
      complement: 'apto 302',
      payment: 'pix',
      arrival: LATER,
      timeZone: TZ,
    },
  ],
  smallTalkBye: [true],
  pixCaption: ['ABC234', 4380, LATER, TZ],
  cardCheckout: ['ABC234', 4380, LATER, TZ],
  wordsList: [['1× Pizza', '2× Guaraná']],
};

function leaves(value: unknown, path: string[] = []): [string, unknown][] {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [[path.join('.'), value]];
}

/**
 * Lines that send or draw a literal string instead of a catalog entry: a string literal given to ctx.reply /
 * sendMessage / editMessageText / answerCallbackQuery, as a `text:` or as a button label, that holds words of its
 * own. Templates that only join catalog entries (`${t.a}\\n${t.b}`) are fine.
 */
function literalTextLines(source: string): string[] {
  const literal =
    /(?:\.(?:reply|sendMessage|editMessageText|answerCallbackQuery)\(\s*(?:[\w.]+,\s*)?|\btext:\s*|\bbutton\(\s*)(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;
  const hasWords = (s: string) => /\p{L}/u.test(s.replace(/\$\{[^}]*\}/g, '').replace(/\\[nt]/g, ''));
  return source
    .split('\n')
    .filter((line) => !/^\s*(?:\/\/|\*)/.test(line) && [...line.matchAll(literal)].some((m) => hasWords(m[2]!)));
}

describe('telegram-texts', () => {
  const langs = Object.keys(TEXTS) as (keyof typeof TEXTS)[];

  it('has pt-BR and en with exactly the same keys, nested ones included', () => {
    // Prepare / Act
    const keys = langs.map((l) =>
      leaves(TEXTS[l])
        .map(([k]) => k)
        .sort(),
    );

    // Assess
    expect(langs).toEqual(['pt-BR', 'en']);
    expect(keys[0]!.length).toBeGreaterThan(100);
    expect(keys[1]).toEqual(keys[0]);
  });

  it.each(['pt-BR', 'en'] as const)('has a non-empty text for every key in %s, parameterised ones included', (lang) => {
    for (const [key, value] of leaves(TEXTS[lang])) {
      // Act
      const args =
        SAMPLE_ARGS[key] ?? Array.from({ length: typeof value === 'function' ? value.length : 0 }, () => SAMPLE_NUMBER);
      const text = typeof value === 'function' ? (value as (...a: unknown[]) => unknown)(...args) : value;
      // Assess
      expect(typeof text === 'string' && text.trim().length > 0, `${lang}.${key}`).toBe(true);
    }
  });

  it.each(['pt-BR', 'en'] as const)(
    "keeps every button-press notice within answerCallbackQuery's 200 characters in %s",
    (lang) => {
      // Prepare: the texts the bot passes to answerCallbackQuery
      const t = TEXTS[lang];
      const notices = [
        t.staleButton,
        t.unknownButton,
        t.unavailable,
        t.onlyLeft(3),
        t.maxPerLine(50),
        t.tooManyLines,
        t.unknownItem,
        t.cartCleared,
        t.added('Pizza de frango com catupiry (8 fatias)', 50),
        t.removed('Pizza de frango com catupiry (8 fatias)'),
        t.checkoutExpired,
        t.orderAlreadyReceived('ABC234'),
        t.confirmationExpired,
        t.handoffActive,
        t.somethingWentWrong,
        t.paymentNotAccepted,
        // An item added while the shop is closed or paused: the notice carries the shop's state.
        `${t.added('Pizza de frango com catupiry (8 fatias)', 50)} ${t.storeClosed(LATER, NOW, TZ)}`,
        `${t.added('Pizza de frango com catupiry (8 fatias)', 50)} ${t.storePaused(new Date('2026-03-11T02:30:00Z'), NOW, TZ)}`,
      ];

      // Act / Assess
      for (const n of notices) expect(n.length, n).toBeLessThanOrEqual(200);
    },
  );

  it('translates: the English and Portuguese sentences differ where they should', () => {
    // Prepare / Act / Assess
    expect(TEXTS.en.askAddress).not.toBe(TEXTS['pt-BR'].askAddress);
    expect(TEXTS.en.backToNewAddress('ABC234')).toContain('ABC234');
    expect(TEXTS['pt-BR'].backToNewAddress('ABC234')).toContain('ABC234');
  });

  it('maps Telegram language tags: pt for any pt*, English otherwise, pt-BR with no tag', () => {
    // Prepare / Act / Assess
    expect(['pt', 'pt-br', 'pt-PT', 'PT'].map(langFromTelegram)).toEqual(['pt-BR', 'pt-BR', 'pt-BR', 'pt-BR']);
    expect(['en', 'en-us', 'es', 'de', 'fr-CA'].map(langFromTelegram)).toEqual(['en', 'en', 'en', 'en', 'en']);
    expect(langFromTelegram(undefined)).toBe('pt-BR');
  });

  it('finds literal text in a handler (the guard below is not vacuous)', () => {
    // Prepare
    const bad = [
      `await ctx.reply('Olá!');`,
      `await ctx.api.sendMessage(chatId, "Oi");`,
      `return { text: 'Pedido', markup };`,
      "button(`Menu`, { op: 'home' })",
    ];
    const good = [
      `await ctx.reply(t.greeting(name));`,
      `return { text: t.cartEmpty, markup };`,
      `button(t.buttonMenu, { op: 'categories' })`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a source line, quoted as the test reads it
      'sendView(ctx, { text: `${t.a}\\n\\n${t.b(x)}` });',
    ];

    // Act / Assess
    expect(literalTextLines(bad.join('\n'))).toEqual(bad);
    expect(literalTextLines(good.join('\n'))).toEqual([]);
  });

  it.each(CONVERSATION_FILES)('%s sends no literal text: every sentence and label comes from the catalog', (file) => {
    // Prepare
    const source = readFileSync(join(BOT_DIR, file), 'utf8');

    // Act / Assess
    expect(literalTextLines(source)).toEqual([]);
  });
});
