// The ops alarm topic (encrypted, TLS-only) and a helper that wires a CloudWatch alarm to it.
import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * Operators subscribe to `topic` out of band (e-mail, chat webhook, pager): who is on call is not
 * part of the stack. Without a subscription the alarms still show in the CloudWatch console.
 */
export class OpsAlarms extends Construct {
  readonly topic: sns.Topic;
  private readonly action: cwActions.SnsAction;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const { account, partition, region } = Stack.of(this);
    // A customer managed key, not alias/aws/sns: CloudWatch publishes as a service principal, and the
    // AWS managed key's policy cannot be changed to let it encrypt.
    const key = new kms.Key(this, 'Key', { enableKeyRotation: true, description: 'Encrypts the ops alarm topic' });
    const cloudwatchPrincipal = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [cloudwatchPrincipal],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'], // in a key policy "*" means this key
      }),
    );

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Delivery Assistant ops alarms',
      masterKey: key,
      enforceSSL: true,
    });
    // enforceSSL replaces the default topic policy, which is what let same-account CloudWatch publish.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [cloudwatchPrincipal],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
        },
      }),
    );
    this.action = new cwActions.SnsAction(this.topic);
  }

  /** Alarms when the metric reaches 1 in a period; no data means nothing happened. */
  alarm(scope: Construct, id: string, metric: cloudwatch.IMetric, description: string): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(scope, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }
}
