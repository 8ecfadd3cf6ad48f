// Handoff in Slack: the escalation card and thread, take over, relay both ways (edits and deletions followed), internal notes, return to bot, and the timeout sweep.
import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { ChatTurn } from '../../core/answer-model.ts';
import { CUSTOMER_TEXT_LIMITS, quoteCustomerText } from '../../core/customer-text.ts';
import { type CustomerLink, type Escalation, isInternalNote } from '../../core/staff-desk.ts';
import { slackErrorCode } from '../streaming/slack-surface.ts';
import { HANDOFF_TEXTS, type HandoffTexts } from './handoff-texts.ts';
import { DEFAULT_HANDOFF_TIMEOUT_MS, type SlackContext } from './slack-context.ts';
import {
  type ConversationDesk,
  conversationDeskKey,
  DESK_INDEX_KEY,
  type DeskIndex,
  type RelayedReply,
  readRecord,
  type ThreadSubject,
  threadSubjectKey,
  updateRecord,
} from './slack-records.ts';
import { CARD_REFRESH_RETRY, withSlackRetry } from './slack-retry.ts';
import { clip, escapeMrkdwn } from './slack-text.ts';
import { membersOnly, tellPrivately } from './staff-replies.ts';
import {
  conversationOfThread,
  lockNote,
  onReplyDeleted,
  onReplyEdited,
  plainFromSlack,
  recordRelayed,
  type ThreadMessage,
} from './thread-replies.ts';

/** Button action ids of the escalation card; their value is the conversation key (`telegram:<chatId>`), as the edge expects. */
export const TAKE_OVER_ACTION = 'handoff_take_over';
export const RETURN_TO_BOT_ACTION = 'handoff_return_to_bot';

/** The summary's quote of the customer's last message, and each transcript turn, are cut to these lengths. */
const SUMMARY_QUOTE_CHARS = 200;
const TRANSCRIPT_TURN_CHARS = 700;
/** The transcript message stays well under Slack's limits and readable; the oldest turns go first. */
const TRANSCRIPT_MAX_CHARS = 3500;
/** Message subtypes that are still a person writing in the thread; edits, deletions, joins and bot posts are not. */
const STAFF_MESSAGE_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share']);

const texts = (ctx: SlackContext): HandoffTexts => HANDOFF_TEXTS[ctx.t];

/** A customer's name as staff see it in mrkdwn: quoted and clipped (core/customer-text.ts), then escaped. */
const nameOf = (name: string) => escapeMrkdwn(quoteCustomerText(name, CUSTOMER_TEXT_LIMITS.name));
/** What went wrong reaching the customer, for the staff member who tried. */
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

// ── Records ──────────────────────────────────────────────────────────────────────────────────────────────────────────

const deskOf = (ctx: SlackContext, key: string) =>
  readRecord<ConversationDesk>(ctx.deps.sessions, conversationDeskKey(key));
const isOpen = (d: ConversationDesk | undefined): d is ConversationDesk => !!d && d.status !== 'closed';

/** Applies `change` to the stored desk (re-run on a concurrent update); returns the desk as stored. */
async function changeDesk(
  ctx: SlackContext,
  key: string,
  change: (d: ConversationDesk) => void,
): Promise<ConversationDesk> {
  return updateRecord<ConversationDesk>(ctx.deps.sessions, conversationDeskKey(key), (current) => {
    if (!current) throw new Error(`No desk for ${key}`);
    change(current);
    return current;
  });
}

async function addToIndex(ctx: SlackContext, key: string, since: string): Promise<void> {
  await updateRecord<DeskIndex>(ctx.deps.sessions, DESK_INDEX_KEY, (cur) => {
    const open = (cur?.open ?? []).filter((o) => o.conversationKey !== key);
    open.push({ conversationKey: key, since });
    open.sort((a, b) => a.since.localeCompare(b.since));
    return { open };
  });
}

async function removeFromIndex(ctx: SlackContext, key: string): Promise<void> {
  await updateRecord<DeskIndex>(ctx.deps.sessions, DESK_INDEX_KEY, (cur) => ({
    open: (cur?.open ?? []).filter((o) => o.conversationKey !== key),
  }));
}

/**
 * Whether the customer still waits for (or talks with) a person. Every chat keeps its session under its conversation
 * key, with `handoff` set while a person should answer (bots/telegram/session.ts); the customer's own "back to the
 * bot" clears it, and the desk learns of it here.
 */
async function customerHandedOff(ctx: SlackContext, key: string): Promise<boolean> {
  const session = await ctx.deps.sessions.get<{ handoff?: unknown }>(key);
  return !!session?.state?.handoff;
}

