// The payment provider a CLI command reads: the simulated gateway on the table's own books, or the real provider when
// its access token is set in the environment.
import { DynamoPaymentRecordStore } from '../../adapters/aws/dynamo-payment-records.ts';
import { SimulatedPaymentGateway } from '../../adapters/payments/simulated-payment-gateway.ts';
import type { PaymentGateway } from '../../core/ports.ts';
import type { Target } from './table-target.ts';

/** The environment names a provider this build cannot reach. */
export class ProviderNotAvailable extends Error {}

/**
 * MERCADOPAGO_ACCESS_TOKEN selects Mercado Pago, as it does for the stack. This build has no Mercado Pago adapter yet,
 * so that choice is refused rather than silently reading the simulated books instead: the branch below is where the
 * adapter is built once it exists (with MERCADOPAGO_API_URL for stand-ins).
 */
export function paymentProviderFor(target: Target, env: NodeJS.ProcessEnv = process.env): PaymentGateway {
  if (env.MERCADOPAGO_ACCESS_TOKEN)
    throw new ProviderNotAvailable(
      'MERCADOPAGO_ACCESS_TOKEN is set, but this build has no Mercado Pago adapter to read its payments; unset it to reconcile the simulated provider',
    );
  // Read-only here: no auto-pay timers, no webhook listeners; only listPayments and getPayment are called.
  return new SimulatedPaymentGateway(new DynamoPaymentRecordStore(target.client, target.table));
}
