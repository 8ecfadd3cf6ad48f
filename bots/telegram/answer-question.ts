// The assistant's free-question answer on Telegram: activity at once → the assistant router → a grounded answer from
// the
// answer model, streamed into the chat (drafts in private chats, send-then-edit elsewhere) → one usage log line.
import type { Api } from 'grammy';
import type { AnswerModel, ChatTurn } from '../../core/answer-model.ts';
import { AnswerUsageLog, buildAnswerRequest, orderFactsFor, unknownInstructionTags } from '../../core/answer-prompt.ts';
import type { Store } from '../../core/catalog.ts';
import type { Lang } from '../../core/lang.ts';
import type { Logger } from '../../core/logger.ts';
import {
  buildRouterInput,
  type OrderSummary,
  type RouterInput,
  type RouterOutput,
} from '../../core/router-contract.ts';
import { type RenderOptions, renderStream } from '../streaming/stream-renderer.ts';
import { telegramStream } from '../streaming/telegram-surfaces.ts';

export interface AssistantQuestion {
  api: Api;
  chatId: number;
  /** Telegram's chat type: 'private' streams into drafts, anything else sends then edits. */
  chatType: string;
  lang: Lang;
  /** The verified customer id (from the chat's own contact share), if known. */
  customerId?: string;
  question: string;
  /** Past turns of this chat (trimmed again here). */
  history: ChatTurn[];
  /** This chat's own orders, newest first (order facts for the answer). */
  orders: OrderSummary[];
}

export interface AssistantAnswer {
  /**
   * 'rag': the answer was streamed into the chat and `text` is what was shown. 'data': the router says a data intent
   * (order status, menu, …): nothing was shown and `text` is '' — the caller answers it with its own handlers.
   */
  route: RouterOutput['route'];
  intent: RouterOutput['intent'];
  /** An order id the router read in the message ('data' route): only ever a filter over the chat's own orders. */
  orderId: string | null;
  text: string;
}

export interface Assistant {
  answer(args: AssistantQuestion): Promise<AssistantAnswer>;
}

export interface AssistantDeps {
  /** The assistant router (StartSyncExecution of statemachines/assistant-router.asl.json, or its local interpreter). */
  route: (input: RouterInput) => Promise<RouterOutput>;
  model: AnswerModel;
  /** The store the answer speaks for (its name goes into the prompt); a function is read per answer. */
  store: Pick<Store, 'name'> | (() => Promise<Pick<Store, 'name'>>);
  log: Logger;
  /** Renderer options (clock, pacer) for tests. */
  render?: Omit<RenderOptions, 'log'>;
}

/** A customer id that matches no order: used when the chat has no verified customer (the router needs a string). */
const noCustomer = (chatId: number) => `telegram-chat-without-customer:${chatId}`;

export function createAssistant(deps: AssistantDeps): Assistant {
  return {
    async answer(q) {
      const started = Date.now();
      const { surface, policy } = telegramStream(q.api, { id: q.chatId, type: q.chatType }, { log: deps.log });
      // Activity before anything slow: the customer sees "typing"/"Thinking…" while the router works.
      void surface.startActivity().catch(() => {});
      let rendering = false;
      try {
        const router = await deps.route(
          buildRouterInput({
            message: q.question,
            lang: q.lang,
            conversationId: `telegram:${q.chatId}`,
            customerId: q.customerId ?? noCustomer(q.chatId),
            orders: q.orders,
            history: q.history,
          }),
        );
        if (router.route !== 'rag') {
          deps.log.info('assistant: router chose a data route', {
            chatKey: `telegram:${q.chatId}`,
            intent: router.intent,
          });
          return { route: router.route, intent: router.intent, orderId: router.orderId, text: '' };
        }
        const unknown = unknownInstructionTags(router.systemInstructions);
        if (unknown.length)
          deps.log.warn('assistant: router instructions name unknown prompt sections', { tags: unknown });
        const store = typeof deps.store === 'function' ? await deps.store() : deps.store;
        const lang = router.lang ?? q.lang;
        const request = buildAnswerRequest({
          store,
          lang,
          question: q.question,
          history: q.history,
          router,
          orderFacts: orderFactsFor(q.orders, lang),
        });
        const usage = new AnswerUsageLog(deps.log, {
          model: deps.model.name,
          route: router.route,
          intent: router.intent,
        });
        const events = (async function* () {
          for await (const e of deps.model.stream(request)) {
            usage.record(e);
            yield e;
          }
        })();
        rendering = true;
        try {
          const result = await renderStream(events, surface, policy, { ...deps.render, log: deps.log });
          if (result.outcome === 'source_error')
            deps.log.warn('assistant: the answer stream failed', { error: String(result.error) });
          if (!/\S/.test(result.text))
            throw new Error(`assistant: the answer model produced no text (${result.outcome})`);
          return { route: router.route, intent: router.intent, orderId: router.orderId, text: result.text };
        } finally {
          usage.finish(Date.now() - started);
        }
      } finally {
        if (!rendering) surface.close();
      }
    },
  };
}
