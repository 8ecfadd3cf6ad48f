// The building blocks the chat constructs share: a worker's FIFO queue with its dead-letter queue and alarm, a
// subscription's dead-letter queue, a secret read grant.
import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { OpsAlarms } from './ops-alarms.ts';

const dlqAlarmPeriod = { period: Duration.minutes(5), statistic: 'Maximum' };

/** GetSecretValue on exactly one secret. */
export const readSecret = (sid: string, secret: secretsmanager.ISecret): iam.PolicyStatement =>
  new iam.PolicyStatement({ sid, actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] });

/**
 * A Lambda worker's FIFO queue `id` and its FIFO dead-letter queue `${id}Dlq`, which alarms when not empty. Senders
 * always set MessageDeduplicationId (no content-based deduplication). `what` names the messages in the alarm.
 */
export function fifoWorkQueue(
  scope: Construct,
  id: string,
  opts: {
    workerTimeout: Duration;
    maxReceiveCount: number;
    alarms: OpsAlarms;
    what: string;
  },
): { queue: sqs.Queue; dlq: sqs.Queue } {
  const dlq = new sqs.Queue(scope, `${id}Dlq`, {
    fifo: true,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    // Longer than the source queue's retention: a moved message keeps its original enqueue time.
    retentionPeriod: Duration.days(14),
  });
  const queue = new sqs.Queue(scope, id, {
    fifo: true,
    contentBasedDeduplication: false,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    // AWS's guidance for a Lambda event source: at least 6 × the function timeout.
    visibilityTimeout: Duration.seconds(6 * opts.workerTimeout.toSeconds()),
    deadLetterQueue: { queue: dlq, maxReceiveCount: opts.maxReceiveCount },
  });
  opts.alarms.alarm(
    scope,
    `${id}DlqAlarm`,
    dlq.metricApproximateNumberOfMessagesVisible(dlqAlarmPeriod),
    `${opts.what} failed ${opts.maxReceiveCount} times and were set aside (see the ${opts.what} DLQ)`,
  );
  Validations.of(dlq).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is itself the dead-letter queue of the ${opts.what} FIFO queue (maxReceiveCount ${opts.maxReceiveCount}); it alarms when not empty.`,
  });
  return { queue, dlq };
}

/**
 * The dead-letter queue `id` of an SNS → Lambda subscription (SNS invokes asynchronously; deliveries SNS itself cannot
 * make, throttled or to a function gone, land here), with its alarm. `subscription` names it in the texts.
 */
export function subscriptionDlq(
  scope: Construct,
  id: string,
  opts: { alarms: OpsAlarms; subscription: string; alarmText: string },
): sqs.Queue {
  const dlq = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  opts.alarms.alarm(scope, `${id}Alarm`, dlq.metricApproximateNumberOfMessagesVisible(dlqAlarmPeriod), opts.alarmText);
  Validations.of(dlq).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is itself the dead-letter queue of the ${opts.subscription} subscription; it alarms when not empty.`,
  });
  return dlq;
}
