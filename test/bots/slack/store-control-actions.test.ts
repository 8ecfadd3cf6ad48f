// The shop's controls in App Home, clicked as Slack sends them: pause, resume, kitchen delay, sold out and "+10" change
// the store through core, are told in the support channel and recorded; a non-member changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { loadStoreFolder } from '../../../adapters/local/store-folder.ts';
import type { StorePackage } from '../../../core/catalog.ts';
import { storeStateAt } from '../../../core/opening-hours.ts';
import { DEMO_PACKAGE, DEMO_PRODUCTS } from '../../support/demo-store.ts';
import { SUPPORT_CHANNEL } from '../../support/fake-slack-api.ts';
import { eventRequest, homeActionBody, interactionRequest } from '../../support/slack-requests.ts';
import { blockTexts } from './order-feed-helpers.ts';
import { ANA, BRUNO, OUTSIDER, type SlackHarness, startSlackHarness } from './slack-harness.ts';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface Element {
  type: string;
  action_id: string;
  value?: string;
  text?: { text: string };
  options?: { value: string; text: { text: string } }[];
  initial_option?: { value: string };
}
type Blocks = { type: string; block_id?: string; elements?: Element[]; accessory?: Element }[];

/** The blocks of the last Home view published for `user`. */
function lastHome(s: SlackHarness, user: string): Blocks {
  const call = s.slack
    .callsOf('views.publish')
    .filter((c) => c.params.user_id === user)
    .at(-1);
  expect(call, `a Home view for ${user}`).toBeDefined();
  return (call!.params.view as { blocks: Blocks }).blocks;
}

async function openHome(s: SlackHarness, user: string): Promise<Blocks> {
  await s.send(eventRequest({ type: 'app_home_opened', user, channel: 'D0HOME001', tab: 'home', event_ts: '1.0' }));
  return lastHome(s, user);
}

/** The interactive element `actionId` (with `value`, for a stock button) of a Home view. */
function control(blocks: Blocks, actionId: string, value?: string): Element & { block_id: string } {
  for (const b of blocks)
    for (const e of [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])])
      if (e.action_id === actionId && (value === undefined || e.value === value))
        return { ...e, block_id: b.block_id ?? '' };
  throw new Error(`no ${actionId}${value ? ` ${value}` : ''} in the Home view`);
}

/** Clicks a button of a Home view as `user` (a static select with `selected`). */
function press(s: SlackHarness, user: string, e: Element & { block_id: string }, selected?: string) {
  return s.send(
    interactionRequest(
      homeActionBody(
        user,
        selected !== undefined
          ? { action_id: e.action_id, block_id: e.block_id, selected_option: { value: selected } }
          : { action_id: e.action_id, block_id: e.block_id, value: e.value ?? '' },
      ),
    ),
  );
}

/** What the console said in the support channel after the first `from` messages, plain messages only. */
const saidInChannel = (s: SlackHarness, from = 0) =>
  s.slack.messages
    .slice(from)
    .filter((m) => m.channel === SUPPORT_CHANNEL && !m.thread_ts && !m.blocks)
    .map((m) => m.text);

/** HH:MM in the store's time zone. */
const clockIn = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(iso),
  );

/** The demo's name as mrkdwn shows it ("Açaí &amp; Pizza Copacabana"). */
const DEMO_NAME = DEMO_PACKAGE.store.name.replace(/&/g, '&amp;');
const tracked = DEMO_PRODUCTS.find((p) => p.stock !== null && p.stock > 0)!;

