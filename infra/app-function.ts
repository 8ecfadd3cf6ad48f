// One Lambda function of the app: NodejsFunction bundled by local esbuild, with its own role, log group and Errors alarm.
import { Duration, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { OpsAlarms } from './ops-alarms.ts';
import { LOCK_FILE, REPO_ROOT } from './repo-paths.ts';

/** ESM bundle; the banner gives bundled CommonJS dependencies a `require` inside the ES module. */
export const BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node22',
  minify: true,
  sourceMap: true,
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  // The AWS SDK is bundled rather than taken from the runtime, so Lambda runs the versions pinned in
  // package-lock.json and tested locally, not whichever SDK the runtime happens to ship.
  externalModules: [],
  // Bundle with the esbuild devDependency: synth must work on machines without a Docker engine.
  forceDockerBundling: false,
};

export interface AppFunctionProps {
  readonly entry: string;
  readonly handler: string;
  readonly description: string;
  readonly environment: Record<string, string>;
  readonly alarms: OpsAlarms;
  readonly timeout?: Duration;
}

export class AppFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly errorsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    // An explicit role instead of AWSLambdaBasicExecutionRole: log writes are granted on this function's
    // own log group only, and every other permission is added next to the resource it concerns.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
    logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      description: props.description,
      entry: props.entry,
      handler: props.handler,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup,
      projectRoot: REPO_ROOT,
      depsLockFilePath: LOCK_FILE,
      bundling: BUNDLING,
      environment: {
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        // Stack traces point into the .ts sources through the bundled source map.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });

    // No dead-letter queue: Step Functions and API Gateway invoke synchronously, so a failure goes back to
    // the caller (Retry/Catch in the ASL, a 5xx for HTTP). This alarm is what tells a human.
    this.errorsAlarm = props.alarms.alarm(
      this,
      'ErrorsAlarm',
      this.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      `${props.description}: errors`,
    );

    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime this project targets and tests against (the code must also run on the Node 20 used locally); Node 24 is adopted once the suite runs on it.',
    });
  }
}
