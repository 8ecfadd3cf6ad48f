// App Home: the shop's controls (store-controls-view.ts), the customers waiting for a person and the orders in progress
// by stage, oldest first, published when a member opens the Home tab and again after each change (home-refresh.ts).

import type { types } from '@slack/bolt';
import { CUSTOMER_TEXT_LIMITS, quoteCustomerText } from '../../core/customer-text.ts';
import { StoreNotSetUp } from '../../core/errors.ts';
import { formatMoney } from '../../core/lang.ts';
import { slackErrorCode } from '../streaming/slack-surface.ts';
import { homePublished, rememberViewer } from './home-refresh.ts';
import { type Block, STATUS_EMOJI, slackDate, slackLink } from './order-card.ts';
import { ordersInProgressByStage } from './orders-in-progress.ts';
import { ORDERS_TEXTS } from './orders-texts.ts';
import type { SlackContext } from './slack-context.ts';
import { escapeMrkdwn } from './slack-text.ts';
import { STORE_CONTROLS_TEXTS } from './store-controls-texts.ts';
import { RECENT_CONTROLS_SHOWN, storeControlBlocks } from './store-controls-view.ts';

/** At most this many escalations and this many orders per stage are listed (a Home view holds 100 blocks). */
export const HOME_LIST_LIMIT = 15;
/** Slack's limit of blocks in one view. */
export const HOME_MAX_BLOCKS = 100;

export function registerAppHome(ctx: SlackContext): void {
  ctx.app.event('app_home_opened', async ({ event }) => {
    // The event also fires for the Messages and About tabs.
    if (event.tab !== 'home') return;
    await publishHome(ctx, event.user);
    // Members who look at it get it kept current after each change (home-refresh.ts).
    if (await ctx.staff.isMember(event.user)) await rememberViewer(ctx, event.user);
  });
}

/**
 * Publishes the Home tab of `userId`: the desk for members of the support channel, a short notice for anyone else.
 * `notice` (mrkdwn) goes on top, under the title: the answer to that person's last click, which only they see.
 */
export async function publishHome(ctx: SlackContext, userId: string, notice?: string): Promise<void> {
  const t = ORDERS_TEXTS[ctx.t].home;
  const title: Block = { type: 'header', text: { type: 'plain_text', text: t.title } };
  const top: Block[] = notice ? [title, { type: 'section', text: { type: 'mrkdwn', text: `⚠️ ${notice}` } }] : [title];
  const blocks: Block[] = (await ctx.staff.isMember(userId))
    ? [...top, ...(await deskBlocks(ctx, HOME_MAX_BLOCKS - top.length))]
    : [...top, { type: 'section', text: { type: 'mrkdwn', text: t.notMember } }];
  const view: types.HomeView = { type: 'home', blocks };
  await ctx.client.views.publish({ user_id: userId, view });
  homePublished(ctx, userId);
}