describe('store controls in App Home', () => {
  it('pauses orders for 30 minutes, says so in the channel, records who did it, and resumes', async () => {
    // Prepare
    h = await startSlackHarness();
    const home = await openHome(h, ANA);
    expect(blockTexts(home)).toContain(`🛎️ *${DEMO_NAME}* · taking orders`);
    const before = Date.now();
    const told = h.slack.messages.length;

    // Act
    await press(h, ANA, control(home, 'store_pause:30'));

    // Assess: paused until now + 30 min
    const after = Date.now();
    const store = await h.stack.deps.catalog.getStore();
    const until = Date.parse(store.pausedUntil!);
    expect(until).toBeGreaterThanOrEqual(before + 30 * 60_000);
    expect(until).toBeLessThanOrEqual(after + 30 * 60_000);
    expect(storeStateAt(store, new Date())).toEqual({ state: 'paused', pausedUntil: new Date(store.pausedUntil!) });
    const hhmm = clockIn(store.pausedUntil!, store.timezone);
    expect(saidInChannel(h, told)).toEqual([
      expect.stringMatching(new RegExp(`^⏸️ Ana paused orders for 30 min \\(until (today|tomorrow) at ${hhmm}\\)\\.$`)),
    ]);
    const [entry] = await h.stack.slack!.console.ctx.deps.controlLog.recent(5);
    expect(entry).toMatchObject({
      by: 'slack:Ana',
      userId: ANA,
      control: { kind: 'pause', minutes: 30 },
      outcome: 'done',
      after: { pausedUntil: store.pausedUntil },
    });
    expect(Math.abs(Date.parse(entry!.at) - before)).toBeLessThan(60_000);
    // The clicker's Home is redrawn: paused, with a resume button, and the change listed
    const paused = lastHome(h, ANA);
    expect(blockTexts(paused).join('\n')).toMatch(new RegExp(`orders paused until (today|tomorrow) at ${hhmm}`));
    expect(blockTexts(paused).join('\n')).toContain('Ana paused orders for 30 min');

    // Act: resume
    await press(h, BRUNO, control(paused, 'store_resume'));

    // Assess
    expect((await h.stack.deps.catalog.getStore()).pausedUntil).toBeUndefined();
    expect(saidInChannel(h, told).at(-1)).toBe('▶️ Bruno resumed orders.');
    const log = await h.stack.slack!.console.ctx.deps.controlLog.recent(5);
    expect(log.map((e) => [e.by, e.control.kind, e.outcome])).toEqual([
      ['slack:Bruno', 'resume', 'done'],
      ['slack:Ana', 'pause', 'done'],
    ]);
    expect(blockTexts(lastHome(h, BRUNO))).toContain(`🛎️ *${DEMO_NAME}* · taking orders`);
    expect(() => control(lastHome(h!, BRUNO), 'store_resume')).toThrow();
  });

  it('marks an item sold out, and two members adding ten at the same moment add twenty', async () => {
    // Prepare
    h = await startSlackHarness();
    const home = await openHome(h, ANA);
    const told = h.slack.messages.length;

    // Act
    await press(h, ANA, control(home, 'stock_sold_out', tracked.sku));
    const soldOut = (await h.stack.deps.catalog.listProducts()).find((p) => p.sku === tracked.sku)!.stock;
    const bruno = await openHome(h, BRUNO);
    await Promise.all([
      press(h, ANA, control(lastHome(h, ANA), 'stock_add', tracked.sku)),
      press(h, BRUNO, control(bruno, 'stock_add', tracked.sku)),
    ]);

    // Assess
    expect(soldOut).toBe(0);
    expect((await h.stack.deps.catalog.listProducts()).find((p) => p.sku === tracked.sku)!.stock).toBe(20);
    const said = saidInChannel(h, told);
    expect(said[0]).toBe(`🚫 Ana marked ${tracked.name.en} as sold out.`);
    expect(said.slice(1).sort()).toEqual([
      expect.stringMatching(new RegExp(`^📦 (Ana|Bruno) added 10 × ${tracked.name.en}: (10|20) in stock now\\.$`)),
      expect.stringMatching(new RegExp(`^📦 (Ana|Bruno) added 10 × ${tracked.name.en}: (10|20) in stock now\\.$`)),
    ]);
    expect(
      said
        .slice(1)
        .map((t) => /: (\d+) in stock/.exec(t)![1])
        .sort(),
    ).toEqual(['10', '20']);
    const log = await h.stack.slack!.console.ctx.deps.controlLog.recent(5);
    expect(
      log
        .filter((e) => e.control.kind === 'add-stock')
        .map((e) => e.by)
        .sort(),
    ).toEqual(['slack:Ana', 'slack:Bruno']);
    expect(log.find((e) => e.control.kind === 'stock')).toMatchObject({
      control: { kind: 'stock', sku: tracked.sku, stock: 0 },
      after: { stock: 0 },
    });
  });

  it('applies a click Slack delivered twice only once', async () => {
    // Prepare: the same click handed to the worker twice, past the queue's own de-duplication
    h = await startSlackHarness();
    const add = control(await openHome(h, ANA), 'stock_add', tracked.sku);
    const body = homeActionBody(ANA, { action_id: add.action_id, block_id: add.block_id, value: add.value! });
    const slackConsole = h.stack.slack!.console;

    // Act
    await slackConsole.handle({ kind: 'slack', body });
    await slackConsole.handle({ kind: 'slack', body });

    // Assess
    const stock = (await h.stack.deps.catalog.listProducts()).find((p) => p.sku === tracked.sku)!.stock;
    expect(stock).toBe(tracked.stock! + 10);
    expect(
      (await slackConsole.ctx.deps.controlLog.recent(5)).filter((e) => e.control.kind === 'add-stock'),
    ).toHaveLength(1);
  });

  it('sets the kitchen delay from the select, and clears it', async () => {
    // Prepare
    h = await startSlackHarness();
    const select = control(await openHome(h, ANA), 'store_delay');
    expect(select.options!.map((o) => o.value)).toEqual(['0', '10', '20', '30', '45', '60']);
    const told = h.slack.messages.length;

    // Act
    await press(h, ANA, select, '20');
    const set = await h.stack.deps.catalog.getStore();
    const redrawn = lastHome(h, ANA);
    await press(h, ANA, control(redrawn, 'store_delay'), '0');

    // Assess
    expect(set.delayMinutes).toBe(20);
    expect(blockTexts(redrawn)).toContain('⏱️ *Kitchen delay: +20 min* on every ETA');
    expect(control(redrawn, 'store_delay').initial_option?.value).toBe('20');
    expect((await h.stack.deps.catalog.getStore()).delayMinutes ?? 0).toBe(0);
    expect(saidInChannel(h, told)).toEqual([
      '⏱️ Ana set the kitchen delay to 20 min: every ETA includes it. No customer had to be told.',
      '⏱️ Ana cleared the kitchen delay.',
    ]);
    expect(blockTexts(lastHome(h, ANA))).toContain('⏱️ *Kitchen delay:* none');
  });

  it('refuses someone outside the support channel: nothing changes, and only their Home says why', async () => {
    // Prepare: Zé replays buttons from a member's Home
    h = await startSlackHarness();
    const home = await openHome(h, ANA);
    const told = h.slack.messages.length;

    // Act
    await press(h, OUTSIDER, control(home, 'store_pause:30'));
    await press(h, OUTSIDER, control(home, 'stock_sold_out', tracked.sku));
    await press(h, OUTSIDER, control(home, 'store_delay'), '60');

    // Assess
    const store = await h.stack.deps.catalog.getStore();
    expect(store.pausedUntil).toBeUndefined();
    expect(store.delayMinutes ?? 0).toBe(0);
    expect((await h.stack.deps.catalog.listProducts()).find((p) => p.sku === tracked.sku)!.stock).toBe(tracked.stock);
    expect(saidInChannel(h, told)).toEqual([]);
    expect(await h.stack.slack!.console.ctx.deps.controlLog.recent(5)).toEqual([]);
    const theirs = blockTexts(lastHome(h, OUTSIDER));
    expect(theirs).toEqual([
      'Support desk',
      "⚠️ Only members of the support channel can change the shop's state. Ask to be added to the channel.",
      'Orders and escalations are shown to members of the support channel only.',
    ]);
  });

  it('refuses "+10" on an item without a stock count, records the refusal, and tells the clicker in their Home', async () => {
    // Prepare: an untracked item (a forged click: the Home offers no button for it)
    const pkg: StorePackage = {
      ...DEMO_PACKAGE,
      products: DEMO_PACKAGE.products.map((p) => (p.sku === tracked.sku ? { ...p, stock: null } : p)),
    };
    h = await startSlackHarness({ catalog: pkg });
    const home = await openHome(h, ANA);
    expect(() => control(home, 'stock_add', tracked.sku)).toThrow();
    const told = h.slack.messages.length;

    // Act
    await press(h, ANA, {
      type: 'button',
      action_id: 'stock_add',
      value: tracked.sku,
      block_id: `stock:${tracked.sku}`,
    });

    // Assess
    expect((await h.stack.deps.catalog.listProducts()).find((p) => p.sku === tracked.sku)!.stock).toBeNull();
    expect(saidInChannel(h, told)).toEqual([]);
    expect((await h.stack.slack!.console.ctx.deps.controlLog.recent(1))[0]).toMatchObject({
      outcome: 'refused',
      code: 'INVALID_STORE_CONTROL',
    });
    expect(blockTexts(lastHome(h, ANA))[1]).toBe('⚠️ That store setting is not valid.');
  });

  it("lists another store's counted items under its own categories, leaves untracked ones out, and speaks Portuguese", async () => {
    // Prepare: Burger da Vila (FRIES untracked, BURGER-BACON 3 left), closed all week for this test
    const folder = loadStoreFolder(new URL('../../fixtures/stores/burger-da-vila/', import.meta.url).pathname);
    if (!folder.ok) throw new Error(JSON.stringify(folder.problems));
    const pkg: StorePackage = { ...folder.pkg, store: { ...folder.pkg.store, hours: {} } };
    h = await startSlackHarness({ catalog: pkg, staffLang: 'pt-BR' });

    // Act
    const home = await openHome(h, ANA);
    await press(h, ANA, control(home, 'store_pause:15'));

    // Assess
    const texts = blockTexts(home);
    expect(texts).toContain('🔒 *Burger da Vila* · fora do horário de funcionamento, sem abertura prevista');
    expect(texts).toContain('*X-Bacon* · Hambúrgueres · restam 3');
    expect(texts.join('\n')).not.toContain('Batata frita');
    expect(texts.join('\n')).not.toMatch(/Açaí|Pizza/);
    const tracked = pkg.products.filter((p) => p.stock !== null).length;
    expect(texts).toContain(`*Estoque* (${tracked} itens contados; os outros estão sempre disponíveis)`);
    expect(control(home, 'stock_sold_out', 'BURGER-BACON').text!.text).toBe('Esgotado');
    expect(saidInChannel(h).at(-1)).toMatch(
      /^⏸️ Ana pausou os pedidos por 15 min \(até (hoje|amanhã) às \d\d:\d\d\)\.$/,
    );
    // Resuming says the hours still keep the shop closed
    await press(h, ANA, control(lastHome(h, ANA), 'store_resume'));
    expect(saidInChannel(h).at(-1)).toBe('▶️ Ana retomou os pedidos. A loja está fora do horário agora.');
  });

  it('keeps the Home within 100 blocks for a store with 60 counted items, and says how many it left out', async () => {
    // Prepare
    const many = Array.from({ length: 60 }, (_, i) => ({
      ...tracked,
      sku: `ITEM-${String(i).padStart(2, '0')}`,
      name: { 'pt-BR': `Item ${i}`, en: `Item ${i}` },
      stock: 5,
    }));
    h = await startSlackHarness({ catalog: { ...DEMO_PACKAGE, products: many } });

    // Act
    const home = await openHome(h, ANA);

    // Assess
    expect(home.length).toBeLessThanOrEqual(100);
    const shown = home.filter((b) => b.block_id?.startsWith('stock:')).length;
    expect(shown).toBeGreaterThan(10);
    expect(blockTexts(home)).toContain(`…and ${60 - shown} more counted items (the Home tab holds 100 blocks)`);
    // The lists below keep their place
    expect(blockTexts(home)).toContain('*Orders in progress* (0)');
  });
});
