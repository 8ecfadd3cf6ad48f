// The private prompt a staff member gets when they act in a conversation a colleague holds: "Take over" or "Send once
// as yourself" (Chatwoot's takeover prompt), and the reply it keeps until they choose.
import type { HandoffTexts } from './handoff-texts.ts';
import type { SlackContext } from './slack-context.ts';
import { readRecord, updateRecord } from './slack-records.ts';

/** The prompt's buttons; their value is the conversation key (the edge groups work by it), the block names the reply. */
export const TAKE_OVER_CONFIRM_ACTION = 'handoff_take_over_confirm';
export const SEND_ONCE_ACTION = 'handoff_send_once';
/** The prompt's block id: `handoff-pending:<reply ts>`, or `handoff-pending:` for a button press with no reply held. */
const BLOCK_PREFIX = 'handoff-pending:';

/** A reply held back because a colleague has the conversation: sent once its author chose, at most once. */
export interface PendingReply {
  conversationKey: string;
  by: string;
  /** The conversation's thread, and the reply as written in Slack (mrkdwn, converted when sent). */
  threadTs: string;
  ts: string;
  text: string;
  files: boolean;
  /** Set once sent (or taken over and sent), so a second press of an old prompt sends nothing. */
  doneAt?: string;
}

const pendingKey = (channel: string, ts: string) => `slack-pending-reply:${channel}:${ts}`;

export const holdReply = (ctx: SlackContext, reply: PendingReply) =>
  updateRecord<PendingReply>(ctx.deps.sessions, pendingKey(ctx.deps.supportChannel, reply.ts), () => reply);

export const readPending = (ctx: SlackContext, ts: string) =>
  readRecord<PendingReply>(ctx.deps.sessions, pendingKey(ctx.deps.supportChannel, ts));

/** Claims the held reply for sending: true once, for the first press; false when it went out already. */
export async function claimPending(ctx: SlackContext, ts: string): Promise<boolean> {
  let claimed = false;
  await updateRecord<PendingReply | undefined>(ctx.deps.sessions, pendingKey(ctx.deps.supportChannel, ts), (cur) => {
    claimed = !!cur && !cur.doneAt;
    return cur && !cur.doneAt ? { ...cur, doneAt: new Date().toISOString() } : cur;
  });
  return claimed;
}

/** Gives a claimed reply back (the customer could not be reached), so the prompt can be pressed again. */
export const releasePending = (ctx: SlackContext, ts: string) =>
  updateRecord<PendingReply | undefined>(ctx.deps.sessions, pendingKey(ctx.deps.supportChannel, ts), (cur) => {
    if (!cur) return cur;
    const { doneAt: _released, ...rest } = cur;
    return rest;
  });

/** The reply's ts a prompt's block names ('' for the card's button, which holds no reply). */
export const pendingTsOf = (blockId: string | undefined): string | undefined =>
  blockId?.startsWith(BLOCK_PREFIX) ? blockId.slice(BLOCK_PREFIX.length) : undefined;

const button = (text: string, actionId: string, value: string, style?: 'primary') => ({
  type: 'button',
  text: { type: 'plain_text', text, emoji: true },
  action_id: actionId,
  value,
  ...(style ? { style } : {}),
});

/**
 * The prompt: who holds the conversation, then "Take over" (and send the reply) or, when a reply is held, "Send once
 * as yourself" (the customer sees it signed with the author's first name; the holder keeps the conversation).
 */
export function takeoverPrompt(
  t: HandoffTexts,
  key: string,
  holder: string,
  replyTs: string | undefined,
): { text: string; blocks: Record<string, unknown>[] } {
  const text = replyTs ? t.promptHeldReply(holder) : t.promptTakeOver(holder);
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        block_id: `${BLOCK_PREFIX}${replyTs ?? ''}`,
        elements: [
          button(replyTs ? t.buttonTakeOverAndSend : t.buttonTakeOver, TAKE_OVER_CONFIRM_ACTION, key, 'primary'),
          ...(replyTs ? [button(t.buttonSendOnce, SEND_ONCE_ACTION, key)] : []),
        ],
      },
    ],
  };
}
