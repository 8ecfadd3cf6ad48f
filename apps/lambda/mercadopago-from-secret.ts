// The PaymentGateway of a Lambda deployed with Mercado Pago: each call reads the access token from Secrets Manager
// (Powertools' cache, SECRET_MAX_AGE_S) and goes to a MercadoPagoGateway for that token, so a rotated token is used
// within minutes and createAwsDeps stays synchronous.
import { MercadoPagoGateway } from '../../adapters/payments/mercadopago-gateway.ts';
import type { ProviderPayment } from '../../core/payment-instructions.ts';
import type { ChargeRequest, ChargeResult, PaymentGateway, RefundRequest } from '../../core/ports.ts';
import type { MercadoPagoConfig } from './config.ts';
import { readSecret, type SecretProvider } from './secret-value.ts';

export class MercadoPagoFromSecret implements PaymentGateway {
  private current: { token: string; gateway: MercadoPagoGateway } | undefined;

  constructor(
    private readonly config: MercadoPagoConfig,
    private readonly secrets: () => SecretProvider,
  ) {}

  /** The gateway for the token in force; rebuilt only when the secret's value changed. */
  async gateway(): Promise<MercadoPagoGateway> {
    const token = await readSecret(this.config.accessToken, this.secrets);
    if (this.current?.token !== token) {
      const { apiUrl, notificationUrl } = this.config;
      this.current = {
        token,
        gateway: new MercadoPagoGateway({
          accessToken: token,
          ...(apiUrl ? { apiUrl } : {}),
          ...(notificationUrl ? { notificationUrl } : {}),
        }),
      };
    }
    return this.current.gateway;
  }

  async charge(req: ChargeRequest): Promise<ChargeResult> {
    return (await this.gateway()).charge(req);
  }
  async refund(req: RefundRequest): Promise<{ refundId: string }> {
    return (await this.gateway()).refund(req);
  }
  async findCharge(orderId: string, idempotencyKey: string): Promise<ChargeResult | undefined> {
    return (await this.gateway()).findCharge(orderId, idempotencyKey);
  }
  async getPayment(paymentId: string): Promise<ProviderPayment | undefined> {
    return (await this.gateway()).getPayment(paymentId);
  }
  async cancelPayment(paymentId: string): Promise<ProviderPayment> {
    return (await this.gateway()).cancelPayment(paymentId);
  }
  async listPayments(since: Date): Promise<ProviderPayment[]> {
    return (await this.gateway()).listPayments(since);
  }
}