// ── What staff see ───────────────────────────────────────────────────────────────────────────────────────────────────

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
function lastMessageLine(t: HandoffTexts, transcript: ChatTurn[]): string | undefined {
  const last = [...transcript].reverse().find((turn) => turn.role === 'user');
  return last && t.summaryLastMessage(escapeMrkdwn(quoteCustomerText(last.text, SUMMARY_QUOTE_CHARS)));
}

function transcriptText(t: HandoffTexts, customerName: string, transcript: ChatTurn[]): string {
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
      elements: [button(t.buttonReturn, RETURN_TO_BOT_ACTION, d.conversationKey)],
    });
  return {
    text: `${t.cardFallback(quoteCustomerText(d.customerName, CUSTOMER_TEXT_LIMITS.name))} — ${statusLine(t, d)}`,
    blocks,
  };
}

async function redrawCard(ctx: SlackContext, d: ConversationDesk): Promise<void> {
  try {
    await ctx.client.chat.update({ channel: d.channel, ts: d.ts, ...cardOf(texts(ctx), d) });
  } catch (err) {
    // The thread notes still say what happened; a card left one state behind is not worth failing the action for.
    ctx.deps.log.warn('slack: could not redraw the escalation card', {
      conversationKey: d.conversationKey,
      error: String(err),
    });
  }
}

const note = (ctx: SlackContext, d: Pick<ConversationDesk, 'channel' | 'ts'>, text: string) =>
  ctx.client.chat.postMessage({ channel: d.channel, thread_ts: d.ts, text });

/**
 * A note in the thread about something already done (the customer was told, the desk changed): retried through
 * Slack's rate limits, and if it still fails, logged. It must not abort what follows (a relay waiting behind a take
 * over, the answer to the staff member), and re-running the action would tell the customer twice.
 */
async function noteDone(
  ctx: SlackContext,
  d: Pick<ConversationDesk, 'channel' | 'ts' | 'conversationKey'>,
  text: string,
): Promise<void> {
  try {
    await withSlackRetry(() => note(ctx, d, text), CARD_REFRESH_RETRY);
  } catch (err) {
    ctx.deps.log.warn('slack: a note about a handoff step could not be posted in its thread', {
      conversationKey: d.conversationKey,
      error: slackErrorCode(err) ?? String(err),
    });
  }
}

/** A private answer to a staff member in the support channel (in the thread they wrote in, when given). */
const tell = (ctx: SlackContext, user: string, text: string, threadTs?: string) =>
  tellPrivately(ctx, { channel: ctx.deps.supportChannel, user, threadTs }, text);

// ── Escalation, mirror, sweep (queue items) ─────────────────────────────────────────────────────────────────────────

/**
 * A customer asked for a person. An open conversation (waiting or taken) keeps its thread: staff get a short note
 * there. Otherwise a new card in the support channel, the transcript in its thread, and the records (desk, thread
 * subject, open index). A retry of this item (the queue retries a failure) finds the desk by `since` and finishes
 * what is left, without a second card or a second transcript.
 */
export async function openEscalation(ctx: SlackContext, e: Escalation): Promise<void> {
  const t = texts(ctx);
  const key = e.conversationKey;
  const existing = await deskOf(ctx, key);
  let desk: ConversationDesk;
  if (existing?.since === e.at) {
    ctx.deps.log.info('slack: escalation already on the desk (a redelivery); finishing what is left', {
      conversationKey: key,
    });
    desk = existing;
  } else if (isOpen(existing)) {
    const quote = lastMessageLine(t, e.transcript);
    await note(ctx, existing, `${t.askedAgain(t.reason[e.reason])}${quote ? `\n${quote}` : ''}`);
    await addToIndex(ctx, key, existing.since);
    return;
  } else {
    desk = {
      conversationKey: key,
      channel: ctx.deps.supportChannel,
      ts: '',
      customerName: e.customerName,
      lang: e.lang,
      since: e.at,
      status: 'waiting',
      reason: e.reason,
      summary: summarize(t, e),
    };
    const posted = await ctx.client.chat.postMessage({ channel: desk.channel, ...cardOf(t, desk) });
    desk.ts = posted.ts!;
    // Recorded right after posting, so a retry of this item finds it (by `since`) instead of posting a second card.
    await updateRecord<ConversationDesk>(ctx.deps.sessions, conversationDeskKey(key), () => desk);
  }
  // Each step below is safe to repeat; the transcript is marked once posted.
  await updateRecord<ThreadSubject>(ctx.deps.sessions, threadSubjectKey(desk.channel, desk.ts), () => ({
    conversationKey: key,
  }));
  if (isOpen(desk)) await addToIndex(ctx, key, desk.since);
  if (!desk.transcriptPosted) {
    await note(ctx, desk, transcriptText(t, e.customerName, e.transcript));
    await changeDesk(ctx, key, (d) => {
      if (d.since === desk.since) d.transcriptPosted = true;
    });
  }
  ctx.deps.log.info('slack: escalation opened', { conversationKey: key, reason: e.reason });
}

