// The HTTP Lambda as infra deploys it: the staff token read once from Secrets Manager (STAFF_API_TOKEN_SECRET_ARN).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COPACABANA } from '../../support/api-client.ts';
import { httpApiEvent } from '../../support/api-gateway-event.ts';
import { type AwsStandIns, startAwsStandIns } from '../../support/aws-stand-ins.ts';
import { type FakeSecretsManager, startFakeSecretsManager } from '../../support/fake-secrets-manager.ts';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:StaffApiToken-AbCdEf';
const STAFF_TOKEN = 'token-from-secrets-manager';

let aws: AwsStandIns;
let secrets: FakeSecretsManager;
let http: typeof import('../../../apps/lambda/lambda-http-api.ts');

beforeAll(async () => {
  aws = await startAwsStandIns();
  secrets = await startFakeSecretsManager({ [SECRET_ARN]: STAFF_TOKEN });
  aws.setEnv({
    STAFF_API_TOKEN: undefined,
    STAFF_API_TOKEN_SECRET_ARN: SECRET_ARN,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
  });
  http = await import('../../../apps/lambda/lambda-http-api.ts');
});
afterAll(async () => {
  await aws?.stop();
  await secrets?.close();
});

describe('HTTP API Lambda with the staff token in Secrets Manager', () => {
  it('reads the secret once per container, and only its value authenticates staff', async () => {
    // Prepare
    const body = JSON.stringify({
      customer: { name: 'Ana', phone: '+5521987654321' },
      items: [{ sku: 'ACAI-300', qty: 1 }],
      address: COPACABANA,
      payment: { method: 'pix' },
    });
    const placed = await http.handler(httpApiEvent('POST', '/api/orders', { body }));
    const { orderId } = JSON.parse(placed.body!);
    const get = (token: string) =>
      http.handler(httpApiEvent('GET', `/api/orders/${orderId}`, { headers: { authorization: `Bearer ${token}` } }));

    // Act
    const asStaff = await get(STAFF_TOKEN);
    const asStranger = await get('staff-secret-token-for-tests');

    // Assess
    expect(placed.statusCode).toBe(202);
    expect(asStaff.statusCode).toBe(200);
    expect(JSON.parse(asStaff.body!).orderId).toBe(orderId);
    expect(asStranger.statusCode).toBe(404);
    expect(secrets.requests).toEqual([SECRET_ARN]);
  });
});
