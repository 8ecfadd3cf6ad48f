// App Home kept current: who opened it (a short list of viewers, kept in the session store) and, after each change the
// desk or the orders make, their Home published again, at most once per viewer every few seconds.
import type { SlackContext } from './slack-context.ts';
import { readRecord, updateRecord } from './slack-records.ts';

/** The viewers kept (the most recent first): a shop's shift, with room to spare. */
export const HOME_VIEWERS_KEPT = 20;
/** A viewer's Home is published at most once in this long (views.publish is rate limited per workspace). */
export const HOME_REFRESH_GAP_MS = 3_000;
/** The list is read from the store again after this long (another container may have added a viewer). */
const VIEWERS_CACHE_MS = 30_000;

const VIEWERS_KEY = 'slack-home:viewers';
interface HomeViewers {
  /** Members who opened the Home tab, most recent first. */
  ids: string[];
}

/** What this console knows about its viewers' Homes: when each was last published, and who is due for a new one. */
interface HomeState {
  lastPublished: Map<string, number>;
  dirty: Set<string>;
  /** The first change not yet spread to the viewers (a Home published after it shows it already). */
  changedAt?: number;
  viewers?: { ids: string[]; at: number };
}
const states = new WeakMap<SlackContext, HomeState>();
const stateOf = (ctx: SlackContext): HomeState => {
  const known = states.get(ctx);
  if (known) return known;
  const fresh: HomeState = { lastPublished: new Map(), dirty: new Set() };
  states.set(ctx, fresh);
  return fresh;
};

const gapOf = (ctx: SlackContext) => ctx.deps.homeRefreshGapMs ?? HOME_REFRESH_GAP_MS;

/** A member opened their Home tab: they are a viewer from now on (written only when new to the list's head). */
export async function rememberViewer(ctx: SlackContext, userId: string): Promise<void> {
  const s = stateOf(ctx);
  if (s.viewers?.ids[0] === userId) return;
  const next = await updateRecord<HomeViewers>(ctx.deps.sessions, VIEWERS_KEY, (cur) => ({
    ids: [userId, ...(cur?.ids ?? []).filter((id) => id !== userId)].slice(0, HOME_VIEWERS_KEPT),
  }));
  s.viewers = { ids: next.ids, at: Date.now() };
}

/** `userId`'s Home was just published (whatever the reason): it shows everything up to now. */
export function homePublished(ctx: SlackContext, userId: string): void {
  const s = stateOf(ctx);
  s.lastPublished.set(userId, Date.now());
  s.dirty.delete(userId);
}

/** Something App Home shows changed (an escalation, an order, the store): every viewer is due a new Home. */
export function homeChanged(ctx: SlackContext): void {
  const s = stateOf(ctx);
  s.changedAt ??= Date.now();
}

async function viewersOf(ctx: SlackContext, s: HomeState): Promise<string[]> {
  if (s.viewers && Date.now() - s.viewers.at < VIEWERS_CACHE_MS) return s.viewers.ids;
  const ids = (await readRecord<HomeViewers>(ctx.deps.sessions, VIEWERS_KEY))?.ids ?? [];
  s.viewers = { ids, at: Date.now() };
  return ids;
}

/**
 * Publishes the Home of each viewer due one and not published in the last few seconds; the others stay due and go at
 * a later flush (the console flushes after each piece of work, the sweep included). A burst of changes so costs each
 * viewer one publish per gap. Never throws: a Home one change behind is not worth failing the work that changed it.
 */
export async function flushHomes(
  ctx: SlackContext,
  publish: (ctx: SlackContext, userId: string) => Promise<void>,
): Promise<void> {
  const s = stateOf(ctx);
  try {
    if (s.changedAt !== undefined) {
      const changedAt = s.changedAt;
      s.changedAt = undefined;
      for (const id of await viewersOf(ctx, s)) if ((s.lastPublished.get(id) ?? 0) < changedAt) s.dirty.add(id);
    }
    const now = Date.now();
    for (const id of [...s.dirty]) {
      if (now - (s.lastPublished.get(id) ?? 0) < gapOf(ctx)) continue;
      try {
        await publish(ctx, id);
      } catch (err) {
        // Rate limited or refused: it stays due, and the next flush tries again.
        ctx.deps.log.warn('slack: App Home could not be refreshed', { user: id, error: err });
      }
    }
  } catch (err) {
    ctx.deps.log.warn('slack: App Home viewers could not be read', { error: err });
  }
}
