// The handoff desk's transitions, pure: what an escalation, a take over, a hand-back, a timeout or a close does to one
// desk.
import { type ConversationDesk, type EarlierThread, type Escalation, isOpenDesk } from '../../core/staff-desk.ts';

/** How long an escalation's claim on its desk holds while its card is posted (one Slack call, a few quick retries): past it, another handler may claim it. */
export const OPENING_HOLD_MS = 30_000;

/**
 * What an escalation finds on the desk:
 * - `redelivery`: this very escalation (same `since`) got past posting its card; finish what is left on that desk;
 * - `askedAgain`: the conversation is open already (another escalation); staff get a note in its thread;
 * - `busy`: another handler holds the claim to open it right now; try again later;
 * - `claim`: nothing open (no desk, a closed one, or a claim left by a handler that died): claim it with `opening`.
 */
export type EscalationStep =
  | { kind: 'redelivery'; desk: ConversationDesk }
  | { kind: 'askedAgain'; desk: ConversationDesk }
  | { kind: 'busy'; until: string }
  | { kind: 'claim'; desk: ConversationDesk };

export function escalationStep(
  existing: ConversationDesk | undefined,
  e: Escalation,
  claim: Omit<ConversationDesk, 'status' | 'openingUntil' | 'since' | 'conversationKey'>,
  now: Date,
): EscalationStep {
  if (existing && existing.status !== 'opening' && existing.since === e.at)
    return { kind: 'redelivery', desk: existing };
  if (isOpenDesk(existing)) return { kind: 'askedAgain', desk: existing };
  if (existing?.status === 'opening' && existing.openingUntil && Date.parse(existing.openingUntil) > now.getTime())
    return { kind: 'busy', until: existing.openingUntil };
  // A closed desk of the same customer becomes the newest earlier thread; a claim left by a dead handler carries its own.
  const earlier =
    existing?.status === 'closed' && existing.ts
      ? [earlierOf(existing), ...(existing.earlier ?? [])].slice(0, EARLIER_KEPT)
      : existing?.earlier;
  return {
    kind: 'claim',
    desk: {
      ...claim,
      ...(earlier?.length ? { earlier } : {}),
      conversationKey: e.conversationKey,
      since: e.at,
      status: 'opening',
      openingUntil: new Date(now.getTime() + OPENING_HOLD_MS).toISOString(),
    },
  };
}

/** How many earlier escalations a card links (the newest ones). */
export const EARLIER_KEPT = 2;
/** How many things staff said a desk keeps for a later card, each cut to this length. */
export const STAFF_SAID_KEPT = 3;
export const STAFF_SAID_CHARS = 160;

const earlierOf = (d: ConversationDesk): EarlierThread => ({
  channel: d.channel,
  ts: d.ts,
  since: d.since,
  staffSaid: d.staffSaid ?? [],
});

/** Staff said `line` (a relayed reply or a note, already short) in the desk's current thread `threadTs`. */
export const staffSaid = (d: ConversationDesk, threadTs: string, line: string): ConversationDesk =>
  d.ts === threadTs ? { ...d, staffSaid: [...(d.staffSaid ?? []), line].slice(-STAFF_SAID_KEPT) } : d;

/** The claimed desk once its card is posted: waiting for a person, in the card's thread. */
export function opened(claim: ConversationDesk, ts: string): ConversationDesk {
  const { openingUntil: _claimed, ...desk } = claim;
  return { ...desk, ts, status: 'waiting' };
}

/** The transcript of the escalation that opened this desk is in its thread (a later escalation's desk is left alone). */
export const transcriptPosted = (d: ConversationDesk, since: string): ConversationDesk =>
  d.since === since ? { ...d, transcriptPosted: true } : d;

/**
 * `user` takes a waiting conversation, or (with `fromColleague`) one a colleague has. Anything else is unchanged: the
 * caller compares `takenBy` to know whether it was given the conversation.
 */
export function takenBy(
  d: ConversationDesk,
  user: { id: string; name: string },
  opts: { fromColleague?: boolean } = {},
): ConversationDesk {
  if (d.status === 'waiting' || (opts.fromColleague && d.status === 'taken'))
    return { ...d, status: 'taken', takenBy: user };
  return d;
}

/** The customer could not be told `userId` joined: the conversation goes back to whoever had it, or to waiting. */
export function takeOverUndone(
  d: ConversationDesk,
  userId: string,
  previous: ConversationDesk['takenBy'],
): ConversationDesk {
  if (d.takenBy?.id !== userId) return d;
  if (previous) return { ...d, takenBy: previous };
  const { takenBy: _undone, ...rest } = d;
  return { ...rest, status: 'waiting' };
}

/** Claims telling the customer nobody is available, at most once: undefined when not (or no longer) the desk's to say. */
export function timeoutClaimed(d: ConversationDesk, stamp: string): ConversationDesk | undefined {
  return d.status === 'waiting' && !d.timedOutAt ? { ...d, timedOutAt: stamp } : undefined;
}

/** The customer could not be told after all: the claim is given back, so the next sweep tries again. */
export function timeoutUndone(d: ConversationDesk, stamp: string): ConversationDesk {
  if (d.timedOutAt !== stamp) return d;
  const { timedOutAt: _undone, ...rest } = d;
  return rest;
}

/** The conversation is back with the bot: handed back by a staff member, or the customer's own choice. */
export const closedBy = (
  d: ConversationDesk,
  by: NonNullable<ConversationDesk['closed']>['by'],
  at: string,
): ConversationDesk => ({ ...d, status: 'closed', closed: { at, by } });

/** Whether a waiting desk has waited past the handoff timeout without the customer being told. */
export const overdue = (d: ConversationDesk, at: Date, timeoutMs: number): boolean =>
  d.status === 'waiting' && !d.timedOutAt && at.getTime() - Date.parse(d.since) >= timeoutMs;
