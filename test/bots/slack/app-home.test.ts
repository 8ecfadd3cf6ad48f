// App Home: on app_home_opened a member gets the open escalations and the orders in progress by stage, oldest first;
// anyone else a notice.

import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { TAKE_OVER_ACTION } from '../../../bots/slack/handoff-desk.ts';
import { transition } from '../../../core/order.ts';
import { mutateOrder } from '../../../core/order-mutation.ts';
import type { ConversationDesk } from '../../../core/staff-desk.ts';
import { SUPPORT_CHANNEL } from '../../support/fake-slack-api.ts';
import { blockActionBody, eventRequest, interactionRequest } from '../../support/slack-requests.ts';
import { ChatDriver, type Harness, newChatId } from '../telegram/bot-harness.ts';
import { blockTexts, feedOf, placeConfirmedOrder, pressOrderButton } from './order-feed-helpers.ts';
import { ANA, BRUNO, OUTSIDER, type SlackHarness, startSlackHarness } from './slack-harness.ts';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Opens the Home tab as `user` and returns the texts of the view published for them, or undefined if none was. */
async function openHome(s: SlackHarness, user: string, tab = 'home'): Promise<string[] | undefined> {
  const before = s.slack.callsOf('views.publish').length;
  const res = await s.send(
    eventRequest({ type: 'app_home_opened', user, channel: 'D0HOME001', tab, event_ts: `${Date.now() / 1000}` }),
  );
  expect(res.status).toBe(200);
  // Only this user's Home: a change the event's work made may refresh other viewers' Homes in the same round.
  const published = s.slack
    .callsOf('views.publish')
    .slice(before)
    .filter((c) => c.params.user_id === user);
  if (published.length === 0) return undefined;
  expect(published).toHaveLength(1);
  expect(published[0]!.params.user_id).toBe(user);
  const view = published[0]!.params.view as { type: string; blocks: unknown[] };
  expect(view.type).toBe('home');
  expect(view.blocks.length).toBeLessThanOrEqual(100);
  return blockTexts(view.blocks);
}

/** The lines listed after the header of `stage` up to the next stage header. */
function listedUnder(texts: string[], header: RegExp): string[] {
  const start = texts.findIndex((t) => header.test(t));
  expect(start, `a section ${header}`).toBeGreaterThanOrEqual(0);
  const rest = texts.slice(start + 1);
  const end = rest.findIndex((t) => /^\S+ \*(Confirmed|Preparing|Out for delivery)\* \(\d+\)$/.test(t));
  return end < 0 ? rest : rest.slice(0, end);
}

/** An escalation as the handoff side records it: its thread in the channel, and its desk (open, so listed by the store). */
async function escalate(s: SlackHarness, desk: Omit<ConversationDesk, 'channel' | 'ts' | 'lang'>): Promise<string> {
  const { client, deps } = s.stack.slack!.console.ctx;
  const root = await client.chat.postMessage({ channel: SUPPORT_CHANNEL, text: `Escalation: ${desk.customerName}` });
  await deps.desks.put({ ...desk, channel: SUPPORT_CHANNEL, ts: root.ts!, lang: 'pt-BR' }, 0);
  return root.ts!;
}

