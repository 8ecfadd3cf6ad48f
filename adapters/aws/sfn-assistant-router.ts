// The assistant router on AWS: one StartSyncExecution of the Express state machine
// (statemachines/assistant-router.asl.json) per message, its output parsed into the RouterOutput contract.
import { type SFNClient, type SFNClientConfig, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { buildRouterInput, type RouterInput, type RouterOutput } from '../../core/router-contract.ts';

/** The ARN of the router state machine (an Express workflow: StartSyncExecution only works on those). */
export const ROUTER_STATE_MACHINE_ARN = 'ROUTER_STATE_MACHINE_ARN';

/**
 * The router's execution did not succeed (FAILED, TIMED_OUT), or succeeded with an output that is not a routing
 * decision.
 * `error` and `cause` are Step Functions' own (e.g. "States.Runtime" and the failing state's message).
 */
export class RouterExecutionError extends Error {
  override readonly name = 'RouterExecutionError';
  constructor(
    readonly status: string,
    readonly error: string | undefined,
    override readonly cause: string | undefined,
    readonly executionArn: string | undefined,
  ) {
    super(
      `Router execution ${executionArn ?? '(no arn)'} ${status}${error ? `: ${error}` : ''}${cause ? ` (${cause})` : ''}`,
    );
  }
}

/**
 * The endpoint the environment overrides for Step Functions (AWS_ENDPOINT_URL_SFN, else AWS_ENDPOINT_URL), as the SDK
 * reads it, or undefined when the SDK will use the public endpoint.
 */
export function sfnEndpointOverride(env: NodeJS.ProcessEnv): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return undefined;
  return env.AWS_ENDPOINT_URL_SFN?.trim() || env.AWS_ENDPOINT_URL?.trim() || undefined;
}

/**
 * Client settings for StartSyncExecution.
 *
 * The SDK model gives StartSyncExecution (and TestState) the endpoint host prefix `sync-`: @smithy/core's
 * HttpProtocol.setHostPrefix prepends it to whatever hostname the endpoint resolved to, custom endpoints included,
 * unless
 * the client's `disableHostPrefix` is set. On AWS that is what we want (states.<region>.amazonaws.com →
 * sync-states.<region>.amazonaws.com, the only host that serves synchronous executions). With an overridden endpoint it
 * is not: http://127.0.0.1:PORT becomes sync-127.0.0.1 (a DNS lookup that fails), and a VPC interface endpoint's DNS
 * name
 * would be mangled the same way. An override names the exact host to call, so the prefix is disabled exactly then.
 * (An `endpoint_url` written only in the shared config file is not seen here; Lambda and the tests use the
 * environment.)
 */
export function routerSfnClientConfig(env: NodeJS.ProcessEnv): SFNClientConfig {
  return sfnEndpointOverride(env) ? { disableHostPrefix: true } : {};
}

function isRouterOutput(v: unknown): v is RouterOutput {
  const o = v as Partial<RouterOutput> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    (o.route === 'data' || o.route === 'rag') &&
    typeof o.intent === 'string' &&
    Array.isArray(o.orders) &&
    Array.isArray(o.context) &&
    typeof o.systemInstructions === 'string'
  );
}

export interface SfnAssistantRouterOptions {
  stateMachineArn: string;
  /** Built by the composition root, with routerSfnClientConfig over its configuration. */
  client: SFNClient;
}

/**
 * `route(input)`: runs the router once, synchronously, and returns its decision. Throws RouterExecutionError when the
 * execution fails or times out (the assistant's caller then answers with its fallback); SDK errors (throttling after
 * the
 * SDK's retries, access denied) propagate as they are.
 */
export function createSfnAssistantRouter(opts: SfnAssistantRouterOptions): {
  route(input: RouterInput): Promise<RouterOutput>;
  client: SFNClient;
} {
  const { client } = opts;
  return {
    client,
    async route(input) {
      const out = await client.send(
        new StartSyncExecutionCommand({
          stateMachineArn: opts.stateMachineArn,
          // Trimmed again here so the execution never sees a history that starts with an assistant turn.
          input: JSON.stringify(buildRouterInput(input)),
        }),
      );
      if (out.status !== 'SUCCEEDED')
        throw new RouterExecutionError(out.status ?? 'UNKNOWN', out.error, out.cause, out.executionArn);
      let parsed: unknown;
      try {
        parsed = JSON.parse(out.output ?? '');
      } catch {
        parsed = undefined;
      }
      if (!isRouterOutput(parsed)) {
        throw new RouterExecutionError(
          'SUCCEEDED',
          'InvalidRouterOutput',
          `not a routing decision: ${(out.output ?? '(no output)').slice(0, 200)}`,
          out.executionArn,
        );
      }
      return parsed;
    },
  };
}
