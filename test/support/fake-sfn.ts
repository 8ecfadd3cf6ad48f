// A stand-in for AWS Step Functions on loopback: AWS JSON 1.0 (X-Amz-Target AWSStepFunctions.*), as @aws-sdk/client-sfn
// speaks it.
// Standard workflows (StartExecution, task callbacks) and Express workflows run synchronously (StartSyncExecution) by a
// handler.
import { randomUUID } from 'node:crypto';
import { type Reply, startLoopbackServer } from './loopback-server.ts';

export interface SfnCall {
  operation: string;
  body: Record<string, unknown>;
  contentType: string | undefined;
}
export interface SfnExecution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  startDate: number;
  status: 'RUNNING' | 'SUCCEEDED';
}
type TaskState = 'waiting' | 'timedOut' | 'done';

/** How an Express execution ends: its output, or FAILED / TIMED_OUT with the error and cause Step Functions reports. */
export type SyncExecutionResult =
  | { status: 'SUCCEEDED'; output: unknown }
  | { status: 'FAILED' | 'TIMED_OUT'; error?: string; cause?: string };
/** Runs one synchronous Express execution. A throw ends it FAILED, with the error's name and message as error and cause. */
export type SyncExecutionHandler = (execution: {
  stateMachineArn: string;
  name: string;
  input: unknown;
}) => SyncExecutionResult | Promise<SyncExecutionResult>;
/** One StartSyncExecution as the fake answered it. */
export interface SyncExecution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: unknown;
  host: string | undefined;
  result: SyncExecutionResult;
}

export interface FakeSfn {
  url: string;
  calls: SfnCall[];
  executions: Map<string, SfnExecution>;
  /** Makes `token` a live callback token, as a `.waitForTaskToken` state would. */
  addTask(token: string, state?: TaskState): void;
  /** Closes an execution, so its name answers ExecutionAlreadyExists from then on. */
  closeExecution(name: string): void;
  /** The next call of `operation` is refused with this error (`__type` code and HTTP status). */
  failNext(operation: string, code: string, status?: number): void;
  /** Runs after a SendTaskSuccess was answered, the way the execution moves on to its next state. */
  onTaskSuccess?: (token: string, output: unknown) => Promise<void>;
  hookErrors: unknown[];
  /** Every StartSyncExecution answered, in order (the `host` header shows whether the SDK added its `sync-` prefix). */
  syncExecutions: SyncExecution[];
  /** Makes `arn` an Express state machine run by `handler` (replacing any earlier handler). */
  setSyncHandler(arn: string, handler: SyncExecutionHandler): void;
  close(): Promise<void>;
}

class SfnError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}
const json = (status: number, body: unknown): Reply => ({
  status,
  contentType: 'application/x-amz-json-1.0',
  body: JSON.stringify(body),
});
// Step Functions names its errors in the SWF model namespace; the SDK keeps the part after '#'.
const fail = (e: SfnError) =>
  json(e.status, { __type: `com.amazonaws.swf.service.v2.model#${e.code}`, message: e.message });
// Step Functions refuses control characters in execution names, and this stand-in mirrors that rule.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the rule above is the point of this pattern
const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

function parseJson(text: unknown, code: string, what: string): unknown {
  if (typeof text !== 'string') throw new SfnError(code, `${what} is required`);
  try {
    return JSON.parse(text);
  } catch {
    throw new SfnError(code, `Invalid State Machine Execution ${what}: '${text}'`);
  }
}

/**
 * `stateMachines`: Standard workflows (StartExecution). `expressStateMachines`: Express workflows and the handler each
 * synchronous execution runs; StartSyncExecution on a Standard one is refused with StateMachineTypeNotSupported, as AWS
 * does.
 */
