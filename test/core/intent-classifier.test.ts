// Intent classifier: the reference examples exactly, accuracy thresholds on our own fixtures, confusable pairs,
// robustness.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyIntent, INTENTS, type Intent } from '../../core/intent-classifier.ts';

interface Example {
  text: string;
  intent: Intent;
  lang: 'pt' | 'en';
  orderId?: string;
}

const FIXTURES = resolve(import.meta.dirname, 'fixtures');
/** The project's reference examples, two per intent, kept in the repository so a fresh clone tests them. */
const REFERENCE = resolve(FIXTURES, 'intents-examples.jsonl');
// Written before the classifier (extra) and in blind rounds during tuning (blind-N); see the fixture files.
const ACCURACY_FIXTURES = [
  'intents-extra.jsonl',
  'intents-blind-1.jsonl',
  'intents-blind-2.jsonl',
  'intents-blind-3.jsonl',
  'intents-blind-4.jsonl',
  'intents-blind-5.jsonl',
];

function load(file: string): Example[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Example);
}

interface Report {
  total: number;
  correct: number;
  perIntent: Map<Intent, { n: number; ok: number }>;
  misses: string[];
  langOk: number;
  idOk: number;
}

function evaluate(examples: Example[]): Report {
  const perIntent = new Map<Intent, { n: number; ok: number }>(INTENTS.map((i) => [i, { n: 0, ok: 0 }]));
  const misses: string[] = [];
  let correct = 0,
    langOk = 0,
    idOk = 0;
  for (const ex of examples) {
    const got = classifyIntent(ex.text);
    const slot = perIntent.get(ex.intent)!;
    slot.n++;
    if (got.intent === ex.intent) {
      correct++;
      slot.ok++;
    } else misses.push(`${ex.intent} → ${got.intent} (${got.confidence}): ${ex.text}`);
    if (got.lang === ex.lang) langOk++;
    else misses.push(`lang ${ex.lang} → ${got.lang}: ${ex.text}`);
    if (got.orderId === (ex.orderId ?? null)) idOk++;
    else misses.push(`orderId ${ex.orderId ?? null} → ${got.orderId}: ${ex.text}`);
  }
  return { total: examples.length, correct, perIntent, misses, langOk, idOk };
}

/** Printed when a threshold fails: per-intent accuracy, the confusion pairs, and every miss. */
function summary(r: Report): string {
  const per = [...r.perIntent]
    .filter(([, s]) => s.n)
    .map(([i, s]) => `${i} ${s.ok}/${s.n}`)
    .join(', ');
  const pairs = new Map<string, number>();
  for (const m of r.misses) {
    const pair = m.split(' (')[0]!.split(':')[0]!;
    pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
  }
  const confusion = [...pairs]
    .sort((a, b) => b[1] - a[1])
    .map(([p, n]) => `${p} ×${n}`)
    .join('; ');
  return `\noverall ${r.correct}/${r.total}\nper intent: ${per}\nconfusion: ${confusion}\nmisses:\n  ${r.misses.join('\n  ')}`;
}

describe('reference examples (fixtures/intents-examples.jsonl)', () => {
  const reference = load(REFERENCE);
  it('has the 18 examples, two per intent', () => {
    // Assess
    expect(reference).toHaveLength(18);
    expect(new Set(reference.map((e) => e.intent))).toEqual(new Set(INTENTS));
  });

  it.each(reference.map((e) => [e.text, e] as const))('%s', (_, ex) => {
    // Act
    const got = classifyIntent(ex.text);

    // Assess
    expect({ intent: got.intent, lang: got.lang, orderId: got.orderId }).toEqual({
      intent: ex.intent,
      lang: ex.lang,
      orderId: ex.orderId ?? null,
    });
  });
});

describe('own held-out-style fixtures', () => {
  const extra = load(resolve(FIXTURES, 'intents-extra.jsonl'));
  const all = ACCURACY_FIXTURES.flatMap((f) => load(resolve(FIXTURES, f)));

  it('are well formed: known intents and languages, non-empty texts, no duplicates', () => {
    // Prepare
    const texts = all.map((e) => e.text.trim().toLowerCase());

    // Assess
    expect(
      all.every(
        (e) =>
          (INTENTS as readonly string[]).includes(e.intent) && (e.lang === 'pt' || e.lang === 'en') && e.text.trim(),
      ),
    ).toBe(true);
    expect(texts.filter((t, i) => texts.indexOf(t) !== i)).toEqual([]);
  });

  it('the extra fixture has ≥ 250 lines, ≥ 25 per intent, both languages in every intent', () => {
    // Prepare
    const counts = INTENTS.map((i) => ({
      i,
      pt: extra.filter((e) => e.intent === i && e.lang === 'pt').length,
      en: extra.filter((e) => e.intent === i && e.lang === 'en').length,
    }));

    // Assess
    expect(extra.length).toBeGreaterThanOrEqual(250);
    for (const c of counts) {
      expect(c.pt + c.en, c.i).toBeGreaterThanOrEqual(25);
      expect(Math.min(c.pt, c.en), c.i).toBeGreaterThanOrEqual(10);
    }
  });

  it.each(ACCURACY_FIXTURES)('%s: overall intent accuracy ≥ 95%%, every intent ≥ 90%%', (file) => {
    // Act
    const r = evaluate(load(resolve(FIXTURES, file)));

    // Assess
    expect(r.correct / r.total, summary(r)).toBeGreaterThanOrEqual(0.95);
    for (const [intent, s] of r.perIntent)
      if (s.n) expect(s.ok / s.n, `${intent}${summary(r)}`).toBeGreaterThanOrEqual(0.9);
  });

  it('all fixtures together: language ≥ 98%, order id exact on every line', () => {
    // Act
    const r = evaluate(all);

    // Assess
    expect(r.langOk / r.total, summary(r)).toBeGreaterThanOrEqual(0.98);
    expect(r.idOk, summary(r)).toBe(r.total);
  });
});

