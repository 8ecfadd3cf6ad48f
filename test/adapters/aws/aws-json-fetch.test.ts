// SQS and Secrets Manager through the light SigV4 fetch client, against the same stand-ins the SDK is tested on: the
// message SQS stores, its errors by name, a retried 5xx, and Powertools' cache in front of Secrets Manager.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsJsonApi, SECRETS_MANAGER_JSON, SQS_JSON } from '../../../adapters/aws/aws-json-fetch.ts';
import { SecretsManagerFetchProvider } from '../../../adapters/aws/secrets-manager-fetch-provider.ts';
import { SqsFetchWorkQueue } from '../../../adapters/aws/sqs-fetch-work-queue.ts';
import { type FakeSecretsManager, startFakeSecretsManager } from '../../support/fake-secrets-manager.ts';
import { type FakeSqs, startFakeSqs } from '../../support/fake-sqs.ts';

const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'secret',
  sessionToken: 'session',
  region: 'us-east-1',
};
const QUEUE = 'SlackWork.fifo';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:SlackSigningSecret-AbCdEf';

let sqs: FakeSqs;
let secrets: FakeSecretsManager;
beforeAll(async () => {
  sqs = await startFakeSqs({ queues: [QUEUE] });
  secrets = await startFakeSecretsManager({ [SECRET_ARN]: 'signing-secret' });
});
afterAll(async () => {
  await Promise.all([sqs?.close(), secrets?.close()]);
});

describe('SqsFetchWorkQueue', () => {
  it('sends a signed FIFO SendMessage that SQS stores, and a repeated dedupe id is dropped by SQS', async () => {
    // Prepare
    const queue = new SqsFetchWorkQueue<{ n: number }>(
      new AwsJsonApi(SQS_JSON, CREDENTIALS, sqs.url),
      sqs.queueUrl(QUEUE),
    );

    // Act
    await queue.enqueue('order:A1B2C3', 'event-1', { n: 1 });
    await queue.enqueue('order:A1B2C3', 'event-1', { n: 1 });

    // Assess
    expect(sqs.messages(QUEUE).map((m) => [m.messageGroupId, m.messageDeduplicationId, m.body])).toEqual([
      ['order:A1B2C3', 'event-1', '{"n":1}'],
    ]);
    const call = sqs.calls.at(-1)!;
    expect(call.headers).toMatchObject({
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'AmazonSQS.SendMessage',
      'x-amz-security-token': 'session',
    });
    expect(String(call.headers.authorization)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/sqs\/aws4_request, SignedHeaders=.*x-amz-target.*, Signature=[0-9a-f]{64}$/,
    );
  });

  it('retries a 500, and names an error as the SDK does', async () => {
    // Prepare
    const api = new AwsJsonApi(SQS_JSON, CREDENTIALS, sqs.url);
    const before = sqs.messages(QUEUE).length;
    sqs.failNext('SendMessage', 'InternalError', 500);

    // Act
    await new SqsFetchWorkQueue(api, sqs.queueUrl(QUEUE)).enqueue('g', 'retried-1', { ok: true });
    const unknown = new SqsFetchWorkQueue(api, sqs.queueUrl('nope.fifo')).enqueue('g', '1', {});

    // Assess
    expect(sqs.messages(QUEUE)).toHaveLength(before + 1);
    await expect(unknown).rejects.toMatchObject({ name: 'QueueDoesNotExist', status: 400 });
  });
});

describe('SecretsManagerFetchProvider', () => {
  it('reads a secret once within its max age, and fails with the service’s error after three attempts', async () => {
    // Prepare
    const provider = new SecretsManagerFetchProvider(new AwsJsonApi(SECRETS_MANAGER_JSON, CREDENTIALS, secrets.url));
    const failing = new SecretsManagerFetchProvider(new AwsJsonApi(SECRETS_MANAGER_JSON, CREDENTIALS, secrets.url));

    // Act
    const values = [await provider.get(SECRET_ARN, { maxAge: 300 }), await provider.get(SECRET_ARN, { maxAge: 300 })];
    const reads = secrets.requests.length;
    secrets.failNextRequests(3);
    const down = failing.get(SECRET_ARN, { maxAge: 300 });

    // Assess
    expect(values).toEqual(['signing-secret', 'signing-secret']);
    expect(reads).toBe(1);
    await expect(down).rejects.toMatchObject({
      name: 'GetParameterError',
      cause: expect.objectContaining({ name: 'InternalServiceError' }),
    });
    expect(secrets.requests).toHaveLength(reads + 3);
  });
});