/** The desk under the title, in at most `budget` blocks: the shop's controls get what the two lists leave. */
async function deskBlocks(ctx: SlackContext, budget: number): Promise<Block[]> {
  const t = ORDERS_TEXTS[ctx.t];
  const [escalations, stages, shop] = await Promise.all([
    escalationBlocks(ctx),
    ordersInProgressByStage(ctx.deps.sessions, ctx.deps.orders.orders, HOME_LIST_LIMIT),
    storeState(ctx),
  ]);
  const money = (c: number) => formatMoney(c, ctx.t);
  const orderBlocks: Block[] = [];
  for (const { stage, orders, total } of stages) {
    orderBlocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `${STATUS_EMOJI[stage]} ${t.home.stage(t.status[stage], total)}` },
    });
    for (const o of orders) {
      const id = o.permalink ? slackLink(o.permalink, o.orderId) : `\`${o.orderId}\``;
      const line = t.home.order(
        id,
        escapeMrkdwn(quoteCustomerText(o.customerName, CUSTOMER_TEXT_LIMITS.name)),
        money(o.total),
        slackDate(o.placedAt),
        slackDate(o.since),
      );
      orderBlocks.push({ type: 'section', text: { type: 'mrkdwn', text: o.overdue ? `⏰ ${line}` : line } });
    }
    if (total > orders.length)
      orderBlocks.push({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: t.home.moreOrders(total - orders.length) }],
      });
  }
  const inProgress = stages.reduce((n, s) => n + s.total, 0);
  const now = ctx.deps.orders.clock.now();
  const lists: Block[] = [
    ...escalations,
    { type: 'divider' },
    { type: 'section', text: { type: 'mrkdwn', text: t.home.orders(inProgress) } },
    ...(inProgress === 0
      ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: t.home.noOrders }] } satisfies Block]
      : orderBlocks),
  ];
  const head: Block[] = [
    { type: 'context', elements: [{ type: 'mrkdwn', text: t.home.updated(slackDate(now.toISOString())) }] },
    { type: 'divider' },
  ];
  const controls: Block[] = shop
    ? storeControlBlocks(shop, ctx.t, now, budget - head.length - lists.length - 1)
    : [{ type: 'context', elements: [{ type: 'mrkdwn', text: STORE_CONTROLS_TEXTS[ctx.t].notSetUp }] }];
  return [...head, ...controls, { type: 'divider' }, ...lists];
}

/** The store, its items and the last changes; undefined before any store was applied (the Home still shows the lists). */
async function storeState(ctx: SlackContext) {
  const { catalog } = ctx.deps.orders;
  try {
    const [store, products, recent] = await Promise.all([
      catalog.getStore(),
      catalog.listProducts(),
      ctx.deps.controlLog.recent(RECENT_CONTROLS_SHOWN * 2),
    ]);
    return { store, products, recent };
  } catch (err) {
    if (err instanceof StoreNotSetUp) return undefined;
    throw err;
  }
}

/** The open escalations, oldest first: who is waiting, or with whom, since when, and a link to the conversation's thread. */
async function escalationBlocks(ctx: SlackContext): Promise<Block[]> {
  const t = ORDERS_TEXTS[ctx.t].home;
  // A Query of the open desks (oldest first), not a list kept beside them. Those with a person are handled: counted
  // apart, never as waiting.
  const { desks: open } = await ctx.deps.desks.listOpen();
  const waiting = open.filter((d) => d.status !== 'taken');
  const taken = open.filter((d) => d.status === 'taken');
  const total = open.length;
  const shown = [...waiting, ...taken].slice(0, HOME_LIST_LIMIT);
  const links = await Promise.all(shown.map((d) => permalinkOf(ctx, d.channel, d.ts)));
  const blocks: Block[] = [{ type: 'section', text: { type: 'mrkdwn', text: t.escalations(waiting.length) } }];
  if (waiting.length === 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: t.noEscalations }] });
  shown.forEach((d, i) => {
    if (d === taken[0]) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: t.withPerson(taken.length) } });
    const name = escapeMrkdwn(quoteCustomerText(d.customerName, CUSTOMER_TEXT_LIMITS.name));
    const since = slackDate(d.since);
    const parts = [
      d.status === 'taken' && d.takenBy ? t.taken(name, escapeMrkdwn(d.takenBy.name), since) : t.waiting(name, since),
    ];
    if (d.timedOutAt && d.status !== 'taken') parts.push(t.toldNobody);
    const link = links[i];
    parts.push(link ? slackLink(link, t.thread) : `${t.thread} \`${d.ts}\``);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: parts.join(' · ') } });
  });
  if (total > shown.length)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: t.more(total - shown.length) }] });
  return blocks;
}

async function permalinkOf(ctx: SlackContext, channel: string, ts: string): Promise<string | undefined> {
  try {
    return (await ctx.client.chat.getPermalink({ channel, message_ts: ts })).permalink;
  } catch (err) {
    ctx.deps.log.warn('slack: no permalink for an escalation thread', {
      channel,
      ts,
      code: slackErrorCode(err),
      error: err,
    });
    return undefined;
  }
}