describe('adversarial fixture (confusable pairs, order-id negatives)', () => {
  const adversarial = load(resolve(FIXTURES, 'intents-adversarial.jsonl'));

  it('has at least 40 lines', () => {
    // Assess
    expect(adversarial.length).toBeGreaterThanOrEqual(40);
  });

  it.each(adversarial.map((e) => [e.text, e] as const))('%s', (_, ex) => {
    // Act
    const got = classifyIntent(ex.text);

    // Assess
    expect({ intent: got.intent, lang: got.lang, orderId: got.orderId }).toEqual({
      intent: ex.intent,
      lang: ex.lang,
      orderId: ex.orderId ?? null,
    });
  });
});

describe('precedence rules', () => {
  it.each([
    // A greeting followed by a request takes the request's intent.
    ['oi, cadê meu pedido?', 'order_status'],
    ['hello! I want to order a pizza', 'place_order'],
    ['bom dia, qual o horário de vocês?', 'faq'],
    // Negated cues do not count; an un-negated cue in the same message does.
    ['não quero cancelar, só saber onde tá', 'order_status'],
    ["I don't want to change the address, just tell me when it arrives", 'delivery_eta'],
    ['please cancel', 'cancel_order'],
    ['não quero mais nada, obrigado', 'greeting'],
    // An explicit time question beats "where is it".
    ['já saiu? quanto tempo falta?', 'delivery_eta'],
    // Delivery areas and fees are faq; redirecting this order is change_address.
    ['vocês entregam na Barra?', 'faq'],
    ['entrega na Barra em vez de Copacabana', 'change_address'],
    ['how much is delivery?', 'faq'],
    // An item's price or its diet properties are answered from the knowledge (issue 12): faq.
    ['how much is the calabresa?', 'faq'],
    ['tem pizza sem glúten?', 'faq'],
    ['a massa da pizza tem glúten?', 'faq'],
    // What an item is made of is an ingredient question too; the menu itself is still the menu.
    ['what toppings are on the margherita pizza', 'faq'],
    ['do que é feito o brigadeiro?', 'faq'],
    ["what's on the menu", 'browse_menu'],
    // Keeping or reheating food asks about the food too.
    ['da pra congelar a pizza?', 'faq'],
    ['can i reheat the pizza in the microwave', 'faq'],
    // Whether an item holds something asks about the item; which items there are is still the menu.
    ['o açaí de vcs tem banana?', 'faq'],
    ['a pizza de vocês tem borda?', 'faq'],
    ['quais sabores de pizza vcs tem?', 'browse_menu'],
    ['vcs tem pizza?', 'browse_menu'],
    // A diet question asked while naming what they would order is a question, before any cart is touched; the same
    // words without a question still order.
    ['minha filha tem alergia a ovo, queria uma margherita pra ela, é seguro?', 'faq'],
    ['quero 2 açaí sem açúcar', 'place_order'],
    // A state is not a request: "was it cancelled?" asks for status.
    ['meu pedido foi cancelado?', 'order_status'],
    ['cancellation policy?', 'faq'],
    // Complaints about what arrived go to a person.
    ['a pizza veio fria', 'human_handoff'],
    // A bare order id asks about that order; a bare product name asks what there is.
    ['#Q4M8XZ', 'order_status'],
    ['pizza', 'browse_menu'],
  ] as const)('%s → %s', (text, intent) => {
    // Act / Assess
    expect(classifyIntent(text).intent).toBe(intent);
  });
});

