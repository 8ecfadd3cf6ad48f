// Staff replies in a conversation's thread, after the fact: what a reply says in plain text, which conversation a
// thread is, the 🔒 on a note, and a relayed reply's edits and deletions followed into the customer's chat.
import { isInternalNote } from '../../core/staff-desk.ts';
import { slackErrorCode } from '../streaming/slack-surface.ts';
import { HANDOFF_TEXTS, type HandoffTexts } from './handoff-texts.ts';
import type { SlackContext } from './slack-context.ts';
import {
  type RelayedReply,
  readRecord,
  relayedReplyKey,
  type ThreadSubject,
  threadSubjectKey,
  updateRecord,
} from './slack-records.ts';
import { mentionedUserIds, slackToPlain } from './slack-text.ts';
import { membersOnly, tellPrivately } from './staff-replies.ts';

const texts = (ctx: SlackContext): HandoffTexts => HANDOFF_TEXTS[ctx.t];
/** What the customer's chat answered, for the staff member who tried. */
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
const tell = (ctx: SlackContext, user: string, text: string, threadTs?: string) =>
  tellPrivately(ctx, { channel: ctx.deps.supportChannel, user, threadTs }, text);
const memberOrRefuse = (ctx: SlackContext, userId: string, threadTs?: string) =>
  membersOnly(ctx, userId, 'an edit of a relayed reply', () => tell(ctx, userId, texts(ctx).notMember, threadTs));

/** Slack's markup in a staff reply, as the customer should read it in plain text: names, labels and links, unescaped. */
export async function plainFromSlack(ctx: SlackContext, text: string): Promise<string> {
  const names = new Map(
    await Promise.all(mentionedUserIds(text).map(async (id) => [id, await ctx.staff.nameOf(id)] as const)),
  );
  return slackToPlain(text, names);
}

/** A `message` event as the listener gets it: a reply, or an edit (message_changed) or a deletion (message_deleted) of one. */
export interface ThreadMessage {
  subtype?: string;
  channel?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  files?: unknown[];
  /** message_changed: the message as it is now, and as it was. */
  message?: ThreadMessage;
  previous_message?: ThreadMessage;
  /** message_deleted: the ts of the message that is gone. */
  deleted_ts?: string;
}

/** The conversation a thread of the support channel belongs to, if it is a conversation's thread. */
export async function conversationOfThread(
  ctx: SlackContext,
  channel: string | undefined,
  threadTs: string | undefined,
): Promise<string | undefined> {
  if (channel !== ctx.deps.supportChannel || !threadTs) return undefined;
  const subject = await readRecord<ThreadSubject>(ctx.deps.sessions, threadSubjectKey(channel, threadTs));
  return subject && 'conversationKey' in subject ? subject.conversationKey : undefined;
}

/** Remembers a reply that reached the customer, so its edits and deletions in Slack can follow. */
export async function recordRelayed(
  ctx: SlackContext,
  channel: string,
  ts: string,
  reply: RelayedReply,
): Promise<void> {
  try {
    await updateRecord<RelayedReply>(ctx.deps.sessions, relayedReplyKey(channel, ts), () => reply);
  } catch (err) {
    // The customer has the reply; only a later edit or deletion of it in Slack would not follow. Worth a log, not a
    // retry.
    ctx.deps.log.warn('slack: a relayed reply was not recorded; editing or deleting it will not reach the customer', {
      conversationKey: reply.conversationKey,
      error: err,
    });
  }
}

/**
 * A thread reply was edited in Slack (message_changed). A relayed reply: the customer's copy is edited to match, or
 * deleted when the edit made it a note (then it gets the 🔒). An edit that leaves the text as relayed (an unfurl, for
 * one) does nothing. A note is never sent by an edit, and its author is told so when the edit removed the prefix.
 * The author is told privately what became of the customer's copy, success or not.
 */
