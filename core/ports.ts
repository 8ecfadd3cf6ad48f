// The small interfaces core needs from the outside world; adapters/aws and adapters/local implement them.
import type { Product, Store, StoreApplyResult, StorePackage } from './catalog.ts';
import type { Customer, Order, OrderStatus } from './order.ts';
import type { OrderNotification } from './order-notification.ts';
import type { PaymentInstructions, ProviderPayment, ProviderPaymentStatus } from './payment-instructions.ts';

/**
 * What an Idempotency-Key maps to: the order it made, the body it came with, and the hash of that order's access token.
 * No token is stored: a replay gets the token back only by deriving it again from the client's Idempotency-Secret.
 */
export interface IdempotencyClaim {
  orderId: string;
  accessTokenHash: string;
  fingerprint: string;
}

/**
 * Claiming a one-time chat link (core/chat-link.ts): `claimed` for the first chat, and again for that same chat (a
 * retried update); `used` once another chat claimed it; `expired` past its time; `unknown` for a token never issued.
 */
export type ChatLinkClaim = { outcome: 'claimed'; orderId: string } | { outcome: 'used' | 'expired' | 'unknown' };

/** Orders, keyed by id, with optimistic locking on `version`. */
export interface OrderRepository {
  /** Inserts a new order; false when the id is already taken. */
  create(order: Order): Promise<boolean>;
  get(orderId: string): Promise<Order | undefined>;
  /** Writes `order` if the stored version is still `order.version`; returns it with the version bumped. Throws ConcurrentUpdate. */
  save(order: Order): Promise<Order>;
  /** A customer's orders, newest first. */
  listByCustomer(customerId: string, limit: number): Promise<Order[]>;
  /**
   * The orders in `status`, placed earliest first, at most `limit`, and how many are in it in all. Only orders that
   * have
   * not ended are indexed by status: an ended status lists nothing. The index may lag a save by a moment.
   */
  listByStatus(status: OrderStatus, limit: number): Promise<{ orders: Order[]; total: number }>;
  /** Claims an Idempotency-Key; when it was already claimed, returns the earlier claim instead (and stores nothing). */
  claimIdempotencyKey(key: string, claim: IdempotencyClaim): Promise<IdempotencyClaim | null>;
  /**
   * Gives a claim back when its request was refused before any order existed (the shop closed), so a retry of the key
   * is a new request. Only while the claim still names `orderId`; a no-op otherwise.
   */
  releaseIdempotencyKey(key: string, orderId: string): Promise<void>;
  /**
   * Every order, in pages: a full read, for the local stack's start-up sweep and the `doctor` check only (never on a
   * request path; on AWS it is a Scan).
   */
  listAll(): AsyncIterable<Order[]>;
  /** Stores a one-time chat link for an order under the hash of its token (the token itself is never stored). */
  createChatLink(tokenHash: string, link: { orderId: string; expiresAt: Date }): Promise<void>;
  /** Claims a chat link for `claimant` with one conditional write, so of two chats racing on a token only one wins. */
  claimChatLink(tokenHash: string, claimant: string, now: Date): Promise<ChatLinkClaim>;
}

/** One order's claim on a product's stock, as stored on the product. */
export interface StockHold {
  sku: string;
  orderId: string;
  qty: number;
}

/** The store profile, products and stock. Holds make reservations atomic and idempotent per (sku, order). */
export interface CatalogStore {
  /** The profile with its live state (pause, kitchen delay). Throws StoreNotSetUp before any store was applied. */
  getStore(): Promise<Store>;
  /** The menu: every item the store file lists (items it dropped are retired and left out). */
  listProducts(): Promise<Product[]>;
  /** Takes `qty` units out of stock for `orderId` (untracked items: records the hold only). False when stock is
   * short; true (no-op) if already held. */
  hold(sku: string, orderId: string, qty: number): Promise<boolean>;
  /** Puts an order's held units back. Idempotent: false when there was no hold. */
  release(sku: string, orderId: string): Promise<boolean>;
  /** Turns a hold into a sale (the units leave for good). Idempotent. */
  commit(sku: string, orderId: string): Promise<void>;
  /** Every hold on every product, retired ones included (start-up sweep and `doctor`). */
  listHolds(): Promise<StockHold[]>;
  /**
   * Makes the table follow a store package: profile, hours, categories, names and prices from the file; a new item
   * starts with the file's stock; an existing item keeps its live stock unless `restock`; holds and the live state
   * (pause, delay) are never touched. Items the file dropped are retired. Idempotent: run at every start.
   */
  applyStore(pkg: StorePackage, opts?: { restock?: boolean }): Promise<StoreApplyResult>;
  /** Sets an item's units on hand (null: stop tracking it). Throws ValidationError UNKNOWN_SKU. */
  setStock(sku: string, stock: number | null): Promise<Product>;
  /** Adds units atomically (a delivery arrived: "+10"). Throws UNKNOWN_SKU, or INVALID_STORE_CONTROL if untracked. */
  addStock(sku: string, units: number): Promise<Product>;
  /** Pauses orders until `until`, or resumes them (null). */
  setPause(until: Date | null): Promise<Store>;
  /** Sets the kitchen delay every ETA adds, in minutes (0 clears it). */
  setDelay(minutes: number): Promise<Store>;
}

