// Domain errors from the core use cases, as sentences from the catalog in the customer's language.

import { type DomainError, ErrorCode } from '../../core/errors.ts';
import { ORDER_STATUSES, type OrderStatus } from '../../core/order.ts';
import type { TelegramTexts } from './telegram-texts.ts';

const statusLabel = (t: TelegramTexts, status: unknown) =>
  (ORDER_STATUSES as readonly unknown[]).includes(status) ? t.statusName[status as OrderStatus] : String(status ?? '');

/** The customer-facing sentence for a refusal from core; anything unexpected gets the generic apology. */
export function errorSentence(t: TelegramTexts, err: DomainError): string {
  const d = err.details;
  switch (err.code) {
    case ErrorCode.AddressChangeNotAllowed:
      return t.errorAddressChangeNotAllowed(statusLabel(t, d.status));
    case ErrorCode.OrderNotCancellable:
      return t.errorOrderNotCancellable(statusLabel(t, d.status));
    case ErrorCode.OrderBeingProcessed:
      return t.errorOrderBeingProcessed;
    case ErrorCode.PaymentDeclined:
      return t.errorPaymentDeclined;
    case ErrorCode.AddressChangeNeedsPayment:
      return t.errorAddressChangeNeedsPayment(Number(d.amount));
    case ErrorCode.ConcurrentUpdate:
      return t.errorConcurrentUpdate;
    case ErrorCode.OutOfDeliveryArea:
      return t.errorOutOfArea(Number(d.distanceKm), Number(d.radiusKm));
    case ErrorCode.OrderNotFound:
      return t.orderNotFound(String(d.orderId ?? ''));
    default:
      return t.somethingWentWrong;
  }
}