/** A customer message written while the conversation is with staff: into the thread, marked as the customer's. */
export async function mirrorToThread(
  ctx: SlackContext,
  m: { conversationKey: string; text: string; at: string },
): Promise<void> {
  const desk = await deskOf(ctx, m.conversationKey);
  if (!isOpen(desk)) {
    ctx.deps.log.warn('slack: a customer message for a conversation that is not open on the desk', {
      conversationKey: m.conversationKey,
    });
    return;
  }
  await note(
    ctx,
    desk,
    `${texts(ctx).mirrorPrefix(nameOf(desk.customerName))} ${escapeMrkdwn(quoteCustomerText(m.text, CUSTOMER_TEXT_LIMITS.message))}`,
  );
}

/**
 * Walks the open escalations. A conversation whose customer went back to the bot is closed. One still waiting after
 * the handoff timeout: the customer is told, once, that nobody is available (and what they can do), and staff see
 * a note in the thread.
 */
export async function sweepEscalations(ctx: SlackContext, at: Date): Promise<void> {
  const timeoutMs = ctx.deps.handoffTimeoutMs ?? DEFAULT_HANDOFF_TIMEOUT_MS;
  const index = await readRecord<DeskIndex>(ctx.deps.sessions, DESK_INDEX_KEY);
  for (const entry of index?.open ?? []) {
    const key = entry.conversationKey;
    try {
      const desk = await deskOf(ctx, key);
      if (!isOpen(desk)) {
        await removeFromIndex(ctx, key);
        continue;
      }
      if (!(await customerHandedOff(ctx, key))) {
        await closeByCustomer(ctx, desk);
        continue;
      }
      if (desk.status !== 'waiting' || desk.timedOutAt || at.getTime() - Date.parse(desk.since) < timeoutMs) continue;
      // Without the customers' chat nobody can be told; the desk keeps waiting rather than claim it said something.
      if (!ctx.deps.customers) {
        ctx.deps.log.warn('slack: an escalation timed out, but no customer chat is connected', {
          conversationKey: key,
        });
        continue;
      }
      await timeOut(ctx, desk, at, timeoutMs);
    } catch (err) {
      ctx.deps.log.warn('slack: sweeping an escalation failed', { conversationKey: key, error: String(err) });
    }
  }
}

async function timeOut(ctx: SlackContext, desk: ConversationDesk, at: Date, timeoutMs: number): Promise<void> {
  const key = desk.conversationKey;
  const stamp = at.toISOString();
  // Claimed first (at most once, even with two sweeps racing); given back if the customer could not be told.
  let claimed = false;
  const claimedDesk = await changeDesk(ctx, key, (d) => {
    claimed = d.status === 'waiting' && !d.timedOutAt;
    if (claimed) d.timedOutAt = stamp;
  });
  if (!claimed) return;
  try {
    await ctx.deps.customers!.noStaffAvailable(key);
  } catch (err) {
    await changeDesk(ctx, key, (d) => {
      if (d.timedOutAt === stamp) delete d.timedOutAt;
    });
    throw err;
  }
  await noteDone(ctx, claimedDesk, texts(ctx).timedOut(Math.max(1, Math.round(timeoutMs / 60_000))));
  await redrawCard(ctx, claimedDesk);
  ctx.deps.log.info('slack: nobody took the escalation in time; the customer was told', { conversationKey: key });
}

async function closeDesk(
  ctx: SlackContext,
  key: string,
  by: NonNullable<ConversationDesk['closed']>['by'],
): Promise<ConversationDesk> {
  const closed = await changeDesk(ctx, key, (d) => {
    d.status = 'closed';
    d.closed = { at: new Date().toISOString(), by };
  });
  await removeFromIndex(ctx, key);
  await redrawCard(ctx, closed);
  return closed;
}

