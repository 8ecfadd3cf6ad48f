// The handoff desk's view: the escalation card (who, language, why, status, summary, the button that fits), its summary
// and the transcript.
import type { ChatTurn } from '../../core/answer-model.ts';
import { CUSTOMER_TEXT_LIMITS, quoteCustomerText } from '../../core/customer-text.ts';
import type { Lang } from '../../core/lang.ts';
import type { OrderStatus } from '../../core/order.ts';
import type { ConversationDesk, Escalation } from '../../core/staff-desk.ts';
import type { HandoffTexts } from './handoff-texts.ts';
import { ORDERS_TEXTS } from './orders-texts.ts';
import { clip, escapeMrkdwn } from './slack-text.ts';

/** Button action ids of the escalation card; their value is the conversation key (`telegram:<chatId>`), as the edge expects. */
export const TAKE_OVER_ACTION = 'handoff_take_over';
export const RETURN_TO_BOT_ACTION = 'handoff_return_to_bot';

/** The summary's quote of the customer's last message, and each transcript turn, are cut to these lengths. */
const SUMMARY_QUOTE_CHARS = 200;
const TRANSCRIPT_TURN_CHARS = 700;
/** The transcript message stays well under Slack's limits and readable; the oldest turns go first. */
const TRANSCRIPT_MAX_CHARS = 3500;

/** A customer's name as staff see it in mrkdwn: quoted and clipped (core/customer-text.ts), then escaped. */
export const nameOf = (name: string) => escapeMrkdwn(quoteCustomerText(name, CUSTOMER_TEXT_LIMITS.name));

/** How many earlier customer messages the summary quotes as the problem, each cut to this length. */
const PROBLEM_TURNS = 2;
const PROBLEM_QUOTE_CHARS = 140;
/** A message this short ("oi", "boa noite") says nothing about the problem; it is quoted only when nothing else is there. */
const MIN_PROBLEM_WORDS = 3;

/**
 * A short, extractive summary of why the customer is here: their request quoted ("quero falar com uma pessoa"), then
 * what they wrote before it (the problem, up to two messages). The latest order is kept apart (`orderOf`), so the card
 * shows its live status.
 */
export function summarize(t: HandoffTexts, e: Pick<Escalation, 'transcript' | 'reason'>): string {
  const said = e.transcript.filter((turn) => turn.role === 'user').map((turn) => turn.text.trim());
  // A button press is the request itself; typed, the request is the last message.
  const request = e.reason === 'button' ? undefined : said.pop();
  const meaningful = said.filter((s) => s.split(/\s+/).length >= MIN_PROBLEM_WORDS);
  const problem = (meaningful.length ? meaningful : said).slice(-PROBLEM_TURNS);
  const quote = (s: string, max: number) => escapeMrkdwn(quoteCustomerText(s, max));
  const lines = [request ? t.summaryLastMessage(quote(request, SUMMARY_QUOTE_CHARS)) : t.summaryNoMessage];
  if (problem.length) lines.push(t.summaryBefore(problem.map((s) => quote(s, PROBLEM_QUOTE_CHARS)).join(' · ')));
  return lines.join('\n');
}

/** The latest order as the card keeps it (status as stored; shown in words). */
export const orderOf = (e: Pick<Escalation, 'orders'>): ConversationDesk['order'] => {
  const [latest, ...rest] = e.orders;
  return latest && { orderId: latest.orderId, status: latest.status, total: latest.total, more: rest.length };
};

/** The card's order lines: the latest order with its status in words, and how many more. */
function orderLines(t: HandoffTexts, lang: Lang, d: ConversationDesk): string[] {
  const o = d.order;
  if (!o) return [t.summaryNoOrders];
  const status = ORDERS_TEXTS[lang].status[o.status as OrderStatus] ?? o.status;
  return [t.summaryLatestOrder(o.orderId, status, o.total), ...(o.more ? [t.summaryMoreOrders(o.more)] : [])];
}

/** The links to earlier escalations of this customer, each with a short excerpt of what staff said there. */
function earlierLines(t: HandoffTexts, d: ConversationDesk): string[] {
  return (d.earlier ?? []).map((e) => {
    const when = `<!date^${Math.floor(Date.parse(e.since) / 1000)}^{date_short_pretty} {time}|${e.since}>`;
    const link = e.permalink ? `<${e.permalink}|${t.earlierThread}>` : t.earlierThread;
    const said = e.staffSaid.length ? e.staffSaid.map((s) => `> ${s}`).join('\n') : `> ${t.earlierNothingSaid}`;
    return `${t.earlierTitle(link, when)}\n${said}`;
  });
}

