// The desk under load, through the real console, dynalite and a fake Slack: fifty customers escalating at once,
// duplicate and abandoned claims, order events in parallel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCatalogStore } from '../../../adapters/aws/dynamo-catalog-store.ts';
import { DynamoChatSessionStore } from '../../../adapters/aws/dynamo-chat-session-store.ts';
import { DynamoOrderRepository } from '../../../adapters/aws/dynamo-order-repository.ts';
import { DynamoStaffDeskStore } from '../../../adapters/aws/dynamo-staff-desk-store.ts';
import { DynamoStoreControlLog } from '../../../adapters/aws/dynamo-store-control-log.ts';
import { publishHome } from '../../../bots/slack/app-home.ts';
import { HANDOFF_TEXTS } from '../../../bots/slack/handoff-texts.ts';
import { createSlackConsole, type SlackConsole } from '../../../bots/slack/slack-console.ts';
import type { ChatSessionStore } from '../../../core/chat-session.ts';
import type { OrderDeps } from '../../../core/deps.ts';
import { ConcurrentUpdate } from '../../../core/errors.ts';
import { silentLogger } from '../../../core/logger.ts';
import type { OrderStatus } from '../../../core/order.ts';
import { systemClock } from '../../../core/ports.ts';
import type { Escalation, StaffDeskStore } from '../../../core/staff-desk.ts';
import { makeOrder } from '../../core/order-fixture.ts';
import { freshTable } from '../../support/dynalite-table.ts';
import {
  BOT_USER_ID,
  type FakeSlackApi,
  SLACK_TEST_TOKEN,
  SUPPORT_CHANNEL,
  startFakeSlackApi,
} from '../../support/fake-slack-api.ts';
import { blockTexts } from './order-feed-helpers.ts';

const t = HANDOFF_TEXTS.en;
const ANA = 'U0ANA0001';

let db: Awaited<ReturnType<typeof freshTable>>;
let slack: FakeSlackApi;
let slackConsole: SlackConsole;
let desks: DynamoStaffDeskStore;
let orders: DynamoOrderRepository;
/** Every optimistic write that lost a race, by store and key: what the old shared records paid in retries. */
const conflicts: string[] = [];

/** A store that counts its lost races (ConcurrentUpdate) and passes everything else through. */
function counting<S extends object>(name: string, store: S, keyOf: (args: unknown[]) => string): S {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== 'put' || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return await value.apply(target, args);
        } catch (err) {
          if (err instanceof ConcurrentUpdate) conflicts.push(`${name}:${keyOf(args)}`);
          throw err;
        }
      };
    },
  });
}

beforeAll(async () => {
  db = await freshTable();
  slack = await startFakeSlackApi();
  slack.members.set(SUPPORT_CHANNEL, [ANA, BOT_USER_ID]);
  slack.users.set(ANA, { name: 'Ana' });
  desks = new DynamoStaffDeskStore(db.client, db.tableName);
  orders = new DynamoOrderRepository(db.client, db.tableName);
  slackConsole = await createSlackConsole({
    token: SLACK_TEST_TOKEN,
    apiUrl: slack.apiUrl,
    supportChannel: SUPPORT_CHANNEL,
    staffLang: 'en',
    // No store applied: App Home says so above its lists.
    orders: {
      orders,
      catalog: new DynamoCatalogStore(db.client, db.tableName),
      clock: systemClock,
    } as unknown as OrderDeps,
    sessions: counting<ChatSessionStore>('sessions', new DynamoChatSessionStore(db.client, db.tableName), (a) =>
      String(a[0]),
    ),
    desks: counting<StaffDeskStore>('desks', desks, (a) => (a[0] as { conversationKey: string }).conversationKey),
    controlLog: new DynamoStoreControlLog(db.client, db.tableName),
    log: silentLogger,
  });
});
afterAll(async () => {
  await slack.close();
  await db.close();
});

const escalation = (key: string, name: string, at: string): Escalation => ({
  conversationKey: key,
  customerName: name,
  lang: 'pt-BR',
  reason: 'button',
  transcript: [{ role: 'user', text: `${name}: quero falar com uma pessoa` }],
  orders: [],
  at,
});
const cardsOf = (name: string) =>
  slack.messages.filter((m) => !m.thread_ts && m.text.startsWith(t.cardFallback(`“${name}”`)));
const transcriptsIn = (ts: string) =>
  slack.thread(SUPPORT_CHANNEL, ts).filter((m) => m.thread_ts && m.text.startsWith(t.transcriptTitle));