/** The customer pressed "back to the assistant": the open desk is closed now rather than at the next sweep. */
export async function customerReturnedToBot(ctx: SlackContext, key: string): Promise<void> {
  const desk = await deskOf(ctx, key);
  // A hand-back by staff closed it already; a new escalation since then is open again and handed off: left alone.
  if (!isOpen(desk) || (await customerHandedOff(ctx, key))) return;
  await closeByCustomer(ctx, desk);
}

async function closeByCustomer(ctx: SlackContext, desk: ConversationDesk): Promise<void> {
  await closeDesk(ctx, desk.conversationKey, 'customer');
  await noteDone(ctx, desk, texts(ctx).customerLeft);
  ctx.deps.log.info('slack: the customer went back to the bot; escalation closed', {
    conversationKey: desk.conversationKey,
  });
}

// ── Staff actions (Bolt listeners) ───────────────────────────────────────────────────────────────────────────────────

/**
 * The customers' chat, when this desk's customer can be written to. Otherwise undefined, and the staff member is told
 * why: no customer chat is connected, or the customer went back to the bot (then the desk is closed).
 */
async function reachableCustomer(
  ctx: SlackContext,
  desk: ConversationDesk,
  userId: string,
  threadTs?: string,
): Promise<CustomerLink | undefined> {
  const t = texts(ctx);
  const customers = ctx.deps.customers;
  if (!customers) {
    await tell(ctx, userId, t.noCustomerLink, threadTs);
    return undefined;
  }
  if (!(await customerHandedOff(ctx, desk.conversationKey))) {
    await closeByCustomer(ctx, desk);
    await tell(ctx, userId, t.customerGone, threadTs);
    return undefined;
  }
  return customers;
}

/**
 * Claims a waiting conversation for `userId` and tells the customer (through `customers`, see reachableCustomer) who is
 * with them. Returns the taken desk, or undefined after telling the staff member why not (someone else has it, it is
 * closed, or the customer could not be reached — then the claim is given back).
 */
async function takeOver(
  ctx: SlackContext,
  desk: ConversationDesk,
  userId: string,
  customers: CustomerLink,
  threadTs?: string,
  opts: { fromColleague?: boolean } = {},
): Promise<ConversationDesk | undefined> {
  const t = texts(ctx);
  const key = desk.conversationKey;
  const name = await ctx.staff.nameOf(userId);
  let previous: ConversationDesk['takenBy'];
  const claimed = await changeDesk(ctx, key, (d) => {
    previous = d.takenBy;
    if (d.status === 'waiting' || (opts.fromColleague && d.status === 'taken')) {
      d.status = 'taken';
      d.takenBy = { id: userId, name };
    }
  });
  if (claimed.status !== 'taken' || claimed.takenBy?.id !== userId) {
    await tell(
      ctx,
      userId,
      claimed.status === 'taken' ? t.alreadyTaken(claimed.takenBy?.name ?? '?') : t.notOpen,
      threadTs,
    );
    return undefined;
  }
  try {
    await customers.staffJoined(key, name);
  } catch (err) {
    await changeDesk(ctx, key, (d) => {
      if (d.takenBy?.id !== userId) return;
      if (previous) d.takenBy = previous;
      else {
        d.status = 'waiting';
        delete d.takenBy;
      }
    });
    await tell(ctx, userId, t.deliveryFailed(errorText(err)), threadTs);
    return undefined;
  }
  await redrawCard(ctx, claimed);
  await noteDone(ctx, claimed, t.tookOver(name));
  ctx.deps.log.info('slack: a staff member took over a conversation', { conversationKey: key, by: userId });
  return claimed;
}

/** Members only; anyone else is told so, privately, and nothing happens. */
const memberOrRefuse = (ctx: SlackContext, userId: string, threadTs?: string) =>
  membersOnly(ctx, userId, 'a handoff action', () => tell(ctx, userId, texts(ctx).notMember, threadTs));

async function onTakeOver(ctx: SlackContext, userId: string, key: string): Promise<void> {
  if (!(await memberOrRefuse(ctx, userId))) return;
  const t = texts(ctx);
  const desk = await deskOf(ctx, key);
  if (!isOpen(desk)) {
    await tell(ctx, userId, t.notOpen);
    return;
  }
  if (desk.status === 'taken') {
    await tell(ctx, userId, desk.takenBy?.id === userId ? t.alreadyYours : t.alreadyTaken(desk.takenBy?.name ?? '?'));
    return;
  }
  const customers = await reachableCustomer(ctx, desk, userId);
  if (customers) await takeOver(ctx, desk, userId, customers);
}

