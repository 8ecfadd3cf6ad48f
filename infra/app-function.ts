// One Lambda function of the app: NodejsFunction bundled by local esbuild, with its own role, log group and Errors
// alarm.
import { Duration, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { OpsAlarms } from './ops-alarms.ts';
import { LEFT_OUT_STUB, LOCK_FILE, REPO_ROOT } from './repo-paths.ts';

/**
 * Modules Bolt's index and App require when they load, for receivers the Slack worker never builds (it passes its own):
 * Socket Mode (its WebSocket client brings undici, 525 KiB minified), Express and raw-body (body-parser and
 * iconv-lite's
 * code tables, 481 KiB) and OAuth (jsonwebtoken, semver). Each is replaced by LEFT_OUT_STUB, which throws if ever used;
 * test/apps/lambda/lambda-bundles.test.ts runs the built worker bundles to show nothing does.
 */
export const LEFT_OUT_MODULES = ['@slack/socket-mode', 'express', 'raw-body', '@slack/oauth'] as const;

/**
 * Import paths bundled as another module. grammY's web build (global fetch, one ESM file) instead of its Node build,
 * whose node-fetch@2 brings whatwg-url and tr46's IDNA table (300 KiB minified); Node 22 has fetch built in.
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  grammy: 'grammy/web',
  ...Object.fromEntries(LEFT_OUT_MODULES.map((m) => [m, LEFT_OUT_STUB])),
};

/**
 * NODE_OPTIONS of a function whose stack traces go through its bundle's source map (see sourcesContent below). Turning
 * it on costs about 9 ms of CPU at start on any bundle (Node loads its source-map support and reads the map): noise
 * beside a worker's 150-230 ms, but half of an edge's init, so the edges run without it (AppFunctionProps.edge).
 */
export const SOURCE_MAPS_NODE_OPTIONS = '--enable-source-maps';

/** ESM bundle; the banner gives bundled CommonJS dependencies a `require` inside the ES module. */
export const BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node22',
  minify: true,
  // Stack traces name the .ts file and line. The map leaves the sources' text out: with it, Node reads and parses a
  // map of up to 3.6 MiB at start (the Slack worker's init went from 371 to 471 ms); without it, the cost was not
  // measurable (372 ms), and a trace needs only the positions. `npm run bench -- lambda --sources-content` re-measures.
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  // The AWS SDK is bundled rather than taken from the runtime, so Lambda runs the versions pinned in
  // package-lock.json and tested locally, not whichever SDK the runtime happens to ship.
  externalModules: [],
  esbuildArgs: Object.fromEntries(Object.entries(BUNDLE_ALIASES).map(([from, to]) => [`--alias:${from}`, to])),
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
  /**
   * A webhook edge that must answer within Slack's 3 s on a cold start: no --enable-source-maps (its traces point into
   * the minified bundle; the map ships beside it for reading them offline).
   */
  readonly edge?: boolean;
}

export class AppFunction extends Construct {
  /** What the function runs, kept for `npm run bench -- lambda`, which builds each entry as BUNDLING does. */
  readonly entry: string;
  readonly handler: string;
  /** The names of the variables the function gets (values are deploy-time tokens). */
  readonly environmentNames: string[];
  /** Its NODE_OPTIONS, if any. */
  readonly nodeOptions: string | undefined;
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly errorsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    this.entry = props.entry;
    this.handler = props.handler;
    // An explicit role instead of AWSLambdaBasicExecutionRole: log writes are granted on this function's
    // own log group only, and every other permission is added next to the resource it concerns.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    this.nodeOptions = props.edge ? undefined : SOURCE_MAPS_NODE_OPTIONS;
    const environment = {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...(this.nodeOptions ? { NODE_OPTIONS: this.nodeOptions } : {}),
      ...props.environment,
    };
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
    logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      description: props.description,
      entry: props.entry,
      handler: props.handler,
      runtime: Runtime.NODEJS_22_X,
      // About 20 % cheaper per GB-second than x86_64, and the bundles are plain JavaScript (the Lambda bench checks
      // that
      // none holds a native addon), so they run unchanged on it.
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup,
      projectRoot: REPO_ROOT,
      depsLockFilePath: LOCK_FILE,
      bundling: BUNDLING,
      environment,
    });

    this.environmentNames = Object.keys(environment);

    // No dead-letter queue: Step Functions and API Gateway invoke synchronously, so a failure goes back to
    // the caller (Retry/Catch in the ASL, a 5xx for HTTP). This alarm is what tells a human.
    this.errorsAlarm = props.alarms.alarm(
      this,
      'ErrorsAlarm',
      this.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      `${props.description}: errors`,
    );

    this.acknowledgeRuntime();
  }

  /** Adds a variable after construction (a resource wired later), keeping environmentNames complete. */
  addEnvironment(name: string, value: string): void {
    this.fn.addEnvironment(name, value);
    this.environmentNames.push(name);
  }

  private acknowledgeRuntime(): void {
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime this project targets and tests against (the code must also run on the Node 20 used locally); Node 24 is adopted once the suite runs on it.',
    });
  }
}
