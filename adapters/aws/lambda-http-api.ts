// Lambda entry for the HTTP API (API Gateway HTTP API, payload format 2.0): adapts the event to the shared handler.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handleHttpRequest, type ApiContext } from '../../api/order-api.ts';
import { createAwsDeps, loadStaffToken } from './aws-deps.ts';
import { cachedLoader } from './secret-value.ts';

/** Loaded once per container; a failed load is forgotten, so the next request tries again instead of failing forever. */
const context = cachedLoader<ApiContext>(async () => ({ deps: createAwsDeps(), staffToken: await loadStaffToken() }));

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) headers[k.toLowerCase()] = v;
  const body = event.body === undefined ? undefined : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const res = await handleHttpRequest(await context(), { method: event.requestContext.http.method, path: event.rawPath, headers, body });
  return { statusCode: res.status, headers: res.headers, body: res.body };
}
