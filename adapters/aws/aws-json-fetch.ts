// One AWS JSON-protocol API (SQS, Secrets Manager) called with a SigV4-signed fetch (aws4fetch), for the functions
// whose
// bundle budget the AWS SDK does not fit: one SDK client weighs 310 KiB minified, twice an edge's 150 KiB.
import { AwsClient } from 'aws4fetch';

/** The credentials Lambda gives every function in its environment, and the region it runs in. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
}

/** How one service speaks the JSON protocol: its signing name, `X-Amz-Target` prefix and JSON version. */
export interface AwsJsonService {
  signingName: string;
  targetPrefix: string;
  jsonVersion: '1.0' | '1.1';
}

export const SQS_JSON: AwsJsonService = { signingName: 'sqs', targetPrefix: 'AmazonSQS', jsonVersion: '1.0' };
export const SECRETS_MANAGER_JSON: AwsJsonService = {
  signingName: 'secretsmanager',
  targetPrefix: 'secretsmanager',
  jsonVersion: '1.1',
};

/** An error the service answered, named as the SDK names it (the `__type` after its namespace). */
export class AwsJsonError extends Error {
  constructor(
    name: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = name;
  }
}

/** Three attempts in all, as the SDK's default: aws4fetch retries 5xx and 429 with exponential backoff from 50 ms. */
const RETRIES = 2;

export class AwsJsonApi {
  private readonly client: AwsClient;

  /** `endpoint`: the regional endpoint, or AWS_ENDPOINT_URL_<SERVICE> (a stand-in) when the root passes one. */
  constructor(
    private readonly service: AwsJsonService,
    credentials: AwsCredentials,
    private readonly endpoint = `https://${service.signingName}.${credentials.region}.amazonaws.com/`,
  ) {
    this.client = new AwsClient({
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
      // Named, because a stand-in's loopback URL does not tell aws4fetch the service or the region.
      service: service.signingName,
      region: credentials.region,
      retries: RETRIES,
    });
  }

  async call<T>(operation: string, input: Record<string, unknown>): Promise<T> {
    const res = await this.client.fetch(this.endpoint, {
      method: 'POST',
      headers: {
        'content-type': `application/x-amz-json-${this.service.jsonVersion}`,
        'x-amz-target': `${this.service.targetPrefix}.${operation}`,
      },
      body: JSON.stringify(input),
    });
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      if (res.ok) throw new AwsJsonError('SerializationException', `${operation}: the answer is not JSON`, res.status);
    }
    if (!res.ok) {
      const type = String(body.__type ?? body.code ?? `HTTP${res.status}`);
      const message = String(body.message ?? body.Message ?? text.slice(0, 200));
      throw new AwsJsonError(type.slice(type.lastIndexOf('#') + 1), `${operation}: ${message}`, res.status);
    }
    return body as T;
  }
}
