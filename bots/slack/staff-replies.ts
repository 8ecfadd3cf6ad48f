// What only one staff member sees: a private (ephemeral) answer, and the members-only gate that refuses anyone else
// that way.
import type { SlackContext } from './slack-context.ts';

/** Where a private answer goes: to `user`, in `channel`, in the thread `threadTs` when given. */
export interface PrivateReplyTo {
  channel: string;
  user: string;
  threadTs?: string | undefined;
}

/** Tells one person privately. A failure is logged, not thrown: it is a note to staff, and the work is done or refused already. */
export async function tellPrivately(
  ctx: SlackContext,
  to: PrivateReplyTo,
  text: string,
  blocks?: Record<string, unknown>[],
): Promise<void> {
  try {
    await ctx.client.chat.postEphemeral({
      channel: to.channel,
      user: to.user,
      text,
      ...(blocks ? { blocks } : {}),
      ...(to.threadTs ? { thread_ts: to.threadTs } : {}),
    });
  } catch (err) {
    ctx.deps.log.warn('slack: could not answer a staff member privately', { user: to.user, error: err });
  }
}

/**
 * True for a member of the support channel. Anyone else is refused with `refuse` (a private answer in the feature's
 * words) and the caller does nothing: `what` names the attempt in the log.
 */
export async function membersOnly(
  ctx: SlackContext,
  userId: string,
  what: string,
  refuse: () => Promise<unknown>,
): Promise<boolean> {
  if (await ctx.staff.isMember(userId)) return true;
  ctx.deps.log.info('slack: refused someone outside the support channel', { user: userId, what });
  await refuse();
  return false;
}
