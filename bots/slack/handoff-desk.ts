// The handoff desk's listeners for staff: Take over and Return to bot, and replies in a conversation's thread (relayed,
// or kept as internal notes).
import type { BlockAction, ButtonAction } from '@slack/bolt';
import { type ConversationDesk, type CustomerLink, isInternalNote, isOpenDesk } from '../../core/staff-desk.ts';
import { RETURN_TO_BOT_ACTION, TAKE_OVER_ACTION } from './desk-card.ts';
import { changeDesk, readDesk } from './desk-store.ts';
import {
  closeByCustomer,
  closeDesk,
  customerHandedOff,
  errorText,
  noteDone,
  redrawCard,
  tell,
  texts,
} from './desk-thread.ts';
import { takenBy, takeOverUndone } from './desk-transitions.ts';
import type { SlackContext } from './slack-context.ts';
import type { RelayedReply } from './slack-records.ts';
import { membersOnly } from './staff-replies.ts';
import {
  conversationOfThread,
  lockNote,
  onReplyDeleted,
  onReplyEdited,
  plainFromSlack,
  recordRelayed,
  type ThreadMessage,
} from './thread-replies.ts';

/** The card's buttons (desk-card.ts), named here too: the listeners answer them, and tests press them. */
export { RETURN_TO_BOT_ACTION, TAKE_OVER_ACTION };

/** Message subtypes that are still a person writing in the thread; edits, deletions, joins and bot posts are not. */
const STAFF_MESSAGE_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share']);

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
  let handedOff: boolean;
  try {
    handedOff = await customerHandedOff(ctx, desk.conversationKey);
  } catch (err) {
    // The customers' chat cannot be asked (the Telegram bot is off locally, say): nothing can reach them either.
    await tell(ctx, userId, t.deliveryFailed(errorText(err)), threadTs);
    return undefined;
  }
  if (!handedOff) {
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
    return takenBy(d, { id: userId, name }, opts);
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
    await changeDesk(ctx, key, (d) => takeOverUndone(d, userId, previous));
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
  const desk = await readDesk(ctx, key);
  if (!isOpenDesk(desk)) {
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
  const desk = await readDesk(ctx, key);
  if (!isOpenDesk(desk)) {
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
  let desk = await readDesk(ctx, key);
  if (desk && desk.ts !== m.thread_ts) {
    await tell(ctx, m.user, t.oldThread, m.thread_ts);
    return;
  }
  if (!isOpenDesk(desk)) {
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
