// How a customer pays a charge that waits for them (Pix code, hosted checkout), and a payment as the provider has it.

/** How to pay a charge that waits for the customer: a Pix code, or the provider's hosted card checkout. */
export interface PaymentInstructions {
  pix?: PixInstructions;
  /** The provider's hosted checkout (card data never touches our servers). */
  checkoutUrl?: string;
  /** After this the charge can no longer be paid (the Pix expiry; the checkout's, for a card). */
  expiresAt: string;
}
export interface PixInstructions {
  /** The "copia e cola" code: an EMV BR Code the customer pastes in their bank app. */
  copyPaste: string;
  /** The same code as a QR image, PNG, base64. */
  qrPngBase64: string;
  expiresAt: string;
}

/** A payment's state at the provider, read back from it (never from a webhook's body). */
export type ProviderPaymentStatus = 'pending' | 'approved' | 'declined' | 'cancelled';
export interface ProviderPayment {
  /** The provider's payment id: the chargeId on the order. */
  paymentId: string;
  /** The external reference the charge was created with. */
  orderId: string;
  method: 'card' | 'pix';
  amount: number;
  status: ProviderPaymentStatus;
  /** The provider's reason, e.g. "expired" for a Pix nobody paid in time, or a decline code. */
  statusDetail?: string;
  /** Centavos given back so far. */
  refunded: number;
  refunds: { refundId: string; amount: number; at: string }[];
  createdAt: string;
}

/**
 * A hosted checkout no payment exists for yet (a Mercado Pago Checkout Pro preference) is named `pref:<id>` on the
 * order: the payment the customer then makes has its own id, and is matched to the order by its external reference.
 */
export const CHECKOUT_PLACEHOLDER_PREFIX = 'pref:';
export const isCheckoutPlaceholder = (chargeId: string): boolean => chargeId.startsWith(CHECKOUT_PLACEHOLDER_PREFIX);
