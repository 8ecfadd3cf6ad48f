// The Telegram conversation's session: its shape, defensive loading, and optimistic read-modify-write through
// ChatSessionStore.
import { randomBytes } from 'node:crypto';
import type { ChatTurn } from '../../core/answer-model.ts';
import type { CartLine } from '../../core/cart.ts';
import type { ChatSessionStore } from '../../core/chat-session.ts';
import { ConcurrentUpdate } from '../../core/errors.ts';
import type { Lang } from '../../core/lang.ts';
import type { Address, PaymentMethod } from '../../core/order.ts';
import type { EscalationReason } from '../../core/staff-desk.ts';
import { langFromTelegram, TEXTS, type TelegramTexts } from './telegram-texts.ts';

/** What the next free text, location or contact answers. Only one flow owns it: the latest one started. */
export type Awaiting =
  | 'checkout_address'
  | 'checkout_complement'
  | 'checkout_phone'
  | 'checkout_note'
  | 'checkout_change'
  | 'change_address';

/** The steps that belong to a checkout: leaving one of them leaves the checkout. */
export const isCheckoutStep = (a: Awaiting | undefined): boolean =>
  a === 'checkout_address' ||
  a === 'checkout_complement' ||
  a === 'checkout_phone' ||
  a === 'checkout_note' ||
  a === 'checkout_change';

/** A checkout in progress. `nonce` is on its buttons and in the placeOrder idempotency key. */
export interface CheckoutDraft {
  nonce: string;
  stage: 'address' | 'complement' | 'phone' | 'payment' | 'change' | 'note' | 'confirm';
  /** With the complement and reference the customer added (optional), once they answered that step. */
  address?: Address;
  deliveryFee?: number;
  distanceKm?: number;
  payment?: PaymentMethod;
  /** Cash: the amount the customer pays with (centavos), when they need change. */
  changeFor?: number;
  /** The customer's note for the kitchen ("sem cebola"), when they wrote one. */
  note?: string;
}

/** An action on an existing order that waits for the customer's "yes". */
export type PendingAction =
  | { kind: 'cancel'; orderId: string; nonce: string }
  | {
      kind: 'change_address';
      orderId: string;
      nonce: string;
      address?: Address;
      deliveryFee?: number;
      distanceKm?: number;
    };

/**
 * A conversation handed to a person. While it is set the bot stays quiet and the customer's messages go to the desk
 * (the desk asks for it through CustomerLink.isHandedOff: a customer with no `handoff` any more went back to the bot).
 */
export interface Handoff {
  since: string;
  reason: EscalationReason;
  /** The customer's language when they asked: the desk's messages are rendered in it even without a stored /lang choice. */
  lang?: Lang;
  /** The staff member who took the conversation over. */
  takenBy?: { name: string; at: string };
  /** When the customer was told once that the team knows (their first message while nobody has taken it yet). */
  waitingToldAt?: string;
  /** When the customer was told that nobody is available (said once per handoff). */
  noStaffToldAt?: string;
}

/** Everything the conversation remembers about one chat, stored as JSON under `telegram:<chatId>`. */
export interface ChatState {
  schema: 1;
  /** Set only by an explicit choice (/lang); until then the Telegram app's language decides. */
  lang?: Lang;
  /** `rev` changes on every cart change; buttons carry it, so old ones are detected. */
  cart: { lines: CartLine[]; rev: string };
  awaiting?: Awaiting;
  checkout?: CheckoutDraft;
  pending?: PendingAction;
  /** The customer's own contact (shared with request_contact), kept for the next checkout. */
  profile?: { name: string; phone: string; customerId?: string };
  /** Orders placed from this chat, newest first (capped). */
  orderIds: string[];
  /** The last checkout that became an order: a second tap on its Confirm answers with this order. */
  lastPlaced?: { nonce: string; orderId: string };
  /** Set while a person should answer instead of the bot; the Slack side reads it too. */
  handoff?: Handoff;
  /** When the assistant last asked "Quer falar com uma pessoa?": a "sim" right after it starts the handoff. */
  personOfferedAt?: string;
  /** When the chat last got a greeting: a hello again minutes later gets a short one. */
  greetedAt?: string;
  /** The last free-question turns with the assistant (at most MAX_ASSISTANT_TURNS), for follow-up questions. */
  history?: ChatTurn[];
  /** Nonces of candidate buttons already pressed (order in words), so a second tap adds nothing. */
  picked?: string[];
}

