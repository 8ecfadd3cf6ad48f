// Runs the question set through the real webhook path: the local stack in webhook mode, a loopback Bot API stand-in,
// one fresh chat per question, one question at a time; captures what the customer saw and when.
import { loadKnowledgeDocuments } from '../../adapters/local/knowledge-documents.ts';
import { DEMO_STORE_DIR } from '../../adapters/local/store-folder.ts';
import type { Clock } from '../../core/ports.ts';
import type { AssistantBackends } from '../local/assistant-backends.ts';
import { startLocalStack } from '../local/local-stack.ts';
import {
  BENCH_BOT_INFO,
  BENCH_SECRET,
  BENCH_TOKEN,
  type BotApiCall,
  type BotApiStandIn,
  startBotApiStandIn,
  webhookPoster,
} from './bench-support.ts';
import { judgeReply, type Verdict } from './eval-judge.ts';
import type { QaItem } from './eval-qa-set.ts';

/**
 * "Now" for the stack and the bot during a run: a Wednesday at 15:00 in Rio, inside the demo store's opening hours
 * (11:00-23:00) and the team's (10:00-23:00), so a run at midnight scores the same as one at noon. The clock runs
 * from there at real speed.
 */
export const EVAL_NOW = '2026-12-02T15:00:00-03:00';

/** The longest one question may take, from the webhook POST until the bot has finished with it. */
export const QUESTION_TIMEOUT_MS = 60_000;

export interface QaResult {
  id: string;
  lang: QaItem['lang'];
  kind: QaItem['kind'];
  topic: string;
  question: string;
  /** Every message the bot showed in reply, each in its final form (edits applied), oldest first. */
  texts: string[];
  /** The last text sent or edited: what the customer sees at the bottom of the chat. */
  final: string;
  /** The inline buttons under those messages, by label. */
  buttons: string[];
  verdict: Verdict;
  /** POST → the first chat action, draft or message for this chat. */
  firstActivityMs?: number;
  /** POST → the last sendMessage / editMessageText for this chat. */
  finalMs?: number;
  /** Set when the question could not be put (timeout, webhook refused): the reply is then judged as empty. */
  error?: string;
}

export interface QaRun {
  /** Which parts answered: the offline stand-ins or Bedrock (as apps/local/assistant-backends.ts decided). */
  mode: AssistantBackends['mode'];
  /** The stack's own line on the assistant, e.g. "assistant: offline answers over the store's knowledge/ …". */
  description: string;
  offlineReason?: string;
  now: string;
  startedAt: string;
  seconds: number;
  results: QaResult[];
}

export interface QaRunOptions {
  items: readonly QaItem[];
  /** Ignore ANSWER_MODEL_ID, ROUTER_MODEL_ID and KNOWLEDGE_BASE_ID: the offline parts even when Bedrock would resolve. */
  offline?: boolean;
  /** Called after each question (progress). */
  onResult?: (result: QaResult, index: number) => void;
}

const ACTIVITY = new Set(['sendChatAction', 'sendMessageDraft', 'sendMessage', 'editMessageText']);
const SHOWS_TEXT = new Set(['sendMessage', 'editMessageText']);
const CHAT_BASE = 880_000_000;

/** What a chat shows after `calls`: each message's last text and buttons (editMessageText without a keyboard drops it). */
export function seenMessages(calls: readonly BotApiCall[]): { texts: string[]; buttons: string[]; final: string } {
  const messages = new Map<number, { text: string; buttons: string[][] }>();
  let final = '';
  for (const c of calls) {
    if (c.messageId === undefined) continue;
    if (c.method === 'sendMessage' || c.method === 'editMessageText') {
      messages.set(c.messageId, { text: c.text ?? '', buttons: c.buttons ?? [] });
      final = c.text ?? '';
    } else if (c.method === 'editMessageReplyMarkup') {
      const m = messages.get(c.messageId);
      if (m) m.buttons = c.buttons ?? [];
    } else if (c.method === 'deleteMessage') {
      messages.delete(c.messageId);
    }
  }
  const shown = [...messages.values()];
  return { texts: shown.map((m) => m.text), buttons: shown.flatMap((m) => m.buttons.flat()), final };
}

