// Whether the shop takes orders now, as the sentence the customer reads before the cart: closed (and when it opens)
// or paused (and until when).
import type { Store } from '../../core/catalog.ts';
import { type DomainError, ErrorCode } from '../../core/errors.ts';
import { type StoreState, storeStateAt } from '../../core/opening-hours.ts';
import type { BotContext } from './bot-context.ts';
import type { TelegramTexts } from './telegram-texts.ts';

/** The sentence for a shop that does not take orders, or undefined when it is open. */
export function stateSentence(t: TelegramTexts, state: StoreState, now: Date, timeZone: string): string | undefined {
  switch (state.state) {
    case 'open':
      return undefined;
    case 'closed':
      return t.storeClosed(state.opensAt, now, timeZone);
    case 'paused':
      return t.storePaused(state.pausedUntil, now, timeZone);
  }
}

/** Why the shop refuses orders at this moment, as a sentence; undefined while it takes them. */
export function refusalOf(ctx: BotContext, store: Store): string | undefined {
  const now = ctx.deps.orders.clock.now();
  return stateSentence(ctx.conv.t, storeStateAt(store, now), now, store.timezone);
}

/** The same, reading the store first. */
export async function currentRefusal(ctx: BotContext): Promise<string | undefined> {
  return refusalOf(ctx, await ctx.deps.orders.catalog.getStore());
}

const dateOf = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v) : undefined);

/**
 * The state a STORE_CLOSED or STORE_PAUSED refusal from core carries (its `opensAt` / `pausedUntil`), so the customer
 * reads the same sentence as when the bot noticed first; undefined for any other error.
 */
export function refusedState(err: DomainError): StoreState | undefined {
  if (err.code === ErrorCode.StoreClosed) {
    const opensAt = dateOf(err.details.opensAt);
    return opensAt ? { state: 'closed', opensAt } : { state: 'closed' };
  }
  if (err.code === ErrorCode.StorePaused) {
    const pausedUntil = dateOf(err.details.pausedUntil);
    // A pause without its end would be a broken refusal: say "closed" rather than invent a time.
    return pausedUntil ? { state: 'paused', pausedUntil } : { state: 'closed' };
  }
  return undefined;
}
