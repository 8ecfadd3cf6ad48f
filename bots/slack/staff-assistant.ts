// The assistant for staff: a mention in a thread of the support channel gets an answer from the thread and the order
// records, streamed into the thread (native Slack streaming, chat.update fallback); an offline answer to the question
// asked when no model is set (staff-offline-answer.ts).
import type { AnswerEvent, AnswerModel, AnswerRequest } from '../../core/answer-model.ts';
import { formatStoreTime, orderStatusWords, STORE_TIME_ZONE, summarizeUsage } from '../../core/answer-prompt.ts';
import { CUSTOMER_TEXT_LIMITS, quoteCustomerText } from '../../core/customer-text.ts';
import { formatMoney, type Lang } from '../../core/lang.ts';
import { chargedAmount, type Order, refundedAmount } from '../../core/order.ts';
import type { ConversationDesk } from '../../core/staff-desk.ts';
import { buildStaffAnswerRequest, type ThreadLine } from '../../core/staff-prompt.ts';
import { slackStream } from '../streaming/slack-surface.ts';
import { renderStream } from '../streaming/stream-renderer.ts';
import type { SlackContext } from './slack-context.ts';
import { readRecord, type ThreadSubject, threadSubjectKey } from './slack-records.ts';
import { clip, mentionedUserIds, slackToPlain } from './slack-text.ts';
import { STAFF_ASSISTANT_TEXTS } from './staff-assistant-texts.ts';
import { offlineAnswer, staffQuestionOf } from './staff-offline-answer.ts';
import { membersOnly, tellPrivately } from './staff-replies.ts';

/** Read Slack text as the assistant does (kept here for the assistant's own tests). */
export { slackToPlain };

/** The most thread messages read (conversations.replies pages of 200). */
const MAX_THREAD_MESSAGES = 1_000;
/** One message's text is cut after this many characters in the prompt. */
const MAX_MESSAGE_CHARS = 1_500;
/** A customer conversation's facts cover its newest orders, at most this many. */
const MAX_CUSTOMER_ORDERS = 3;

interface Mention {
  channel: string;
  user: string;
  text: string;
  ts: string;
  thread_ts?: string;
  team?: string;
}

export function registerStaffAssistant(ctx: SlackContext): void {
  ctx.app.event('app_mention', async ({ event, body }) => {
    if (!event.user || event.bot_id) return; // another app mentioning this one: not a person asking
    const team = event.team ?? (typeof body.team_id === 'string' ? body.team_id : undefined);
    await answerMention(ctx, {
      channel: event.channel,
      user: event.user,
      text: event.text ?? '',
      ts: event.ts,
      ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}),
      ...(team ? { team } : {}),
    });
  });
}

async function answerMention(ctx: SlackContext, m: Mention): Promise<void> {
  const t = STAFF_ASSISTANT_TEXTS[ctx.t];
  const log = ctx.deps.log;
  const tellAsker = (text: string) =>
    tellPrivately(ctx, { channel: m.channel, user: m.user, threadTs: m.thread_ts }, text);
  if (!(await membersOnly(ctx, m.user, 'a question to the staff assistant', () => tellAsker(t.notMember)))) return;
  if (m.channel !== ctx.deps.supportChannel) return tellAsker(t.onlySupportChannel);
  if (!m.thread_ts) return tellAsker(t.onlyInThread);
  const threadTs = m.thread_ts;

  const started = Date.now();
  // A sign of life while the thread and the records are read (Slack has no typing indicator for apps in threads).
  const [thread, subject] = await Promise.all([
    readThread(ctx, m.channel, threadTs, m.ts),
    subjectOf(ctx, m.channel, threadTs),
    ctx.client.reactions.add({ channel: m.channel, timestamp: m.ts, name: 'eyes' }).catch(() => undefined),
  ]);
  const asked = mentionQuestion(m.text, ctx.botUserId);
  const question = asked || t.defaultQuestion;
  const facts = subjectFacts(ctx, subject, staffQuestionOf(asked) === 'phone');
  const model = ctx.deps.model;
  const events: AnswerEvent[] = [];
  let source: AsyncIterable<AnswerEvent>;
  if (model) {
    const store = await ctx.deps.orders.catalog.getStore();
    source = recorded(
      model,
      buildStaffAnswerRequest({ lang: ctx.t, storeName: store.name, question, thread, facts }),
      events,
    );
  } else {
    source = once(offlineAnswer(ctx.t, asked, { ...subject, thread, appAuthor: t.appAuthor }));
  }

  const { surface, policy } = slackStream(
    ctx.client,
    {
      channel: m.channel,
      thread_ts: threadTs,
      recipient_user_id: m.user,
      ...(m.team ? { recipient_team_id: m.team } : {}),
    },
    { log },
  );
  const where = { channel: m.channel, thread: threadTs, model: model?.name ?? 'local-summary' };
  try {
    const result = await renderStream(source, surface, policy, { log });
    log.info('slack assistant: answered', {
      ...where,
      mode: surface.mode,
      chars: result.text.length,
      messages: result.messages,
      apiCalls: result.apiCalls,
    });
    if (result.outcome === 'source_error') {
      log.warn('slack assistant: the answer stream failed', { ...where, error: String(result.error) });
      await postInThread(ctx, m.channel, threadTs, /\S/.test(result.text) ? t.interrupted : t.failed);
    }
  } catch (err) {
    log.warn('slack assistant: the answer could not be delivered', { ...where, error: err });
    await postInThread(ctx, m.channel, threadTs, t.failed);
  } finally {
    // One usage line per answer, like the customer assistant's (`answer usage`); the local summary reads no tokens.
    log.info('answer usage', {
      model: where.model,
      ...summarizeUsage(events),
      ms: Date.now() - started,
      route: 'staff',
    });
  }
}

