// The staff assistant without a model: which question was asked (the order, the phone, a summary, something else),
// and an extractive, honest answer to it from the order records, the desk and the thread.
import { orderStatusWords } from '../../core/answer-prompt.ts';
import { CUSTOMER_TEXT_LIMITS, quoteCustomerText } from '../../core/customer-text.ts';
import { formatMoney, type Lang } from '../../core/lang.ts';
import type { Order } from '../../core/order.ts';
import type { ConversationDesk } from '../../core/staff-desk.ts';
import type { ThreadLine } from '../../core/staff-prompt.ts';
import { clip } from './slack-text.ts';
import { STAFF_ASSISTANT_TEXTS } from './staff-assistant-texts.ts';

/** What a staff member asked, as far as a rule can tell: an answer is built for each. */
export type StaffQuestion = 'order' | 'phone' | 'summary' | 'other';

/** Lower case, no accents: "Qual o telefone dela?" and "qual o telefone dela" read the same. */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

const PHONE = /\b(telefone|fone|celular|whats\w*|zap|numero|phone|number|contato|contact|ligar|call)\b/;
const SUMMARY = /\b(resum\w*|summar\w*|sumario|recap\w*|tl;?dr|o que (aconteceu|houve|rolou)|what happened)\b/;
const ORDER =
  /\b(pedi\w*|order\w*|itens|items?|comprou|bought|total|valor|quanto|status|situacao|endereco|address|entrega\w*|deliver\w*)\b/;

export function staffQuestionOf(question: string): StaffQuestion {
  const q = fold(question);
  if (!q.trim()) return 'summary';
  if (PHONE.test(q)) return 'phone';
  if (SUMMARY.test(q)) return 'summary';
  if (ORDER.test(q)) return 'order';
  return 'other';
}

/** Words staff use when they promise something: a coupon, a discount, a remake, a refund, a gift, a resend. */
const PROMISE =
  /\b(cupo\w*|coupon\w*|voucher|desconto\w*|discount\w*|refaz\w*|refa[cz]\w*|remake|redo|reembols\w*|refund\w*|estorn\w*|brinde\w*|gift|free|gratis|cortesia|reenvi\w*|resend\w*|mand\w* outr\w*|send another|credito|credit)\b/;

/** What the offline answer reads: the thread's subject and its messages. */
export interface OfflineSubject {
  /** The subject's orders, newest first (one for an order's thread). */
  orders: Order[];
  desk?: ConversationDesk;
  thread: ThreadLine[];
  /** The app's own name for its lines in the thread ("app"). */
  appAuthor: string;
}

const LINE_CHARS = 220;
const STAFF_LINES = 3;

const money = (cents: number, lang: Lang) => formatMoney(cents, lang);

function orderLines(o: Order, lang: Lang): string[] {
  const f = STAFF_ASSISTANT_TEXTS[lang].facts;
  const offline = STAFF_ASSISTANT_TEXTS[lang].offline;
  return [
    offline.orderNow(o.orderId, orderStatusWords(o.status, lang)),
    f.items(o.items.map((l) => `${l.qty} × ${l.name} (${money(l.price * l.qty, lang)})`)),
    f.totals(money(o.subtotal, lang), money(o.deliveryFee, lang), money(o.total, lang)),
    f.payment(f.paymentMethods[o.payment.method] ?? o.payment.method, money(o.total, lang), null),
    f.address(quoteCustomerText(o.address.text, CUSTOMER_TEXT_LIMITS.deliveryAddress)),
  ];
}

/** The customer's name as the records have it: the desk's, else the newest order's. */
const customerOf = (s: OfflineSubject) =>
  quoteCustomerText(s.desk?.customerName ?? s.orders[0]?.customer.name ?? '?', CUSTOMER_TEXT_LIMITS.name);

function orderAnswer(lang: Lang, s: OfflineSubject): string {
  const t = STAFF_ASSISTANT_TEXTS[lang].offline;
  const [latest, ...rest] = s.orders;
  if (!latest) return t.noOrder;
  const more = rest.map((o) => `${o.orderId} (${orderStatusWords(o.status, lang)})`);
  return [...orderLines(latest, lang), ...(more.length ? [t.moreOrders(more)] : [])].join('\n');
}

function phoneAnswer(lang: Lang, s: OfflineSubject): string {
  const t = STAFF_ASSISTANT_TEXTS[lang].offline;
  const withPhone = s.orders.find((o) => o.customer.phone?.trim());
  return withPhone ? t.phone(customerOf(s), withPhone.customer.phone, withPhone.orderId) : t.noPhone(customerOf(s));
}

/**
 * A summary kept to what was written: who, what they asked and why (the card's summary), the order now, what the
 * customer said last, what staff promised (coupons, remakes, refunds…), the last things staff said, and who has it.
 */
function summaryAnswer(lang: Lang, s: OfflineSubject): string {
  const t = STAFF_ASSISTANT_TEXTS[lang].offline;
  const f = STAFF_ASSISTANT_TEXTS[lang].facts;
  const parts: string[] = [t.who(customerOf(s))];
  if (s.desk?.summary) parts.push(s.desk.summary.replace(/[*_~]/g, ''));
  const [latest] = s.orders;
  if (latest) {
    parts.push(t.orderNow(latest.orderId, orderStatusWords(latest.status, lang)));
    parts.push(f.items(latest.items.map((l) => `${l.qty} × ${l.name}`)));
  }
  const fromApp = (l: ThreadLine) => l.from === s.appAuthor;
  // The customer's messages reach the thread as the app's mirrors, marked with 👤.
  const customerSaid = s.thread.filter((l) => fromApp(l) && l.text.startsWith('👤')).at(-1);
  if (customerSaid) parts.push(t.customerLast(clip(customerSaid.text.replace(/\s+/g, ' '), LINE_CHARS)));
  const staffLines = s.thread.filter((l) => !fromApp(l));
  const promises = staffLines.filter((l) => PROMISE.test(fold(l.text)));
  if (promises.length)
    parts.push(t.promises(promises.map((l) => `${l.from}: ${clip(l.text.replace(/\s+/g, ' '), LINE_CHARS)}`)));
  const latestStaff = staffLines.filter((l) => !promises.includes(l)).slice(-STAFF_LINES);
  if (latestStaff.length)
    parts.push(t.staffSaid(latestStaff.map((l) => `${l.from}: ${clip(l.text.replace(/\s+/g, ' '), LINE_CHARS)}`)));
  if (s.desk) {
    parts.push(
      s.desk.status === 'taken'
        ? t.withWhom(s.desk.takenBy?.name ?? '?')
        : s.desk.status === 'closed'
          ? t.closed
          : t.waiting,
    );
  }
  if (!promises.length && !latestStaff.length && !customerSaid) parts.push(t.nothingSaid);
  return parts.join('\n');
}

/** The offline answer to `question`: its header, then the answer to the question that was asked. */
export function offlineAnswer(lang: Lang, question: string, s: OfflineSubject): string {
  const t = STAFF_ASSISTANT_TEXTS[lang];
  const kind = staffQuestionOf(question);
  const body =
    kind === 'order'
      ? orderAnswer(lang, s)
      : kind === 'phone'
        ? phoneAnswer(lang, s)
        : kind === 'summary'
          ? summaryAnswer(lang, s)
          : `${t.offline.cannot}\n\n${summaryAnswer(lang, s)}`;
  return `${t.local.header}\n\n${body}`;
}
