// The desk's records through the StaffDeskStore port: read a desk, apply a transition (re-run on a concurrent write),
// claim one for an escalation.
import { setTimeout as sleep } from 'node:timers/promises';
import { ConcurrentUpdate } from '../../core/errors.ts';
import type { ConversationDesk, Escalation } from '../../core/staff-desk.ts';
import { type EscalationStep, escalationStep, opened } from './desk-transitions.ts';
import type { SlackContext } from './slack-context.ts';

/** Writes to one desk only race with actions on that same conversation: a few attempts are plenty. */
const WRITE_ATTEMPTS = 8;
/** How often a claim held by another handler is looked at again while waiting for it to finish or expire. */
const CLAIM_POLL_MS = 250;

export const readDesk = async (ctx: SlackContext, key: string): Promise<ConversationDesk | undefined> =>
  (await ctx.deps.desks.get(key))?.desk;

/**
 * Applies `change` (a transition of desk-transitions.ts) to the stored desk, re-read and re-applied when another write
 * got there first. Returns the desk as stored; a change that returns the desk unchanged writes nothing.
 */
export async function changeDesk(
  ctx: SlackContext,
  key: string,
  change: (d: ConversationDesk) => ConversationDesk,
): Promise<ConversationDesk> {
  for (let i = 0; ; i++) {
    const stored = await ctx.deps.desks.get(key);
    if (!stored) throw new Error(`No desk for ${key}`);
    const next = change(stored.desk);
    if (next === stored.desk) return next;
    try {
      await ctx.deps.desks.put(next, stored.version);
      return next;
    } catch (err) {
      if (!(err instanceof ConcurrentUpdate) || i + 1 >= WRITE_ATTEMPTS) throw err;
    }
  }
}

/** A desk claimed for an escalation, with the version its `opened` write must present. */
export type EscalationClaim =
  | Exclude<EscalationStep, { kind: 'claim' | 'busy' }>
  | { kind: 'claim'; desk: ConversationDesk; version: number };

/**
 * Looks at the desk for `e` and, when nothing is open, claims it (`opening`) with one conditional write, so that of two
 * handlers of the same escalation only one posts a card. A claim another handler holds is waited out: it ends when that
 * handler records its card, or expires if that handler died (then this one claims it).
 */
export async function claimForEscalation(
  ctx: SlackContext,
  e: Escalation,
  fields: Parameters<typeof escalationStep>[2],
  now: () => Date = () => new Date(),
): Promise<EscalationClaim> {
  for (let conflicts = 0; ; ) {
    const stored = await ctx.deps.desks.get(e.conversationKey);
    const step = escalationStep(stored?.desk, e, fields, now());
    if (step.kind === 'busy') {
      await sleep(Math.max(1, Math.min(CLAIM_POLL_MS, Date.parse(step.until) - now().getTime())));
      continue;
    }
    if (step.kind !== 'claim') return step;
    try {
      return { ...step, version: await ctx.deps.desks.put(step.desk, stored?.version ?? 0) };
    } catch (err) {
      if (!(err instanceof ConcurrentUpdate) || ++conflicts >= WRITE_ATTEMPTS) throw err;
    }
  }
}

/**
 * Records the card of a claimed desk: waiting, in the card's thread. Conditional on the claim's version: if the claim
 * expired and another handler finished the same escalation meanwhile, its desk (and card) is the one kept.
 */
export async function recordOpened(
  ctx: SlackContext,
  claim: { desk: ConversationDesk; version: number },
  ts: string,
): Promise<ConversationDesk> {
  const desk = opened(claim.desk, ts);
  try {
    await ctx.deps.desks.put(desk, claim.version);
    return desk;
  } catch (err) {
    if (!(err instanceof ConcurrentUpdate)) throw err;
    const now = await readDesk(ctx, desk.conversationKey);
    if (!now || now.since !== desk.since || now.status === 'opening') throw err;
    ctx.deps.log.warn('slack: an escalation got two cards (its claim expired while the card was posted)', {
      conversationKey: desk.conversationKey,
    });
    return now;
  }
}
