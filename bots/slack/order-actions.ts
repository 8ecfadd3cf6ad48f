// Order actions from Slack: the card's buttons (next delivery stage, cancel with refund) and /pedido, /order;
// support-channel members only.
import type { BlockAction, ButtonAction, RespondFn, SlashCommand } from '@slack/bolt';
import { advanceOrder } from '../../core/advance-order.ts';
import { cancelOrder } from '../../core/cancel-order.ts';
import { errorMessage } from '../../core/error-messages.ts';
import { DomainError, NoStageAwaiting, OrderNotCancellable, OrderNotFound } from '../../core/errors.ts';
import { NEXT_STAGE, ORDER_STATUSES, type Order, type OrderStatus } from '../../core/order.ts';
import { isOrderIdShaped } from '../../core/order-ids.ts';
import { slackErrorCode } from '../streaming/slack-surface.ts';
import { ADVANCE_ACTION, CANCEL_ACTION, orderCard, orderIdOfButton } from './order-card.ts';
import { refreshOrderCard } from './order-feed.ts';
import { ORDERS_TEXTS } from './orders-texts.ts';
import type { SlackContext } from './slack-context.ts';
import { type OrderThread, orderThreadKey, readRecord } from './slack-records.ts';
import { CARD_REFRESH_RETRY, withSlackRetry } from './slack-retry.ts';
import { escapeMrkdwn } from './slack-text.ts';
import { membersOnly } from './staff-replies.ts';

/** The slash commands that show an order card: Portuguese and English names of the same command. */
export const ORDER_COMMANDS = ['/pedido', '/order'] as const;

type ButtonBody = BlockAction<ButtonAction>;

export function registerOrderActions(ctx: SlackContext): void {
  ctx.app.action<ButtonBody>(
    { type: 'block_actions', action_id: ADVANCE_ACTION },
    async ({ ack, body, action, respond }) => {
      await ack();
      await onOrderButton(ctx, body, action, respond, 'advance');
    },
  );
  ctx.app.action<ButtonBody>(
    { type: 'block_actions', action_id: CANCEL_ACTION },
    async ({ ack, body, action, respond }) => {
      await ack();
      await onOrderButton(ctx, body, action, respond, 'cancel');
    },
  );
  for (const name of ORDER_COMMANDS) {
    ctx.app.command(name, async ({ ack, command, respond }) => {
      await ack();
      await showOrder(ctx, command, respond);
    });
  }
}

const statusName = (ctx: SlackContext, status: unknown) =>
  (ORDER_STATUSES as readonly unknown[]).includes(status)
    ? ORDERS_TEXTS[ctx.t].status[status as OrderStatus]
    : String(status);

/**
 * One button press. Clicks on an order share its FIFO group with its events, so they run one at a time: a second
 * click on a card that is out of date finds the order moved on and is told so, and nothing is advanced twice.
 *
 * What the clicker is told comes from what the use case did. Redrawing the card is a separate step, retried through
 * Slack's rate limits (CARD_REFRESH_RETRY); a card still behind after that never turns a done action into "nothing
 * was changed": the clicker hears it is done and that the card will catch up (the order event that follows the
 * action refreshes it again, retried by the queue).
 */
async function onOrderButton(
  ctx: SlackContext,
  body: ButtonBody,
  action: ButtonAction,
  respond: RespondFn,
  kind: 'advance' | 'cancel',
): Promise<void> {
  const t = ORDERS_TEXTS[ctx.t].actions;
  const tell = (text: string) => tellClicker(ctx, body, text, respond);
  if (!(await membersOnly(ctx, body.user.id, `order action ${action.action_id}`, () => tell(t.notMember)))) return;
  const orderId = orderIdOfButton(action.value);
  const order = orderId ? await ctx.deps.orders.orders.get(orderId) : undefined;
  if (!orderId || !order) {
    await tell(t.notFound(escapeMrkdwn(orderId ?? action.value ?? '?')));
    return;
  }
  const by = `slack:${await ctx.staff.nameOf(body.user.id)}`;
  let after: Order;
  let applied = true;
  try {
    if (kind === 'advance') {
      const target = ADVANCE_ACTION.exec(action.action_id)?.[1];
      // The card offered the stage after the status it showed; if the order is elsewhere now, advancing would skip a
      // stage.
      if (NEXT_STAGE[order.status] !== target) {
        const shown = await showOrderNow(ctx, body, order, respond);
        await tell(
          shown
            ? t.stale(orderId, statusName(ctx, order.status))
            : t.staleCardLate(orderId, statusName(ctx, order.status)),
        );
        return;
      }
      ({ order: after, applied } = await advanceOrder(ctx.deps.orders, orderId, by));
    } else {
      if (order.status === 'CANCELLED') {
        await tell(t.alreadyCancelled(orderId));
        await showOrderNow(ctx, body, order, respond);
        return;
      }
      after = await cancelOrder(ctx.deps.orders, orderId, by);
    }
  } catch (err) {
    ctx.deps.log.warn('slack: an order action was refused or failed', {
      orderId,
      action: kind,
      error: err,
      code: err instanceof DomainError ? err.code : slackErrorCode(err),
    });
    const now = await ctx.deps.orders.orders.get(orderId).catch(() => undefined);
    // A refusal (a domain error) changed nothing; an unexpected failure may have come after the order changed, and
    // then "nothing was changed, try again" would be false (and a retry could skip a stage).
    const changed = !(err instanceof DomainError) && now !== undefined && now.status !== order.status;
    await tell(
      changed ? t.changedThenFailed(orderId, statusName(ctx, now.status)) : actionErrorText(ctx, orderId, err),
    );
    if (now) await showOrderNow(ctx, body, now, respond);
    return;
  }
  ctx.deps.log.info('slack: order action', { orderId, action: kind, by });
  if (!applied) await tell(t.stillApplying(orderId, statusName(ctx, after.status)));
  const shown = await showOrderNow(ctx, body, after, respond);
  if (!shown && applied)
    await tell(
      kind === 'cancel' ? t.cancelledCardLate(orderId) : t.movedCardLate(orderId, statusName(ctx, after.status)),
    );
}

