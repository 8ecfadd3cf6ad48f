// The payment provider a CLI command reads: the simulated gateway on the table's own books, or Mercado Pago when its
// access token is set in the environment. `doctor` reads its books, `payments reconcile` its payments.
import { DynamoPaymentRecordStore } from '../../adapters/aws/dynamo-payment-records.ts';
import { MercadoPagoGateway } from '../../adapters/payments/mercadopago-gateway.ts';
import { SimulatedPaymentGateway } from '../../adapters/payments/simulated-payment-gateway.ts';
import type { PaymentBook, PaymentGateway } from '../../core/ports.ts';
import type { Target } from './table-target.ts';

/**
 * MERCADOPAGO_ACCESS_TOKEN selects Mercado Pago, as it does for the stack (MERCADOPAGO_API_URL for stand-ins): its
 * payments are read from its API, not from the simulated books in the table.
 */
export function paymentProviderFor(target: Target, env: NodeJS.ProcessEnv = process.env): PaymentGateway & PaymentBook {
  if (env.MERCADOPAGO_ACCESS_TOKEN)
    return new MercadoPagoGateway({
      accessToken: env.MERCADOPAGO_ACCESS_TOKEN,
      ...(env.MERCADOPAGO_API_URL ? { apiUrl: env.MERCADOPAGO_API_URL } : {}),
    });
  // Read-only here: no auto-pay timers, no webhook listeners; only listPayments and getPayment are called.
  return new SimulatedPaymentGateway(new DynamoPaymentRecordStore(target.client, target.table));
}