export async function onReplyEdited(ctx: SlackContext, e: ThreadMessage): Promise<void> {
  const m = e.message;
  if (!m || m.bot_id || !m.user || !m.ts || !m.thread_ts || m.ts === m.thread_ts) return;
  const channel = e.channel;
  const key = await conversationOfThread(ctx, channel, m.thread_ts);
  if (!key || !channel) return;
  const t = texts(ctx);
  const text = m.text ?? '';
  const record = await readRecord<RelayedReply>(ctx.deps.sessions, relayedReplyKey(channel, m.ts));
  if (!record || record.deletedAt) {
    if (isInternalNote(e.previous_message?.text ?? '') && !isInternalNote(text) && (await ctx.staff.isMember(m.user)))
      await tell(ctx, m.user, t.noteEditNotSent, m.thread_ts);
    return;
  }
  if (!(await memberOrRefuse(ctx, m.user, m.thread_ts))) return;
  if (isInternalNote(text)) {
    await lockNote(ctx, channel, m.ts);
    await deleteCustomerCopy(ctx, channel, m.ts, record, t.relayTurnedNote, m.thread_ts);
    return;
  }
  const plain = (await plainFromSlack(ctx, text)).trim();
  if (!plain || plain === record.text) return;
  const customers = ctx.deps.customers;
  if (!customers) {
    await tell(ctx, m.user, t.noCustomerLink, m.thread_ts);
    return;
  }
  let copy: RelayedReply['copy'];
  try {
    copy = await customers.editRelayed(key, record.copy, plain, record.signedBy ? { signedBy: record.signedBy } : {});
  } catch (err) {
    ctx.deps.log.warn("slack: a relayed reply was edited, but the customer's copy could not be", {
      conversationKey: key,
      error: errorText(err),
    });
    await tell(ctx, m.user, t.relayEditFailed(errorText(err)), m.thread_ts);
    return;
  }
  await updateRecord<RelayedReply>(ctx.deps.sessions, relayedReplyKey(channel, m.ts), (cur) => ({
    ...(cur ?? record),
    text: plain,
    copy,
  }));
  await tell(ctx, m.user, t.relayEdited, m.thread_ts);
}

/** A thread reply was deleted in Slack (message_deleted): a relayed one is deleted from the customer's chat too. */
export async function onReplyDeleted(ctx: SlackContext, e: ThreadMessage): Promise<void> {
  const ts = e.deleted_ts ?? e.previous_message?.ts;
  const channel = e.channel;
  const threadTs = e.previous_message?.thread_ts;
  if (!ts || !channel || !(await conversationOfThread(ctx, channel, threadTs))) return;
  const record = await readRecord<RelayedReply>(ctx.deps.sessions, relayedReplyKey(channel, ts));
  // Slack only lets the author or an admin delete a message; taking it back from the customer needs no other check.
  if (!record || record.deletedAt) return;
  await deleteCustomerCopy(ctx, channel, ts, record, texts(ctx).relayDeleted, threadTs);
}

async function deleteCustomerCopy(
  ctx: SlackContext,
  channel: string,
  ts: string,
  record: RelayedReply,
  done: string,
  threadTs?: string,
): Promise<void> {
  const t = texts(ctx);
  const customers = ctx.deps.customers;
  if (!customers) {
    await tell(ctx, record.by, t.noCustomerLink, threadTs);
    return;
  }
  try {
    await customers.deleteRelayed(record.conversationKey, record.copy);
  } catch (err) {
    ctx.deps.log.warn("slack: a relayed reply was taken back, but the customer's copy could not be deleted", {
      conversationKey: record.conversationKey,
      error: errorText(err),
    });
    await tell(ctx, record.by, t.relayDeleteFailed(errorText(err)), threadTs);
    return;
  }
  await updateRecord<RelayedReply>(ctx.deps.sessions, relayedReplyKey(channel, ts), (cur) => ({
    ...(cur ?? record),
    deletedAt: new Date().toISOString(),
  }));
  await tell(ctx, record.by, done, threadTs);
}

export async function lockNote(ctx: SlackContext, channel: string, ts: string): Promise<void> {
  try {
    await ctx.client.reactions.add({ channel, timestamp: ts, name: 'lock' });
  } catch (err) {
    // Already locked (an edit of a note that was a reply before) is fine; anything else only costs the marker.
    if (slackErrorCode(err) !== 'already_reacted')
      ctx.deps.log.warn('slack: could not mark an internal note', { error: err });
  }
}
