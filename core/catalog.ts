// Store and product types, and the demo store seeded by default: a Rio de Janeiro açaí-and-pizza shop.

export interface Store {
  name: string;
  lat: number;
  lon: number;
  /** ISO 3166 alpha-3 of the country the shop delivers in, where geocoding looks ('BRA' when unset). */
  country?: string;
  deliveryRadiusKm: number;
  currency: 'BRL';
  /** Delivery fee = base + perKm × distance, in centavos. */
  fee: { baseCents: number; perKmCents: number };
  /** The store's phone, offered to a customer when no person is available in chat (the demo store has none). */
  phone?: string;
  /** How long a delivery stage may wait for staff before the team is alerted (STAGE_OVERDUE); 30 when unset. */
  stageOverdueMinutes?: number;
}

/** The store's phone, when its profile has one (the demo store has none): the honest "call us" line needs it. */
export function storePhoneOf(store: Store): string | undefined {
  const phone: unknown = store.phone;
  return typeof phone === 'string' && phone.trim() ? phone.trim() : undefined;
}

export const DEFAULT_STAGE_OVERDUE_MINUTES = 30;
/** The store's overdue threshold in seconds, as the workflow's heartbeat takes it. */
export const stageHeartbeatSeconds = (store: Pick<Store, 'stageOverdueMinutes'>) =>
  Math.max(1, Math.round((store.stageOverdueMinutes ?? DEFAULT_STAGE_OVERDUE_MINUTES) * 60));

export interface Product {
  sku: string;
  name: { 'pt-BR': string; en: string };
  category: 'acai' | 'pizza' | 'drink' | 'dessert';
  /** Unit price in centavos. */
  price: number;
  stock: number;
}

export const DEMO_STORE: Store = {
  name: 'Açaí & Pizza Copacabana',
  lat: -22.9711,
  lon: -43.1822,
  deliveryRadiusKm: 8,
  currency: 'BRL',
  fee: { baseCents: 500, perKmCents: 150 },
};

export const DEMO_PRODUCTS: Product[] = [
  {
    sku: 'ACAI-300',
    name: { 'pt-BR': 'Açaí 300 ml com granola e banana', en: 'Açaí bowl 300 ml with granola and banana' },
    category: 'acai',
    price: 1890,
    stock: 40,
  },
  {
    sku: 'ACAI-500',
    name: {
      'pt-BR': 'Açaí 500 ml com granola, banana e leite em pó',
      en: 'Açaí bowl 500 ml with granola, banana and milk powder',
    },
    category: 'acai',
    price: 2690,
    stock: 30,
  },
  {
    sku: 'ACAI-CUPU',
    name: { 'pt-BR': 'Açaí com cupuaçu 500 ml', en: 'Açaí with cupuaçu 500 ml' },
    category: 'acai',
    price: 2990,
    stock: 5,
  },
  {
    sku: 'PIZZA-MARG',
    name: { 'pt-BR': 'Pizza margherita (8 fatias)', en: 'Margherita pizza (8 slices)' },
    category: 'pizza',
    price: 5490,
    stock: 25,
  },
  {
    sku: 'PIZZA-CALA',
    name: { 'pt-BR': 'Pizza de calabresa (8 fatias)', en: 'Calabresa sausage pizza (8 slices)' },
    category: 'pizza',
    price: 5890,
    stock: 25,
  },
  {
    sku: 'PIZZA-FRANGO',
    name: { 'pt-BR': 'Pizza de frango com catupiry (8 fatias)', en: 'Chicken and catupiry pizza (8 slices)' },
    category: 'pizza',
    price: 6290,
    stock: 3,
  },
  {
    sku: 'PIZZA-PORT',
    name: { 'pt-BR': 'Pizza portuguesa (8 fatias)', en: 'Portuguesa pizza (8 slices)' },
    category: 'pizza',
    price: 6190,
    stock: 10,
  },
  {
    sku: 'GUARANA-350',
    name: { 'pt-BR': 'Guaraná lata 350 ml', en: 'Guaraná soda can 350 ml' },
    category: 'drink',
    price: 690,
    stock: 60,
  },
  {
    sku: 'MATE-500',
    name: { 'pt-BR': 'Mate gelado com limão 500 ml', en: 'Iced mate tea with lime 500 ml' },
    category: 'drink',
    price: 890,
    stock: 2,
  },
  {
    sku: 'BRIGADEIRO-4',
    name: { 'pt-BR': 'Brigadeiros (4 unidades)', en: 'Brigadeiros (4 pieces)' },
    category: 'dessert',
    price: 1200,
    stock: 15,
  },
];
