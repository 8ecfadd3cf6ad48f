// The payment provider's setting: CDK context -c mercadoPago=true deploys Mercado Pago (its secrets, webhook route and
// worker); without it the functions keep the simulated gateway.
import type { Node } from 'constructs';

export const PAYMENT_CONTEXT_KEYS = { mercadoPago: 'mercadoPago' } as const;

export interface PaymentConfig {
  readonly mercadoPago: boolean;
}

/** `given` (stack props, e.g. from a test) wins over CDK context. Anything but true/false fails synth. */
export function resolvePaymentConfig(node: Node, given: Partial<PaymentConfig> = {}): PaymentConfig {
  const raw: unknown = given.mercadoPago ?? node.tryGetContext(PAYMENT_CONTEXT_KEYS.mercadoPago);
  if (raw === undefined || raw === null || raw === '' || raw === false || raw === 'false')
    return { mercadoPago: false };
  if (raw === true || raw === 'true') return { mercadoPago: true };
  throw new Error(`CDK context ${PAYMENT_CONTEXT_KEYS.mercadoPago} must be true or false, got ${JSON.stringify(raw)}`);
}
