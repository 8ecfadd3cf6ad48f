// Typed domain errors with stable codes; only the edges (HTTP, chat) translate them into statuses and sentences.

/**
 * Every code the project answers or throws, in one closed union: the sentence table (core/error-messages.ts) and the
 * HTTP status table (core/http-exchange.ts) are keyed `Record<ErrorCode, …>`, so a code added here without its
 * sentence and status fails to compile. The keys name the codes for the code that switches on them.
 */
export const ErrorCode = {
  // The order use cases (core/), each thrown by its class below.
  OrderNotFound: 'ORDER_NOT_FOUND',
  Unauthorized: 'UNAUTHORIZED',
  OutOfDeliveryArea: 'OUT_OF_DELIVERY_AREA',
  AddressChangeNotAllowed: 'ADDRESS_CHANGE_NOT_ALLOWED',
  OrderNotCancellable: 'ORDER_NOT_CANCELLABLE',
  OrderBeingProcessed: 'ORDER_BEING_PROCESSED',
  NoStageAwaiting: 'NO_STAGE_AWAITING',
  PaymentDeclined: 'PAYMENT_DECLINED',
  AddressChangeNeedsPayment: 'ADDRESS_CHANGE_NEEDS_PAYMENT',
  ConcurrentUpdate: 'CONCURRENT_UPDATE',
  IdempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
  // The store's state (core/opening-hours.ts, the staff controls).
  StoreClosed: 'STORE_CLOSED',
  StorePaused: 'STORE_PAUSED',
  StoreNotSetUp: 'STORE_NOT_SET_UP',
  InvalidStoreControl: 'INVALID_STORE_CONTROL',
  // The HTTP routes and the transport (api/, the local server, the webhooks).
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
  InvalidJson: 'INVALID_JSON',
  JsonTooDeep: 'JSON_TOO_DEEP',
  ForbiddenKey: 'FORBIDDEN_KEY',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  MalformedRequest: 'MALFORMED_REQUEST',
  HeadersTooLarge: 'HEADERS_TOO_LARGE',
  RequestTimeout: 'REQUEST_TIMEOUT',
  InvalidIdempotencyKey: 'INVALID_IDEMPOTENCY_KEY',
  InvalidIdempotencySecret: 'INVALID_IDEMPOTENCY_SECRET',
  // A request body that breaks the contract (core/order-request.ts), one code per reason.
  InvalidBody: 'INVALID_BODY',
  InvalidCustomer: 'INVALID_CUSTOMER',
  InvalidPhone: 'INVALID_PHONE',
  InvalidEmail: 'INVALID_EMAIL',
  InvalidItems: 'INVALID_ITEMS',
  InvalidQuantity: 'INVALID_QUANTITY',
  UnknownSku: 'UNKNOWN_SKU',
  InvalidAddress: 'INVALID_ADDRESS',
  InvalidCoordinates: 'INVALID_COORDINATES',
  InvalidPaymentMethod: 'INVALID_PAYMENT_METHOD',
  PaymentTokenRequired: 'PAYMENT_TOKEN_REQUIRED',
  // Never a client's fault: the workflow's error names, and the generic 500.
  InvalidTransition: 'INVALID_TRANSITION',
  OrderNoLongerPending: 'ORDER_NO_LONGER_PENDING',
  Transient: 'TRANSIENT',
  Internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
export const ERROR_CODES: readonly ErrorCode[] = Object.values(ErrorCode);

/** Base of every business error. `name` doubles as the Step Functions error name matched by Retry/Catch. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that breaks the contract; `code` is the specific reason (INVALID_QUANTITY, UNKNOWN_SKU, ...). */
export class ValidationError extends DomainError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}

