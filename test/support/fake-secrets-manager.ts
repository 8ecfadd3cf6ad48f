// A stand-in for AWS Secrets Manager on loopback: AWS JSON 1.1 GetSecretValue, which can be told to fail like an
// outage.
import { type Reply, startLoopbackServer } from './loopback-server.ts';

export interface FakeSecretsManager {
  url: string;
  /** SecretIds asked for, one per request (SDK retries included). */
  requests: string[];
  /** The next `n` requests answer 500 InternalServiceError (which the SDK retries). */
  failNextRequests(n: number): void;
  close(): Promise<void>;
}

const json = (status: number, body: unknown): Reply => ({
  status,
  contentType: 'application/x-amz-json-1.1',
  body: JSON.stringify(body),
});

export async function startFakeSecretsManager(secrets: Record<string, string>): Promise<FakeSecretsManager> {
  const requests: string[] = [];
  let failing = 0;
  const server = await startLoopbackServer((req) => {
    const body = JSON.parse(req.body || '{}') as { SecretId?: string };
    requests.push(body.SecretId ?? '');
    if (req.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue')
      return json(400, { __type: 'UnknownOperationException', message: 'Unknown operation' });
    if (failing > 0) {
      failing--;
      return json(500, { __type: 'InternalServiceError', message: 'An error occurred on the server side.' });
    }
    const value = secrets[body.SecretId ?? ''];
    if (value === undefined)
      return json(400, {
        __type: 'ResourceNotFoundException',
        message: "Secrets Manager can't find the specified secret.",
      });
    return json(200, {
      ARN: body.SecretId,
      Name: 'staff-token',
      SecretString: value,
      VersionId: 'v1',
      VersionStages: ['AWSCURRENT'],
      CreatedDate: Date.now() / 1000,
    });
  });
  return {
    url: server.url,
    requests,
    failNextRequests: (n) => {
      failing = n;
    },
    close: server.close,
  };
}