describe('the desk under load', () => {
  it('takes fifty escalations at once: every one lands, each once, with no write waiting for another', async () => {
    // Prepare
    conflicts.length = 0;
    const customers = Array.from({ length: 50 }, (_, i) => ({
      key: `telegram:${5000 + i}`,
      name: `Cliente ${String(i).padStart(2, '0')}`,
      at: new Date(Date.UTC(2026, 0, 6, 10, 0, i)).toISOString(),
    }));

    // Act: all handled concurrently, as fifty FIFO groups on fifty workers would
    const results = await Promise.allSettled(
      customers.map((c) => slackConsole.handle({ kind: 'escalate', escalation: escalation(c.key, c.name, c.at) })),
    );

    // Assess
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    for (const c of customers) {
      const cards = cardsOf(c.name);
      expect(cards, c.name).toHaveLength(1);
      expect(transcriptsIn(cards[0]!.ts), c.name).toHaveLength(1);
      expect((await desks.get(c.key))?.desk).toMatchObject({
        status: 'waiting',
        ts: cards[0]!.ts,
        transcriptPosted: true,
      });
    }
    expect(conflicts).toEqual([]);
    const open = await desks.listOpen();
    expect(open.desks.map((d) => d.conversationKey)).toEqual(customers.map((c) => c.key));

    // App Home lists the longest waiting first and counts them all
    await publishHome(slackConsole.ctx, ANA);
    const home = blockTexts((slack.callsOf('views.publish').at(-1)!.params.view as { blocks: unknown[] }).blocks);
    expect(home).toContain('*Customers waiting for a person* (50)');
    expect(home.filter((l) => l.startsWith('🟡'))).toHaveLength(15);
    expect(home.find((l) => l.startsWith('🟡'))).toContain('Cliente 00');
    expect(home).toContain('…and 35 more');
  });

  it('handles the same escalation delivered twice at once with one card: the second waits for the first claim', async () => {
    // Act
    const e = escalation('telegram:6001', 'Dupla Entrega', new Date().toISOString());
    await Promise.all([
      slackConsole.handle({ kind: 'escalate', escalation: e }),
      slackConsole.handle({ kind: 'escalate', escalation: e }),
    ]);

    // Assess
    const cards = cardsOf('Dupla Entrega');
    expect(cards).toHaveLength(1);
    expect(transcriptsIn(cards[0]!.ts)).toHaveLength(1);
  });

  it('claims again a desk whose opening handler died, once its claim has expired, and waits out one still held', async () => {
    // Prepare: two claims as a handler leaves them when it dies before posting the card
    const claim = (key: string, until: number) =>
      desks.put(
        {
          conversationKey: key,
          channel: SUPPORT_CHANNEL,
          ts: '',
          customerName: 'x',
          lang: 'pt-BR',
          since: '2026-01-06T09:00:00.000Z',
          status: 'opening',
          openingUntil: new Date(until).toISOString(),
        },
        0,
      );
    await claim('telegram:6002', Date.now() - 1_000);
    await claim('telegram:6003', Date.now() + 600);

    // Act
    const started = Date.now();
    await slackConsole.handle({
      kind: 'escalate',
      escalation: escalation('telegram:6002', 'Claim Vencido', new Date().toISOString()),
    });
    const expiredMs = Date.now() - started;
    await slackConsole.handle({
      kind: 'escalate',
      escalation: escalation('telegram:6003', 'Claim Vivo', new Date().toISOString()),
    });
    const heldMs = Date.now() - started - expiredMs;

    // Assess
    expect(cardsOf('Claim Vencido')).toHaveLength(1);
    expect(cardsOf('Claim Vivo')).toHaveLength(1);
    expect(expiredMs).toBeLessThan(500);
    expect(heldMs).toBeGreaterThanOrEqual(300);
    expect((await desks.get('telegram:6003'))?.desk).toMatchObject({ status: 'waiting', customerName: 'Claim Vivo' });
  });

  it('takes order events from many workers at once with no retries: no record is shared between orders', async () => {
    // Prepare: sixty orders in progress
    conflicts.length = 0;
    const ids = Array.from({ length: 60 }, (_, i) => `L${String(i).padStart(5, '0')}`);
    for (const [i, id] of ids.entries()) {
      const at = new Date(Date.UTC(2026, 0, 7, 10, 0, i)).toISOString();
      await orders.create(
        makeOrder({ orderId: id, status: 'CONFIRMED', createdAt: at, history: [{ status: 'CONFIRMED', at }] }),
      );
    }
    const event = (id: string, status: OrderStatus) =>
      slackConsole.handle({
        kind: 'order_event',
        payload: {
          event: status as 'CONFIRMED',
          orderId: id,
          customerId: 'c',
          status,
          lang: 'en',
          text: '',
          at: `${status}:${id}`,
          total: 1,
        },
      });

    // Act: ten at a time, the card first, then a stage each
    const inBatches = async (run: (id: string) => Promise<void>) => {
      for (let i = 0; i < ids.length; i += 10) await Promise.all(ids.slice(i, i + 10).map(run));
    };
    await inBatches((id) => event(id, 'CONFIRMED'));
    for (const id of ids) {
      const o = (await orders.get(id))!;
      await orders.save({
        ...o,
        status: 'PREPARING',
        history: [...o.history, { status: 'PREPARING', at: new Date().toISOString() }],
      });
    }
    await inBatches((id) => event(id, 'PREPARING'));

    // Assess
    expect(conflicts).toEqual([]);
    for (const id of ids)
      expect(
        slack.messages.filter((m) => !m.thread_ts && m.text.includes(id)),
        id,
      ).toHaveLength(1);
    expect((await orders.listByStatus('PREPARING', 100)).orders.map((o) => o.orderId)).toEqual(ids);
    expect((await orders.listByStatus('CONFIRMED', 100)).total).toBe(0);
  });
});
