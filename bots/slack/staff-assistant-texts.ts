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
    phone: (phone: string) => string;
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

  /** The offline answers (staff-offline-answer.ts): one per kind of question, each from the records as written. */
  offline: {
    orderNow: (orderId: string, statusWords: string) => string;
    moreOrders: (orders: string[]) => string;
    noOrder: string;
    phone: (name: string, phone: string, orderId: string) => string;
    noPhone: (name: string) => string;
    who: (name: string) => string;
    customerLast: (text: string) => string;
    promises: (lines: string[]) => string;
    staffSaid: (lines: string[]) => string;
    withWhom: (name: string) => string;
    waiting: string;
    closed: string;
    nothingSaid: string;
    cannot: string;
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
      phone: (phone) => `Customer's phone: ${phone}`,
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
      header: 'Offline answer (no AI model is configured): from the order records and this thread, as written.',
      threadHeader: (shown, total) =>
        shown === total
          ? `Thread (${total} ${total === 1 ? 'message' : 'messages'}):`
          : `Thread (latest ${shown} of ${total} messages):`,
      emptyThread: 'The thread has no other messages.',
    },
    offline: {
      orderNow: (id, words) => `Order ${id}: ${words}`,
      moreOrders: (orders) => `Earlier orders from this chat: ${orders.join(', ')}`,
      noOrder: 'There is no order on record for this thread.',
      phone: (name, phone, id) => `Phone of ${name}: ${phone} (from order ${id})`,
      noPhone: (name) => `There is no phone on record for ${name}: no order from this chat.`,
      who: (name) => `Customer: ${name}`,
      customerLast: (text) => `Customer's last message: ${text}`,
      promises: (lines) => `Promised by staff:\n${lines.map((l) => `- ${l}`).join('\n')}`,
      staffSaid: (lines) => `Staff said last:\n${lines.map((l) => `- ${l}`).join('\n')}`,
      withWhom: (name) => `Still open: ${name} has the conversation.`,
      waiting: 'Still open: waiting for someone to take it.',
      closed: 'Closed: the customer is back with the bot.',
      nothingSaid: 'Nobody has written in this thread yet.',
      cannot:
        'Offline I can answer what the customer ordered, their phone, and a summary of this thread; anything else needs an AI model to be configured. Here is the summary:',
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
      phone: (phone) => `Telefone do cliente: ${phone}`,
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
        'Resposta offline (nenhum modelo de IA configurado): dos registros do pedido e desta thread, como escritos.',
      threadHeader: (shown, total) =>
        shown === total
          ? `Thread (${total} ${total === 1 ? 'mensagem' : 'mensagens'}):`
          : `Thread (últimas ${shown} de ${total} mensagens):`,
      emptyThread: 'A thread não tem outras mensagens.',
    },
    offline: {
      orderNow: (id, words) => `Pedido ${id}: ${words}`,
      moreOrders: (orders) => `Pedidos anteriores deste chat: ${orders.join(', ')}`,
      noOrder: 'Não há pedido registrado para esta thread.',
      phone: (name, phone, id) => `Telefone de ${name}: ${phone} (do pedido ${id})`,
      noPhone: (name) => `Não há telefone registrado de ${name}: nenhum pedido deste chat.`,
      who: (name) => `Cliente: ${name}`,
      customerLast: (text) => `Última mensagem do cliente: ${text}`,
      promises: (lines) => `Prometido pela equipe:\n${lines.map((l) => `- ${l}`).join('\n')}`,
      staffSaid: (lines) => `Últimas falas da equipe:\n${lines.map((l) => `- ${l}`).join('\n')}`,
      withWhom: (name) => `Em aberto: ${name} está com a conversa.`,
      waiting: 'Em aberto: esperando alguém assumir.',
      closed: 'Encerrada: o cliente voltou para o bot.',
      nothingSaid: 'Ninguém escreveu nesta thread ainda.',
      cannot:
        'Offline eu respondo o que o cliente pediu, o telefone dele e um resumo desta thread; para outras perguntas é preciso configurar um modelo de IA. Segue o resumo:',
    },
  },
};
