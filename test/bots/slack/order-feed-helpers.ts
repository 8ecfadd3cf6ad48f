// Test helpers for the order feed: confirmed orders over HTTP, an order's feed thread, the texts and buttons of a Block
// Kit card, button presses.
import { expect } from 'vitest';
import { type OrderInProgress, ordersInProgressByStage } from '../../../bots/slack/orders-in-progress.ts';
import { type OrderThread, orderThreadKey, readRecord } from '../../../bots/slack/slack-records.ts';
import {
  type OrderBody,
  orderBody,
  placeOrder,
  placeOrderFromChat,
  waitForAwaitingStaff,
  waitForStatus,
} from '../../support/api-client.ts';
import { type SlackMessage, SUPPORT_CHANNEL } from '../../support/fake-slack-api.ts';
import { blockActionBody, interactionRequest } from '../../support/slack-requests.ts';
import type { SlackHarness } from './slack-harness.ts';

/**
 * Places an order over HTTP (or from a Telegram chat, as the bot does, with `fromChat`) and waits until it is
 * CONFIRMED,
 * waiting for staff, and the feed has handled its events.
 */
export async function placeConfirmedOrder(
  h: SlackHarness,
  body: Partial<OrderBody> = {},
  opts: { fromChat?: number } = {},
): Promise<{ orderId: string; accessToken: string }> {
  const full = orderBody({ items: [{ sku: 'PIZZA-MARG', qty: 1 }], ...body });
  const placed =
    opts.fromChat === undefined
      ? await placeOrder(h.stack, full)
      : await placeOrderFromChat(h.stack, full, opts.fromChat);
  await waitForStatus(h.stack, placed.orderId, placed.accessToken, 'CONFIRMED');
  await waitForAwaitingStaff(h.stack, placed.orderId);
  await h.settle();
  return placed;
}

export async function feedThread(h: SlackHarness, orderId: string): Promise<OrderThread> {
  const thread = await readRecord<OrderThread>(h.stack.sessions, orderThreadKey(orderId));
  expect(thread, `order ${orderId} has a feed thread`).toBeDefined();
  return thread!;
}

/** The orders in progress, stage by stage, as App Home reads them (the order index by status). */
export async function inProgress(h: SlackHarness): Promise<OrderInProgress[]> {
  return (await ordersInProgressByStage(h.stack.sessions, h.stack.deps.orders, 100)).flatMap((s) => s.orders);
}

/** The order's card (thread root) and its replies, as the fake Slack holds them now. */
export async function feedOf(
  h: SlackHarness,
  orderId: string,
): Promise<{ thread: OrderThread; card: SlackMessage; replies: SlackMessage[] }> {
  const thread = await feedThread(h, orderId);
  const [card, ...replies] = h.slack.thread(SUPPORT_CHANNEL, thread.ts);
  return { thread, card: card!, replies };
}

/** Every text of a Block Kit structure, in document order (headers, fields, sections, context, button labels). */
export function blockTexts(blocks: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.text === 'string') out.push(o.text);
    for (const [k, child] of Object.entries(o)) if (k !== 'text' || typeof child !== 'string') walk(child);
  };
  walk(blocks);
  return out;
}

export const cardText = (m: { blocks?: unknown[] }) => blockTexts(m.blocks ?? []).join('\n');

/** The texts Slack renders as mrkdwn (where `<!channel>` or a link would take effect); plain_text is shown as typed. */
export function mrkdwnTexts(blocks: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
      return;
    }
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
    Object.values(o).forEach(walk);
  };
  walk(blocks);
  return out;
}

export interface CardButton {
  action_id: string;
  value: string;
  label: string;
  confirm?: Record<string, unknown>;
}
export function buttonsOf(m: { blocks?: unknown[] }): CardButton[] {
  return (m.blocks ?? []).flatMap((b) => {
    const block = b as {
      type: string;
      elements?: {
        type: string;
        action_id: string;
        value: string;
        text: { text: string };
        confirm?: Record<string, unknown>;
      }[];
    };
    if (block.type !== 'actions') return [];
    return (block.elements ?? [])
      .filter((e) => e.type === 'button')
      .map((e) => ({
        action_id: e.action_id,
        value: e.value,
        label: e.text.text,
        ...(e.confirm ? { confirm: e.confirm } : {}),
      }));
  });
}

let responses = 0;
/** A fresh response URL on the fake Slack (its POSTs are recorded as `respond` calls with this id). */
export function responseUrl(h: SlackHarness): { id: string; url: string } {
  const id = `r${++responses}`;
  return { id, url: `${h.slack.url}/respond/${id}` };
}

/**
 * Presses a button of the order's feed card as `user`: the one whose action id starts with `actionPrefix` as the card
 * shows it now, or exactly `actionId` (a button of an older version of the card).
 */
export async function pressOrderButton(
  h: SlackHarness,
  user: string,
  orderId: string,
  which: { actionPrefix: string } | { actionId: string },
) {
  const { thread, card } = await feedOf(h, orderId);
  let actionId: string;
  if ('actionId' in which) actionId = which.actionId;
  else {
    const button = buttonsOf(card).find((b) => b.action_id.startsWith(which.actionPrefix));
    expect(button, `the card of ${orderId} has a ${which.actionPrefix} button`).toBeDefined();
    actionId = button!.action_id;
  }
  const res = await h.send(
    interactionRequest(
      blockActionBody(
        user,
        { action_id: actionId, value: `order:${orderId}`, block_id: 'order_actions' },
        { ts: thread.ts },
        responseUrl(h).url,
      ),
    ),
  );
  expect(res.status).toBe(200);
  return res;
}

/** The ephemeral messages sent to `user` (chat.postEphemeral), oldest first. */
export const ephemeralsTo = (h: SlackHarness, user: string) =>
  h.slack
    .callsOf('chat.postEphemeral')
    .filter((c) => c.params.user === user)
    .map((c) => String(c.params.text));