export async function startFakeSfn(opts: {
  stateMachines: string[];
  expressStateMachines?: Record<string, SyncExecutionHandler>;
}): Promise<FakeSfn> {
  const calls: SfnCall[] = [];
  const syncHandlers = new Map(Object.entries(opts.expressStateMachines ?? {}));
  const syncExecutions: SyncExecution[] = [];
  const executions = new Map<string, SfnExecution>();
  const tasks = new Map<string, TaskState>();
  const failures = new Map<string, { code: string; status: number }>();

  function startExecution(b: Record<string, unknown>): Reply {
    const stateMachineArn = String(b.stateMachineArn ?? '');
    if (!opts.stateMachines.includes(stateMachineArn))
      throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    const name = String(b.name ?? randomUUID());
    if (name.length < 1 || name.length > 80 || INVALID_NAME.test(name))
      throw new SfnError('InvalidName', `Invalid Name: '${name}'`);
    const input = typeof b.input === 'string' ? b.input : '{}';
    parseJson(input, 'InvalidExecutionInput', 'input');
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const existing = executions.get(name);
    if (existing) {
      // A Standard workflow accepts the same name and input again while that execution runs, and answers it.
      if (existing.status === 'RUNNING' && existing.input === input)
        return json(200, { executionArn, startDate: existing.startDate });
      throw new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const execution: SfnExecution = {
      executionArn,
      stateMachineArn,
      name,
      input,
      startDate: Date.now() / 1000,
      status: 'RUNNING',
    };
    executions.set(name, execution);
    return json(200, { executionArn, startDate: execution.startDate });
  }

  async function startSyncExecution(b: Record<string, unknown>, host: string | undefined): Promise<Reply> {
    const stateMachineArn = String(b.stateMachineArn ?? '');
    const handler = syncHandlers.get(stateMachineArn);
    if (!handler && opts.stateMachines.includes(stateMachineArn))
      throw new SfnError(
        'StateMachineTypeNotSupported',
        'This operation is not supported by this type of state machine',
      );
    if (!handler) throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    const name = String(b.name ?? randomUUID());
    if (name.length < 1 || name.length > 80 || INVALID_NAME.test(name))
      throw new SfnError('InvalidName', `Invalid Name: '${name}'`);
    const input = typeof b.input === 'string' ? b.input : '{}';
    const parsed = parseJson(input, 'InvalidExecutionInput', 'input');
    // Express executions are named `<machine>:<name>:<uuid>` under `:express:`; names need not be unique.
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':express:')}:${name}:${randomUUID()}`;
    const startDate = Date.now() / 1000;
    let result: SyncExecutionResult;
    try {
      result = await handler({ stateMachineArn, name, input: parsed });
    } catch (err) {
      result = {
        status: 'FAILED',
        error: err instanceof Error ? err.name : 'Error',
        cause: err instanceof Error ? err.message : String(err),
      };
    }
    const stopDate = Date.now() / 1000;
    syncExecutions.push({ executionArn, stateMachineArn, name, input: parsed, host, result });
    const billingDetails = {
      billedMemoryUsedInMB: 64,
      billedDurationInMilliseconds: Math.max(100, Math.ceil((stopDate - startDate) * 10) * 100),
    };
    const common = {
      executionArn,
      stateMachineArn,
      name,
      startDate,
      stopDate,
      input,
      inputDetails: { included: true },
      billingDetails,
    };
    return result.status === 'SUCCEEDED'
      ? json(200, {
          ...common,
          status: 'SUCCEEDED',
          output: JSON.stringify(result.output),
          outputDetails: { included: true },
        })
      : json(200, {
          ...common,
          status: result.status,
          ...(result.error !== undefined ? { error: result.error } : {}),
          ...(result.cause !== undefined ? { cause: result.cause } : {}),
        });
  }

  function takeTask(b: Record<string, unknown>): string {
    const token = String(b.taskToken ?? '');
    const state = tasks.get(token);
    if (state === 'timedOut') throw new SfnError('TaskTimedOut', 'Task Timed Out');
    if (state !== 'waiting') throw new SfnError('TaskDoesNotExist', 'Task Does Not Exist');
    return token;
  }

  const fake: FakeSfn = {
    url: '',
    calls,
    executions,
    hookErrors: [],
    syncExecutions,
    setSyncHandler: (arn, handler) => {
      syncHandlers.set(arn, handler);
    },
    addTask: (token, state = 'waiting') => {
      tasks.set(token, state);
    },
    closeExecution: (name) => {
      executions.get(name)!.status = 'SUCCEEDED';
    },
    failNext: (operation, code, status = 400) => {
      failures.set(operation, { code, status });
    },
    close: async () => {},
  };

  const server = await startLoopbackServer(async (req) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.replace(/^AWSStepFunctions\./, '');
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(req.body || '{}') as Record<string, unknown>;
    } catch {
      /* recorded as empty */
    }
    calls.push({ operation, body, contentType: req.headers['content-type'] });
    try {
      if (!target.startsWith('AWSStepFunctions.') || req.headers['content-type'] !== 'application/x-amz-json-1.0')
        throw new SfnError('UnknownOperationException', `Unknown target ${target}`);
      const failure = failures.get(operation);
      if (failure) {
        failures.delete(operation);
        throw new SfnError(failure.code, `Injected ${failure.code}`, failure.status);
      }
      switch (operation) {
        case 'StartExecution':
          return startExecution(body);
        case 'StartSyncExecution':
          return await startSyncExecution(body, req.headers.host);
        case 'SendTaskSuccess': {
          const token = takeTask(body);
          const output = parseJson(body.output, 'InvalidOutput', 'output');
          tasks.set(token, 'done');
          setImmediate(() => {
            fake.onTaskSuccess?.(token, output).catch((err) => fake.hookErrors.push(err));
          });
          return json(200, {});
        }
        case 'SendTaskFailure':
          tasks.set(takeTask(body), 'done');
          return json(200, {});
        default:
          throw new SfnError('UnknownOperationException', `Unknown operation ${operation}`);
      }
    } catch (err) {
      if (err instanceof SfnError) return fail(err);
      throw err;
    }
  });
  fake.url = server.url;
  fake.close = server.close;
  return fake;
}
