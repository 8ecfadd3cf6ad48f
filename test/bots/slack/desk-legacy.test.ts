// An escalation an older version left open (its desk and the open index in the chat-session store) keeps going after
// the upgrade: listed, swept, relayed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoChatSessionStore } from '../../../adapters/aws/dynamo-chat-session-store.ts';
import { documentClient } from '../../../adapters/aws/dynamo-order-repository.ts';
import { DynamoStaffDeskStore } from '../../../adapters/aws/dynamo-staff-desk-store.ts';
import { startLocalDynamo } from '../../../adapters/local/local-dynamodb.ts';
import { LOCAL_TABLE } from '../../../apps/local/local-stack.ts';
import { LEGACY_OPEN_INDEX_KEY, legacyDeskKey } from '../../../bots/slack/desk-legacy.ts';
import { startFakeSlackApi } from '../../support/fake-slack-api.ts';
import { startFakeTelegramApi } from '../../support/fake-telegram-api.ts';
import { ChatDriver, type Harness, newChatId } from '../telegram/bot-harness.ts';
import { onlyCard, reply, sentTo } from './handoff-helpers.ts';
import { ANA, type SlackHarness, startSlackHarness } from './slack-harness.ts';

const dirs: string[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The customer's chat driven through harness `h`'s webhook (the same chat id across a restart). */
const chatThrough = (h: SlackHarness, chatId: number) =>
  new ChatDriver(
    {
      stack: h.stack,
      fake: h.telegram,
      bot: {
        handleUpdate: async (u: Update) => {
          expect(await h.telegramUpdate(u)).toBe(200);
        },
      },
    } as unknown as Harness,
    chatId,
    { firstName: 'Lia' },
  );

/** Rewrites the folder's desk as versions before the desk store kept it: a session record, and the open index blob. */
async function asOlderVersionLeftIt(dataDir: string, conversationKey: string): Promise<void> {
  const dynamo = await startLocalDynamo({ path: join(dataDir, 'dynamodb') });
  try {
    const desk = (await new DynamoStaffDeskStore(dynamo.client, LOCAL_TABLE).get(conversationKey))!.desk;
    const sessions = new DynamoChatSessionStore(dynamo.client, LOCAL_TABLE);
    await sessions.put(legacyDeskKey(conversationKey), desk, 0);
    await sessions.put(LEGACY_OPEN_INDEX_KEY, { open: [{ conversationKey, since: desk.since }] }, 0);
    await documentClient(dynamo.client).send(
      new DeleteCommand({ TableName: LOCAL_TABLE, Key: { pk: `DESK#${conversationKey}`, sk: 'DESK' } }),
    );
  } finally {
    await dynamo.close();
  }
}

describe('an escalation left open by an older version', () => {
  it('is moved into the desk store at the next start: listed open, and a reply in its thread reaches the customer', async () => {
    // Prepare: a customer waits for a person; the stack stops; the folder is as an older version left it
    const dataDir = mkdtempSync(join(tmpdir(), 'da-desk-legacy-'));
    dirs.push(dataDir);
    const fakes = { slack: await startFakeSlackApi(), telegram: await startFakeTelegramApi() };
    cleanups.push(async () => {
      await fakes.slack.close();
      await fakes.telegram.close();
    });
    const chatId = newChatId();
    const first = await startSlackHarness({ dataDir, fakes });
    await chatThrough(first, chatId).text('quero falar com uma pessoa');
    const card = onlyCard(first, 'Lia');
    await first.close();
    await asOlderVersionLeftIt(dataDir, `telegram:${chatId}`);

    // Act
    const second = await startSlackHarness({ dataDir, fakes });
    cleanups.unshift(() => second.close());
    const chat = chatThrough(second, chatId);
    const desks = second.stack.slack!.console.ctx.deps.desks;
    const listed = await desks.listOpen();
    const mark = sentTo(chat).length;
    await reply(second, ANA, card, 'Oi Lia, aqui é a Ana.');

    // Assess: the same desk (its card's thread), listed, taken over by the reply, which reached the customer
    expect(listed.desks.map((d) => [d.conversationKey, d.ts, d.status])).toEqual([
      [`telegram:${chatId}`, card.ts, 'waiting'],
    ]);
    expect(sentTo(chat).slice(mark)).toEqual([expect.stringContaining('Ana'), 'Oi Lia, aqui é a Ana.']);
    expect((await desks.get(`telegram:${chatId}`))?.desk).toMatchObject({ status: 'taken', takenBy: { id: ANA } });
    expect((await second.stack.sessions.get(LEGACY_OPEN_INDEX_KEY))?.state).toEqual({ open: [] });
  });
});
