// Block Kit for the shop's controls in App Home: open, paused or closed with pause and resume buttons, the kitchen delay,
// the last changes, and each counted item with "sold out" and "+10". Also the sentence each change is announced with.
import type { types } from '@slack/bolt';
import type { Product, Store } from '../../core/catalog.ts';
import type { Lang } from '../../core/lang.ts';
import { describeWhen, storeStateAt } from '../../core/opening-hours.ts';
import type { StoreControlEntry } from '../../core/store-control-log.ts';
import { type Block, slackDate } from './order-card.ts';
import { actorOf, ORDERS_TEXTS } from './orders-texts.ts';
import { escapeMrkdwn } from './slack-text.ts';
import { STORE_CONTROLS_TEXTS } from './store-controls-texts.ts';

/** Action ids. A pause button names its minutes (`store_pause:30`); stock buttons carry the item's sku as value. */
export const STORE_PAUSE_PREFIX = 'store_pause:';
export const STORE_PAUSE_ACTION = /^store_pause:(\d{1,3})$/;
export const STORE_RESUME_ACTION = 'store_resume';
export const STORE_DELAY_ACTION = 'store_delay';
export const STOCK_SOLD_OUT_ACTION = 'stock_sold_out';
export const STOCK_ADD_ACTION = 'stock_add';

export const PAUSE_CHOICES = [15, 30, 60] as const;
export const DELAY_CHOICES = [0, 10, 20, 30, 45, 60] as const;
/** What "+10" adds: a delivery of a box, not a count typed on a phone mid-shift. */
export const RESTOCK_UNITS = 10;
/** How many of the audit trail's entries App Home lists. */
export const RECENT_CONTROLS_SHOWN = 5;

export interface StoreControlsState {
  store: Store;
  products: Product[];
  recent: StoreControlEntry[];
}

const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
const button = (action_id: string, text: string, value: string, style?: 'primary' | 'danger'): types.Button => ({
  type: 'button',
  action_id,
  value,
  text: { type: 'plain_text', text },
  ...(style ? { style } : {}),
});

const itemName = (p: Pick<Product, 'name'> | undefined, sku: string, lang: Lang) =>
  escapeMrkdwn(p ? p.name[lang] || p.name['pt-BR'] || sku : sku);

/**
 * The sentence a change is announced with (and listed with under the last changes); `who` arrives escaped. A resume
 * while the hours keep the shop closed gets `closedNote` appended by the announcement only.
 */
export function describeControl(
  entry: Pick<StoreControlEntry, 'control' | 'after'>,
  who: string,
  ctx: { lang: Lang; now: Date; store: Store; products: Product[] },
): string {
  const t = STORE_CONTROLS_TEXTS[ctx.lang].done;
  const when = (iso: string) => describeWhen(new Date(iso), ctx.now, ctx.store.timezone, ctx.lang);
  const c = entry.control;
  switch (c.kind) {
    case 'pause': {
      const until = entry.after?.pausedUntil;
      return t.paused(who, c.minutes, until ? when(until) : undefined);
    }
    case 'resume':
      return t.resumed(who);
    case 'delay':
      return c.minutes > 0 ? t.delay(who, c.minutes) : t.delayCleared(who);
    case 'stock': {
      const name = itemName(
        ctx.products.find((p) => p.sku === c.sku),
        c.sku,
        ctx.lang,
      );
      if (c.stock === null) return t.untracked(who, name);
      return c.stock === 0 ? t.soldOut(who, name) : t.stockSet(who, name, c.stock);
    }
    case 'add-stock': {
      const name = itemName(
        ctx.products.find((p) => p.sku === c.sku),
        c.sku,
        ctx.lang,
      );
      const stock = entry.after?.stock;
      return t.added(who, c.units, name, typeof stock === 'number' ? stock : undefined);
    }
  }
}

/** Said after "resumed orders" when the hours keep the shop closed anyway; undefined when it is open. */
export function closedNote(store: Store, now: Date, lang: Lang): string | undefined {
  const s = storeStateAt(store, now);
  if (s.state !== 'closed') return undefined;
  return STORE_CONTROLS_TEXTS[lang].done.stillClosed(s.opensAt && describeWhen(s.opensAt, now, store.timezone, lang));
}

