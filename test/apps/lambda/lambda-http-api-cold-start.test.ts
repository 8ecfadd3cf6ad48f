// A Secrets Manager outage during the HTTP Lambda's cold start must not break the container for good.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpApiEvent } from '../../support/api-gateway-event.ts';
import { type AwsStandIns, startAwsStandIns } from '../../support/aws-stand-ins.ts';
import { type FakeSecretsManager, startFakeSecretsManager } from '../../support/fake-secrets-manager.ts';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:StaffApiToken-AbCdEf';

let aws: AwsStandIns;
let secrets: FakeSecretsManager;
let http: typeof import('../../../apps/lambda/lambda-http-api.ts');

beforeAll(async () => {
  aws = await startAwsStandIns();
  secrets = await startFakeSecretsManager({ [SECRET_ARN]: 'token-from-secrets-manager' });
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

describe('HTTP API Lambda cold start with Secrets Manager failing', () => {
  it('the first invocation fails once the SDK has used up its 3 attempts', async () => {
    // Prepare
    secrets.failNextRequests(3);

    // Act
    const result = http.handler(httpApiEvent('GET', '/api/catalog'));

    // Assess: Powertools Parameters wraps the SDK's last error
    await expect(result).rejects.toMatchObject({
      name: 'GetParameterError',
      cause: expect.objectContaining({ name: 'InternalServiceError' }),
    });
    expect(secrets.requests).toHaveLength(3);
  });

  // Regression: the rejected context promise was once cached, so a warm container failed every later request.
  it('the next invocation, with Secrets Manager back, reads the secret again and answers 200', async () => {
    // Act
    const res = await http.handler(httpApiEvent('GET', '/api/catalog'));

    // Assess
    expect(secrets.requests).toHaveLength(4);
    expect(res.statusCode).toBe(200);
  });
});