/** Free-question turns remembered per chat (3 questions and their answers). */
export const MAX_ASSISTANT_TURNS = 6;

/** Enough for "My orders" (10) with room for ones that are filtered out; the customer index covers older ones. */
export const MAX_REMEMBERED_ORDERS = 20;
/** The ChatSessionStore key of a Telegram chat (channel-prefixed, as the table design expects). */
export const sessionKey = (chatId: number) => `telegram:${chatId}`;

/** Short random token for revisions and nonces: 8 base-36 characters, fits the callback-data pattern. */
export function newNonce(): string {
  let s = '';
  for (const b of randomBytes(8)) s += (b % 36).toString(36);
  return s;
}

/**
 * The revision of a cart that was never stored. It must be stable across reads, or buttons drawn before the first
 * write would all look stale; a button from an empty cart acting on an empty cart is exactly what it showed.
 */
export const INITIAL_CART_REV = 'new00000';

/** A chat the bot has not stored anything for yet. */
export function freshState(): ChatState {
  return { schema: 1, cart: { lines: [], rev: INITIAL_CART_REV }, orderIds: [] };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Accepts whatever is stored, keeping what is well-formed. A session written by an older or broken version must
 * degrade to a fresh cart, never make every later update in this chat throw.
 */
export function normalizeState(raw: unknown): ChatState {
  const fresh = freshState();
  if (!isObject(raw) || raw.schema !== 1) return fresh;
  const s = raw as Partial<ChatState>;
  const lines =
    isObject(s.cart) && Array.isArray(s.cart.lines)
      ? s.cart.lines.filter(
          (l): l is CartLine => isObject(l) && typeof l.sku === 'string' && Number.isInteger(l.qty) && l.qty > 0,
        )
      : [];
  const rev = isObject(s.cart) && typeof s.cart.rev === 'string' ? s.cart.rev : fresh.cart.rev;
  return {
    ...(s as ChatState),
    lang: s.lang === 'pt-BR' || s.lang === 'en' ? s.lang : undefined,
    cart: { lines, rev },
    orderIds: Array.isArray(s.orderIds) ? s.orderIds.filter((id): id is string => typeof id === 'string') : [],
  };
}

/**
 * One chat's session for the duration of an update. `state` is a snapshot for reading; every change goes through
 * `update`, which re-reads and re-applies the change when another writer got there first (ConcurrentUpdate), so
 * changes are never lost. Mutators must therefore only touch the state they are given.
 */
export class ChatConversation {
  private constructor(
    private readonly store: ChatSessionStore,
    readonly key: string,
    readonly chatId: number,
    private readonly appLanguage: string | undefined,
    private current: ChatState,
    private version: number,
  ) {}

  static async load(
    store: ChatSessionStore,
    chatId: number,
    appLanguage: string | undefined,
  ): Promise<ChatConversation> {
    const key = sessionKey(chatId);
    const stored = await store.get<unknown>(key);
    return new ChatConversation(store, key, chatId, appLanguage, normalizeState(stored?.state), stored?.version ?? 0);
  }

  get state(): Readonly<ChatState> {
    return this.current;
  }
  /** The stored choice, else the Telegram app's language. */
  get lang(): Lang {
    return this.current.lang ?? langFromTelegram(this.appLanguage);
  }
  get t(): TelegramTexts {
    return TEXTS[this.lang];
  }

  /** Applies `mutate` to a copy of the latest state and stores it; returns what `mutate` returned. */
  async update<R>(mutate: (state: ChatState) => R, attempts = 5): Promise<R> {
    for (let i = 0; ; i++) {
      const draft = structuredClone(this.current);
      const result = mutate(draft);
      if (JSON.stringify(draft) === JSON.stringify(this.current)) return result;
      try {
        this.version = await this.store.put(this.key, draft, this.version);
        this.current = draft;
        return result;
      } catch (err) {
        if (!(err instanceof ConcurrentUpdate) || i + 1 >= attempts) throw err;
        const stored = await this.store.get<unknown>(this.key);
        this.current = normalizeState(stored?.state);
        this.version = stored?.version ?? 0;
      }
    }
  }
}

/** Mutator helper: a cart change gets a new revision and voids a checkout drawn from the old cart. */
export function touchCart(s: ChatState): void {
  s.cart.rev = newNonce();
  if (s.checkout) {
    delete s.checkout;
    if (isCheckoutStep(s.awaiting)) delete s.awaiting;
  }
}