function actionErrorText(ctx: SlackContext, orderId: string, err: unknown): string {
  const t = ORDERS_TEXTS[ctx.t].actions;
  if (err instanceof NoStageAwaiting) return t.notAwaiting(orderId, statusName(ctx, err.details.status));
  if (err instanceof OrderNotCancellable) return t.notCancellable(orderId, statusName(ctx, err.details.status));
  if (err instanceof OrderNotFound) return t.notFound(orderId);
  if (err instanceof DomainError) return errorMessage(err.code, ctx.t, t.failed(orderId));
  return t.failed(orderId);
}

/**
 * After a click, the card that was clicked shows the order as it is: the feed card is edited, and a copy elsewhere
 * (an ephemeral /pedido answer, or an older card) is replaced too. The order events that follow add the thread replies.
 * Each edit is retried through Slack's rate limits; never throws. Returns false when a card is still behind.
 */
async function showOrderNow(ctx: SlackContext, body: ButtonBody, order: Order, respond: RespondFn): Promise<boolean> {
  const behind = (what: string) => (err: unknown) => {
    ctx.deps.log.warn(
      `slack: ${what} could not be refreshed after a click; it catches up with the order's next event`,
      { orderId: order.orderId, code: slackErrorCode(err), error: err },
    );
    return false as const;
  };
  const thread = await withSlackRetry(() => refreshOrderCard(ctx, order), CARD_REFRESH_RETRY).catch(
    behind('the order card'),
  );
  if (thread === false) return false;
  const container = body.container as { message_ts?: string; channel_id?: string; is_ephemeral?: boolean };
  if (container.is_ephemeral) {
    return respond({
      response_type: 'ephemeral',
      replace_original: true,
      ...orderCard(order, ctx.t, { permalink: thread?.permalink }),
    }).then(() => true, behind('an ephemeral order card'));
  }
  if (container.message_ts && container.channel_id && container.message_ts !== thread?.ts) {
    const card = orderCard(order, ctx.t);
    return withSlackRetry(
      () =>
        ctx.client.chat.update({
          channel: container.channel_id!,
          ts: container.message_ts!,
          text: card.text,
          blocks: card.blocks,
        }),
      CARD_REFRESH_RETRY,
    ).then(() => true, behind('a clicked copy of the order card'));
  }
  return true;
}

/** A message only the clicker sees, where they clicked; through the response URL if Slack refuses the ephemeral post. */
async function tellClicker(ctx: SlackContext, body: ButtonBody, text: string, respond: RespondFn): Promise<void> {
  const channel = (body.container as { channel_id?: string }).channel_id ?? body.channel?.id ?? ctx.deps.supportChannel;
  try {
    await ctx.client.chat.postEphemeral({ channel, user: body.user.id, text });
  } catch (err) {
    if (!body.response_url) throw err;
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  }
}

/** `/pedido <id>` (or `/order <id>`): the order card, to the asker only, with a link to its feed thread. */
async function showOrder(ctx: SlackContext, command: SlashCommand, respond: RespondFn): Promise<void> {
  const t = ORDERS_TEXTS[ctx.t].actions;
  const reply = (text: string) => respond({ response_type: 'ephemeral', text });
  if (!(await membersOnly(ctx, command.user_id, command.command, () => reply(t.notMember)))) return;
  const typed = command.text.trim();
  const orderId = typed.replace(/^#/, '').toUpperCase();
  if (!isOrderIdShaped(orderId)) {
    await reply(t.malformed(command.command, escapeMrkdwn(typed.slice(0, 40))));
    return;
  }
  const order = await ctx.deps.orders.orders.get(orderId);
  if (!order) {
    await reply(t.notFound(orderId));
    return;
  }
  const thread = await readRecord<OrderThread>(ctx.deps.sessions, orderThreadKey(orderId));
  await respond({ response_type: 'ephemeral', ...orderCard(order, ctx.t, { permalink: thread?.permalink }) });
}