describe("the brief's own example phrases", () => {
  it.each([
    ['cadê meu pedido?', 'order_status'],
    ['where is my order', 'order_status'],
    ['status of order Q4M8XZ', 'order_status'],
    ['já saiu?', 'order_status'],
    ['has it shipped', 'order_status'],
    ['meu pedido tá vindo?', 'order_status'],
    ['chega que horas?', 'delivery_eta'],
    ['quanto tempo falta', 'delivery_eta'],
    ['how long until it arrives', 'delivery_eta'],
    ['when will it get here', 'delivery_eta'],
    ['demora muito?', 'delivery_eta'],
    ['previsão de entrega', 'delivery_eta'],
    ['quero mudar o endereço', 'change_address'],
    ['entrega no meu trabalho', 'change_address'],
    ['can you send it to my office instead?', 'change_address'],
    ['wrong address', 'change_address'],
    ['errei o endereço', 'change_address'],
    ['troca o endereço pra rua X', 'change_address'],
    ['do you deliver to Copacabana?', 'faq'],
    ['vocês entregam na Barra?', 'faq'],
    ['qual a taxa de entrega?', 'faq'],
    ['cancela', 'cancel_order'],
    ['não quero mais', 'cancel_order'],
    ['desisti', 'cancel_order'],
    ['cancel order X8D2QA', 'cancel_order'],
    ['I changed my mind, cancel', 'cancel_order'],
    ['quero pedir um açaí', 'place_order'],
    ["I'd like two açaí bowls", 'place_order'],
    ['me vê uma pizza', 'place_order'],
    ['manda 2 calabresa', 'place_order'],
    ['can I get a large pizza', 'place_order'],
    ['add a guaraná', 'place_order'],
    ['I want to order', 'place_order'],
    ['manda o menu', 'browse_menu'],
    ['cardápio', 'browse_menu'],
    ['o que tem hoje?', 'browse_menu'],
    ["what's available to eat?", 'browse_menu'],
    ['do you have vegan options?', 'faq'],
    ['quero falar com uma pessoa', 'human_handoff'],
    ['atendente', 'human_handoff'],
    ['humano', 'human_handoff'],
    ['get me a human agent', 'human_handoff'],
    ['talk to someone', 'human_handoff'],
    ['isso é um robô?', 'human_handoff'],
    ['chama o gerente', 'human_handoff'],
    ['real person please', 'human_handoff'],
    ['oi', 'greeting'],
    ['olá', 'greeting'],
    ['bom dia', 'greeting'],
    ['boa tarde', 'greeting'],
    ['boa noite', 'greeting'],
    ['e aí', 'greeting'],
    ['hello', 'greeting'],
    ['hi there', 'greeting'],
    ['hey', 'greeting'],
    ['good morning', 'greeting'],
    ['vocês abrem domingo?', 'faq'],
    ['quais as formas de pagamento?', 'faq'],
    ['aceita pix?', 'faq'],
    ["what's your refund policy?", 'faq'],
    ['o açaí tem algum alergênico?', 'faq'],
    ['quais os ingredientes da pizza portuguesa?', 'faq'],
    ['is the açaí sugar-free?', 'faq'],
  ] as const)('%s → %s', (text, intent) => {
    // Act / Assess
    expect(classifyIntent(text).intent).toBe(intent);
  });
});

describe('robustness', () => {
  it.each([
    ['', 'faq'],
    ['   \t ', 'faq'],
    ['😀😀😀', 'faq'],
    ['https://example.com/a?b=c', 'faq'],
    ['你好', 'faq'],
    ['привет', 'faq'],
    ['\u0000\uD83D', 'faq'],
    // Emoji waves and thumbs-up are social, like "oi" and "ok".
    ['👋', 'greeting'],
    ['👍', 'greeting'],
  ] as const)('%j → %s, pt, no order id', (text, intent) => {
    // Act
    const got = classifyIntent(text);

    // Assess
    expect(got).toMatchObject({ intent, lang: 'pt', orderId: null });
  });

  it('reads only the head of very long input (the first 2,000 characters)', () => {
    // Prepare
    const early = `cancela meu pedido ${'blá '.repeat(25_000)}`;
    const late = `${'blá '.repeat(25_000)}cancela meu pedido`;

    // Act / Assess
    expect(classifyIntent(early).intent).toBe('cancel_order');
    expect(classifyIntent(late).intent).toBe('faq');
  });

  it('treats a non-string at run time as empty instead of throwing', () => {
    // Act / Assess
    expect(classifyIntent(undefined as unknown as string)).toMatchObject({ intent: 'faq', lang: 'pt', orderId: null });
  });
});

describe('confidence', () => {
  it('is within 0..1, high for clear messages and low when nothing was recognised', () => {
    // Act
    const clear = classifyIntent('quero cancelar meu pedido');
    const unknown = classifyIntent('asdf qwerty');
    const empty = classifyIntent('');

    // Assess
    for (const r of [clear, unknown, empty]) expect(r.confidence).toBeGreaterThanOrEqual(0);
    expect(clear.confidence).toBeGreaterThan(0.6);
    expect(clear.confidence).toBeLessThanOrEqual(1);
    expect(unknown.confidence).toBeLessThan(0.5);
    expect(empty.confidence).toBeLessThan(unknown.confidence);
  });

  it('is lower when two intents compete than when one stands alone', () => {
    // Act
    const alone = classifyIntent('cadê meu pedido?');
    const contested = classifyIntent('cadê meu pedido? quero cancelar');

    // Assess
    expect(contested.confidence).toBeLessThan(alone.confidence);
  });
});
