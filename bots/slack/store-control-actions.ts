// The shop's controls from App Home: pause, resume, kitchen delay, sold out and "+10". Members only; each click is
// claimed in the audit trail (so a redelivered click is applied once), applied through core's applyStoreControl,
// announced in the support channel, and the clicker's Home redrawn.
import type { BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import { SKU_PATTERN } from '../../core/catalog.ts';
import { errorMessage } from '../../core/error-messages.ts';
import { DomainError } from '../../core/errors.ts';
import type { StoreControlEntry, StoreControlKey } from '../../core/store-control-log.ts';
import { applyStoreControl, type StoreControl } from '../../core/store-controls.ts';
import { slackErrorCode } from '../streaming/slack-surface.ts';
import { publishHome } from './app-home.ts';
import { homeChanged } from './home-refresh.ts';
import type { SlackContext } from './slack-context.ts';
import { CARD_REFRESH_RETRY, withSlackRetry } from './slack-retry.ts';
import { escapeMrkdwn } from './slack-text.ts';
import { membersOnly } from './staff-replies.ts';
import { STORE_CONTROLS_TEXTS } from './store-controls-texts.ts';
import {
  closedNote,
  describeControl,
  RESTOCK_UNITS,
  STOCK_ADD_ACTION,
  STOCK_SOLD_OUT_ACTION,
  STORE_DELAY_ACTION,
  STORE_PAUSE_ACTION,
  STORE_RESUME_ACTION,
} from './store-controls-view.ts';

type Click = BlockAction<ButtonAction | StaticSelectAction>;

const skuOf = (value: string | undefined) => (value && SKU_PATTERN.test(value) ? value : undefined);

export function registerStoreControls(ctx: SlackContext): void {
  const on = (
    actionId: string | RegExp,
    control: (action: ButtonAction | StaticSelectAction) => StoreControl | undefined,
  ) =>
    ctx.app.action<Click>({ type: 'block_actions', action_id: actionId }, async ({ ack, body, action }) => {
      await ack();
      const wanted = control(action);
      if (!wanted) {
        ctx.deps.log.warn('slack: a store control click could not be read', { actionId: action.action_id });
        return;
      }
      await onStoreControl(ctx, body, action.action_ts, wanted);
    });
  on(STORE_PAUSE_ACTION, (a) => ({ kind: 'pause', minutes: Number(STORE_PAUSE_ACTION.exec(a.action_id)![1]) }));
  on(STORE_RESUME_ACTION, () => ({ kind: 'resume' }));
  on(STORE_DELAY_ACTION, (a) => {
    const value = a.type === 'static_select' ? a.selected_option?.value : undefined;
    return value && /^\d{1,3}$/.test(value) ? { kind: 'delay', minutes: Number(value) } : undefined;
  });
  on(STOCK_SOLD_OUT_ACTION, (a) => {
    const sku = skuOf(a.type === 'button' ? a.value : undefined);
    return sku ? { kind: 'stock', sku, stock: 0 } : undefined;
  });
  on(STOCK_ADD_ACTION, (a) => {
    const sku = skuOf(a.type === 'button' ? a.value : undefined);
    return sku ? { kind: 'add-stock', sku, units: RESTOCK_UNITS } : undefined;
  });
}

/** The click's key in the audit trail: Slack's trigger id, and when it was clicked (the same on a redelivery). */
function clickKey(ctx: SlackContext, body: Click, actionTs: string): StoreControlKey {
  const seconds = Number(actionTs);
  const at = Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : ctx.deps.orders.clock.now();
  const id = (body.trigger_id ?? `${body.user.id}-${actionTs}`).replace(/[^\w.:-]/g, '_').slice(0, 128);
  return { id, at: at.toISOString() };
}

/** Redraws the clicker's Home (with `notice` on top, which only they see). Never throws: the work is done or refused. */
async function redrawHome(ctx: SlackContext, userId: string, notice?: string): Promise<void> {
  try {
    await withSlackRetry(() => publishHome(ctx, userId, notice), CARD_REFRESH_RETRY);
  } catch (err) {
    ctx.deps.log.warn('slack: App Home could not be redrawn after a store control', {
      user: userId,
      code: slackErrorCode(err),
      error: err,
    });
  }
}

async function onStoreControl(ctx: SlackContext, body: Click, actionTs: string, control: StoreControl): Promise<void> {
  const t = STORE_CONTROLS_TEXTS[ctx.t];
  const userId = body.user.id;
  // A Home click has no channel to answer in, and a non-member cannot see an ephemeral in the support channel: the
  // refusal is their own Home, redrawn with it on top (only they see it), and nothing changes.
  const member = await membersOnly(ctx, userId, `store control ${control.kind}`, () =>
    redrawHome(ctx, userId, t.notMember),
  );
  if (!member) return;
  const name = await ctx.staff.nameOf(userId);
  const key = clickKey(ctx, body, actionTs);
  const entry: Omit<StoreControlEntry, 'outcome'> = { ...key, by: `slack:${name}`, userId, control };
  const claim = await ctx.deps.controlLog.claim(entry);
  if (claim !== 'claimed') {
    // Applied (or being applied) by an earlier delivery of this click: "+10" twice would be twenty.
    ctx.deps.log.info('slack: store control already handled (a redelivered click)', { ...key, outcome: claim.outcome });
    await redrawHome(ctx, userId);
    return;
  }
  let result: Awaited<ReturnType<typeof applyStoreControl>>;
  try {
    result = await applyStoreControl(ctx.deps.orders, control);
  } catch (err) {
    if (err instanceof DomainError) {
      // A refusal (an unknown or untracked item, a value out of range): nothing changed, and the trail says why.
      ctx.deps.log.info('slack: a store control was refused', { ...key, control, code: err.code });
      await ctx.deps.controlLog.settle(key, 'refused', { code: err.code });
      await redrawHome(ctx, userId, errorMessage(err.code, ctx.t, t.failed));
      return;
    }
    // Unknown whether anything changed: the claim is released for the queue's retry.
    await ctx.deps.controlLog
      .settle(key, 'failed')
      .catch((e: unknown) => ctx.deps.log.warn('slack: a failed store control could not be marked', { error: e }));
    throw err;
  }
  const { store, product } = result;
  const after: NonNullable<StoreControlEntry['after']> =
    control.kind === 'pause' || control.kind === 'resume'
      ? { pausedUntil: store.pausedUntil ?? null }
      : control.kind === 'delay'
        ? { delayMinutes: store.delayMinutes ?? 0 }
        : { stock: product?.stock ?? null };
  await ctx.deps.controlLog.settle(key, 'done', { after });
  ctx.deps.log.info('slack: store control', { ...key, by: entry.by, control, after });
  // The other viewers' Homes show the shop as it is now; the clicker's is redrawn below (with its notice).
  homeChanged(ctx);

  const now = ctx.deps.orders.clock.now();
  const products = product ? [product] : [];
  let text = describeControl({ control, after }, escapeMrkdwn(name), { lang: ctx.t, now, store, products });
  if (control.kind === 'resume') text += closedNote(store, now, ctx.t) ?? '';
  if (control.kind === 'delay' && control.minutes > 0 && result.customersTold !== undefined)
    text += t.done.customersTold(result.customersTold);
  let announced = true;
  try {
    await withSlackRetry(
      () => ctx.client.chat.postMessage({ channel: ctx.deps.supportChannel, text, unfurl_links: false }),
      CARD_REFRESH_RETRY,
    );
  } catch (err) {
    announced = false;
    ctx.deps.log.warn('slack: a store control was applied but not announced in the channel', {
      ...key,
      code: slackErrorCode(err),
      error: err,
    });
  }
  await redrawHome(ctx, userId, announced ? undefined : t.notAnnounced);
}
