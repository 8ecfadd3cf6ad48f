// Lambda entry for POST /slack/events (API Gateway → SQS FIFO): verify the signature, queue, acknowledge, well inside
// Slack's 3 s. No Bolt and no AWS SDK: its bundle holds the check, the light SQS and Secrets Manager calls, the logger.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createSlackEdge } from '../../bots/slack/slack-edge.ts';
import type { SlackWork } from '../../bots/slack/slack-work.ts';
import { slackEventsConfig } from './config.ts';
import { fetchQueue, fetchSecrets } from './fetch-clients.ts';
import { toHttpRequest, toLambdaResult } from './http-event.ts';
import { lambdaLogger } from './lambda-logger.ts';
import { readSecret } from './secret-value.ts';

const config = slackEventsConfig();
const { log, invoked } = lambdaLogger('slack-events');
const queue = fetchQueue<SlackWork>(config.aws, config.queueUrl);
const secrets = fetchSecrets(config.aws);

export const events = invoked(async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  // The secret comes from Powertools' cache (a rotated one is seen within SECRET_MAX_AGE_S); the edge itself is cheap.
  const edge = createSlackEdge({ signingSecret: await readSecret(config.signingSecret, secrets), queue, log });
  return toLambdaResult(await edge.handle(toHttpRequest(event)));
});
