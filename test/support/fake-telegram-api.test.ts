// The fake Telegram Bot API driven by the real grammY client: results, real error texts, failure injection, webhook and
// long polling.
import { Bot, GrammyError, InputFile } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_INFO, type FakeTelegramApi, MESSAGE_NOT_MODIFIED, startFakeTelegramApi } from './fake-telegram-api.ts';
import {
  callbackQuery,
  command,
  contactMessage,
  locationMessage,
  myChatMember,
  textMessage,
} from './telegram-updates.ts';

const CUSTOMER = 4242;
const GROUP = -4001;
let fake: FakeTelegramApi;
let bot: Bot;

beforeEach(async () => {
  fake = await startFakeTelegramApi();
  bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot }, botInfo: BOT_INFO });
});
afterEach(async () => {
  await bot.stop();
  await fake.close();
});

/** The GrammyError a call rejects with (fails the test if it resolves or throws something else). */
async function grammyError(call: Promise<unknown>): Promise<GrammyError> {
  const outcome = await call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  expect(outcome).toHaveProperty('error');
  expect((outcome as { error: unknown }).error).toBeInstanceOf(GrammyError);
  return (outcome as { error: GrammyError }).error;
}

describe('fake Telegram API: messages', () => {
  it('sendMessage returns a realistic message with per-chat increasing ids, and records the call', async () => {
    // Prepare
    const keyboard = { inline_keyboard: [[{ text: 'Confirmar', callback_data: 'confirm:ORDER1' }]] };
    // Act
    const first = await bot.api.sendMessage(CUSTOMER, 'Olá!', { reply_markup: keyboard });
    const second = await bot.api.sendMessage(CUSTOMER, 'Tudo bem?');
    const inGroup = await bot.api.sendMessage(GROUP, 'Novo pedido');
    // Assess
    expect(first).toMatchObject({
      message_id: 1,
      text: 'Olá!',
      chat: { id: CUSTOMER, type: 'private' },
      from: { id: BOT_INFO.id, is_bot: true },
      reply_markup: keyboard,
    });
    expect(first.date).toBeGreaterThan(1_700_000_000);
    expect(second.message_id).toBe(2);
    expect(inGroup).toMatchObject({ message_id: 1, chat: { id: GROUP, type: 'group' } });
    expect(fake.chat(CUSTOMER).map((c) => c.params.text)).toEqual(['Olá!', 'Tudo bem?']);
    expect(fake.calls[0]).toMatchObject({
      method: 'sendMessage',
      params: { chat_id: CUSTOMER, text: 'Olá!' },
      result: first,
    });
  });

  it('an identical editMessageText fails like Telegram; a changed one returns the edited message', async () => {
    // Prepare
    const sent = await bot.api.sendMessage(CUSTOMER, 'Preparando…');
    // Act
    const same = await grammyError(bot.api.editMessageText(CUSTOMER, sent.message_id, 'Preparando…'));
    const edited = await bot.api.editMessageText(CUSTOMER, sent.message_id, 'Saiu para entrega');
    const unknown = await grammyError(bot.api.editMessageText(CUSTOMER, 999, 'x'));
    // Assess
    expect(same.error_code).toBe(400);
    expect(same.description).toContain('message is not modified');
    expect(same.description).toBe(MESSAGE_NOT_MODIFIED);
    expect(edited).toMatchObject({ message_id: sent.message_id, text: 'Saiu para entrega' });
    expect(edited).toHaveProperty('edit_date');
    expect(unknown.description).toBe('Bad Request: message to edit not found');
  });

  it('editMessageReplyMarkup and deleteMessage act on stored messages', async () => {
    // Prepare
    const keyboard = { inline_keyboard: [[{ text: 'Cancelar', callback_data: 'cancel' }]] };
    const sent = await bot.api.sendMessage(CUSTOMER, 'Pedido #1', { reply_markup: keyboard });
    // Act
    const sameMarkup = await grammyError(
      bot.api.editMessageReplyMarkup(CUSTOMER, sent.message_id, { reply_markup: keyboard }),
    );
    const cleared = await bot.api.editMessageReplyMarkup(CUSTOMER, sent.message_id);
    const deleted = await bot.api.deleteMessage(CUSTOMER, sent.message_id);
    const again = await grammyError(bot.api.deleteMessage(CUSTOMER, sent.message_id));
    // Assess
    expect(sameMarkup.description).toContain('message is not modified');
    expect(cleared).not.toHaveProperty('reply_markup');
    expect(deleted).toBe(true);
    expect(again.description).toBe('Bad Request: message to delete not found');
  });

  it('enforces the 4096 UTF-16 unit limit and refuses empty text', async () => {
    // Prepare
    const emoji4098 = '😀'.repeat(2049); // 2049 code points, 4098 UTF-16 units
    // Act
    const atLimit = await bot.api.sendMessage(CUSTOMER, 'a'.repeat(4096));
    const tooLong = await grammyError(bot.api.sendMessage(CUSTOMER, emoji4098));
    const empty = await grammyError(bot.api.sendMessage(CUSTOMER, '  '));
    // Assess
    expect(atLimit.text).toHaveLength(4096);
    expect(tooLong.description).toBe('Bad Request: message is too long');
    expect(empty.description).toBe('Bad Request: message text is empty');
  });

  it('MarkdownV2: parses valid markup into text + entities and refuses unescaped reserved characters', async () => {
    // Act
    const ok = await bot.api.sendMessage(CUSTOMER, '*Pedido* \\#42 pronto\\! Total: R$ 10\\,50', {
      parse_mode: 'MarkdownV2',
    });
    const dot = await grammyError(bot.api.sendMessage(CUSTOMER, 'Total: R$ 10.50', { parse_mode: 'MarkdownV2' }));
    const open = await grammyError(bot.api.sendMessage(CUSTOMER, 'Pedido *pronto', { parse_mode: 'MarkdownV2' }));
    // Assess
    expect(ok.text).toBe('Pedido #42 pronto! Total: R$ 10,50');
    expect(ok.entities).toEqual([{ type: 'bold', offset: 0, length: 6 }]);
    expect(dot.description).toBe(
      "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
    );
    expect(open.description).toBe("Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 7");
  });

  it('sendMessageDraft works in private chats only; chat actions, callbacks, locations and commands answer', async () => {
    // Act
    const draft = await bot.api.sendMessageDraft(CUSTOMER, 1, 'Pensando');
    const groupDraft = await grammyError(bot.api.sendMessageDraft(GROUP, 1, 'Pensando'));
    const typing = await bot.api.sendChatAction(CUSTOMER, 'typing');
    const answered = await bot.api.answerCallbackQuery('123');
    const location = await bot.api.sendLocation(CUSTOMER, -23.5505, -46.6333);
    const commands = await bot.api.setMyCommands([{ command: 'start', description: 'Começar' }]);
    const badCommand = await grammyError(bot.api.setMyCommands([{ command: '/Pedido', description: 'x' }]));
    // Assess
    expect(draft).toBe(true);
    expect(groupDraft.error_code).toBe(400);
    expect([typing, answered, commands]).toEqual([true, true, true]);
    expect(location).toMatchObject({ location: { latitude: -23.5505, longitude: -46.6333 }, chat: { id: CUSTOMER } });
    expect(badCommand.description).toBe('Bad Request: BOT_COMMAND_INVALID');
  });
});

