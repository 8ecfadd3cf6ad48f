// Builds the order use cases' ports from the Lambda configuration. Every client honours AWS_ENDPOINT_URL_<SERVICE>.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoCatalogStore } from '../../adapters/aws/dynamo-catalog-store.ts';
import { DynamoOrderRepository } from '../../adapters/aws/dynamo-order-repository.ts';
import { DynamoPaymentRecordStore } from '../../adapters/aws/dynamo-payment-records.ts';
import { SfnWorkflowEngine } from '../../adapters/aws/sfn-workflow-engine.ts';
import { SnsEventPublisher } from '../../adapters/aws/sns-event-publisher.ts';
import { type PixCodeMaker, SimulatedPaymentGateway } from '../../adapters/payments/simulated-payment-gateway.ts';
import type { OrderDeps } from '../../core/deps.ts';
import type { Logger } from '../../core/logger.ts';
import { systemClock } from '../../core/ports.ts';
import type { OrderDepsConfig } from './config.ts';
import { MercadoPagoFromSecret } from './mercadopago-from-secret.ts';
import { sdkSecrets } from './sdk-secrets.ts';
import type { SecretProvider } from './secret-value.ts';

/** One Secrets Manager provider (and cache) per container, built on the first read of an ARN. */
const sharedSecrets = sdkSecrets();

/**
 * `pixCode`: only the order tasks create charges, so only their bundle carries the QR library (see PixCodeMaker); it
 * is for the simulated gateway, since Mercado Pago makes its own Pix codes.
 */
export function createAwsDeps(
  config: OrderDepsConfig,
  log: Logger,
  dynamo = new DynamoDBClient({}),
  pixCode?: PixCodeMaker,
  secrets: () => SecretProvider = sharedSecrets,
): OrderDeps {
  return {
    orders: new DynamoOrderRepository(dynamo, config.tableName),
    catalog: new DynamoCatalogStore(dynamo, config.tableName),
    // Mercado Pago when the stack is deployed with it (MERCADOPAGO_ACCESS_TOKEN_SECRET_ARN); otherwise the simulated
    // gateway (Stripe test tokens, pending Pix) keeps its books in the table.
    payments: config.mercadopago
      ? new MercadoPagoFromSecret(config.mercadopago, secrets)
      : new SimulatedPaymentGateway(new DynamoPaymentRecordStore(dynamo, config.tableName), pixCode ? { pixCode } : {}),
    events: new SnsEventPublisher(new SNSClient({}), config.orderEventsTopicArn, config.notificationsDlqArn),
    workflow: new SfnWorkflowEngine(new SFNClient({}), config.orderWorkflowArn ?? ''),
    clock: systemClock,
    log,
    ...(config.pixExpiryMinutes ? { pixExpiryMinutes: config.pixExpiryMinutes } : {}),
  };
}
