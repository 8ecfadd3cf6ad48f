// The CDK app entry (cdk.json runs it with tsx): one environment-agnostic stack, checked by cdk-nag's AwsSolutions
// pack.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DeliveryAssistantStack } from './delivery-assistant-stack.ts';

const app = new App();
// No env: the template is account/region agnostic, so synth needs no credentials and makes no lookups.
new DeliveryAssistantStack(app, 'DeliveryAssistantStack', {
  description:
    'Delivery Assistant: order workflow and assistant router on Step Functions, HTTP API, Telegram bot, DynamoDB table and SNS events',
});
// cdk-nag 3 is a policy-validation plugin (not an Aspect): any unacknowledged finding fails synth.
// The acknowledgments are also written to each resource's Metadata as an audit trail.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));
app.synth();
