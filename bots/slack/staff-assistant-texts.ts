// The staff assistant's texts in en and pt-BR: replies to staff, order-fact lines and the local summary (its prompt is
// core/staff-prompt.ts).
import type { Lang } from '../../core/lang.ts';

export interface StaffAssistantTexts {
  /** Ephemeral answer to someone who is not in the support channel. */
  notMember: string;
  /** Ephemeral hint for a mention outside the support channel, or outside a thread. */
  onlySupportChannel: string;
  onlyInThread: string;
  /** The question when the mention carries none. */
  defaultQuestion: string;
  /** Posted in the thread when no answer could be produced, or when it was cut off. */
  failed: string;
  interrupted: string;
  /** How messages the app posted are labelled (order cards, mirrored customer messages, earlier answers). */
  appAuthor: string;

  facts: {
    order: (orderId: string, statusWords: string, status: string, placedAt: string | null) => string;
    customer: (name: string) => string;
    items: (lines: string[]) => string;
    totals: (subtotal: string, fee: string, total: string) => string;
    payment: (method: string, paid: string, refunded: string | null) => string;
    address: (text: string) => string;
    reason: (reason: string) => string;
    missing: (lines: string[]) => string;
    history: (entries: string[]) => string;
    orderNotFound: (orderId: string) => string;
    conversation: (customerName: string, conversationKey: string, state: string) => string;
    deskState: { waiting: string; taken: (name: string) => string; closed: string };
    noCustomerOrders: string;
    paymentMethods: Record<'card' | 'pix' | 'cash', string>;
  };

  local: {
    /** First line of the answer given when no model is configured: says plainly what it is. */
    header: string;
    threadHeader: (shown: number, total: number) => string;
    emptyThread: string;
  };
}

export const STAFF_ASSISTANT_TEXTS: Record<Lang, StaffAssistantTexts> = {
  en: {
    notMember: 'Only members of the support channel can ask the assistant.',
    onlySupportChannel: 'I answer questions in the threads of the support channel.',
    onlyInThread: 'Mention me in the thread of an order or a conversation, and I will answer there.',
    defaultQuestion: 'Summarize this thread.',
    failed: 'Sorry, I could not answer just now. Please try again in a moment.',
    interrupted: '(The answer above was cut off: the model stopped before finishing.)',
    appAuthor: 'app',
    facts: {
      order: (id, words, status, placed) => `Order ${id}: ${words} (${status})${placed ? `, placed ${placed}` : ''}`,
      customer: (name) => `Customer: ${name}`,
      items: (lines) => `Items: ${lines.join('; ')}`,
      totals: (subtotal, fee, total) => `Subtotal ${subtotal}, delivery fee ${fee}, total ${total}`,
      payment: (method, paid, refunded) =>
        `Payment: ${method}, charged ${paid}${refunded ? `, refunded ${refunded}` : ''}`,
      address: (text) => `Delivery address: ${text}`,
      reason: (reason) => `Reason: ${reason}`,
      missing: (lines) => `Unavailable: ${lines.join('; ')}`,
      history: (entries) => `History: ${entries.join(' → ')}`,
      orderNotFound: (id) => `Order ${id}: not found in the order records.`,
      conversation: (name, key, state) => `Conversation with ${name} (${key}): ${state}`,
      deskState: {
        waiting: 'waiting for a person',
        taken: (name) => `taken over by ${name}`,
        closed: 'handed back to the bot',
      },
      noCustomerOrders: 'The customer has no orders on record from this chat.',
      paymentMethods: { card: 'card', pix: 'Pix', cash: 'cash on delivery' },
    },
    local: {
      header:
        'Local summary (no AI model is configured): the order records and the latest messages of this thread, as they are. It does not interpret the question.',
      threadHeader: (shown, total) =>
        shown === total
          ? `Thread (${total} ${total === 1 ? 'message' : 'messages'}):`
          : `Thread (latest ${shown} of ${total} messages):`,
      emptyThread: 'The thread has no other messages.',
    },
  },
  'pt-BR': {
    notMember: 'Só membros do canal de suporte podem perguntar ao assistente.',
    onlySupportChannel: 'Eu respondo perguntas nas threads do canal de suporte.',
    onlyInThread: 'Me mencione na thread de um pedido ou de uma conversa, e eu respondo lá.',
    defaultQuestion: 'Resuma esta thread.',
    failed: 'Desculpe, não consegui responder agora. Tente de novo daqui a pouco.',
    interrupted: '(A resposta acima foi interrompida: o modelo parou antes de terminar.)',
    appAuthor: 'app',
    facts: {
      order: (id, words, status, placed) => `Pedido ${id}: ${words} (${status})${placed ? `, feito em ${placed}` : ''}`,
      customer: (name) => `Cliente: ${name}`,
      items: (lines) => `Itens: ${lines.join('; ')}`,
      totals: (subtotal, fee, total) => `Subtotal ${subtotal}, taxa de entrega ${fee}, total ${total}`,
      payment: (method, paid, refunded) =>
        `Pagamento: ${method}, cobrado ${paid}${refunded ? `, reembolsado ${refunded}` : ''}`,
      address: (text) => `Endereço de entrega: ${text}`,
      reason: (reason) => `Motivo: ${reason}`,
      missing: (lines) => `Indisponíveis: ${lines.join('; ')}`,
      history: (entries) => `Histórico: ${entries.join(' → ')}`,
      orderNotFound: (id) => `Pedido ${id}: não encontrado nos registros de pedidos.`,
      conversation: (name, key, state) => `Conversa com ${name} (${key}): ${state}`,
      deskState: {
        waiting: 'esperando uma pessoa',
        taken: (name) => `assumida por ${name}`,
        closed: 'devolvida ao bot',
      },
      noCustomerOrders: 'O cliente não tem pedidos registrados a partir deste chat.',
      paymentMethods: { card: 'cartão', pix: 'Pix', cash: 'dinheiro na entrega' },
    },
    local: {
      header:
        'Resumo local (nenhum modelo de IA configurado): os registros do pedido e as últimas mensagens desta thread, como estão. Ele não interpreta a pergunta.',
      threadHeader: (shown, total) =>
        shown === total
          ? `Thread (${total} ${total === 1 ? 'mensagem' : 'mensagens'}):`
          : `Thread (últimas ${shown} de ${total} mensagens):`,
      emptyThread: 'A thread não tem outras mensagens.',
    },
  },
};