/** `orderId` is the provider's external reference: its books can then be read per order. */
export interface ChargeRequest {
  orderId: string;
  amount: number;
  currency: 'BRL';
  method: 'card' | 'pix';
  /** A card token (the HTTP API's test tokens). A card with no token pays on the provider's hosted checkout. */
  token?: string;
  idempotencyKey: string;
  description: string;
  /** Pix: when the code stops being payable. Ignored for cards. */
  expiresAt?: string;
  /** Who pays: providers want a name and an e-mail on a Pix (one is made up from the order when the customer has none). */
  payer?: { name: string; email?: string; phone?: string };
}

/**
 * What the provider did with a charge. Pending: nothing moved yet, the customer pays with the instructions and the
 * provider tells us by webhook; `chargeId` is then the provider's payment id, which the webhook names.
 */
export type ChargeResult =
  | { status: 'approved'; chargeId: string }
  | { status: 'declined'; declineCode: string }
  | ({ status: 'pending'; chargeId: string } & PaymentInstructions);

export interface RefundRequest {
  orderId: string;
  chargeId: string;
  amount: number;
  idempotencyKey: string;
}

/** A card/Pix payment processor (cash never reaches it). Same idempotency key ⇒ same result, never a second charge. */
export interface PaymentGateway {
  charge(req: ChargeRequest): Promise<ChargeResult>;
  refund(req: RefundRequest): Promise<{ refundId: string }>;
  /**
   * What the provider did with a charge sent under this key, without sending it: undefined when it never saw the key.
   * Settling an order that ended while a charge's outcome was unknown asks this instead of charging a cancelled order.
   */
  findCharge(orderId: string, idempotencyKey: string): Promise<ChargeResult | undefined>;
  /** The payment as the provider has it now; undefined when it has no such payment. */
  getPayment(paymentId: string): Promise<ProviderPayment | undefined>;
  /**
   * Stops a pending payment from being paid (a Pix that expired, an order cancelled while waiting). Returns the payment
   * as it stands after: it may have been approved just before, and then the caller records (and refunds) it.
   */
  cancelPayment(paymentId: string): Promise<ProviderPayment>;
  /** Every payment created since `since`, with its refunds: what reconciliation compares the orders with. */
  listPayments(since: Date): Promise<ProviderPayment[]>;
}

/** One operation in the payment provider's books, keyed by the idempotency key it was asked with. */
export interface PaymentRecord {
  idempotencyKey: string;
  kind: 'charge' | 'refund';
  orderId: string;
  amount: number;
  /** Charges: true once money moved (at once for a card token, when paid for a pending Pix). Refunds: always true. */
  approved: boolean;
  /** Charges: where the payment stands. Absent on records written before payments could wait (read as settled). */
  status?: ProviderPaymentStatus;
  statusDetail?: string;
  method?: 'card' | 'pix';
  chargeId?: string;
  refundId?: string;
  declineCode?: string;
  /** A pending charge: how the customer pays it. */
  instructions?: PaymentInstructions;
  at: string;
}

/** The provider's books, read by the ledger invariant (`doctor`) and, later, reconciliation. */
export interface PaymentBook {
  listRecords(): Promise<PaymentRecord[]>;
}

/** Where a simulated provider keeps its books: the first record stored for a key wins, for good. */
export interface PaymentRecordStore extends PaymentBook {
  get(idempotencyKey: string): Promise<PaymentRecord | undefined>;
  listByOrder(orderId: string): Promise<PaymentRecord[]>;
  /** Stores `record` unless its key is taken; returns what is stored under the key and whether it was this call's. */
  putIfAbsent(record: PaymentRecord): Promise<{ record: PaymentRecord; stored: boolean }>;
  /**
   * Moves a pending charge on (paid, cancelled), only while it is still `from`: a payment is paid or cancelled once,
   * whoever asks first. Returns the record as it stands after, and whether this call moved it.
   */
  settlePending(
    idempotencyKey: string,
    from: ProviderPaymentStatus,
    to: Pick<PaymentRecord, 'status' | 'approved' | 'statusDetail'>,
  ): Promise<{ record: PaymentRecord; moved: boolean }>;
}

/** Publishes order events (SNS on AWS, the local notifier locally) and manages per-customer subscriptions. */
export interface EventPublisher {
  publish(notification: OrderNotification): Promise<void>;
  /** Subscribes the customer's phone (SMS) and e-mail to their own order events. Idempotent. */
  subscribeCustomer(customer: Customer): Promise<void>;
}

/** The order workflow engine: Step Functions on AWS, the ASL interpreter locally. */
export interface WorkflowEngine {
  /** `heartbeatSeconds`: how long a delivery stage may wait for staff before STAGE_OVERDUE (the store's setting). */
  startOrderWorkflow(orderId: string, opts: { heartbeatSeconds: number }): Promise<{ executionArn: string }>;
  /** Completes a waiting callback task. Throws NoStageAwaiting when the token is unknown or expired. */
  completeTask(taskToken: string, output: unknown): Promise<void>;
  failTask(taskToken: string, error: string, cause: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
