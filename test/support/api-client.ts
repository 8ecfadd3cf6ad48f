// Test helpers that drive the local stack the way a web or app client would: over HTTP, with bearer tokens.
import type { LocalStack } from '../../apps/local/local-stack.ts';
import type { Order } from '../../core/order.ts';
import { placeOrder as placeOrderInCore } from '../../core/place-order.ts';

export const COPACABANA = { text: 'Rua Barata Ribeiro 200, Copacabana', lat: -22.9668, lon: -43.187 };
export const IPANEMA = { text: 'Rua Visconde de Pirajá 300, Ipanema', lat: -22.9846, lon: -43.2041 };
/** Niterói is across the bay, about 9 km away: outside the 8 km radius. */
export const NITEROI = { text: 'Praia de Icaraí, Niterói', lat: -22.9057, lon: -43.1095 };
/** Barra da Tijuca: about 18 km away. */
export const BARRA = { text: 'Av. das Américas 500, Barra da Tijuca', lat: -23.0003, lon: -43.365 };

export interface OrderBody {
  customer?: Record<string, unknown>;
  items: { sku: string; qty: number }[];
  address?: { text: string; lat: number; lon: number };
  payment?: { method: string; token?: string };
}

export function orderBody(o: Partial<OrderBody> & Pick<OrderBody, 'items'>): OrderBody {
  return {
    customer: { name: 'Ana Souza', phone: '+5521987654321', email: 'ana@example.com' },
    address: COPACABANA,
    payment: { method: 'card', token: 'tok_visa' },
    ...o,
  };
}

export async function call(
  stack: LocalStack,
  method: string,
  path: string,
  opts: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

export async function placeOrder(stack: LocalStack, body: OrderBody, headers: Record<string, string> = {}) {
  const res = await call(stack, 'POST', '/api/orders', { body, headers });
  if (res.status !== 202) throw new Error(`POST /api/orders → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { orderId: string; status: string; accessToken: string };
}

/**
 * An order placed from a Telegram chat, as the bot's checkout places it: through core, with the chat the bot took
 * from the update (a chat id is never accepted in an HTTP body). Returns what POST /api/orders would.
 */
export async function placeOrderFromChat(stack: LocalStack, body: OrderBody, telegramChatId: number) {
  const placed = await placeOrderInCore(stack.deps, body, { lang: 'pt-BR', telegramChatId });
  return { orderId: placed.order.orderId, status: placed.order.status, accessToken: placed.accessToken! };
}

export const getOrder = (stack: LocalStack, orderId: string, token: string) =>
  call(stack, 'GET', `/api/orders/${orderId}`, { token });

/** Polls the order until it reaches `status` (or any of them); fails after `timeoutMs`. */
export async function waitForStatus(
  stack: LocalStack,
  orderId: string,
  token: string,
  status: string | string[],
  timeoutMs = 10_000,
) {
  const wanted = Array.isArray(status) ? status : [status];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await getOrder(stack, orderId, token);
    if (wanted.includes(body.status)) return body;
    if (Date.now() > deadline) throw new Error(`Order ${orderId} is ${body.status}, expected ${wanted.join('|')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the workflow is parked on the staff callback (the order then holds a task token). */
export async function waitForAwaitingStaff(stack: LocalStack, orderId: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  // A token on an order AWAITING_PAYMENT is the payment's wait, not a stage staff can advance.
  const waitingForStaff = (o: Order | undefined) => !!o?.taskToken && o.status !== 'AWAITING_PAYMENT';
  while (!waitingForStaff(await stack.deps.orders.get(orderId))) {
    if (Date.now() > deadline) throw new Error(`Order ${orderId} never started waiting for staff`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function stockOf(stack: LocalStack, sku: string): Promise<number> {
  return (await stack.deps.catalog.listProducts()).find((p) => p.sku === sku)!.stock ?? Number.NaN;
}
