// Lambda entry for POST /payments/mercadopago/webhook (API Gateway → SQS FIFO): verify Mercado Pago's signature,
// enqueue the payment id, answer 200. No AWS SDK: its bundle holds the check, the light SQS and Secrets Manager calls.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { verifyMercadoPagoSignature } from '../../adapters/payments/mercadopago-signature.ts';
import { handlePaymentWebhook } from '../../api/payment-webhook.ts';
import type { PaymentNotice } from '../../core/payment-notice.ts';
import { paymentWebhookConfig } from './config.ts';
import { fetchQueue, fetchSecrets } from './fetch-clients.ts';
import { toHttpRequest, toLambdaResult } from './http-event.ts';
import { lambdaLogger } from './lambda-logger.ts';
import { readSecret } from './secret-value.ts';

const config = paymentWebhookConfig();
const { log, invoked } = lambdaLogger('payment-webhook');
const queue = fetchQueue<PaymentNotice>(config.aws, config.queueUrl);
const secrets = fetchSecrets(config.aws);

/** The body is never read: the signed data.id names the payment, and the worker reads it back from Mercado Pago. */
export const webhook = invoked(async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  // Read per request from Powertools' cache, so a rotated secret is seen within SECRET_MAX_AGE_S.
  const secret = await readSecret(config.webhookSecret, secrets);
  return toLambdaResult(
    await handlePaymentWebhook(
      { verify: (notice) => verifyMercadoPagoSignature(secret, notice), queue, log },
      toHttpRequest(event),
    ),
  );
});
