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
import { STAFF_SAID_CHARS, staffSaid, takenBy, takeOverUndone } from './desk-transitions.ts';
import type { SlackContext } from './slack-context.ts';
import type { RelayedReply } from './slack-records.ts';
import { clip, escapeMrkdwn } from './slack-text.ts';
import { firstNameOf } from './staff-first-name.ts';
import { membersOnly, tellPrivately } from './staff-replies.ts';
import {
  claimPending,
  holdReply,
  type PendingReply,
  pendingTsOf,
  readPending,
  releasePending,
  SEND_ONCE_ACTION,
  TAKE_OVER_CONFIRM_ACTION,
  takeoverPrompt,
} from './takeover-prompt.ts';
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
export { RETURN_TO_BOT_ACTION, SEND_ONCE_ACTION, TAKE_OVER_ACTION, TAKE_OVER_CONFIRM_ACTION };

/** The prefix of a note (`nota:`, `obs.:`), left out of the excerpt a later card shows. */
const NOTE_LABEL = /^[^:]*:/;

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
    // The customer reads the first name only: "Ana (shift lead)" is how staff know each other, not how she greets.
    await customers.staffJoined(key, firstNameOf(name));
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
    // One rule for the button and a reply: a conversation a colleague holds changes hands only once asked privately.
    if (desk.takenBy?.id === userId) await tell(ctx, userId, t.alreadyYours);
    else await askToTakeOver(ctx, desk, userId, undefined);
    return;
  }
  const customers = await reachableCustomer(ctx, desk, userId);
  if (customers) await takeOver(ctx, desk, userId, customers);
}

/** The private "Take over / Send once as yourself" prompt (takeover-prompt.ts), for a reply held back or a button. */
async function askToTakeOver(
  ctx: SlackContext,
  desk: ConversationDesk,
  userId: string,
  replyTs: string | undefined,
): Promise<void> {
  const prompt = takeoverPrompt(texts(ctx), desk.conversationKey, desk.takenBy?.name ?? '?', replyTs);
  await tellPrivately(
    ctx,
    { channel: ctx.deps.supportChannel, user: userId, threadTs: desk.ts },
    prompt.text,
    prompt.blocks,
  );
}

/**
 * A choice on the prompt. "Take over" takes the conversation (the customer is told who is with them, once), then sends
 * the held reply if there is one; "Send once" sends the held reply signed with its author's first name and leaves the
 * conversation with whoever has it. A held reply goes out at most once, however often an old prompt is pressed.
 */
async function onPromptChoice(
  ctx: SlackContext,
  userId: string,
  key: string,
  replyTs: string | undefined,
  choice: 'takeOver' | 'sendOnce',
): Promise<void> {
  if (!(await memberOrRefuse(ctx, userId))) return;
  const t = texts(ctx);
  const pending = replyTs ? await readPending(ctx, replyTs) : undefined;
  if (replyTs && (!pending || pending.doneAt || pending.by !== userId || pending.conversationKey !== key)) {
    await tell(ctx, userId, t.pendingGone);
    return;
  }
  let desk = await readDesk(ctx, key);
  if (!isOpenDesk(desk) || (pending && desk.ts !== pending.threadTs)) {
    await tell(ctx, userId, isOpenDesk(desk) ? t.oldThread : t.notOpen, pending?.threadTs);
    return;
  }
  const threadTs = desk.ts;
  const customers = await reachableCustomer(ctx, desk, userId, threadTs);
  if (!customers) return;
  if (choice === 'takeOver' && desk.takenBy?.id !== userId) {
    desk = await takeOver(ctx, desk, userId, customers, threadTs, { fromColleague: true });
    if (!desk) return;
  }
  if (!pending || !replyTs) return;
  if (!(await claimPending(ctx, replyTs))) {
    await tell(ctx, userId, t.pendingGone, threadTs);
    return;
  }
  const signed = choice === 'sendOnce' && desk.takenBy?.id !== userId;
  const sent = await relayReply(ctx, customers, key, desk.channel, pending, signed);
  if (!sent) {
    await releasePending(ctx, replyTs);
    return;
  }
  if (signed) await tell(ctx, userId, t.sentOnce(desk.takenBy?.name ?? '?'), threadTs);
}

/**
 * Sends one staff reply to the customer (Slack markup made plain; signed with its author's first name when `signed`)
 * and records it, so its edits and deletions follow. False when it could not be sent (the author was told why).
 */
