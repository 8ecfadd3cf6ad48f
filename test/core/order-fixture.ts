// Builds a complete, valid Order for unit tests; each test overrides only the fields it is about.
import type { Order } from '../../core/order.ts';

export function makeOrder(overrides: Partial<Order> = {}): Order {
  return {
    orderId: 'K7M2QX',
    status: 'RECEIVED',
    customer: { id: 'c_0123456789abcdef0123', name: 'Ana Souza', phone: '+5521987654321', lang: 'pt-BR' },
    items: [
      { sku: 'ACAI-300', name: 'Açaí 300 ml com granola e banana', qty: 2, price: 1890 },
      { sku: 'GUARANA-350', name: 'Guaraná lata 350 ml', qty: 1, price: 690 },
    ],
    subtotal: 4470,
    deliveryFee: 603,
    distanceKm: 0.69,
    total: 5073,
    address: { text: 'Rua Barata Ribeiro 200, Copacabana', lat: -22.9668, lon: -43.187 },
    payment: { method: 'pix' },
    charges: [],
    refunds: [],
    history: [{ status: 'RECEIVED', at: '2025-03-01T12:00:00.000Z' }],
    createdAt: '2025-03-01T12:00:00.000Z',
    version: 0,
    accessTokenHash: '0'.repeat(64),
    ...overrides,
  };
}
