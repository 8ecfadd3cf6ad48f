// Order ids typed in chat: upper-cased, found after pedido/order/nº/# or standing alone; never quantities, times or
// addresses.
import { describe, expect, it } from 'vitest';
import { extractOrderId } from '../../core/order-id-extraction.ts';
import { isOrderIdShaped, newOrderId } from '../../core/order-ids.ts';

describe('extractOrderId', () => {
  it.each([
    ['Q4M8XZ', 'Q4M8XZ'],
    ['q4m8xz', 'Q4M8XZ'],
    ['#Q4M8XZ', 'Q4M8XZ'],
    ['cadê o pedido #q4m8xz?', 'Q4M8XZ'],
    ['pedido q4m8xz', 'Q4M8XZ'],
    ['order number Q4M8XZ', 'Q4M8XZ'],
    ['order no. Q4M8XZ', 'Q4M8XZ'],
    ['nº Q4M8XZ', 'Q4M8XZ'],
    ['n° Q4M8XZ', 'Q4M8XZ'],
    ['pedido número: Q4M8XZ!', 'Q4M8XZ'],
    ['meu pedido é o 7hk2pd', '7HK2PD'],
    ['o código é K5VW9R', 'K5VW9R'],
    ['ID: X8D2QA', 'X8D2QA'],
    ['(Q4M8XZ)', 'Q4M8XZ'],
    ['Q4M-8XZ', 'Q4M8XZ'],
    // All-letter ids are believed when typed in capitals or after "#".
    ['pedido ABCDEF', 'ABCDEF'],
    ['order #abcdef', 'ABCDEF'],
    // After pedido/order we are more permissive than the generated alphabet.
    ['pedido abc123', 'ABC123'],
    ['order 12345', '12345'],
    // An anchored id wins over an earlier free-standing token.
    ['mandei 2A3B4C ontem, pedido Q4M8XZ', 'Q4M8XZ'],
  ])('%j → %s', (text, id) => {
    // Act / Assess
    expect(extractOrderId(text)).toBe(id);
  });

  it.each([
    '',
    'oi',
    'cadê meu pedido?',
    '500ml',
    'açaí de 500ml',
    '2x',
    'quero 2x pizza de 300g',
    'R$30',
    'R$ 54,90',
    '19h',
    '20h30',
    '10min',
    '300g',
    '1kg',
    '8pm',
    '3rd floor',
    'rua 5',
    'rua 5A',
    'apto 302',
    'apto 302 bloco B2',
    'casa 12B',
    'bloco 4A',
    '21 99876-5432',
    '+55 21 998765432',
    'CEP 22041-001',
    'cpf 123.456.789-00',
    'meu pedido 21998765432',
    '12x sem juros',
    '30x40cm',
    'covid19',
    'abc123',
    'pedido de 2 pizzas',
    'order status please',
    'ORDER STATUS',
    'pedido amanha',
    'pedido abcdef',
    'order for 4 people',
    'https://x.com/Q4M8XZ',
    'mail ab7k9m@x.com',
  ])('%j → null', (text) => {
    // Act / Assess
    expect(extractOrderId(text)).toBeNull();
  });

  it('finds every generated id mixing letters and digits, in any case and with any usual prefix', () => {
    // Prepare: all-letter ids are covered by the table above (capitals or "#" only), all-digit ones by the anchored
    // rule.
    const ids = Array.from({ length: 2000 }, () => newOrderId()).filter((id) => /\d/.test(id) && /[A-Z]/.test(id));
    // A free-standing number+unit ("8344GR", about 0.03% of ids) reads as a quantity; after "#" or "pedido" it is an
    // id.
    const unitLike = (id: string) =>
      /^\d{1,4}(?:ML|L|KG|GR|GRS|G|MG|MIN|MINS|HS|HR|HRS|H|PM|AM|X|KM|CM|MM|M|K)$/.test(id);
    const forms = (id: string) => [
      `pedido ${id.toLowerCase()}`,
      `#${id}`,
      `order ${id} status`,
      ...(unitLike(id) ? [] : [`cadê o ${id}?`, `${id.toLowerCase()} já saiu?`]),
    ];

    // Act
    const misses = ids.flatMap((id) => forms(id).filter((text) => extractOrderId(text) !== id));

    // Assess
    expect(ids.length).toBeGreaterThan(1000);
    expect(ids.every(isOrderIdShaped)).toBe(true);
    expect(misses).toEqual([]);
  });
});
