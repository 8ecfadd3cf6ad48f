// Lambda entry for the payment worker (SQS FIFO → core/payment-notice.ts): reads each notified payment back from
// Mercado Pago and applies it to its order. A payment its charge step has not recorded yet (PaymentNotYetRecorded) or a
// provider hiccup (TransientError) fails the record, so SQS delivers it again, then sets it aside in the DLQ.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { handlePaymentNotice, type PaymentNotice } from '../../core/payment-notice.ts';
import { createAwsDeps } from './aws-deps.ts';
import { paymentWorkerConfig } from './config.ts';
import { handleFifoBatch } from './fifo-batch.ts';
import { lambdaLogger } from './lambda-logger.ts';
import { lazy } from './secret-value.ts';

const config = paymentWorkerConfig();
const { log, invoked } = lambdaLogger('payment-worker');
const deps = lazy(() => createAwsDeps(config.orders, log, new DynamoDBClient({})));

/** One message group per payment: its notices are applied in order; another payment's failure holds none of them. */
export const worker = invoked(
  async (event: SQSEvent): Promise<SQSBatchResponse> =>
    handleFifoBatch<PaymentNotice>(
      event,
      async (notice) => {
        const outcome = await handlePaymentNotice(deps(), notice);
        log.info('payment notice applied', { paymentId: notice.paymentId, outcome });
      },
      log,
      'Payment notice',
    ),
);
