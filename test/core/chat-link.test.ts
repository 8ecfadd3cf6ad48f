// One-time chat links against the real DynamoDB adapter (dynalite): once per token, same chat idempotent, races,
// expiry, hashed at rest.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoOrderRepository, documentClient } from '../../adapters/aws/dynamo-order-repository.ts';
import { CHAT_LINK_TTL_MS, issueChatLink, linkChatToOrder } from '../../core/chat-link.ts';
import { newOrderId } from '../../core/order-ids.ts';
import type { Clock } from '../../core/ports.ts';
import { freshTable } from '../support/dynalite-table.ts';
import { makeOrder } from './order-fixture.ts';

let db: Awaited<ReturnType<typeof freshTable>>;
let orders: DynamoOrderRepository;
/** A clock the test moves by hand (a port, not a stand-in for project code). */
let now = new Date('2026-12-01T12:00:00.000Z');
const clock: Clock = { now: () => now };
const deps = () => ({ orders, clock });

beforeAll(async () => {
  db = await freshTable();
  orders = new DynamoOrderRepository(db.client, db.tableName);
});
afterAll(async () => {
  await db.close();
});

/** An order placed outside Telegram (no chat), and a link for it. */
async function orderWithLink() {
  const orderId = newOrderId();
  await orders.create(makeOrder({ orderId }));
  return { orderId, token: await issueChatLink(deps(), orderId) };
}
const chatOf = async (orderId: string) => (await orders.get(orderId))!.customer.telegramChatId;

describe('chat links', () => {
  it('links the first chat that opens the link, and the same chat again; any other chat is told it was used', async () => {
    // Prepare
    const { orderId, token } = await orderWithLink();

    // Act
    const first = await linkChatToOrder(deps(), token, 5001);
    const again = await linkChatToOrder(deps(), token, 5001);
    const other = await linkChatToOrder(deps(), token, 5002);

    // Assess
    expect(first).toMatchObject({ kind: 'linked', order: { orderId, customer: { telegramChatId: 5001 } } });
    expect(again).toMatchObject({ kind: 'linked', order: { orderId } });
    expect(other).toEqual({ kind: 'used' });
    expect(await chatOf(orderId)).toBe(5001);
  });

  it('links exactly one of 12 chats racing on one token', async () => {
    // Prepare
    const { orderId, token } = await orderWithLink();
    const chats = Array.from({ length: 12 }, (_, i) => 6000 + i);

    // Act
    const results = await Promise.all(chats.map((chat) => linkChatToOrder(deps(), token, chat)));

    // Assess
    const winners = chats.filter((_, i) => results[i]!.kind === 'linked');
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'used')).toHaveLength(11);
    expect(await chatOf(orderId)).toBe(winners[0]);
  });

  it('refuses a link past its 24 hours, but the chat that claimed it in time keeps it', async () => {
    // Prepare
    const late = await orderWithLink();
    const claimed = await orderWithLink();
    await linkChatToOrder(deps(), claimed.token, 7001);
    const issuedAt = now;

    // Act
    now = new Date(issuedAt.getTime() + CHAT_LINK_TTL_MS + 1);
    const expired = await linkChatToOrder(deps(), late.token, 7002);
    const reopened = await linkChatToOrder(deps(), claimed.token, 7001);
    const stranger = await linkChatToOrder(deps(), claimed.token, 7003);
    now = issuedAt;

    // Assess
    expect(expired).toEqual({ kind: 'expired' });
    expect(await chatOf(late.orderId)).toBeUndefined();
    expect(reopened).toMatchObject({ kind: 'linked' });
    expect(stranger).toEqual({ kind: 'used' });
  });

  it.each([
    ['a well-shaped token that was never issued', 'A'.repeat(43)],
    ['a short token', 'abc'],
    ['a token with characters a deep link cannot carry', `${'a'.repeat(42)}!`],
    ['an empty token', ''],
  ])('answers unknown to %s', async (_label, token) => {
    // Act / Assess
    expect(await linkChatToOrder(deps(), token, 8001)).toEqual({ kind: 'unknown' });
  });

  it('never moves an order already followed by a chat, even with a second valid link', async () => {
    // Prepare: an order placed in the bot (chat 9001), and a link issued for it anyway.
    const orderId = newOrderId();
    await orders.create(makeOrder({ orderId, customer: { ...makeOrder().customer, telegramChatId: 9001 } }));
    const token = await issueChatLink(deps(), orderId);

    // Act
    const result = await linkChatToOrder(deps(), token, 9002);

    // Assess
    expect(result).toEqual({ kind: 'used' });
    expect(await chatOf(orderId)).toBe(9001);
  });

  it('stores only the hash of a token, with the TTL attribute set to its expiry', async () => {
    // Prepare
    const { orderId, token } = await orderWithLink();

    // Act
    const items = (await documentClient(db.client).send(new ScanCommand({ TableName: db.tableName }))).Items ?? [];

    // Assess
    const link = items.find((i) => String(i.pk).startsWith('CHATLINK#') && i.orderId === orderId)!;
    expect(JSON.stringify(items)).not.toContain(token);
    expect(link.expiresAt).toBe(Math.ceil((now.getTime() + CHAT_LINK_TTL_MS) / 1000));
  });
});
