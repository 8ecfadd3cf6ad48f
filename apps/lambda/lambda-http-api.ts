// Lambda entry for the HTTP API (API Gateway HTTP API, payload format 2.0): adapts the event to the shared handler.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type ApiContext, handleHttpRequest } from '../../api/order-api.ts';
import { createAwsDeps, loadStaffToken } from './aws-deps.ts';
import { toHttpRequest, toLambdaResult } from './http-event.ts';
import { cachedLoader } from './secret-value.ts';

/**
 * Loaded once per container; a failed load is forgotten, so the next request tries again instead of failing forever.
 * TELEGRAM_BOT_USERNAME (set by infra from the telegramBotUsername context) turns on the order's Telegram link.
 */
const context = cachedLoader<ApiContext>(async () => ({
  deps: createAwsDeps(),
  staffToken: await loadStaffToken(),
  ...(process.env.TELEGRAM_BOT_USERNAME ? { telegramBotUsername: process.env.TELEGRAM_BOT_USERNAME } : {}),
}));

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return toLambdaResult(await handleHttpRequest(await context(), toHttpRequest(event)));
}
