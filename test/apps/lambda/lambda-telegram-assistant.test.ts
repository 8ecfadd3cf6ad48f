// The Telegram worker Lambda answering free questions as deployed: SQS record → bot → the router (StartSyncExecution on
// the Step Functions stand-in) → the answer streamed from Bedrock ConverseStream (the Bedrock stand-in) into the fake
// Bot API, with dynalite as DynamoDB; and the fallback when the router fails or is not configured.
import { createHash, randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { TEXTS } from '../../../bots/telegram/telegram-texts.ts';
import type { RouterInput, RouterOutput } from '../../../core/router-contract.ts';
import { type AwsStandIns, startAwsStandIns } from '../../support/aws-stand-ins.ts';
import { type FakeBedrock, startFakeBedrock } from '../../support/fake-bedrock.ts';
import type { SyncExecutionResult } from '../../support/fake-sfn.ts';
import { sqsEvent, sqsRecord } from '../../support/fake-sqs.ts';
import {
  type ApiCall,
  type FakeTelegramApi,
  startFakeTelegramApi,
  TEST_TOKEN,
} from '../../support/fake-telegram-api.ts';
import { textMessage } from '../../support/telegram-updates.ts';

type TelegramModule = typeof import('../../../apps/lambda/lambda-telegram-worker.ts');

const ROUTER_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:AssistantRouterE1A2B3C4-Q9w8E7r6T5y4';
const ANSWER_MODEL = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const QUEUE = 'DeliveryAssistantStack-TelegramBotUpdatesC4A7488E-Zx81kQ2mLp0a.fifo';
const PASSAGE = 'Entregamos num raio de 8 km da loja, em Copacabana. Não entregamos em Niterói.';
const ANSWER = ['Não entregamos ', 'em Niterói. ', 'Atendemos até 8 km ', 'da loja, em Copacabana.'];
const FOLLOW_UP = ['A taxa é R$ 5,00 ', 'mais R$ 1,50 por km.'];

const rag = (lang: RouterOutput['lang'] = 'pt-BR'): RouterOutput => ({
  route: 'rag',
  intent: 'faq',
  lang,
  orderId: null,
  orders: [],
  context: [{ text: PASSAGE, source: 's3://delivery-assistant-kb/pt-BR/areas-e-taxas-de-entrega.md', score: 0.71 }],
  contextUnavailable: false,
  systemInstructions: `Answer the customer in their language (${lang}), briefly, using only the store information in the context passages.`,
  usage: {
    classifier: { inputTokens: 0, outputTokens: 0 },
    keywords: { inputTokens: 48, outputTokens: 3 },
    retrievalCheck: { inputTokens: 55, outputTokens: 1 },
  },
});

let aws: AwsStandIns;
let bedrock: FakeBedrock;
let telegram: FakeTelegramApi;
let lambda: TelegramModule;
let routerResult: (input: RouterInput) => SyncExecutionResult;
let logSpy: MockInstance;
let warnSpy: MockInstance;
let nextChat = 770_000_001;

/** Every JSON log line the functions wrote (console.info / console.warn, as Powertools' Logger writes), parsed. */
const logLines = (): { level: string; message: string; [k: string]: unknown }[] =>
  [...logSpy.mock.calls, ...warnSpy.mock.calls].map((args) => {
    try {
      return JSON.parse(String(args[0])) as { level: string; message: string };
    } catch {
      return { level: '?', message: String(args[0]) };
    }
  });

/** The SQS record Lambda's poller would hand the worker for this update (FIFO: the chat is the message group). */
function recordOf(update: Update): SQSRecord {
  const body = JSON.stringify(update);
  return sqsRecord({
    queueName: QUEUE,
    messageId: randomUUID(),
    body,
    md5OfBody: createHash('md5').update(body).digest('hex'),
    sentTimestamp: Date.now(),
    messageGroupId: `telegram:${update.message!.chat.id}`,
    messageDeduplicationId: String(update.update_id),
    sequenceNumber: String(18_800_000_000_000_000_000n + BigInt(update.update_id)),
  });
}

/** The text of the last message the chat shows (as Telegram stored it, MarkdownV2 parsed). */
const finalText = (calls: ApiCall[]): string => {
  const last = calls.filter((c) => !c.error && (c.method === 'sendMessage' || c.method === 'editMessageText')).at(-1);
  return (last?.result as { text?: string } | undefined)?.text ?? '';
};

beforeAll(async () => {
  aws = await startAwsStandIns();
  bedrock = await startFakeBedrock();
  telegram = await startFakeTelegramApi();
  aws.sfn.setSyncHandler(ROUTER_ARN, ({ input }) => routerResult(input as RouterInput));
  // What infra/telegram-bot.ts gives the worker, plus the endpoints of the stand-ins.
  aws.setEnv({
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.url,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_BOT_TOKEN: TEST_TOKEN,
    TELEGRAM_BOT_TOKEN_SECRET_ARN: undefined,
    ROUTER_STATE_MACHINE_ARN: ROUTER_ARN,
    ANSWER_MODEL_ID: ANSWER_MODEL,
    // Powertools' Logger writes through the global console (which the tests spy on) instead of its own stdout Console.
    POWERTOOLS_DEV: 'true',
  });
  logSpy = vi.spyOn(console, 'info').mockImplementation(() => {});
  warnSpy = vi.spyOn(console, 'warn').mockImplementation(() => {});
  // Imported after the environment is set, as Lambda loads the bundle in an environment that already holds it.
  lambda = await import('../../../apps/lambda/lambda-telegram-worker.ts');
});
afterAll(async () => {
  logSpy?.mockRestore();
  warnSpy?.mockRestore();
  await aws?.stop();
  await Promise.all([bedrock?.close(), telegram?.close()]);
});
beforeEach(() => {
  bedrock.reset();
  aws.sfn.syncExecutions.length = 0;
  logSpy.mockClear();
  warnSpy.mockClear();
  routerResult = () => ({ status: 'SUCCEEDED', output: rag() });
});

describe('worker (lambda-telegram.worker) with the assistant configured', () => {
  it('streams the Bedrock answer for a free question, after routing it with the chat and message, and remembers the turn', async () => {
    // Prepare
    const chatId = nextChat++;
    bedrock.script(ANSWER_MODEL, { deltas: ANSWER, delayMs: 5, usage: { inputTokens: 700, outputTokens: 24 } });
    bedrock.script(ANSWER_MODEL, { deltas: FOLLOW_UP, usage: { inputTokens: 760, outputTokens: 14 } });
    const question = textMessage(chatId, 'vocês entregam em Niterói?', { languageCode: 'pt-BR', firstName: 'Ana' });
    const followUp = textMessage(chatId, 'e quanto custa a taxa?', { languageCode: 'pt-BR', firstName: 'Ana' });

    // Act
    const first = await lambda.worker(sqsEvent([recordOf(question)]));
    const afterFirst = finalText(telegram.chat(chatId));
    const second = await lambda.worker(sqsEvent([recordOf(followUp)]));

    // Assess: the customer saw activity, a streamed draft, then exactly the model's answer
    expect([first, second]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(afterFirst).toBe(ANSWER.join(''));
    expect(finalText(telegram.chat(chatId))).toBe(FOLLOW_UP.join(''));
    const methods = telegram.chat(chatId).map((c) => c.method);
    expect(methods.indexOf('sendMessageDraft')).toBeGreaterThanOrEqual(0);
    expect(methods.indexOf('sendMessageDraft')).toBeLessThan(methods.indexOf('sendMessage'));
    // Assess: each question ran the router once, with this chat's identity and message (and the first turn as history)
    expect(aws.sfn.syncExecutions.map((e) => [e.stateMachineArn, e.result.status])).toEqual([
      [ROUTER_ARN, 'SUCCEEDED'],
      [ROUTER_ARN, 'SUCCEEDED'],
    ]);
    expect(aws.sfn.syncExecutions[0]!.input).toEqual({
      message: 'vocês entregam em Niterói?',
      lang: 'pt-BR',
      conversationId: `telegram:${chatId}`,
      customerId: `telegram-chat-without-customer:${chatId}`,
      orders: [],
      history: [],
    });
    expect((aws.sfn.syncExecutions[1]!.input as RouterInput).history).toEqual([
      { role: 'user', text: 'vocês entregam em Niterói?' },
      { role: 'assistant', text: ANSWER.join('') },
    ]);
    // Assess: the answer model got the router's passage in its system prompt, and the conversation
    const streams = bedrock.requests.filter((r) => r.operation === 'ConverseStream');
    expect(streams.map((r) => [r.modelId, r.status])).toEqual([
      [ANSWER_MODEL, 200],
      [ANSWER_MODEL, 200],
    ]);
    expect(streams[0]!.body.system[0].text).toContain(PASSAGE);
    expect(streams[0]!.body.messages).toEqual([{ role: 'user', content: [{ text: 'vocês entregam em Niterói?' }] }]);
    expect(streams[1]!.body.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(
      logLines()
        .filter((l) => l.message === 'answer usage')
        .map((l) => [l.model, l.route]),
    ).toEqual([
      [`bedrock:${ANSWER_MODEL}`, 'rag'],
      [`bedrock:${ANSWER_MODEL}`, 'rag'],
    ]);
  });

  it('answers with the fallback text when the router execution FAILED, without calling the model or failing the record', async () => {
    // Prepare
    const chatId = nextChat++;
    routerResult = () => ({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: "An error occurred while executing the state 'ShapeContext'.",
    });

    // Act
    const res = await lambda.worker(
      sqsEvent([recordOf(textMessage(chatId, 'vocês aceitam vale-refeição?', { languageCode: 'pt-BR' }))]),
    );

    // Assess
    expect(res).toEqual({ batchItemFailures: [] });
    expect(finalText(telegram.chat(chatId))).toBe(TEXTS['pt-BR'].freeQuestion);
    expect(aws.sfn.syncExecutions.map((e) => e.result.status)).toEqual(['FAILED']);
    expect(bedrock.requests).toEqual([]);
    const warning = logLines().find((l) => l.message === 'telegram: the assistant failed; answering with the fallback');
    expect(warning).toMatchObject({ level: 'WARN', chatKey: `telegram:${chatId}` });
    // The error itself is logged: its name, message and stack.
    expect(warning!.error).toMatchObject({
      name: 'RouterExecutionError',
      message: expect.stringMatching(/^Router execution arn:aws:states:.+:express:.+ FAILED: States\.Runtime/),
      stack: expect.stringContaining('RouterExecutionError'),
    });
  });

  it('answers with the fallback text when Bedrock refuses the answer model (403, not retried)', async () => {
    // Prepare
    const chatId = nextChat++;
    bedrock.script(ANSWER_MODEL, {
      deltas: [],
      httpError: {
        status: 403,
        type: 'AccessDeniedException',
        message: "You don't have access to the model with the specified model ID.",
      },
    });

    // Act
    const res = await lambda.worker(
      sqsEvent([recordOf(textMessage(chatId, 'vocês entregam em Niterói?', { languageCode: 'pt-BR' }))]),
    );

    // Assess
    expect(res).toEqual({ batchItemFailures: [] });
    expect(finalText(telegram.chat(chatId))).toBe(TEXTS['pt-BR'].freeQuestion);
    expect(bedrock.requests.filter((r) => r.operation === 'ConverseStream').map((r) => r.status)).toEqual([403]);
    expect(
      logLines().some(
        (l) =>
          l.message === 'telegram: the assistant failed; answering with the fallback' &&
          /AccessDenied|no text/.test(JSON.stringify(l.error)),
      ),
    ).toBe(true);
  });
});

describe('worker without the assistant configured', () => {
  it('logs once that the assistant is off, and answers free questions with the fallback text', async () => {
    // Prepare: another container of the bundle, deployed without the router
    aws.setEnv({ ROUTER_STATE_MACHINE_ARN: undefined });
    const url = new URL('../../../apps/lambda/lambda-telegram-worker.ts', import.meta.url).href;
    const container = (await import(/* @vite-ignore */ `${url}?container=no-router`)) as TelegramModule;
    const [a, b] = [nextChat++, nextChat++];
    try {
      // Act
      await container.worker(
        sqsEvent([recordOf(textMessage(a, 'vocês entregam em Niterói?', { languageCode: 'pt-BR' }))]),
      );
      await container.worker(
        sqsEvent([recordOf(textMessage(b, 'do you deliver on Sundays?', { languageCode: 'en' }))]),
      );
    } finally {
      aws.setEnv({ ROUTER_STATE_MACHINE_ARN: ROUTER_ARN });
    }

    // Assess
    expect(finalText(telegram.chat(a))).toBe(TEXTS['pt-BR'].freeQuestion);
    expect(finalText(telegram.chat(b))).toBe(TEXTS.en.freeQuestion);
    expect(logLines().filter((l) => l.message.startsWith('assistant off'))).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'assistant off: free questions get the fallback text',
        missing: ['ROUTER_STATE_MACHINE_ARN'],
      }),
    ]);
    expect(aws.sfn.syncExecutions).toEqual([]);
    expect(bedrock.requests).toEqual([]);
  });
});
