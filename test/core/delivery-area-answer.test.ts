// deliveryAreaAnswer: served, served in part or not, as the store's delivery-area documents say, with the fee.
import { describe, expect, it } from 'vitest';
import { NEIGHBOURHOODS } from '../../adapters/geo/rio-neighbourhoods.ts';
import { areaVerdict, deliveryAreaAnswer } from '../../core/delivery-area-answer.ts';
import { quoteDeliveryFee } from '../../core/delivery-fee.ts';
import { formatMoney } from '../../core/lang.ts';
import { DEMO_STORE } from '../support/demo-store.ts';

const place = (name: string) => {
  const entry = NEIGHBOURHOODS.find((n) => n.name === name && n.city === 'Rio de Janeiro');
  if (!entry) throw new Error(`${name} is not in the gazetteer`);
  return { name, lat: entry.lat, lon: entry.lon };
};

describe('areaVerdict', () => {
  it.each([
    // stores/demo/knowledge/*/areas-e-taxas-de-entrega.md: served whole, served in part, not served
    ['Leme', 'served'],
    ['Laranjeiras', 'served'],
    ['Rocinha', 'served'],
    ['Tijuca', 'edge'],
    ['Centro', 'edge'],
    ['Maracanã', 'edge'],
    ['São Conrado', 'not-served'],
    ['Méier', 'not-served'],
    ['Barra da Tijuca', 'not-served'],
  ] as const)('calls %s %s, as the delivery-area documents do', (name, verdict) => {
    // Act / Assess
    expect(areaVerdict(DEMO_STORE, place(name))).toBe(verdict);
  });
});

describe('deliveryAreaAnswer', () => {
  it('says yes with the fee at the centroid, in either language', () => {
    // Prepare
    const leme = place('Leme');
    const fee = quoteDeliveryFee(DEMO_STORE, leme).fee;

    // Act
    const pt = deliveryAreaAnswer(DEMO_STORE, leme, 'pt-BR');
    const en = deliveryAreaAnswer(DEMO_STORE, leme, 'en');

    // Assess
    expect(pt).toBe(
      `Leme: sim, entregamos, a cerca de 1,5 km da loja, com taxa de entrega em torno de ${formatMoney(fee, 'pt-BR')} (o valor exato aparece no resumo do pedido).`,
    );
    expect(en).toContain(
      `Leme: yes, we deliver there, about 1.5 km from the shop, with a delivery fee of about ${formatMoney(fee, 'en')}`,
    );
  });

  it('leaves the fee to the exact address near the edge, and says no beyond it, with no coordinates', () => {
    // Act
    const tijuca = deliveryAreaAnswer(DEMO_STORE, place('Tijuca'), 'pt-BR');
    const meier = deliveryAreaAnswer(DEMO_STORE, place('Méier'), 'en');

    // Assess
    expect(tijuca).toMatch(/^Tijuca: entregamos em parte do bairro, conforme o endereço exato/);
    expect(tijuca).not.toMatch(/R\$/);
    expect(meier).toBe('Méier: we do not deliver there, as it is about 13 km from the shop, outside our 8 km radius.');
    expect(`${tijuca} ${meier}`).not.toMatch(/-?\d+\.\d{4,}/);
  });
});