describe('Slack App Home', () => {
  it('lists the open escalations and the orders in progress by stage, oldest first, without the ended ones', async () => {
    h = await startSlackHarness();
    const first = await placeConfirmedOrder(h, { customer: { name: 'Alice First', phone: '+5521900000001' } });
    const second = await placeConfirmedOrder(h, { customer: { name: 'Bia Second', phone: '+5521900000002' } });
    const third = await placeConfirmedOrder(h, { customer: { name: 'Caio Third', phone: '+5521900000003' } });
    const gone = await placeConfirmedOrder(h, { customer: { name: 'Dora Gone', phone: '+5521900000004' } });
    await pressOrderButton(h, ANA, second.orderId, { actionPrefix: 'order_advance:' });
    await pressOrderButton(h, ANA, gone.orderId, { actionPrefix: 'order_cancel' });
    const secondThread = (await feedOf(h, second.orderId)).thread;
    // Newer first on purpose: the Home sorts by waiting time.
    await escalate(h, {
      conversationKey: 'telegram:702',
      customerName: 'Gil Taken',
      since: '2026-01-01T10:05:00.000Z',
      status: 'taken',
      takenBy: { id: BRUNO, name: 'Bruno' },
    });
    const waitingTs = await escalate(h, {
      conversationKey: 'telegram:701',
      customerName: 'Fabi <Waiting>',
      since: '2026-01-01T10:00:00.000Z',
      status: 'waiting',
    });

    const texts = (await openHome(h, ANA))!;
    expect(texts[0]).toBe('Support desk');
    // The customer already with Bruno is handled: counted apart, not as waiting
    expect(texts).toContain('*Customers waiting for a person* (1)');
    expect(texts).toContain('*Customers with a person* (1)');
    const escalations = texts.filter((t) => /^🟡|^🟢/.test(t));
    expect(escalations).toHaveLength(2);
    expect(escalations[0]).toMatch(
      /^🟡 \*“Fabi &lt;Waiting&gt;”\* is waiting since <!date\^\d+\^.*\|2026-01-01 10:00 UTC> · <https:\/\/fake\.slack\.com\/archives\/C0SUPPORT\/p\d+\|thread>$/,
    );
    expect(escalations[0]).toContain(`/p${waitingTs.replace('.', '')}|thread>`);
    expect(escalations[1]).toMatch(/^🟢 \*“Gil Taken”\* is with Bruno \(since /);

    expect(texts).toContain('*Orders in progress* (3)');
    const confirmed = listedUnder(texts, /^✅ \*Confirmed\* \(2\)$/);
    expect(confirmed.map((t) => /\|([A-Z0-9]{6})>/.exec(t)?.[1])).toEqual([first.orderId, third.orderId]);
    expect(confirmed[0]).toContain('Alice First');
    const preparing = listedUnder(texts, /^👩‍🍳 \*Preparing\* \(1\)$/);
    expect(preparing).toEqual([
      expect.stringContaining(`<${secondThread.permalink}|${second.orderId}> · “Bia Second” · R$`),
    ]);
    expect(listedUnder(texts, /^🛵 \*Out for delivery\* \(0\)$/)).toEqual([]);
    expect(texts.join('\n')).not.toContain(gone.orderId);
  });

  it('lists a real escalation from a Telegram customer, and shows who took it over', async () => {
    // Prepare: a customer asks for a person through the Telegram webhook
    h = await startSlackHarness();
    const harness = h;
    const chat = new ChatDriver(
      {
        stack: h.stack,
        fake: h.telegram,
        bot: {
          handleUpdate: async (u: Update) => {
            expect(await harness.telegramUpdate(u)).toBe(200);
          },
        },
      } as unknown as Harness,
      newChatId(),
      { firstName: 'Rita' },
    );

    // Act
    await chat.text('quero falar com uma pessoa');
    const waiting = await openHome(h, ANA);
    const card = h.slack.messages.find((m) => !m.thread_ts && m.text.includes('Rita'))!;
    await h.send(
      interactionRequest(
        blockActionBody(BRUNO, { action_id: TAKE_OVER_ACTION, value: `telegram:${chat.chatId}` }, { ts: card.ts }),
      ),
    );
    const taken = await openHome(h, ANA);

    // Assess
    expect(waiting!.some((t) => t.includes('Rita'))).toBe(true);
    expect(taken!.some((t) => t.includes('Rita') && t.includes('Bruno'))).toBe(true);
  });

  it('shows an order where it is now even if the feed missed its event', async () => {
    h = await startSlackHarness();
    const placed = await placeConfirmedOrder(h);
    // As if the PREPARING event had been lost: the order moves on and the feed hears nothing of it.
    await mutateOrder(h.stack.deps, placed.orderId, (o) => transition(o, 'PREPARING', new Date(), { by: 'test' }));

    const texts = (await openHome(h, ANA))!;
    expect(listedUnder(texts, /\*Confirmed\* \(0\)$/)).toEqual([]);
    expect(listedUnder(texts, /\*Preparing\* \(1\)$/)).toEqual([expect.stringContaining(placed.orderId)]);
  });

  it('follows every status change from the order index, without a list of its own: an order that ends disappears', async () => {
    h = await startSlackHarness();
    const placed = await placeConfirmedOrder(h);
    const stageOf = async () => {
      const texts = (await openHome(h!, ANA))!;
      if (texts.includes('No orders in progress.')) return [];
      return ['Confirmed', 'Preparing', 'Out for delivery'].filter((stage) =>
        listedUnder(texts, new RegExp(`\\*${stage}\\* \\(\\d+\\)$`)).some((t) => t.includes(placed.orderId)),
      );
    };
    expect(await stageOf()).toEqual(['Confirmed']);
    await pressOrderButton(h, ANA, placed.orderId, { actionPrefix: 'order_advance:' });
    expect(await stageOf()).toEqual(['Preparing']);
    await pressOrderButton(h, ANA, placed.orderId, { actionPrefix: 'order_advance:' });
    expect(await stageOf()).toEqual(['Out for delivery']);
    await pressOrderButton(h, ANA, placed.orderId, { actionPrefix: 'order_advance:' });
    expect(await stageOf()).toEqual([]);
    expect(await h.stack.deps.orders.get(placed.orderId)).toMatchObject({ status: 'DELIVERED' });
    // The blob the feed used to rewrite on every order event is gone for good.
    expect(await h.stack.sessions.get('slack-orders:in-progress')).toBeUndefined();
  });

  it('shows non-members a notice only, publishes nothing for other tabs, and is empty-handed when all is quiet', async () => {
    h = await startSlackHarness();
    const placed = await placeConfirmedOrder(h);
    const outsider = (await openHome(h, OUTSIDER))!;
    expect(outsider).toEqual([
      'Support desk',
      'Orders and escalations are shown to members of the support channel only.',
    ]);
    expect(outsider.join('\n')).not.toContain(placed.orderId);
    expect(await openHome(h, ANA, 'messages')).toBeUndefined();

    await pressOrderButton(h, ANA, placed.orderId, { actionPrefix: 'order_cancel' });
    const quiet = (await openHome(h, ANA))!;
    expect(quiet).toContain('Nobody is waiting for a person.');
    expect(quiet).toContain('No orders in progress.');
  });

  it('is in Portuguese when staff speak Portuguese', async () => {
    h = await startSlackHarness({ staffLang: 'pt-BR' });
    const placed = await placeConfirmedOrder(h);
    const texts = (await openHome(h, ANA))!;
    expect(texts[0]).toBe('Central de atendimento');
    expect(texts).toContain('Ninguém está esperando atendimento.');
    expect(texts).toContain('*Pedidos em andamento* (1)');
    expect(texts).toContain('✅ *Confirmado* (1)');
    expect(texts.find((t) => t.includes(placed.orderId))).toMatch(/ · feito <!date.* · nesta etapa desde <!date/);
  });
});

describe('Slack App Home kept current', () => {
  /** The views published for `user` since `mark`, as texts. */
  const homesOf = (s: SlackHarness, user: string, mark: number) =>
    s.slack
      .callsOf('views.publish')
      .slice(mark)
      .filter((c) => c.params.user_id === user)
      .map((c) => blockTexts((c.params.view as { blocks: unknown[] }).blocks));

  it('is published again for the members who opened it, on each change: escalation opened, taken, order moved', async () => {
    // Prepare: Ana opened her Home; refreshes are not held back in this test
    h = await startSlackHarness();
    h.stack.slack!.console.ctx.deps.homeRefreshGapMs = 0;
    await openHome(h, ANA);
    const placed = await placeConfirmedOrder(h);
    let mark = h.slack.callsOf('views.publish').length;

    // Act 1: a customer asks for a person
    const chat = new ChatDriver(
      {
        stack: h.stack,
        fake: h.telegram,
        bot: { handleUpdate: async (u: Update) => void (await h!.telegramUpdate(u)) },
      } as unknown as Harness,
      newChatId(),
      { firstName: 'Olga' },
    );
    await chat.text('quero falar com uma pessoa');

    // Assess 1: without opening the tab, Ana's Home lists her as waiting; Bruno never opened his, so got none
    expect(homesOf(h, ANA, mark).at(-1)).toContain('*Customers waiting for a person* (1)');
    expect(homesOf(h, BRUNO, mark)).toEqual([]);
    expect(homesOf(h, OUTSIDER, mark)).toEqual([]);

    // Act 2: Bruno takes it over
    mark = h.slack.callsOf('views.publish').length;
    const card = h.slack.messages.find(
      (m) => m.channel === SUPPORT_CHANNEL && !m.thread_ts && m.text.includes('Olga'),
    )!;
    await h.send(
      interactionRequest(
        blockActionBody(BRUNO, { action_id: TAKE_OVER_ACTION, value: `telegram:${chat.chatId}` }, { ts: card.ts }),
      ),
    );

    // Assess 2: handled now, not waiting
    const taken = homesOf(h, ANA, mark).at(-1)!;
    expect(taken).toContain('*Customers waiting for a person* (0)');
    expect(taken).toContain('*Customers with a person* (1)');

    // Act 3: the kitchen moves the order on
    mark = h.slack.callsOf('views.publish').length;
    await pressOrderButton(h, BRUNO, placed.orderId, { actionPrefix: 'order_advance:' });

    // Assess 3
    expect(homesOf(h, ANA, mark).at(-1)).toContain('👩‍🍳 *Preparing* (1)');
  });

  it('coalesces a burst of changes: a viewer gets one publish per gap, and the last state after it', async () => {
    // Prepare
    h = await startSlackHarness();
    const deps = h.stack.slack!.console.ctx.deps;
    deps.homeRefreshGapMs = 1_500;
    await openHome(h, ANA);
    const mark = h.slack.callsOf('views.publish').length;
    const started = Date.now();

    // Act: three orders (two order events each, and more) in a burst, then the sweep once the gap has passed
    for (const n of [1, 2, 3])
      await placeConfirmedOrder(h, { customer: { name: `Burst ${n}`, phone: `+552190000001${n}` } });
    const burstMs = Date.now() - started;
    const during = homesOf(h, ANA, mark).length;
    await new Promise((r) => setTimeout(r, 1_600));
    await h.stack.slack!.console.handle({ kind: 'sweep', at: new Date().toISOString() });

    // Assess: at most one publish per gap during the burst, and the Home after it shows all three
    expect(during).toBeLessThanOrEqual(Math.ceil(burstMs / 1_500));
    const homes = homesOf(h, ANA, mark);
    expect(homes.length).toBeLessThanOrEqual(during + 1);
    expect(homes.at(-1)).toContain('*Orders in progress* (3)');
  });
});
