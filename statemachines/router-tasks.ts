// The assistant router's Lambda steps (statemachines/assistant-router.asl.json): pure, fast, and safe to retry.
import { classifyIntent, type Intent } from '../core/intent-classifier.ts';
import { hasOpenOrder, settleIntent } from '../core/intent-routing.ts';
import { type Lang, langFromTag } from '../core/lang.ts';
import {
  CLASSIFIER_CONFIDENCE_THRESHOLD,
  type ConverseMessage,
  MAX_TURN_CHARS,
  parseClassifierOutput as parseModelJson,
  toRouterMessages,
} from '../core/router-contract.ts';

/** What the router carries as `$.turn` from PrepareTurn on. */
export interface RouterTurn {
  intent: Intent;
  confidence: number;
  orderId: string | null;
  lang: Lang;
  /** True when one of the caller's orders is in progress: the cheap model's order intents are settled by it too. */
  openOrder?: boolean;
  /** True when the deterministic classifier is not sure: the cheap model classifies. */
  needsClassifier: boolean;
  classifiedBy: 'rules' | 'model' | 'fallback';
  /** The current message, cut to MAX_TURN_CHARS. */
  question: string;
  /** History plus the current message, starting with a user turn (Converse shape). */
  messages: ConverseMessage[];
  /** The current message alone (Converse shape). */
  questionMessages: ConverseMessage[];
}

const isLang = (v: unknown): v is Lang => v === 'pt-BR' || v === 'en';

export function createRouterTasks() {
  return {
    /**
     * Classifies the message deterministically and trims the history again (the caller already should have), so a bad
     * history (leading assistant turn, blanks, junk) never reaches the Messages API. Takes the whole execution input.
     */
    async prepareTurn(input: unknown): Promise<RouterTurn> {
      const raw = (input ?? {}) as { message?: unknown; lang?: unknown; history?: unknown; orders?: unknown };
      const question = (typeof raw.message === 'string' ? raw.message : '').slice(0, MAX_TURN_CHARS);
      const c = classifyIntent(question);
      const orders = Array.isArray(raw.orders)
        ? raw.orders.filter((o): o is { status: string } => typeof (o as { status?: unknown })?.status === 'string')
        : [];
      return {
        // The same settling as the chat's phrase rules: no open order → an order question is about the policy.
        intent: settleIntent(c.intent, question, { orderId: c.orderId, openOrder: hasOpenOrder(orders) }),
        confidence: c.confidence,
        orderId: c.orderId,
        lang: isLang(raw.lang) ? raw.lang : langFromTag(c.lang),
        openOrder: hasOpenOrder(orders),
        needsClassifier: c.confidence < CLASSIFIER_CONFIDENCE_THRESHOLD && question.trim() !== '',
        classifiedBy: 'rules',
        question,
        messages: toRouterMessages(raw.history, question),
        questionMessages: toRouterMessages([], question),
      };
    },

    /**
     * The cheap classifier's text → the turn with its intent. Anything that is not strict `{"intent": <known intent>}`
     * becomes faq: a malformed model answer never fails the execution.
     */
    async parseClassifierOutput(input: { turn: RouterTurn; text?: unknown }): Promise<RouterTurn> {
      const parsed = parseModelJson(input.text);
      return {
        ...input.turn,
        intent: parsed
          ? settleIntent(parsed.intent, input.turn.question ?? '', {
              orderId: input.turn.orderId ?? null,
              openOrder: input.turn.openOrder === true,
            })
          : 'faq',
        needsClassifier: false,
        classifiedBy: parsed ? 'model' : 'fallback',
      };
    },
  };
}

export type RouterTasks = ReturnType<typeof createRouterTasks>;