async function relayReply(
  ctx: SlackContext,
  customers: CustomerLink,
  key: string,
  channel: string,
  r: Pick<PendingReply, 'by' | 'ts' | 'threadTs' | 'text' | 'files'>,
  signed: boolean,
): Promise<boolean> {
  const t = texts(ctx);
  const plain = (await plainFromSlack(ctx, r.text)).trim();
  if (!plain) return true;
  const name = await ctx.staff.nameOf(r.by);
  const signedBy = signed ? firstNameOf(name) : undefined;
  let copy: RelayedReply['copy'];
  try {
    copy = await customers.relay(key, name, plain, signedBy ? { signedBy } : {});
  } catch (err) {
    await tell(ctx, r.by, t.deliveryFailed(errorText(err)), r.threadTs);
    return false;
  }
  await recordRelayed(ctx, channel, r.ts, {
    conversationKey: key,
    by: r.by,
    text: plain,
    copy,
    ...(signedBy ? { signedBy } : {}),
  });
  if (r.files) await tell(ctx, r.by, t.notRelayedFiles, r.threadTs);
  await rememberSaid(ctx, key, r.threadTs, name, plain, false);
  return true;
}

/**
 * Keeps a short line of what staff said in this thread (a relayed reply, or a 🔒 note) on the desk, so a later
 * escalation of the same customer shows it. Worth a log if it fails, never the reply.
 */
async function rememberSaid(
  ctx: SlackContext,
  key: string,
  threadTs: string,
  name: string,
  plain: string,
  isNote: boolean,
): Promise<void> {
  const line = `${isNote ? '🔒 ' : ''}*${escapeMrkdwn(name)}*: “${escapeMrkdwn(clip(plain.replace(/\s+/g, ' '), STAFF_SAID_CHARS))}”`;
  try {
    await changeDesk(ctx, key, (d) => staffSaid(d, threadTs, line));
  } catch (err) {
    ctx.deps.log.warn('slack: what staff said was not kept for a later escalation', {
      conversationKey: key,
      error: err,
    });
  }
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
 * A reply in a conversation a colleague holds is held back, and its author asked privately: take over, or send it
 * once as themselves. A silent change of owner would tell the customer "X is with you" at every colleague's word.
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
    const note = (await plainFromSlack(ctx, text)).replace(NOTE_LABEL, '').trim();
    if (note && (await readDesk(ctx, key))?.ts === m.thread_ts)
      await rememberSaid(ctx, key, m.thread_ts, await ctx.staff.nameOf(m.user), note, true);
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
  // A colleague has it: nothing goes out and the owner stays until the author chooses, privately (takeover-prompt.ts).
  if (desk.status === 'taken' && desk.takenBy?.id !== m.user) {
    await holdReply(ctx, {
      conversationKey: key,
      by: m.user,
      threadTs: m.thread_ts,
      ts: m.ts,
      text,
      files: !!m.files?.length,
    });
    await askToTakeOver(ctx, desk, m.user, m.ts);
    return;
  }
  const customers = await reachableCustomer(ctx, desk, m.user, m.thread_ts);
  if (!customers) return;
  // The first reply takes a waiting conversation over, so the customer is told who is writing before their words.
  if (desk.status === 'waiting') {
    desk = await takeOver(ctx, desk, m.user, customers, m.thread_ts);
    if (!desk) return;
  }
  const r = { by: m.user, ts: m.ts, threadTs: m.thread_ts, text, files: !!m.files?.length };
  await relayReply(ctx, customers, key, m.channel, r, false);
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
  const promptPress =
    (choice: 'takeOver' | 'sendOnce') =>
    async ({
      ack,
      body,
      action,
      respond,
    }: {
      ack: () => Promise<void>;
      body: BlockAction;
      action: ButtonAction;
      respond?: (m: Record<string, unknown>) => Promise<unknown>;
    }) => {
      await ack();
      if (!action.value) return;
      await onPromptChoice(ctx, body.user.id, action.value, pendingTsOf(action.block_id) || undefined, choice);
      // The prompt has served; an old one pressed again only says the reply went out already.
      await respond?.({ delete_original: true }).catch((err: unknown) =>
        ctx.deps.log.info('slack: could not remove a takeover prompt', { error: err }),
      );
    };
  ctx.app.action<BlockAction<ButtonAction>>(TAKE_OVER_CONFIRM_ACTION, promptPress('takeOver'));
  ctx.app.action<BlockAction<ButtonAction>>(SEND_ONCE_ACTION, promptPress('sendOnce'));
  ctx.app.event('message', async ({ event }) => {
    const m = event as ThreadMessage;
    if (m.subtype === 'message_changed') return onReplyEdited(ctx, m);
    if (m.subtype === 'message_deleted') return onReplyDeleted(ctx, m);
    return onThreadMessage(ctx, m);
  });
}
