// What the desk does in Slack on either side of a handoff: notes in the conversation's thread, the card redrawn,
// private answers, and closing a desk.
import type { ConversationDesk } from '../../core/staff-desk.ts';
import { slackErrorCode } from '../streaming/slack-surface.ts';
import { cardOf } from './desk-card.ts';
import { changeDesk } from './desk-store.ts';
import { closedBy } from './desk-transitions.ts';
import { HANDOFF_TEXTS, type HandoffTexts } from './handoff-texts.ts';
import { homeChanged } from './home-refresh.ts';
import type { SlackContext } from './slack-context.ts';
import { CARD_REFRESH_RETRY, withSlackRetry } from './slack-retry.ts';
import { tellPrivately } from './staff-replies.ts';

export const texts = (ctx: SlackContext): HandoffTexts => HANDOFF_TEXTS[ctx.t];

/** What went wrong reaching the customer, for the staff member who tried. */
export const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function redrawCard(ctx: SlackContext, d: ConversationDesk): Promise<void> {
  // Every change of a desk redraws its card: App Home lists the same desks.
  homeChanged(ctx);
  try {
    await ctx.client.chat.update({ channel: d.channel, ts: d.ts, ...cardOf(texts(ctx), d, ctx.t) });
  } catch (err) {
    // The thread notes still say what happened; a card left one state behind is not worth failing the action for.
    ctx.deps.log.warn('slack: could not redraw the escalation card', {
      conversationKey: d.conversationKey,
      error: err,
    });
  }
}

export const note = (ctx: SlackContext, d: Pick<ConversationDesk, 'channel' | 'ts'>, text: string) =>
  ctx.client.chat.postMessage({ channel: d.channel, thread_ts: d.ts, text });

/**
 * A note in the thread about something already done (the customer was told, the desk changed): retried through
 * Slack's rate limits, and if it still fails, logged. It must not abort what follows (a relay waiting behind a take
 * over, the answer to the staff member), and re-running the action would tell the customer twice.
 */
export async function noteDone(
  ctx: SlackContext,
  d: Pick<ConversationDesk, 'channel' | 'ts' | 'conversationKey'>,
  text: string,
): Promise<void> {
  try {
    await withSlackRetry(() => note(ctx, d, text), CARD_REFRESH_RETRY);
  } catch (err) {
    ctx.deps.log.warn('slack: a note about a handoff step could not be posted in its thread', {
      conversationKey: d.conversationKey,
      code: slackErrorCode(err),
      error: err,
    });
  }
}

/** A private answer to a staff member in the support channel (in the thread they wrote in, when given). */
export const tell = (ctx: SlackContext, user: string, text: string, threadTs?: string) =>
  tellPrivately(ctx, { channel: ctx.deps.supportChannel, user, threadTs }, text);

/**
 * Whether the customer still waits for (or talks with) a person, as their chat says (CustomerLink.isHandedOff): the
 * customer's own "back to the bot" ends it there, and the desk learns of it here. Without a customer chat nobody can
 * tell, and the desk is left as it is rather than closed on a guess.
 */
export async function customerHandedOff(ctx: SlackContext, key: string): Promise<boolean> {
  return ctx.deps.customers ? ctx.deps.customers.isHandedOff(key) : true;
}

/** Closes the desk (it leaves the open index in the same write) and redraws its card without buttons. */
export async function closeDesk(
  ctx: SlackContext,
  key: string,
  by: NonNullable<ConversationDesk['closed']>['by'],
): Promise<ConversationDesk> {
  const closed = await changeDesk(ctx, key, (d) => closedBy(d, by, new Date().toISOString()));
  await redrawCard(ctx, closed);
  return closed;
}

/** The customer went back to the bot: the desk is closed and staff see a note. */
export async function closeByCustomer(ctx: SlackContext, desk: ConversationDesk): Promise<void> {
  await closeDesk(ctx, desk.conversationKey, 'customer');
  await noteDone(ctx, desk, texts(ctx).customerLeft);
  ctx.deps.log.info('slack: the customer went back to the bot; escalation closed', {
    conversationKey: desk.conversationKey,
  });
}
