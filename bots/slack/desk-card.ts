// The handoff desk's view: the escalation card (who, language, why, status, summary, the button that fits), its summary
// and the transcript.
import type { ChatTurn } from '../../core/answer-model.ts';
import { CUSTOMER_TEXT_LIMITS, quoteCustomerText } from '../../core/customer-text.ts';
import type { ConversationDesk, Escalation } from '../../core/staff-desk.ts';
import type { HandoffTexts } from './handoff-texts.ts';
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

/** A short, deterministic summary: the customer's last message, their latest order and its status, how many more. */
export function summarize(t: HandoffTexts, e: Pick<Escalation, 'transcript' | 'orders'>): string {
  const lines = [lastMessageLine(t, e.transcript) ?? t.summaryNoMessage];
  const [latest, ...rest] = e.orders;
  if (!latest) lines.push(t.summaryNoOrders);
  else {
    lines.push(t.summaryLatestOrder(latest.orderId, latest.status, latest.total));
    if (rest.length) lines.push(t.summaryMoreOrders(rest.length));
  }
  return lines.join('\n');
}

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
export function cardOf(t: HandoffTexts, d: ConversationDesk): { text: string; blocks: Record<string, unknown>[] } {
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
    ...(d.summary ? [{ type: 'section', text: { type: 'mrkdwn', text: d.summary } }] : []),
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