/**
 * The card's summary: the request and the problem, then the order as it is now. A desk from before the order was kept
 * apart has its order line inside `summary` already.
 */
const summaryText = (t: HandoffTexts, lang: Lang, d: ConversationDesk) =>
  [...(d.summary ? [d.summary] : []), ...(d.order ? orderLines(t, lang, d) : [])].join('\n');

/** The line quoting the customer's last message (one line, cut short), when they wrote one. */
export function lastMessageLine(t: HandoffTexts, transcript: ChatTurn[]): string | undefined {
  const last = [...transcript].reverse().find((turn) => turn.role === 'user');
  return last && t.summaryLastMessage(escapeMrkdwn(quoteCustomerText(last.text, SUMMARY_QUOTE_CHARS)));
}

export function transcriptText(t: HandoffTexts, customerName: string, transcript: ChatTurn[]): string {
  const lines = transcript.map((turn) =>
    turn.role === 'user'
      ? `${t.speakerCustomer(nameOf(customerName))}: ${escapeMrkdwn(quoteCustomerText(turn.text, TRANSCRIPT_TURN_CHARS))}`
      : `${t.speakerBot}: ${escapeMrkdwn(clip(turn.text.trim(), TRANSCRIPT_TURN_CHARS))}`,
  );
  while (lines.length > 1 && lines.join('\n').length > TRANSCRIPT_MAX_CHARS) lines.shift();
  return `${t.transcriptTitle}\n${lines.length ? lines.join('\n') : t.transcriptEmpty}`;
}

function statusLine(t: HandoffTexts, d: ConversationDesk): string {
  if (d.status === 'taken') return t.statusTaken(d.takenBy?.name ?? '?');
  if (d.status === 'closed')
    return d.closed?.by === 'customer' || !d.closed ? t.statusCustomerLeft : t.statusReturned(d.closed.by.name);
  return d.timedOutAt ? t.statusTimedOut : t.statusWaiting;
}

const button = (text: string, actionId: string, value: string, style?: 'primary' | 'danger') => ({
  type: 'button',
  text: { type: 'plain_text', text, emoji: true },
  action_id: actionId,
  value,
  ...(style ? { style } : {}),
});

/** The card: who, language, why, status, the summary, and the button that fits the status (none once closed). */
export function cardOf(
  t: HandoffTexts,
  d: ConversationDesk,
  staffLang: Lang,
): { text: string; blocks: Record<string, unknown>[] } {
  const since = Math.floor(Date.parse(d.since) / 1000);
  const fields = [
    `*${t.fieldCustomer}*\n${nameOf(d.customerName)}`,
    `*${t.fieldLanguage}*\n${t.langName[d.lang]}`,
    `*${t.fieldReason}*\n${d.reason ? t.reason[d.reason] : '—'}`,
    `*${t.fieldStatus}*\n${statusLine(t, d)}`,
  ];
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: t.cardTitle, emoji: true } },
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) },
    ...(d.summary || d.order
      ? [{ type: 'section', text: { type: 'mrkdwn', text: summaryText(t, staffLang, d) } }]
      : []),
    ...earlierLines(t, d).map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } })),
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `<!date^${since}^{date_short_pretty} {time}|${d.since}> · ${t.hint}` }],
    },
  ];
  if (d.status === 'waiting')
    blocks.push({
      type: 'actions',
      block_id: 'handoff',
      elements: [button(t.buttonTakeOver, TAKE_OVER_ACTION, d.conversationKey, 'primary')],
    });
  if (d.status === 'taken')
    blocks.push({
      type: 'actions',
      block_id: 'handoff',
      // Take over stays for colleagues: pressing it asks privately first (the same rule as a reply, handoff-desk.ts).
      elements: [
        button(t.buttonTakeOver, TAKE_OVER_ACTION, d.conversationKey),
        button(t.buttonReturn, RETURN_TO_BOT_ACTION, d.conversationKey),
      ],
    });
  return {
    text: `${t.cardFallback(quoteCustomerText(d.customerName, CUSTOMER_TEXT_LIMITS.name))} — ${statusLine(t, d)}`,
    blocks,
  };
}
