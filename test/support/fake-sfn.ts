// A stand-in for AWS Step Functions on loopback: AWS JSON 1.0 (X-Amz-Target AWSStepFunctions.*), as @aws-sdk/client-sfn speaks it.
import { randomUUID } from 'node:crypto';
import { startLoopbackServer, type Reply } from './loopback-server.ts';

export interface SfnCall { operation: string; body: Record<string, unknown>; contentType: string | undefined }
export interface SfnExecution { executionArn: string; stateMachineArn: string; name: string; input: string; startDate: number; status: 'RUNNING' | 'SUCCEEDED' }
type TaskState = 'waiting' | 'timedOut' | 'done';

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
  close(): Promise<void>;
}

class SfnError extends Error {
  constructor(readonly code: string, message: string, readonly status = 400) { super(message); }
}
const json = (status: number, body: unknown): Reply => ({ status, contentType: 'application/x-amz-json-1.0', body: JSON.stringify(body) });
// Step Functions names its errors in the SWF model namespace; the SDK keeps the part after '#'.
const fail = (e: SfnError) => json(e.status, { __type: `com.amazonaws.swf.service.v2.model#${e.code}`, message: e.message });
const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

function parseJson(text: unknown, code: string, what: string): unknown {
  if (typeof text !== 'string') throw new SfnError(code, `${what} is required`);
  try { return JSON.parse(text); } catch { throw new SfnError(code, `Invalid State Machine Execution ${what}: '${text}'`); }
}

export async function startFakeSfn(opts: { stateMachines: string[] }): Promise<FakeSfn> {
  const calls: SfnCall[] = [];
  const executions = new Map<string, SfnExecution>();
  const tasks = new Map<string, TaskState>();
  const failures = new Map<string, { code: string; status: number }>();

  function startExecution(b: Record<string, unknown>): Reply {
    const stateMachineArn = String(b.stateMachineArn ?? '');
    if (!opts.stateMachines.includes(stateMachineArn)) throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    const name = String(b.name ?? randomUUID());
    if (name.length < 1 || name.length > 80 || INVALID_NAME.test(name)) throw new SfnError('InvalidName', `Invalid Name: '${name}'`);
    const input = typeof b.input === 'string' ? b.input : '{}';
    parseJson(input, 'InvalidExecutionInput', 'input');
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const existing = executions.get(name);
    if (existing) {
      // A Standard workflow accepts the same name and input again while that execution runs, and answers it.
      if (existing.status === 'RUNNING' && existing.input === input) return json(200, { executionArn, startDate: existing.startDate });
      throw new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const execution: SfnExecution = { executionArn, stateMachineArn, name, input, startDate: Date.now() / 1000, status: 'RUNNING' };
    executions.set(name, execution);
    return json(200, { executionArn, startDate: execution.startDate });
  }

  function takeTask(b: Record<string, unknown>): string {
    const token = String(b.taskToken ?? '');
    const state = tasks.get(token);
    if (state === 'timedOut') throw new SfnError('TaskTimedOut', 'Task Timed Out');
    if (state !== 'waiting') throw new SfnError('TaskDoesNotExist', 'Task Does Not Exist');
    return token;
  }

  const fake: FakeSfn = {
    url: '', calls, executions, hookErrors: [],
    addTask: (token, state = 'waiting') => { tasks.set(token, state); },
    closeExecution: (name) => { executions.get(name)!.status = 'SUCCEEDED'; },
    failNext: (operation, code, status = 400) => { failures.set(operation, { code, status }); },
    close: async () => {},
  };

  const server = await startLoopbackServer((req) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.replace(/^AWSStepFunctions\./, '');
    let body: Record<string, unknown> = {};
    try { body = JSON.parse(req.body || '{}') as Record<string, unknown>; } catch { /* recorded as empty */ }
    calls.push({ operation, body, contentType: req.headers['content-type'] });
    try {
      if (!target.startsWith('AWSStepFunctions.') || req.headers['content-type'] !== 'application/x-amz-json-1.0') throw new SfnError('UnknownOperationException', `Unknown target ${target}`);
      const failure = failures.get(operation);
      if (failure) { failures.delete(operation); throw new SfnError(failure.code, `Injected ${failure.code}`, failure.status); }
      switch (operation) {
        case 'StartExecution':
          return startExecution(body);
        case 'SendTaskSuccess': {
          const token = takeTask(body);
          const output = parseJson(body.output, 'InvalidOutput', 'output');
          tasks.set(token, 'done');
          setImmediate(() => { fake.onTaskSuccess?.(token, output).catch((err) => fake.hookErrors.push(err)); });
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
