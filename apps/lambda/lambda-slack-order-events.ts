// Lambda entry for the Slack order-event feed (SNS → the Slack work queue), one FIFO group per order so its card and
// thread follow the events in order. It only queues: no AWS SDK, no Bolt.
import type { SNSEvent } from 'aws-lambda';
import type { SlackWork } from '../../bots/slack/slack-work.ts';
import type { OrderEventPayload } from '../../core/order-notification.ts';
import { slackForwarderConfig } from './config.ts';
import { fetchQueue } from './fetch-clients.ts';
import { lambdaLogger } from './lambda-logger.ts';

const config = slackForwarderConfig();
const { invoked } = lambdaLogger('slack-order-events');
const queue = fetchQueue<SlackWork>(config.aws, config.queueUrl);

export const orderEvents = invoked(async (event: SNSEvent): Promise<void> => {
  for (const record of event.Records) {
    const payload = JSON.parse(record.Sns.Message) as OrderEventPayload;
    await queue.enqueue(`order:${payload.orderId}`, `order-event:${record.Sns.MessageId}`, {
      kind: 'order_event',
      payload,
    });
  }
});
