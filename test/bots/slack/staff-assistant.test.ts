// The assistant for staff, end to end: signed app_mention events through the local stack's Slack edge and worker, real
// orders, the real Bedrock client against the Bedrock stand-in, answers streamed into the thread of the fake Slack.
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BedrockAnswerModel } from '../../../adapters/aws/bedrock-answer-model.ts';
import { type ThreadSubject, threadSubjectKey, updateRecord } from '../../../bots/slack/slack-records.ts';
import { mentionQuestion, slackToPlain } from '../../../bots/slack/staff-assistant.ts';
import { STAFF_ASSISTANT_TEXTS } from '../../../bots/slack/staff-assistant-texts.ts';
import { type ChatState, INITIAL_CART_REV } from '../../../bots/telegram/session.ts';
import { formatMoney } from '../../../core/lang.ts';
import { type Logger, lineLogger } from '../../../core/logger.ts';
import type { Order } from '../../../core/order.ts';
import { orderBody, placeOrder, placeOrderFromChat, waitForAwaitingStaff } from '../../support/api-client.ts';
import { type FakeBedrock, startFakeBedrock } from '../../support/fake-bedrock.ts';
import { BOT_USER_ID, SUPPORT_CHANNEL, TEAM_ID } from '../../support/fake-slack-api.ts';
import { eventRequest, threadReply } from '../../support/slack-requests.ts';
import { ANA, BRUNO, OUTSIDER, type SlackHarness, startSlackHarness } from './slack-harness.ts';

const MODEL_ID = 'amazon.nova-lite-v1:0';

/** An app_mention of the assistant by `user` in the thread `threadTs` of the support channel. */
const mention = (user: string, threadTs: string | undefined, question: string, channel = SUPPORT_CHANNEL) => {
  const reply = threadReply(user, threadTs ?? '', `<@${BOT_USER_ID}> ${question}`, channel);
  if (!threadTs) delete reply.thread_ts;
  return eventRequest({ ...reply, type: 'app_mention' });
};

/** A real order, placed over HTTP and confirmed by the workflow (paid, waiting for staff). */
/** A confirmed order, placed over HTTP, or from a Telegram chat (`fromChat`) as the bot places it. */
async function confirmedOrder(
  h: SlackHarness,
  customer: Record<string, unknown> = { name: 'Marina Duarte', phone: '+5521988887777' },
  fromChat?: number,
): Promise<Order> {
  const body = orderBody({
    customer,
    items: [
      { sku: 'PIZZA-CALA', qty: 2 },
      { sku: 'GUARANA-350', qty: 1 },
    ],
    payment: { method: 'pix' },
  });
  const placed =
    fromChat === undefined ? await placeOrder(h.stack, body) : await placeOrderFromChat(h.stack, body, fromChat);
  await waitForAwaitingStaff(h.stack, placed.orderId);
  return (await h.stack.deps.orders.get(placed.orderId))!;
}

/** An order's thread as the order feed leaves it: a card in the support channel, recorded as the thread of that order. */
async function orderThread(h: SlackHarness, order: Order): Promise<string> {
  const { client, deps } = h.stack.slack!.console.ctx;
  const card = await client.chat.postMessage({
    channel: SUPPORT_CHANNEL,
    text: `New order ${order.orderId}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*New order ${order.orderId}* · ${order.customer.name}` } },
    ],
  });
  await updateRecord<ThreadSubject>(deps.sessions, threadSubjectKey(SUPPORT_CHANNEL, card.ts!), () => ({
    orderId: order.orderId,
  }));
  return card.ts!;
}

/** A staff message in a thread, as Slack stores it (the fake keeps it for conversations.replies). */
let said = 0;
function staffSays(h: SlackHarness, user: string, threadTs: string, text: string): void {
  const ts = `${Math.floor(Date.now() / 1000)}.9${String(++said).padStart(5, '0')}`; // apart from slack-requests' ts
  h.slack.messages.push({ channel: SUPPORT_CHANNEL, ts, thread_ts: threadTs, text, user, edits: 0 });
}

/** The log lines of the console while `fn` runs. */
async function logged(
  h: SlackHarness,
  fn: () => Promise<unknown>,
): Promise<{ msg: string; fields?: Record<string, unknown> }[]> {
  const deps = h.stack.slack!.console.ctx.deps;
  const original = deps.log;
  const lines: { msg: string; fields?: Record<string, unknown> }[] = [];
  deps.log = lineLogger((level, msg, fields) => {
    lines.push({ msg, fields });
    original[level](msg, fields);
  }) satisfies Logger;
  try {
    await fn();
  } finally {
    deps.log = original;
  }
  return lines;
}

