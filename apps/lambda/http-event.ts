// Converts between API Gateway HTTP API (payload 2.0) events and the transport-neutral HttpRequest/HttpResponse.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpRequest, HttpResponse } from '../../core/http-exchange.ts';

export function toHttpRequest(event: APIGatewayProxyEventV2): HttpRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) headers[k.toLowerCase()] = v;
  const body =
    event.body === undefined
      ? undefined
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body;
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    ...(event.rawQueryString ? { query: event.rawQueryString } : {}),
    headers,
    body,
  };
}

export const toLambdaResult = (res: HttpResponse): APIGatewayProxyStructuredResultV2 => ({
  statusCode: res.status,
  headers: res.headers,
  body: res.body,
});
