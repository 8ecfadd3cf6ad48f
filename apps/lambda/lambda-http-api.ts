// Lambda entry for the HTTP API (API Gateway HTTP API, payload format 2.0): adapts the event to the shared handler.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type ApiContext, handleHttpRequest } from '../../api/order-api.ts';
import { createAwsDeps } from './aws-deps.ts';
import { httpApiConfig } from './config.ts';
import { toHttpRequest, toLambdaResult } from './http-event.ts';
import { lambdaLogger } from './lambda-logger.ts';
import { sdkSecrets } from './sdk-secrets.ts';
import { cachedLoader, readSecret } from './secret-value.ts';

const config = httpApiConfig();
const { log, invoked } = lambdaLogger('http-api');
const secrets = sdkSecrets();

/** Loaded once per container; a failed load is forgotten, so the next request tries again instead of failing forever. */
const context = cachedLoader<ApiContext>(async () => ({
  deps: createAwsDeps(config.orders, log),
  staffToken: await readSecret(config.staffToken, secrets),
  ...(config.telegramBotUsername ? { telegramBotUsername: config.telegramBotUsername } : {}),
}));

export const handler = invoked(
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
    toLambdaResult(await handleHttpRequest(await context(), toHttpRequest(event))),
);