const answersIn = (h: SlackHarness, threadTs: string) =>
  h.slack
    .thread(SUPPORT_CHANNEL, threadTs)
    .slice(1)
    .filter((m) => m.user === BOT_USER_ID);
const callsIn = (h: SlackHarness, threadTs: string, method: string) =>
  h.slack.calls.filter((c) => c.method === method && c.params.thread_ts === threadTs);

describe('Staff assistant (English), no model configured: a local summary', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ staffLang: 'en' });
  });
  afterAll(async () => {
    await h.close();
  });

  it("answers 'what did the customer order?' in an order's thread with the order's facts, offline, and nothing else", async () => {
    // Prepare
    const order = await confirmedOrder(h);
    const root = await orderThread(h, order);
    staffSays(h, BRUNO, root, 'Customer called: no onions on the pizzas, please');
    // Act
    const res = await h.send(mention(ANA, root, 'what did the customer order?'));
    // Assess: said to be offline; the items, total, status in words and address; no thread dump, no phone, no codes
    expect(res.status).toBe(200);
    const answers = answersIn(h, root);
    expect(answers).toHaveLength(1);
    const text = answers[0]!.text;
    expect(text.startsWith(STAFF_ASSISTANT_TEXTS.en.local.header)).toBe(true);
    for (const line of order.items) expect(text).toContain(`${line.qty} × ${line.name}`);
    expect(text).toContain(STAFF_ASSISTANT_TEXTS.en.offline.orderNow(order.orderId, 'confirmed'));
    expect(text).toContain(formatMoney(order.total, 'en'));
    expect(text).toContain(order.address.text);
    expect(text).not.toMatch(/CONFIRMED|no onions/);
    expect(text).not.toContain(order.customer.phone);
    expect(answers[0]!.streaming ?? false).toBe(false);
    expect(h.slack.calls.some((c) => c.method === 'reactions.add' && c.params.name === 'eyes')).toBe(true);
  });

  it('refuses a mention from someone outside the support channel: an ephemeral note, nothing read, nothing posted', async () => {
    // Prepare
    const order = await confirmedOrder(h, { name: 'Rui Prado', phone: '+5521955554444' });
    const root = await orderThread(h, order);
    const repliesBefore = h.slack.callsOf('conversations.replies').length;
    // Act
    await h.send(mention(OUTSIDER, root, 'what did the customer order?'));
    // Assess
    const ephemeral = h.slack.callsOf('chat.postEphemeral').at(-1)!;
    expect(ephemeral.params).toMatchObject({
      user: OUTSIDER,
      channel: SUPPORT_CHANNEL,
      text: STAFF_ASSISTANT_TEXTS.en.notMember,
    });
    expect(h.slack.callsOf('conversations.replies')).toHaveLength(repliesBefore);
    expect(h.slack.thread(SUPPORT_CHANNEL, root)).toHaveLength(1);
    expect(callsIn(h, root, 'chat.startStream')).toEqual([]);
  });

  it('a mention outside a thread gets a hint, not an answer', async () => {
    // Act
    await h.send(mention(ANA, undefined, 'summarize'));
    // Assess
    expect(h.slack.callsOf('chat.postEphemeral').at(-1)!.params).toMatchObject({
      user: ANA,
      text: STAFF_ASSISTANT_TEXTS.en.onlyInThread,
    });
  });
});