describe('fake Telegram API: protocol', () => {
  it('failNext answers the next call with the injected error, then recovers', async () => {
    // Prepare
    fake.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    // Act
    const limited = await grammyError(bot.api.sendMessage(CUSTOMER, 'oi'));
    const next = await bot.api.sendMessage(CUSTOMER, 'oi');
    // Assess
    expect(limited.error_code).toBe(429);
    expect(limited.parameters.retry_after).toBe(1);
    expect(next.message_id).toBe(1);
    expect(fake.calls.map((c) => c.error?.error_code ?? 'ok')).toEqual([429, 'ok']);
  });

  it('a wrong token gets 401 Unauthorized (over HTTP too)', async () => {
    // Prepare
    const intruder = new Bot('123:wrong', { client: { apiRoot: fake.apiRoot }, botInfo: BOT_INFO });
    // Act
    const error = await grammyError(intruder.api.sendMessage(CUSTOMER, 'oi'));
    const raw = await fetch(`${fake.apiRoot}/bot123:wrong/getMe`);
    // Assess
    expect(error.error_code).toBe(401);
    expect(error.description).toBe('Unauthorized');
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
  });

  it('unknown methods get 404; form bodies and the test environment path are understood', async () => {
    // Act
    const unknown = await fetch(`${fake.apiRoot}/bot${fake.token}/sendTelepathy`, { method: 'POST' });
    const form = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, {
      method: 'POST',
      body: new URLSearchParams({ chat_id: String(CUSTOMER), text: '10' }),
    });
    const testEnv = new Bot(fake.token, { client: { apiRoot: fake.apiRoot, environment: 'test' }, botInfo: BOT_INFO });
    const viaTestPath = await testEnv.api.sendMessage(CUSTOMER, 'teste');
    // Assess
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
    expect(((await form.json()) as { result: { text: string } }).result.text).toBe('10');
    expect(fake.chat(CUSTOMER)[0]!.params).toEqual({ chat_id: CUSTOMER, text: '10' });
    expect(viaTestPath.message_id).toBe(2);
  });

  it('webhooks: HTTPS only; a certificate upload arrives as multipart; getUpdates conflicts while a webhook is set', async () => {
    // Act
    const http = await grammyError(bot.api.setWebhook('http://example.com/hook'));
    await bot.api.setWebhook('https://example.com/hook', {
      secret_token: 's3cret',
      allowed_updates: ['message', 'callback_query'],
      certificate: new InputFile(Buffer.from('-----BEGIN CERTIFICATE-----'), 'cert.pem'),
    });
    const info = await bot.api.getWebhookInfo();
    const conflict = await grammyError(bot.api.getUpdates());
    await bot.api.deleteWebhook();
    const afterDelete = await bot.api.getWebhookInfo();
    // Assess
    expect(http.description).toBe('Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
    expect(info).toEqual({
      url: 'https://example.com/hook',
      has_custom_certificate: true,
      pending_update_count: 0,
      allowed_updates: ['message', 'callback_query'],
    });
    const setCall = fake.calls.find((c) => c.method === 'setWebhook' && !c.error)!;
    expect(setCall.params).toMatchObject({
      secret_token: 's3cret',
      allowed_updates: ['message', 'callback_query'],
      certificate: { filename: 'cert.pem', size: 27 },
    });
    expect(conflict.error_code).toBe(409);
    expect(afterDelete.url).toBe('');
  });

  it('waitFor resolves on a past or future call and rejects after its timeout', async () => {
    // Prepare
    await bot.api.sendMessage(CUSTOMER, 'antes');
    // Act
    const past = await fake.waitFor((c) => c.params.text === 'antes');
    const future = fake.waitFor((c) => c.params.text === 'depois');
    await bot.api.sendMessage(CUSTOMER, 'depois');
    const never = fake.waitFor((c) => c.method === 'sendPhoto', 50);
    // Assess
    expect(past.method).toBe('sendMessage');
    expect((await future).result).toMatchObject({ text: 'depois' });
    await expect(never).rejects.toThrow(/no matching call within 50 ms/);
  });
});