/** The store's knowledge file names without `.md` (how the offline answer cites them): the judge flags them. */
export async function knowledgeSourceNames(): Promise<string[]> {
  return [...new Set((await loadKnowledgeDocuments()).map((d) => d.source))];
}

export async function runQaEval(opts: QaRunOptions): Promise<QaRun> {
  const startedAt = new Date();
  const started = performance.now();
  const offset = Date.parse(EVAL_NOW) - Date.now();
  const clock: Clock = { now: () => new Date(Date.now() + offset) };
  const sourceNames = await knowledgeSourceNames();
  const api = await startBotApiStandIn();
  const printed: string[] = [];
  const stack = await startLocalStack({
    port: 0,
    staffToken: 'eval',
    storeDir: DEMO_STORE_DIR,
    clock,
    print: (line) => printed.push(line),
    ...(opts.offline ? { assistant: { settings: { runtime: {}, agentRuntime: {} } } } : {}),
    telegram: { token: BENCH_TOKEN, apiRoot: api.apiRoot, webhookSecret: BENCH_SECRET, botInfo: BENCH_BOT_INFO },
  });
  const backends = stack.assistantBackends!;
  const post = webhookPoster(stack);
  try {
    await api.quiet(100); // the command menu and anything else the start sent
    // One unmeasured question first (JIT, the interpreter's first runs, dynalite's first writes).
    if (opts.items[0]) await ask(api, stack, post, CHAT_BASE - 1, opts.items[0]);
    const results: QaResult[] = [];
    for (const [i, item] of opts.items.entries()) {
      const asked = await ask(api, stack, post, CHAT_BASE + i, item);
      const seen = seenMessages(asked.calls);
      const activity = asked.calls.find((c) => ACTIVITY.has(c.method));
      const lastText = asked.calls.filter((c) => SHOWS_TEXT.has(c.method)).at(-1);
      const result: QaResult = {
        id: item.id,
        lang: item.lang,
        kind: item.kind,
        topic: item.topic,
        question: item.question,
        texts: seen.texts,
        final: seen.final,
        buttons: seen.buttons,
        verdict: judgeReply(item, seen, sourceNames),
        ...(activity ? { firstActivityMs: activity.at - asked.t0 } : {}),
        ...(lastText ? { finalMs: lastText.at - asked.t0 } : {}),
        ...(asked.error ? { error: asked.error } : {}),
      };
      results.push(result);
      opts.onResult?.(result, i);
    }
    return {
      mode: backends.mode,
      description: backends.description,
      ...(backends.offlineReason ? { offlineReason: backends.offlineReason } : {}),
      now: EVAL_NOW,
      startedAt: startedAt.toISOString(),
      seconds: (performance.now() - started) / 1000,
      results,
    };
  } finally {
    await stack.stop();
    await api.close();
  }
}

/** Puts one question from its own fresh chat and waits until the bot has handled it (its last message is out). */
async function ask(
  api: BotApiStandIn,
  stack: Awaited<ReturnType<typeof startLocalStack>>,
  post: ReturnType<typeof webhookPoster>,
  chatId: number,
  item: QaItem,
): Promise<{ t0: number; calls: BotApiCall[]; error?: string }> {
  const t0 = performance.now();
  let error: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const res = await post(chatId, item.question, item.lang === 'en' ? 'en' : 'pt-br');
    if (res.status !== 200) error = `the webhook answered ${res.status}`;
    else {
      const timeout = new Promise<'timeout'>((r) => {
        timer = setTimeout(() => r('timeout'), QUESTION_TIMEOUT_MS);
      });
      if ((await Promise.race([stack.telegram!.drain(), timeout])) === 'timeout')
        error = `no end within ${QUESTION_TIMEOUT_MS / 1000} s`;
    }
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  } finally {
    clearTimeout(timer);
  }
  return { t0, calls: api.chat(chatId, t0), ...(error ? { error } : {}) };
}
