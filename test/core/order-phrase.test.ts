// Orders typed in plain words, read against the demo menu: picks, quantities in words and digits, ambiguity, unknown
// names, and questions about items left alone.
import { describe, expect, it } from 'vitest';
import { type OrderPhrase, readOrderPhrase } from '../../core/order-phrase.ts';
import { DEMO_PRODUCTS } from '../support/demo-store.ts';

const read = (text: string) => readOrderPhrase(text, DEMO_PRODUCTS);
const picks = (p: OrderPhrase | null) => p?.picks.map((x) => `${x.qty}×${x.product.sku}`);
const ambiguous = (p: OrderPhrase | null) =>
  p?.ambiguous.map((a) => `${a.qty}×${a.candidates.map((c) => c.sku).join('|')}`);

describe('readOrderPhrase', () => {
  it.each([
    ['quero uma pizza de calabresa e 2 guaraná', ['1×PIZZA-CALA', '2×GUARANA-350']],
    ['Quero uma pizza de calabresa e 2 guaraná', ['1×PIZZA-CALA', '2×GUARANA-350']],
    ['queria duas pizzas de calabresa', ['2×PIZZA-CALA']],
    ['kero 1 calabresa e 1 guarana pfv', ['1×PIZZA-CALA', '1×GUARANA-350']],
    ['me ve tres guaranas', ['3×GUARANA-350']],
    ['manda uma marguerita', ['1×PIZZA-MARG']],
    ['2 pizzas portuguesas', ['2×PIZZA-PORT']],
    ['2x guaraná', ['2×GUARANA-350']],
    ['meia dúzia de brigadeiros', ['6×BRIGADEIRO-4']],
    ['quero um açaí 500', ['1×ACAI-500']],
    ['quero um acai com cupuacu', ['1×ACAI-CUPU']],
    [
      'vou querer uma de frango com catupiry, um mate e dois brigadeiros',
      ['1×PIZZA-FRANGO', '1×MATE-500', '2×BRIGADEIRO-4'],
    ],
    ['quero uma pizza de calabresa sem cebola', ['1×PIZZA-CALA']],
    ['quero uma calabresa e mais uma calabresa', ['2×PIZZA-CALA']],
    ['I want a calabresa pizza and 2 guarana', ['1×PIZZA-CALA', '2×GUARANA-350']],
    ["I'd like two margherita pizzas", ['2×PIZZA-MARG']],
    ['can I get one chicken pizza and three iced mate teas', ['1×PIZZA-FRANGO', '3×MATE-500']],
    ['gimme 4 brigadeiros please', ['4×BRIGADEIRO-4']],
    ['half a dozen brigadeiros', ['6×BRIGADEIRO-4']],
    ["I'll have a portuguesa pizza", ['1×PIZZA-PORT']],
  ])('%s', (text, expected) => {
    const p = read(text);
    expect(picks(p)).toEqual(expected);
    expect(p?.ambiguous).toEqual([]);
    expect(p?.unknown).toEqual([]);
  });

  it('asks back when a word fits several items', () => {
    expect(ambiguous(read('quero uma pizza'))).toEqual(['1×PIZZA-MARG|PIZZA-CALA|PIZZA-FRANGO|PIZZA-PORT']);
    expect(ambiguous(read('quero 2 açaí'))).toEqual(['2×ACAI-300|ACAI-500|ACAI-CUPU']);
    const mixed = read('I want a pizza and 2 guaranas');
    expect(picks(mixed)).toEqual(['2×GUARANA-350']);
    expect(ambiguous(mixed)).toEqual(['1×PIZZA-MARG|PIZZA-CALA|PIZZA-FRANGO|PIZZA-PORT']);
  });

  it('names what the menu does not have', () => {
    const p = read('quero uma pizza de calabresa e 2 coxinhas');
    expect(picks(p)).toEqual(['1×PIZZA-CALA']);
    expect(p?.unknown).toEqual(['coxinhas']);
    expect(read('quero 2 hamburgueres')?.unknown).toEqual(['hamburgueres']);
    expect(read('I want 3 burgers')?.unknown).toEqual(['burgers']);
  });

  it('reads the synonyms of the store file', () => {
    expect(picks(read('me manda 2 refris e um chá mate'))).toEqual(['2×GUARANA-350', '1×MATE-500']);
    expect(picks(read('two iced teas please'))).toEqual(['2×MATE-500']);
  });

  it('reads synonyms given beside the catalog', () => {
    const p = readOrderPhrase('quero 2 refris', DEMO_PRODUCTS, { 'GUARANA-350': ['refri', 'refrigerante'] });
    expect(picks(p)).toEqual(['2×GUARANA-350']);
  });

  it.each([
    'tem pizza sem glúten?',
    'tem pizza de calabresa?',
    'vcs tem açaí?',
    'quanto custa uma pizza de calabresa',
    'how much is a margherita pizza?',
    'do you have guarana?',
    'a pizza de frango tem lactose?',
    'pizza',
    'açaí',
    'quero falar com uma pessoa',
    'queria uma informação',
    'quero saber se uma pizza serve 2 pessoas',
    'quero cancelar meu pedido',
    'quero mudar o endereço',
    'cadê meu pedido?',
    'obrigado',
    'oi',
    'i want to talk to a person',
    'quero fazer um pedido',
    'demora quantos minutos?',
    'quero ver as pizzas',
    'can I see the pizzas',
  ])('is no order: %s', (text) => {
    expect(read(text)).toBeNull();
  });
});