/** The entry's author as staff read it: the Slack name, or "staff (API)". */
export const whoOf = (entry: Pick<StoreControlEntry, 'by'>, lang: Lang) =>
  escapeMrkdwn(ORDERS_TEXTS[lang].actor(actorOf(entry.by)));

/**
 * The controls, in at most `budget` blocks (App Home holds 100 in all): the state and its buttons, the delay, the last
 * changes and the stock header always; then two blocks per counted item while they fit, and a line saying how many
 * did not.
 */
export function storeControlBlocks(state: StoreControlsState, lang: Lang, now: Date, budget: number): Block[] {
  const t = STORE_CONTROLS_TEXTS[lang];
  const { store, products } = state;
  const name = escapeMrkdwn(store.name);
  const when = (at: Date) => describeWhen(at, now, store.timezone, lang);
  const s = storeStateAt(store, now);
  const stateLine =
    s.state === 'open'
      ? t.open(name)
      : s.state === 'paused'
        ? t.paused(name, when(s.pausedUntil))
        : t.closed(name, s.opensAt && when(s.opensAt));
  const stateButtons = PAUSE_CHOICES.map((m) => button(`${STORE_PAUSE_PREFIX}${m}`, t.pauseButton(m), String(m)));
  if (s.state === 'paused') stateButtons.push(button(STORE_RESUME_ACTION, t.resumeButton, 'resume', 'primary'));

  const delay = store.delayMinutes ?? 0;
  const option = (m: number): types.PlainTextOption => ({
    text: { type: 'plain_text', text: t.delayOption(m) },
    value: String(m),
  });
  const chosen = (DELAY_CHOICES as readonly number[]).includes(delay) ? { initial_option: option(delay) } : {};
  const blocks: Block[] = [
    section(stateLine),
    { type: 'actions', block_id: 'store_state', elements: stateButtons },
    {
      type: 'section',
      block_id: 'store_delay',
      text: { type: 'mrkdwn', text: t.delay(delay) },
      accessory: {
        type: 'static_select',
        action_id: STORE_DELAY_ACTION,
        placeholder: { type: 'plain_text', text: t.delayPlaceholder },
        options: DELAY_CHOICES.map(option),
        ...chosen,
      },
    },
  ];
  const recent = state.recent.filter((e) => e.outcome === 'done').slice(0, RECENT_CONTROLS_SHOWN);
  if (recent.length)
    blocks.push(
      context(
        [
          t.recent,
          ...recent.map(
            (e) => `${slackDate(e.at)} · ${describeControl(e, whoOf(e, lang), { lang, now, store, products })}`,
          ),
        ].join('\n'),
      ),
    );

  const categoryOrder = new Map(store.categories.map((c, i) => [c.id, i]));
  const categoryName = (id: string) => {
    const c = store.categories.find((x) => x.id === id);
    return escapeMrkdwn(c ? c.name[lang] : id);
  };
  const counted = products
    .filter((p): p is Product & { stock: number } => p.stock !== null)
    .sort(
      (a, b) =>
        (categoryOrder.get(a.category) ?? 999) - (categoryOrder.get(b.category) ?? 999) ||
        a.name[lang].localeCompare(b.name[lang], lang),
    );
  blocks.push(section(counted.length ? t.stock(counted.length) : t.noTracked));
  const room = budget - blocks.length;
  const fit = counted.length * 2 <= room ? counted.length : Math.max(0, Math.floor((room - 1) / 2));
  for (const p of counted.slice(0, fit)) {
    blocks.push(section(t.item(itemName(p, p.sku, lang), categoryName(p.category), p.stock)));
    const elements = [button(STOCK_ADD_ACTION, t.addButton(RESTOCK_UNITS), p.sku, 'primary')];
    if (p.stock > 0) elements.unshift(button(STOCK_SOLD_OUT_ACTION, t.soldOutButton, p.sku));
    blocks.push({ type: 'actions', block_id: `stock:${p.sku}`, elements });
  }
  if (fit < counted.length) blocks.push(context(t.moreItems(counted.length - fit)));
  return blocks;
}