describe('fake Telegram API: updates into grammY', () => {
  it('handleUpdate with a text message makes the handler reply to that chat', async () => {
    // Prepare
    bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    // Act
    await bot.handleUpdate(textMessage(CUSTOMER, 'quero uma pizza'));
    // Assess
    expect(fake.chat(CUSTOMER).map((c) => [c.method, c.params.text])).toEqual([
      ['sendMessage', 'echo: quero uma pizza'],
    ]);
  });

  it('builder shapes match grammY filters: command, own contact, location, callback query, blocked bot', async () => {
    // Prepare
    const seen: string[] = [];
    bot.command('start', (ctx) => {
      seen.push(`start:${ctx.match}`);
    });
    bot.on('message:contact', (ctx) => {
      seen.push(`contact:${ctx.message.contact.user_id === ctx.from.id}`);
    });
    bot.on('message:location', (ctx) => {
      seen.push(`location:${ctx.message.location.latitude}`);
    });
    bot.on('callback_query:data', async (ctx) => {
      seen.push(`callback:${ctx.callbackQuery.data}:${ctx.callbackQuery.message?.message_id}`);
      await ctx.answerCallbackQuery();
    });
    bot.on('my_chat_member', (ctx) => {
      seen.push(`member:${ctx.myChatMember.new_chat_member.status}`);
    });
    // Act
    await bot.handleUpdate(command(CUSTOMER, '/start', { args: 'promo10' }));
    await bot.handleUpdate(contactMessage(CUSTOMER, '+5511999998888'));
    await bot.handleUpdate(locationMessage(CUSTOMER, -23.55, -46.63));
    await bot.handleUpdate(callbackQuery(CUSTOMER, 'confirm:ORDER1', { messageId: 7 }));
    await bot.handleUpdate(myChatMember(CUSTOMER));
    // Assess
    expect(seen).toEqual([
      'start:promo10',
      'contact:true',
      'location:-23.55',
      'callback:confirm:ORDER1:7',
      'member:kicked',
    ]);
    expect(fake.calls.map((c) => c.method)).toEqual(['answerCallbackQuery']);
  });

  it('long polling: bot.start() receives queued and later updates, replies, and stops quickly with the offset confirmed', async () => {
    // Prepare
    bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    fake.enqueueUpdate(textMessage(CUSTOMER, 'primeira'));
    const firstReply = fake.waitFor((c) => c.params.text === 'echo: primeira');
    // Act
    const running = bot.start({ drop_pending_updates: false });
    await firstReply;
    await new Promise((resolve) => setTimeout(resolve, 100)); // grammY is now inside its next (long) getUpdates
    fake.enqueueUpdate(textMessage(CUSTOMER, 'segunda'));
    await fake.waitFor((c) => c.params.text === 'echo: segunda', 500); // well under the 1 s poll cap: the enqueue woke the waiting poll
    const stopping = Date.now();
    await bot.stop();
    await running;
    const stopMs = Date.now() - stopping;
    // Assess
    expect(fake.chat(CUSTOMER).map((c) => c.params.text)).toEqual(['echo: primeira', 'echo: segunda']);
    expect(stopMs).toBeLessThan(1000);
    expect((await bot.api.getWebhookInfo()).pending_update_count).toBe(0);
    expect(fake.calls.find((c) => c.method === 'deleteWebhook')?.params).toEqual({ drop_pending_updates: false });
    expect(fake.calls.find((c) => c.method === 'getUpdates')?.params).toMatchObject({
      offset: 1,
      timeout: 30,
      allowed_updates: [],
    });
  });
});
