// The payment settings: CDK context -c mercadoPago=true deploys Mercado Pago (its secrets, webhook route and worker),
// without it the functions keep the simulated gateway; -c pixExpiryMinutes=N sets how long a Pix stays payable (15).
import type { Node } from 'constructs';

export const PAYMENT_CONTEXT_KEYS = { mercadoPago: 'mercadoPago', pixExpiryMinutes: 'pixExpiryMinutes' } as const;
export const DEFAULT_PIX_EXPIRY = 15;

export interface PaymentConfig {
  readonly mercadoPago: boolean;
  /** PIX_EXPIRY_MINUTES of the order tasks: the workflow waits this long for a Pix. */
  readonly pixExpiryMinutes: number;
}

/** `given` (stack props, e.g. from a test) wins over CDK context. Anything but true/false fails synth. */
export function resolvePaymentConfig(node: Node, given: Partial<PaymentConfig> = {}): PaymentConfig {
  return { mercadoPago: mercadoPagoOf(node, given), pixExpiryMinutes: pixExpiryOf(node, given) };
}

function mercadoPagoOf(node: Node, given: Partial<PaymentConfig>): boolean {
  const raw: unknown = given.mercadoPago ?? node.tryGetContext(PAYMENT_CONTEXT_KEYS.mercadoPago);
  if (raw === undefined || raw === null || raw === '' || raw === false || raw === 'false') return false;
  if (raw === true || raw === 'true') return true;
  throw new Error(`CDK context ${PAYMENT_CONTEXT_KEYS.mercadoPago} must be true or false, got ${JSON.stringify(raw)}`);
}

/** Whole minutes from 1 to 1440, as the local stack's PIX_EXPIRY_MINUTES; anything else fails synth. */
function pixExpiryOf(node: Node, given: Partial<PaymentConfig>): number {
  const raw: unknown = given.pixExpiryMinutes ?? node.tryGetContext(PAYMENT_CONTEXT_KEYS.pixExpiryMinutes);
  if (raw === undefined || raw === null || raw === '') return DEFAULT_PIX_EXPIRY;
  const minutes = Number(raw);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440)
    throw new Error(
      `CDK context ${PAYMENT_CONTEXT_KEYS.pixExpiryMinutes} must be whole minutes from 1 to 1440, got ${JSON.stringify(raw)}`,
    );
  return minutes;
}