describe('Staff assistant with a model (Bedrock stand-in)', () => {
  let h: SlackHarness;
  let bedrock: FakeBedrock;
  let client: BedrockRuntimeClient;
  beforeAll(async () => {
    h = await startSlackHarness({ staffLang: 'pt-BR' });
    bedrock = await startFakeBedrock();
    client = new BedrockRuntimeClient({
      endpoint: bedrock.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    h.stack.slack!.console.ctx.deps.model = new BedrockAnswerModel(client, MODEL_ID);
  });
  afterAll(async () => {
    client.destroy();
    await bedrock.close();
    await h.close();
  });

  it("streams the model's answer into the order's thread (startStream, appendStream, stopStream) from a staff-side prompt", async () => {
    // Prepare: a thread with a staff note; the model answers in 30-character deltas, 250 ms apart (about 2 s)
    const order = await confirmedOrder(h, { name: 'Joana Reis', phone: '+5521933332222' });
    const root = await orderThread(h, order);
    staffSays(h, BRUNO, root, 'A cliente pediu pra tocar o interfone do bloco B &amp; não buzinar');
    const names = order.items.map((l) => `${l.qty} × ${l.name}`);
    const answer =
      `O pedido ${order.orderId} tem ${names.join(' e ')}, total ${'R$ 124,70'}. ` +
      'Pagamento no Pix, já confirmado. A cliente pediu para tocarem o interfone do bloco B e não buzinarem; nada mais em aberto.';
    const deltas = answer.match(/.{1,30}/gs)!;
    bedrock.script(MODEL_ID, { deltas, delayMs: 250, usage: { inputTokens: 1234, outputTokens: 56 } });
    // Act
    const lines = await logged(h, () => h.send(mention(ANA, root, 'resuma')));
    // Assess: the stream
    const answers = answersIn(h, root);
    expect(answers.map((m) => m.text)).toEqual([answer]);
    expect(answers[0]!.streaming).toBe(false);
    const start = callsIn(h, root, 'chat.startStream');
    expect(start).toHaveLength(1);
    expect(start[0]!.params).toMatchObject({ recipient_user_id: ANA, recipient_team_id: TEAM_ID });
    const ts = answers[0]!.ts;
    expect(
      h.slack.calls.filter((c) => c.method === 'chat.appendStream' && c.params.ts === ts).length,
    ).toBeGreaterThanOrEqual(1);
    expect(h.slack.calls.filter((c) => c.method === 'chat.stopStream' && c.params.ts === ts)).toHaveLength(1);
    expect(h.slack.calls.some((c) => c.error)).toBe(false);
    // Assess: the prompt (staff role, the rules, the order facts with the items, the thread with its text unescaped)
    const req = bedrock.requests.at(-1)!;
    const system: string = req.body.system[0].text;
    expect(system).toContain('equipe de suporte');
    expect(system).toContain('Nunca invente');
    for (const n of names) expect(system).toContain(n);
    expect(system).toContain('tocar o interfone do bloco B & não buzinar');
    expect(system).toContain('"from":"Bruno"');
    expect(system).not.toContain(order.customer.phone);
    expect(req.body.messages).toEqual([{ role: 'user', content: [{ text: 'resuma' }] }]);
    // Assess: one usage line with the model's token counts
    const usage = lines.filter((l) => l.msg === 'answer usage');
    expect(usage).toHaveLength(1);
    expect(usage[0]!.fields).toMatchObject({
      model: `bedrock:${MODEL_ID}`,
      inputTokens: 1234,
      outputTokens: 56,
      route: 'staff',
    });
  });

  it('in a workspace without native streaming, the answer is posted and then edited (chat.update), ending exact', async () => {
    // Prepare
    const order = await confirmedOrder(h, { name: 'Téo Alves', phone: '+5521944443333' });
    const root = await orderThread(h, order);
    const answer = `Pedido ${order.orderId}: ${order.items.map((l) => `${l.qty} × ${l.name}`).join(', ')}. Pago no Pix; aguardando a cozinha começar o preparo.`;
    bedrock.script(MODEL_ID, { deltas: answer.match(/.{1,25}/gs)!, delayMs: 250 });
    h.slack.streaming = false;
    try {
      // Act
      await h.send(mention(ANA, root, 'qual é o status?'));
    } finally {
      h.slack.streaming = true;
    }
    // Assess
    const answers = answersIn(h, root);
    expect(answers.map((m) => m.text)).toEqual([answer]);
    expect(
      h.slack.calls.filter((c) => c.method === 'chat.startStream' && c.params.thread_ts === root).map((c) => c.error),
    ).toEqual(['feature_not_enabled']);
    expect(callsIn(h, root, 'chat.postMessage').filter((c) => !c.error)).toHaveLength(1);
    const edits = h.slack.calls.filter((c) => c.method === 'chat.update' && c.params.ts === answers[0]!.ts);
    expect(edits.length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < edits.length; i++) expect(edits[i]!.at - edits[i - 1]!.at).toBeGreaterThanOrEqual(1_000);
  });

  it("in a customer conversation's thread, the facts are the customer's own orders from that chat", async () => {
    // Prepare: an order placed from Telegram chat 7001, the chat's session as the bot keeps it, and an escalation
    // thread
    const chatId = 7001;
    const order = await confirmedOrder(h, { name: 'Caio Lemos', phone: '+5521911110000' }, chatId);
    const other = await confirmedOrder(h, { name: 'Caio Lemos', phone: '+5521911110000' }, 7002);
    const { client: slack, deps } = h.stack.slack!.console.ctx;
    const state: ChatState = {
      schema: 1,
      cart: { lines: [], rev: INITIAL_CART_REV },
      orderIds: [order.orderId, other.orderId],
    };
    await deps.sessions.put(`telegram:${chatId}`, state, 0);
    const card = await slack.chat.postMessage({
      channel: SUPPORT_CHANNEL,
      text: 'Caio Lemos wants to talk to a person',
    });
    const key = `telegram:${chatId}`;
    await updateRecord<ThreadSubject>(deps.sessions, threadSubjectKey(SUPPORT_CHANNEL, card.ts!), () => ({
      conversationKey: key,
    }));
    await deps.desks.put(
      {
        conversationKey: key,
        channel: SUPPORT_CHANNEL,
        ts: card.ts!,
        customerName: 'Caio Lemos',
        lang: 'pt-BR',
        since: new Date().toISOString(),
        status: 'taken',
        takenBy: { id: ANA, name: 'Ana' },
      },
      0,
    );
    bedrock.script(MODEL_ID, { deltas: [`O Caio pediu ${order.orderId}.`] });
    // Act
    await h.send(mention(BRUNO, card.ts!, 'o que o cliente pediu?'));
    // Assess
    const system: string = bedrock.requests.at(-1)!.body.system[0].text;
    expect(system).toContain('Conversa com “Caio Lemos” (telegram:7001): assumida por Ana');
    expect(system).toContain(`Pedido ${order.orderId}`);
    expect(system).not.toContain(other.orderId); // placed from another chat: not this conversation's
    expect(answersIn(h, card.ts!).map((m) => m.text)).toEqual([`O Caio pediu ${order.orderId}.`]);
    // The phone reaches the model only when it is asked for, and the rules say to answer the question asked
    expect(system).not.toContain('+5521911110000');
    expect(system).toContain('Responda a pergunta que foi feita');
    expect(system).toContain('OUT_FOR_DELIVERY');
    bedrock.script(MODEL_ID, { deltas: ['+5521911110000'] });
    await h.send(mention(BRUNO, card.ts!, 'qual o telefone dela?'));
    expect(bedrock.requests.at(-1)!.body.system[0].text).toContain('Telefone do cliente: +5521911110000');
  });

  it('a model that fails before any text: the thread is told, in the staff language', async () => {
    // Prepare
    const order = await confirmedOrder(h, { name: 'Lia Motta', phone: '+5521922221111' });
    const root = await orderThread(h, order);
    bedrock.script(MODEL_ID, {
      deltas: [],
      httpError: { status: 400, type: 'ValidationException', message: 'bad request' },
    });
    // Act
    await h.send(mention(ANA, root, 'resuma'));
    // Assess
    expect(answersIn(h, root).map((m) => m.text)).toEqual([STAFF_ASSISTANT_TEXTS['pt-BR'].failed]);
  });
});

describe('Staff assistant: reading Slack text', () => {
  it('turns mentions, broadcasts, links and escapes into plain text, so the model never sees a token that pings', () => {
    const names = new Map([['U0ANA0001', 'Ana']]);
    expect(
      slackToPlain(
        '<@U0ANA0001> <!here> <!channel> see <https://x.test/a|the card> &lt;b&gt; &amp; <#C0SUPPORT|support>',
        names,
      ),
    ).toBe('@Ana @here @channel see the card (https://x.test/a) <b> & #support');
    expect(mentionQuestion(`<@${BOT_USER_ID}>   what did the customer order? `, BOT_USER_ID)).toBe(
      'what did the customer order?',
    );
    expect(mentionQuestion(`<@${BOT_USER_ID}>`, BOT_USER_ID)).toBe('');
  });

  it('has the same texts in English and Portuguese', () => {
    const shape = (o: unknown): unknown =>
      o && typeof o === 'object' && !Array.isArray(o)
        ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, shape(v)]))
        : Array.isArray(o)
          ? o.length
          : typeof o;
    expect(shape(STAFF_ASSISTANT_TEXTS['pt-BR'])).toEqual(shape(STAFF_ASSISTANT_TEXTS.en));
  });
});