async function onReturnToBot(ctx: SlackContext, userId: string, key: string): Promise<void> {
  if (!(await memberOrRefuse(ctx, userId))) return;
  const t = texts(ctx);
  const desk = await deskOf(ctx, key);
  if (!isOpen(desk)) {
    await tell(ctx, userId, t.notOpen);
    return;
  }
  if (!ctx.deps.customers) {
    await tell(ctx, userId, t.noCustomerLink);
    return;
  }
  try {
    await ctx.deps.customers.returnToBot(key);
  } catch (err) {
    await tell(ctx, userId, t.deliveryFailed(errorText(err)));
    return;
  }
  const name = await ctx.staff.nameOf(userId);
  const closed = await closeDesk(ctx, key, { id: userId, name });
  await noteDone(ctx, closed, t.returned(name));
  ctx.deps.log.info('slack: conversation returned to the bot', { conversationKey: key, by: userId });
}

/**
 * A message in a conversation's thread. From a member: a note (`note:`, `nota:`, `obs:`… see isInternalNote) stays
 * internal (marked with a 🔒 reaction); anything else is relayed to the customer as written, and remembered so a later
 * edit or deletion follows (onReplyEdited, onReplyDeleted). Bot posts, other subtypes, and threads that are not a
 * conversation's, are left alone; so are mentions of the bot (questions for the staff assistant, never for the
 * customer).
 *
 * A reply to a conversation nobody took yet takes it over for its author, then goes out: a staff member answering
 * the customer is exactly what "take over" means, and refusing would only make them press a button and type again.
 */
async function onThreadMessage(ctx: SlackContext, m: ThreadMessage): Promise<void> {
  if (!STAFF_MESSAGE_SUBTYPES.has(m.subtype) || m.bot_id || !m.user || !m.thread_ts || !m.ts || m.ts === m.thread_ts)
    return;
  const key = await conversationOfThread(ctx, m.channel, m.thread_ts);
  if (!key || !m.channel) return;
  const text = m.text ?? '';
  if (text.includes(`<@${ctx.botUserId}>`)) return;
  const t = texts(ctx);
  if (!(await memberOrRefuse(ctx, m.user, m.thread_ts))) return;
  if (isInternalNote(text)) {
    await lockNote(ctx, m.channel, m.ts);
    return;
  }
  let desk = await deskOf(ctx, key);
  if (desk && desk.ts !== m.thread_ts) {
    await tell(ctx, m.user, t.oldThread, m.thread_ts);
    return;
  }
  if (!isOpen(desk)) {
    await tell(ctx, m.user, t.notOpen, m.thread_ts);
    return;
  }
  const customers = await reachableCustomer(ctx, desk, m.user, m.thread_ts);
  if (!customers) return;
  // The first reply takes a waiting conversation over; a colleague's reply in a taken one takes it over from them, so
  // the customer is always told who is writing before the first words of someone new.
  if (desk.status === 'waiting' || desk.takenBy?.id !== m.user) {
    desk = await takeOver(ctx, desk, m.user, customers, m.thread_ts, { fromColleague: true });
    if (!desk) return;
  }
  const plain = (await plainFromSlack(ctx, text)).trim();
  if (!plain) return;
  const name = await ctx.staff.nameOf(m.user);
  let copy: RelayedReply['copy'];
  try {
    copy = await customers.relay(key, name, plain);
  } catch (err) {
    await tell(ctx, m.user, t.deliveryFailed(errorText(err)), m.thread_ts);
    return;
  }
  await recordRelayed(ctx, m.channel, m.ts, { conversationKey: key, by: m.user, text: plain, copy });
  if (m.files?.length) await tell(ctx, m.user, t.notRelayedFiles, m.thread_ts);
}

export function registerHandoff(ctx: SlackContext): void {
  const buttonPress =
    (run: (ctx: SlackContext, userId: string, key: string) => Promise<void>) =>
    async ({ ack, body, action }: { ack: () => Promise<void>; body: BlockAction; action: ButtonAction }) => {
      await ack();
      if (!action.value) return;
      await run(ctx, body.user.id, action.value);
    };
  ctx.app.action<BlockAction<ButtonAction>>(TAKE_OVER_ACTION, buttonPress(onTakeOver));
  ctx.app.action<BlockAction<ButtonAction>>(RETURN_TO_BOT_ACTION, buttonPress(onReturnToBot));
  ctx.app.event('message', async ({ event }) => {
    const m = event as ThreadMessage;
    if (m.subtype === 'message_changed') return onReplyEdited(ctx, m);
    if (m.subtype === 'message_deleted') return onReplyDeleted(ctx, m);
    return onThreadMessage(ctx, m);
  });
}
