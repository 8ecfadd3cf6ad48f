// Lambda entry for the handoff sweep (an EventBridge schedule, every minute → the Slack work queue): the worker then
// looks for escalations nobody took in time. It only queues: no AWS SDK, no Bolt.
import type { ScheduledEvent } from 'aws-lambda';
import type { SlackWork } from '../../bots/slack/slack-work.ts';
import { slackForwarderConfig } from './config.ts';
import { fetchQueue } from './fetch-clients.ts';
import { lambdaLogger } from './lambda-logger.ts';

const config = slackForwarderConfig();
const { invoked } = lambdaLogger('slack-sweep');
const queue = fetchQueue<SlackWork>(config.aws, config.queueUrl);

/** The schedule's event carries nothing the sweep needs: the time is read here. */
export const sweep = invoked(async (_tick: ScheduledEvent): Promise<void> => {
  const at = new Date().toISOString();
  // One sweep per minute at most: the minute is the deduplication id.
  await queue.enqueue('slack-desk', `sweep-${at.replace(/[^\dT]/g, '')}`, { kind: 'sweep', at });
});