/** The model's stream, each event also kept in `events` (for the usage line). */
async function* recorded(model: AnswerModel, req: AnswerRequest, events: AnswerEvent[]): AsyncIterable<AnswerEvent> {
  for await (const e of model.stream(req)) {
    events.push(e);
    yield e;
  }
}

async function* once(text: string): AsyncIterable<AnswerEvent> {
  yield { type: 'delta', text };
}

async function postInThread(ctx: SlackContext, channel: string, threadTs: string, text: string): Promise<void> {
  try {
    await ctx.client.chat.postMessage({ channel, thread_ts: threadTs, text });
  } catch (err) {
    ctx.deps.log.warn('slack assistant: could not post in the thread', { error: err });
  }
}

/** The mention's text without the mention of this app: what was asked. */
export function mentionQuestion(text: string, botUserId: string): string {
  return slackToPlain(text.split(`<@${botUserId}>`).join(' '), new Map())
    .replace(/\s+/g, ' ')
    .trim();
}

// ---- Reading the thread ----

interface RepliesMessage {
  ts?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  blocks?: unknown[];
}

/** The thread's messages, oldest first, as `{ from, text }` (the mention itself and the app's own local summaries left out). */
async function readThread(
  ctx: SlackContext,
  channel: string,
  threadTs: string,
  mentionTs: string,
): Promise<ThreadLine[]> {
  const raw: RepliesMessage[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.client.conversations.replies({
      channel,
      ts: threadTs,
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    raw.push(...((page.messages ?? []) as RepliesMessage[]));
    cursor = page.has_more ? page.response_metadata?.next_cursor || undefined : undefined;
  } while (cursor && raw.length < MAX_THREAD_MESSAGES);

  const names = new Map<string, string>();
  const ids = new Set<string>();
  for (const msg of raw) {
    if (msg.user) ids.add(msg.user);
    for (const id of mentionedUserIds(msg.text ?? '')) ids.add(id);
  }
  ids.delete(ctx.botUserId);
  await Promise.all(
    [...ids].map(async (id) => {
      names.set(id, await ctx.staff.nameOf(id));
    }),
  );
  names.set(ctx.botUserId, STAFF_ASSISTANT_TEXTS[ctx.t].appAuthor);

  const localHeaders = Object.values(STAFF_ASSISTANT_TEXTS).map((x) => x.local.header);
  const lines: ThreadLine[] = [];
  for (const msg of raw) {
    if (msg.ts === mentionTs) continue;
    const fromApp = msg.user === ctx.botUserId || (!!msg.bot_id && !msg.user);
    const source =
      fromApp && Array.isArray(msg.blocks) && msg.blocks.length
        ? blocksText(msg.blocks) || msg.text || ''
        : (msg.text ?? '');
    if (fromApp && localHeaders.some((h) => source.startsWith(h))) continue;
    const text = clip(slackToPlain(source, names), MAX_MESSAGE_CHARS);
    if (!/\S/.test(text)) continue;
    lines.push({
      from: fromApp ? STAFF_ASSISTANT_TEXTS[ctx.t].appAuthor : (names.get(msg.user ?? '') ?? msg.user ?? '?'),
      text,
    });
  }
  return lines;
}

/** The readable text of a Block Kit message (headers, sections and their fields, context, markdown and rich text). */
export function blocksText(blocks: unknown[]): string {
  const out: string[] = [];
  const textOf = (x: unknown): string | undefined => {
    const o = x as { text?: unknown } | null;
    if (typeof o?.text === 'string') return o.text;
    if (typeof (o?.text as { text?: unknown } | undefined)?.text === 'string')
      return (o!.text as { text: string }).text;
    return undefined;
  };
  const richText = (el: unknown): string => {
    const e = el as { type?: string; text?: string; elements?: unknown[]; url?: string; user_id?: string } | null;
    if (!e) return '';
    if (typeof e.text === 'string') return e.text;
    if (e.type === 'link' && e.url) return e.url;
    if (e.type === 'user' && e.user_id) return `<@${e.user_id}>`;
    return Array.isArray(e.elements) ? e.elements.map(richText).join('') : '';
  };
  for (const block of blocks) {
    const b = block as { type?: string; fields?: unknown[]; elements?: unknown[] } | null;
    if (!b) continue;
    if (b.type === 'rich_text') {
      out.push((b.elements ?? []).map(richText).join('\n'));
      continue;
    }
    const own = textOf(b);
    if (own) out.push(own);
    for (const f of b.fields ?? []) {
      const s = textOf({ text: f });
      if (s) out.push(s);
    }
    if (b.type === 'context')
      for (const e of b.elements ?? []) {
        const s = textOf({ text: e });
        if (s) out.push(s);
      }
  }
  return out.join('\n').trim();
}

// ---- The thread's subject: the order, or the customer's orders ----

/** The thread's subject as the records have it: its orders (newest first), its desk, or an order that is gone. */
interface Subject {
  orders: Order[];
  desk?: ConversationDesk;
  missingOrderId?: string;
}

async function subjectOf(ctx: SlackContext, channel: string, threadTs: string): Promise<Subject> {
  const subject = await readRecord<ThreadSubject>(ctx.deps.sessions, threadSubjectKey(channel, threadTs));
  if (!subject) return { orders: [] };
  if ('orderId' in subject) {
    const order = await ctx.deps.orders.orders.get(subject.orderId);
    return order ? { orders: [order] } : { orders: [], missingOrderId: subject.orderId };
  }
  const desk = (await ctx.deps.desks.get(subject.conversationKey))?.desk;
  return { orders: await customerOrders(ctx, subject.conversationKey), ...(desk ? { desk } : {}) };
}

/**
 * The facts of the thread's subject, one short line each, in the staff language (none for a thread with no subject).
 * The customer's phone is among them only when it was asked for (the asker is a member; the model sees it then only).
 */
function subjectFacts(ctx: SlackContext, s: Subject, withPhone: boolean): string[] {
  const t = STAFF_ASSISTANT_TEXTS[ctx.t];
  if (s.missingOrderId) return [t.facts.orderNotFound(s.missingOrderId)];
  const lines: string[] = [];
  const desk = s.desk;
  if (desk) {
    const state =
      desk.status === 'taken'
        ? t.facts.deskState.taken(desk.takenBy?.name ?? '?')
        : // A desk still opening has no card yet: for the thread it is waiting.
          t.facts.deskState[desk.status === 'opening' ? 'waiting' : desk.status];
    lines.push(
      t.facts.conversation(
        quoteCustomerText(desk.customerName, CUSTOMER_TEXT_LIMITS.name),
        desk.conversationKey,
        state,
      ),
    );
    if (s.orders.length === 0) lines.push(t.facts.noCustomerOrders);
  }
  for (const o of s.orders) {
    lines.push(...orderFactLines(o, ctx.t));
    if (withPhone && o.customer.phone) lines.push(t.facts.phone(o.customer.phone));
  }
  return lines;
}

/**
 * The newest orders placed from the customer's chat, as their chat tells them (CustomerLink.customerOrders keeps the
 * chat's privacy rule). None when no customer chat is connected or it cannot say; the rest of the facts still stand.
 */
async function customerOrders(ctx: SlackContext, conversationKey: string): Promise<Order[]> {
  try {
    return (await ctx.deps.customers?.customerOrders(conversationKey, MAX_CUSTOMER_ORDERS)) ?? [];
  } catch (err) {
    ctx.deps.log.warn("slack: the customer's orders could not be read for the staff assistant", {
      conversationKey,
      error: err,
    });
    return [];
  }
}

/** What staff need to know about one order, one line per topic, in `lang`. The customer's phone stays out. */
export function orderFactLines(o: Order, lang: Lang): string[] {
  const f = STAFF_ASSISTANT_TEXTS[lang].facts;
  const money = (cents: number) => formatMoney(cents, lang);
  const lines = [
    f.order(o.orderId, orderStatusWords(o.status, lang), o.status, formatStoreTime(o.createdAt, lang)),
    f.customer(quoteCustomerText(o.customer.name, CUSTOMER_TEXT_LIMITS.name)),
    f.items(o.items.map((l) => `${l.qty} × ${l.name} (${money(l.price * l.qty)})`)),
    f.totals(money(o.subtotal), money(o.deliveryFee), money(o.total)),
    f.payment(
      f.paymentMethods[o.payment.method] ?? o.payment.method,
      money(chargedAmount(o)),
      refundedAmount(o) > 0 ? money(refundedAmount(o)) : null,
    ),
    f.address(quoteCustomerText(o.address.text, CUSTOMER_TEXT_LIMITS.deliveryAddress)),
  ];
  if (o.reason) lines.push(f.reason(o.reason));
  if (o.missing?.length) lines.push(f.missing(o.missing.map((x) => `${x.sku} (${x.available}/${x.requested})`)));
  if (o.history.length) {
    lines.push(
      f.history(
        o.history.map((h) => `${orderStatusWords(h.status, lang)} ${clockTime(h.at, lang)}${h.by ? ` (${h.by})` : ''}`),
      ),
    );
  }
  return lines;
}

const clockTime = (iso: string, lang: Lang) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'pt-BR', {
        timeZone: STORE_TIME_ZONE,
        hour: '2-digit',
        minute: '2-digit',
      }).format(d);
};
