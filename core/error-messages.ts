// Customer-facing sentences for every error code, in pt-BR and en; a code without its entry fails to compile.
import type { ErrorCode } from './errors.ts';
import type { Lang } from './lang.ts';

/** Facts a sentence may name (e.g. the route's body limit), as the edge knows them. */
export type MessageVars = Readonly<Record<string, string>>;
type Sentence = string | ((vars: MessageVars) => string);

/** The store control fields (core/store-controls.ts), as a sentence names them. */
const CONTROL_FIELD_PT: Readonly<Record<string, string>> = {
  minutes: 'O número de minutos',
  stock: 'O estoque',
  units: 'O número de unidades',
};
const CONTROL_FIELD_EN: Readonly<Record<string, string>> = {
  minutes: 'The number of minutes',
  stock: 'The stock',
  units: 'The number of units',
};

/**
 * `null` marks a code no customer is ever told: the workflow's own error names. An HTTP edge answers them as INTERNAL;
 * a chat edge says its own "that failed" (the fallback given to errorMessage).
 */
const MESSAGES: Record<ErrorCode, Record<Lang, Sentence> | null> = {
  INVALID_JSON: { 'pt-BR': 'O corpo da requisição não é um JSON válido.', en: 'The request body is not valid JSON.' },
  JSON_TOO_DEEP: {
    'pt-BR': (v) => `O JSON tem níveis aninhados demais${v.maxDepth ? ` (no máximo ${v.maxDepth})` : ''}.`,
    en: (v) => `The JSON is nested too deeply${v.maxDepth ? ` (at most ${v.maxDepth} levels)` : ''}.`,
  },
  MALFORMED_REQUEST: { 'pt-BR': 'A requisição HTTP está malformada.', en: 'The HTTP request is malformed.' },
  HEADERS_TOO_LARGE: {
    'pt-BR': 'Os cabeçalhos da requisição são grandes demais.',
    en: 'The request headers are too large.',
  },
  REQUEST_TIMEOUT: { 'pt-BR': 'A requisição demorou demais para chegar.', en: 'The request took too long to arrive.' },
  FORBIDDEN_KEY: {
    'pt-BR': 'O corpo contém uma chave proibida (__proto__, constructor ou prototype).',
    en: 'The body contains a forbidden key (__proto__, constructor or prototype).',
  },
  // Each route has its own limit (64 KB for the API, more for the Telegram and Slack webhooks): the edge names it.
  PAYLOAD_TOO_LARGE: {
    'pt-BR': (v) => (v.limit ? `O corpo da requisição passa de ${v.limit}.` : 'O corpo da requisição é grande demais.'),
    en: (v) => (v.limit ? `The request body is larger than ${v.limit}.` : 'The request body is too large.'),
  },
  INVALID_BODY: { 'pt-BR': 'O corpo deve ser um objeto JSON.', en: 'The body must be a JSON object.' },
  INVALID_CUSTOMER: {
    'pt-BR': 'Informe o cliente: { name, phone, email? }.',
    en: 'Provide the customer: { name, phone, email? }.',
  },
  INVALID_PHONE: {
    'pt-BR': 'Telefone inválido; use o formato internacional, ex.: +5521987654321.',
    en: 'Invalid phone; use international format, e.g. +5521987654321.',
  },
  INVALID_EMAIL: { 'pt-BR': 'E-mail inválido.', en: 'Invalid e-mail address.' },
  INVALID_ITEMS: {
    'pt-BR': 'Os itens devem ser uma lista de { sku, qty }, com até 30 linhas.',
    en: 'Items must be a list of { sku, qty }, up to 30 lines.',
  },
  INVALID_QUANTITY: {
    'pt-BR': 'A quantidade deve ser um número inteiro de 1 a 50.',
    en: 'Quantity must be a whole number from 1 to 50.',
  },
  STORE_CLOSED: {
    'pt-BR': 'Estamos fechados agora e não recebemos pedidos.',
    en: 'We are closed right now and not taking orders.',
  },
  STORE_PAUSED: {
    'pt-BR': 'Pausamos os pedidos por alguns minutos. Tente de novo daqui a pouco.',
    en: 'We have paused orders for a few minutes. Please try again shortly.',
  },
  STORE_NOT_SET_UP: {
    'pt-BR': 'A loja ainda não foi configurada.',
    en: 'The store has not been set up yet.',
  },
  INVALID_STORE_CONTROL: {
    'pt-BR': (v) =>
      v.min && v.max
        ? `${CONTROL_FIELD_PT[v.field ?? ''] ?? 'O valor'} deve ser um número inteiro de ${v.min} a ${v.max}.`
        : 'Esse ajuste da loja não é válido.',
    en: (v) =>
      v.min && v.max
        ? `${CONTROL_FIELD_EN[v.field ?? ''] ?? 'The value'} must be a whole number from ${v.min} to ${v.max}.`
        : 'That store setting is not valid.',
  },
  UNKNOWN_SKU: { 'pt-BR': 'Esse produto não existe no cardápio.', en: 'That product is not on the menu.' },
  INVALID_ADDRESS: {
    'pt-BR': 'Informe o endereço: { text, lat, lon }.',
    en: 'Provide the address: { text, lat, lon }.',
  },
  INVALID_COORDINATES: {
    'pt-BR': 'Coordenadas inválidas: latitude de -90 a 90 e longitude de -180 a 180.',
    en: 'Invalid coordinates: latitude from -90 to 90 and longitude from -180 to 180.',
  },
  INVALID_PAYMENT_METHOD: {
    'pt-BR': 'Forma de pagamento inválida: use card, pix ou cash.',
    en: 'Invalid payment method: use card, pix or cash.',
  },
  PAYMENT_TOKEN_REQUIRED: { 'pt-BR': 'Pagamento com cartão precisa de um token.', en: 'Card payments need a token.' },
  INVALID_IDEMPOTENCY_KEY: {
    'pt-BR': 'Idempotency-Key inválida (1 a 255 caracteres visíveis).',
    en: 'Invalid Idempotency-Key (1 to 255 visible characters).',
  },
  INVALID_IDEMPOTENCY_SECRET: {
    'pt-BR': 'Idempotency-Secret inválido (32 a 255 caracteres visíveis).',
    en: 'Invalid Idempotency-Secret (32 to 255 visible characters).',
  },
  IDEMPOTENCY_KEY_REUSED: {
    'pt-BR': 'Essa Idempotency-Key já foi usada com outro pedido.',
    en: 'This Idempotency-Key was already used with a different order.',
  },
  UNAUTHORIZED: { 'pt-BR': 'É preciso um token de acesso válido.', en: 'A valid access token is required.' },
  FORBIDDEN: { 'pt-BR': 'Só a equipe pode fazer isso.', en: 'Only staff can do this.' },
  ORDER_NOT_FOUND: { 'pt-BR': 'Pedido não encontrado.', en: 'Order not found.' },
  NOT_FOUND: { 'pt-BR': 'Rota não encontrada.', en: 'Route not found.' },
  METHOD_NOT_ALLOWED: { 'pt-BR': 'Método não permitido nesta rota.', en: 'Method not allowed on this route.' },
  OUT_OF_DELIVERY_AREA: {
    'pt-BR': 'Esse endereço fica fora da nossa área de entrega.',
    en: 'That address is outside our delivery area.',
  },
  ADDRESS_CHANGE_NOT_ALLOWED: {
    'pt-BR': 'Não dá mais para mudar o endereço: o pedido já saiu ou foi encerrado.',
    en: 'The address can no longer be changed: the order has left or is closed.',
  },
  ORDER_NOT_CANCELLABLE: {
    'pt-BR': 'Não dá mais para cancelar: o pedido já saiu para entrega ou foi encerrado.',
    en: 'The order can no longer be cancelled: it is out for delivery or closed.',
  },
  ORDER_BEING_PROCESSED: {
    'pt-BR': 'O pedido ainda está sendo processado; tente de novo em alguns segundos.',
    en: 'The order is still being processed; try again in a few seconds.',
  },
  NO_STAGE_AWAITING: {
    'pt-BR': 'Não há etapa de entrega aguardando avanço.',
    en: 'No delivery stage is waiting to be advanced.',
  },
  PAYMENT_DECLINED: { 'pt-BR': 'O pagamento foi recusado.', en: 'The payment was declined.' },
  ADDRESS_CHANGE_NEEDS_PAYMENT: {
    'pt-BR':
      'O novo endereço tem uma taxa de entrega maior, e não dá para cobrar a diferença por aqui num pedido pago por Pix ou link de pagamento. O endereço continua o mesmo; se precisar mudar, fale com a nossa equipe.',
    en: 'The new address has a higher delivery fee, and the difference cannot be charged here on an order paid by Pix or a payment link. The address stays the same; if you need to change it, talk to our team.',
  },
  CONCURRENT_UPDATE: {
    'pt-BR': 'O pedido mudou ao mesmo tempo; tente de novo.',
    en: 'The order changed at the same time; try again.',
  },
  INTERNAL: {
    'pt-BR': 'Algo deu errado do nosso lado. Tente de novo em instantes.',
    en: 'Something went wrong on our side. Please try again shortly.',
  },
  INVALID_TRANSITION: null,
  ORDER_NO_LONGER_PENDING: null,
  TRANSIENT: null,
};

/** The code's sentence in `lang`, or `fallback` for a code that has none (see MESSAGES). */
export function errorMessage(code: ErrorCode, lang: Lang, fallback: string, vars: MessageVars = {}): string {
  const sentence = MESSAGES[code]?.[lang];
  if (sentence === undefined) return fallback;
  return typeof sentence === 'function' ? sentence(vars) : sentence;
}