export class OrderNotFound extends DomainError {
  constructor(orderId: string) {
    super(ErrorCode.OrderNotFound, `Order ${orderId} was not found`, { orderId });
  }
}
export class Unauthorized extends DomainError {
  constructor() {
    super(ErrorCode.Unauthorized, 'A valid bearer token is required');
  }
}
export class OutOfDeliveryArea extends DomainError {
  constructor(distanceKm: number, radiusKm: number) {
    super(
      ErrorCode.OutOfDeliveryArea,
      `The address is ${distanceKm.toFixed(1)} km away; we deliver up to ${radiusKm} km`,
      { distanceKm, radiusKm },
    );
  }
}
export class AddressChangeNotAllowed extends DomainError {
  constructor(status: string) {
    super(ErrorCode.AddressChangeNotAllowed, `The address cannot be changed when the order is ${status}`, { status });
  }
}
export class OrderNotCancellable extends DomainError {
  constructor(status: string) {
    super(ErrorCode.OrderNotCancellable, `The order cannot be cancelled when it is ${status}`, { status });
  }
}
export class OrderBeingProcessed extends DomainError {
  constructor() {
    super(ErrorCode.OrderBeingProcessed, 'The order is still being processed; try again in a few seconds');
  }
}
export class NoStageAwaiting extends DomainError {
  constructor(status: string) {
    super(ErrorCode.NoStageAwaiting, `No delivery stage is waiting to be advanced (status ${status})`, { status });
  }
}
export class PaymentDeclined extends DomainError {
  constructor(declineCode: string) {
    super(ErrorCode.PaymentDeclined, `The payment was declined (${declineCode})`, { declineCode });
  }
}
/**
 * A higher delivery fee on an order paid by Pix or a hosted checkout: there is no saved card to charge the difference
 * to, so the change is refused rather than claiming a charge that did not happen (a person can sort it out).
 */
export class AddressChangeNeedsPayment extends DomainError {
  constructor(amount: number, method: string) {
    super(
      ErrorCode.AddressChangeNeedsPayment,
      `The new address costs ${amount} centavos more, which a ${method} order cannot be charged here`,
      { amount, method },
    );
  }
}
export class InvalidTransition extends DomainError {
  constructor(from: string, to: string) {
    super(ErrorCode.InvalidTransition, `An order cannot go from ${from} to ${to}`, { from, to });
  }
}
/** Optimistic-lock conflict. Transient: the workflow retries it, the API re-reads and tries again. */
export class ConcurrentUpdate extends DomainError {
  constructor(orderId: string) {
    super(ErrorCode.ConcurrentUpdate, `Order ${orderId} changed concurrently`, { orderId });
  }
}
export class IdempotencyKeyReused extends DomainError {
  constructor() {
    super(ErrorCode.IdempotencyKeyReused, 'This Idempotency-Key was already used with a different request body');
  }
}
/** The workflow found the order moved on (e.g. cancelled by the customer) while it was working. */
export class OrderNoLongerPending extends DomainError {
  constructor(orderId: string, status: string) {
    super(ErrorCode.OrderNoLongerPending, `Order ${orderId} is ${status}, no longer pending`, { orderId, status });
  }
}

/** A dependency failed in a way worth retrying (timeouts, throttling). The workflow's Retry matches this name. */
export class TransientError extends DomainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.Transient, message, {}, options);
  }
}

/** The shop is outside its hours; `opensAt` (ISO 8601) when it opens again within a week. */
export class StoreClosed extends DomainError {
  constructor(opensAt?: Date) {
    super(ErrorCode.StoreClosed, 'The store is closed', opensAt ? { opensAt: opensAt.toISOString() } : {});
  }
}
/** Staff paused orders; `pausedUntil` (ISO 8601) says until when. */
export class StorePaused extends DomainError {
  constructor(pausedUntil: Date) {
    super(ErrorCode.StorePaused, 'The store has paused orders', { pausedUntil: pausedUntil.toISOString() });
  }
}
/** No store profile in the table yet: nothing was applied (`store push`, or the first start). */
export class StoreNotSetUp extends DomainError {
  constructor() {
    super(ErrorCode.StoreNotSetUp, 'The store profile is missing: apply a store folder first (store push)');
  }
}
