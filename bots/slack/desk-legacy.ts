// Moves the escalations an older version kept open in the chat-session store (one index blob, a record per desk) into
// the desk store, once.
import type { ChatSessionStore } from '../../core/chat-session.ts';
import { ConcurrentUpdate } from '../../core/errors.ts';
import { type ConversationDesk, isOpenDesk, type StaffDeskStore } from '../../core/staff-desk.ts';

/** Where versions before the desk store kept the open escalations and each desk (bots/slack/slack-records.ts then). */
export const LEGACY_OPEN_INDEX_KEY = 'slack-desk:open-escalations';
export const legacyDeskKey = (conversationKey: string) => `slack-conversation:${conversationKey}`;

/**
 * Copies each desk the old index still lists as open into the desk store (unless the store has that conversation
 * already), then empties the old index, so the conversations staff were handling keep their thread, their card and
 * their place in App Home and the sweep. After that, one read of the empty index per console start. Returns how many
 * desks it moved.
 */
export async function moveLegacyDesks(sessions: ChatSessionStore, desks: StaffDeskStore): Promise<number> {
  const index = await sessions.get<{ open?: { conversationKey: string }[] }>(LEGACY_OPEN_INDEX_KEY);
  const open = index?.state.open ?? [];
  if (!index || open.length === 0) return 0;
  let moved = 0;
  for (const { conversationKey } of open) {
    const desk = (await sessions.get<ConversationDesk>(legacyDeskKey(conversationKey)))?.state;
    if (!isOpenDesk(desk) || (await desks.get(conversationKey))) continue;
    try {
      await desks.put(desk, 0);
      moved++;
    } catch (err) {
      // Written meanwhile by this version (a new escalation): that desk is the newer one.
      if (!(err instanceof ConcurrentUpdate)) throw err;
    }
  }
  try {
    await sessions.put(LEGACY_OPEN_INDEX_KEY, { open: [] }, index.version);
  } catch (err) {
    // Another console emptied it at the same time; the desks it moved are the same ones.
    if (!(err instanceof ConcurrentUpdate)) throw err;
  }
  return moved;
}
