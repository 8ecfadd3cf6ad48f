// Runs an ASL file under aws-local-stepfunctions, mapping each Task resource to its local implementation; a
// WorkflowEngine.
import '../../core/runtime-polyfills.ts';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { StateMachine } from 'aws-local-stepfunctions';
import { NoStageAwaiting } from '../../core/errors.ts';
import type { OrderNotification } from '../../core/order-notification.ts';
import type { WorkflowEngine } from '../../core/ports.ts';
import { type AslState, loadAsl, placeholdersOf, taskStates } from './asl-definition.ts';

type Json = unknown;
type TaskHandler = (input: Json) => Promise<Json>;

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'local';
const functionArn = (name: string) => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`;
/** The placeholder put in the context object so `$$.Task.Token` resolves; the callback handler replaces it. */
const TOKEN_PLACEHOLDER = 'local-token-placeholder';
const MAX_FINISHED = 5000;

export interface LocalWorkflowOptions {
  /** Path of the ASL file: the same file CDK deploys. */
  aslFile: string;
  /** Name used in execution ARNs, e.g. "order-workflow". */
  name: string;
  tableName: string;
  dynamo: DynamoDBClient;
  /** Where the direct `sns:publish` integration lands locally. */
  publish: (n: OrderNotification) => Promise<void>;
  /** The Lambda functions, by the name in their ARN: `${ReserveStockFunctionArn}` → reserveStock. */
  functions: Record<string, (input: never) => Promise<unknown>>;
  log?: (line: string) => void;
  /** Replaces every HeartbeatSeconds (tests, demos). */
  heartbeatMs?: number;
  /** Replaces every Retry pause (tests). */
  retryIntervalMs?: number;
  /** More `${Name}` values, e.g. the router's `${RouterModelId}` and `${KnowledgeBaseId}`. */
  substitutions?: Record<string, string>;
  /** Where `aws-sdk:bedrockruntime:converse` lands locally: Step Functions-shaped (PascalCase) request in, response out. */
  converse?: (params: Record<string, unknown>, ctx: { stateName: string }) => Promise<unknown>;
  /** Where `aws-sdk:bedrockagentruntime:retrieve` lands locally: Step Functions-shaped (PascalCase) request in, response out. */
  retrieve?: (params: Record<string, unknown>, ctx: { stateName: string }) => Promise<unknown>;
}

interface Waiter {
  resolve: (v: Json) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | undefined;
  /** TimeoutSecondsPath, where this runner enforces it. */
  deadline?: NodeJS.Timeout;
}
export interface ExecutionOutcome {
  status: 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  output?: Json;
  error?: string;
}

function namedError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}
const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

/** `${ReserveStockFunctionArn}` → the local ARN of function "reserveStock"; other placeholders come from `fixed`. */
export function localSubstitutions(aslFile: string, fixed: Record<string, string>): Record<string, string> {
  const subs: Record<string, string> = { ...fixed };
  for (const name of placeholdersOf(readFileSync(aslFile, 'utf8'))) {
    const m = /^(\w+)FunctionArn$/.exec(name);
    if (m && !(name in subs)) subs[name] = functionArn(m[1]!.charAt(0).toLowerCase() + m[1]!.slice(1));
  }
  return subs;
}

export class LocalWorkflowEngine implements WorkflowEngine {
  private readonly machine: StateMachine;
  private readonly handlers: Record<string, TaskHandler> = {};
  private readonly retryOverrides: Record<string, number> = {};
  private readonly executions = new Map<
    string,
    { arn: string; result: Promise<ExecutionOutcome>; abort: () => void }
  >();
  private readonly waiters = new Map<string, Waiter>();
  private readonly finished: string[] = [];
  private readonly callbackStates = new Set<string>();
  /** Callback states whose TimeoutSecondsPath this runner enforces (see the constructor). */
  private readonly timedCallbacks = new Set<string>();
  /** Task handlers still running: an aborted execution's current step keeps going, and stop() must wait for it. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly log: (line: string) => void;

  constructor(private readonly opts: LocalWorkflowOptions) {
    this.log = opts.log ?? (() => {});
    const definition = loadAsl(
      opts.aslFile,
      localSubstitutions(opts.aslFile, {
        TableName: opts.tableName,
        OrderEventsTopicArn: `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:OrderEvents`,
        ...opts.substitutions,
      }),
    );
    for (const [name, state] of taskStates(definition.States)) {
      // aws-local-stepfunctions 3.0.0 resolves TimeoutSecondsPath against the task's effective input (after Parameters,
      // TaskStateAction.getTimeoutMs), where Step Functions resolves it against the state input: the path would point
      // at nothing. So the runner enforces such a timeout itself, from the `timeoutSeconds` the Payload repeats, and
      // the interpreter gets a fixed ceiling instead (without one it would time every task out after 60 s).
      if (state.TimeoutSecondsPath && state.Resource?.endsWith('.waitForTaskToken')) {
        delete state.TimeoutSecondsPath;
        state.TimeoutSeconds = 2_000_000; // 23 days: the interpreter arms it with setTimeout, which caps at 2^31 ms
        this.timedCallbacks.add(name);
      }
      this.handlers[name] = this.tracked(this.integrationFor(name, state));
      if (state.Resource?.endsWith('.waitForTaskToken')) this.callbackStates.add(name);
      if (state.Retry && opts.retryIntervalMs !== undefined) this.retryOverrides[name] = opts.retryIntervalMs;
    }
    this.machine = new StateMachine(definition as never, { validationOptions: { checkArn: true, checkPaths: true } });
  }

  private tracked(handler: TaskHandler): TaskHandler {
    return (input) => {
      const p = handler(input);
      this.inFlight.add(p);
      const forget = () => {
        this.inFlight.delete(p);
      };
      p.then(forget, forget);
      return p;
    };
  }

  /** Maps a Task's Resource to what runs locally. Unknown resources fail here, at start-up, not mid-order. */
  private integrationFor(stateName: string, state: AslState): TaskHandler {
    switch (state.Resource) {
      case 'arn:aws:states:::lambda:invoke':
        return async (input) => {
          const { FunctionName, Payload } = input as { FunctionName: string; Payload: Json };
          return { StatusCode: 200, Payload: await this.invoke(FunctionName, Payload) };
        };
      case 'arn:aws:states:::lambda:invoke.waitForTaskToken':
        return (input) =>
          this.awaitCallback(
            input as { FunctionName: string; Payload: Record<string, Json> },
            state.HeartbeatSeconds !== undefined || state.HeartbeatSecondsPath !== undefined,
            state.HeartbeatSeconds,
            this.timedCallbacks.has(stateName),
          );
      case 'arn:aws:states:::dynamodb:updateItem':
      case 'arn:aws:states:::dynamodb:putItem':
      case 'arn:aws:states:::dynamodb:getItem':
      case 'arn:aws:states:::dynamodb:deleteItem':
      case 'arn:aws:states:::dynamodb:query': {
        const Command = {
          updateItem: UpdateItemCommand,
          putItem: PutItemCommand,
          getItem: GetItemCommand,
          deleteItem: DeleteItemCommand,
          query: QueryCommand,
        }[state.Resource.split(':').pop() as 'updateItem'];
        return async (input) => {
          try {
            const { $metadata: _m, ...out } = await this.opts.dynamo.send(new Command(input as never));
            return clone(out);
          } catch (err) {
            // Step Functions names service-integration errors "<Service>.<Exception>"; Catch clauses match on that.
            throw namedError(`DynamoDB.${(err as Error).name}`, (err as Error).message);
          }
        };
      }
      case 'arn:aws:states:::sns:publish':
        return async (input) => {
          const { Message, MessageStructure, MessageAttributes } = input as OrderNotification;
          await this.opts.publish({ Message, MessageStructure, MessageAttributes });
          return { MessageId: randomUUID() };
        };
      case 'arn:aws:states:::aws-sdk:bedrockruntime:converse':
      case 'arn:aws:states:::aws-sdk:bedrockagentruntime:retrieve': {
        const converse = state.Resource.endsWith(':converse');
        const impl = converse ? this.opts.converse : this.opts.retrieve;
        if (!impl)
          throw new Error(
            `State ${stateName}: ${state.Resource} needs the ${converse ? 'converse' : 'retrieve'} option`,
          );
        const service = converse ? 'BedrockRuntime' : 'BedrockAgentRuntime';
        return async (input) => {
          try {
            return clone(await impl(clone(input) as Record<string, unknown>, { stateName }));
          } catch (err) {
            // AWS SDK integrations name errors "<Service>.<Exception>"; Retry and Catch match on that.
            const name = (err as Error).name;
            throw namedError(name.startsWith(`${service}.`) ? name : `${service}.${name}`, (err as Error).message);
          }
        };
      }
      default:
        throw new Error(`State ${stateName}: no local implementation for resource ${state.Resource}`);
    }
  }

  private async invoke(arn: string, payload: Json): Promise<Json> {
    const name = arn.split(':function:')[1]?.split(':')[0] ?? arn;
    const fn = this.opts.functions[name];
    if (!fn) throw namedError('Lambda.ResourceNotFoundException', `No local function ${name}`);
    // A JSON round trip, like the real Lambda boundary: no shared references, no undefined fields.
    return clone(await fn(clone(payload) as never));
  }

  /**
   * `.waitForTaskToken` locally: the interpreter never sets $$.Task.Token, so we mint a unique token per wait, hand it
   * to the function exactly as Step Functions would, and resolve when completeTask/failTask is called with it.
   * The interpreter also ignores heartbeats, so the heartbeat is enforced here. Its length is the test override, else
   * the `heartbeatSeconds` the function returns (the store's setting, echoed from the Payload), else the state's
   * HeartbeatSeconds; it counts from the function's `waitingSince` when given, so a resumed wait keeps its clock.
   * TimeoutSeconds the interpreter enforces itself.
   */
  private awaitCallback(
    input: { FunctionName: string; Payload: Record<string, Json> },
    beats: boolean,
    heartbeatSeconds?: number,
    timed = false,
  ): Promise<Json> {
    const token = `local:${randomUUID()}`;
    const payload = Object.fromEntries(
      Object.entries(input.Payload).map(([k, v]) => [k, v === TOKEN_PLACEHOLDER ? token : v]),
    );
    let waiter!: Waiter;
    const callback = new Promise<Json>((resolve, reject) => {
      // Registered before the function runs: staff may complete the token the instant it is stored.
      waiter = { resolve, reject, timer: undefined };
      this.waiters.set(token, waiter);
    });
    const timeoutSeconds = Number(input.Payload.timeoutSeconds);
    if (timed && Number.isFinite(timeoutSeconds)) {
      waiter.deadline = setTimeout(
        () => {
          if (this.waiters.get(token) !== waiter) return;
          this.waiters.delete(token);
          clearTimeout(waiter.timer);
          waiter.reject(namedError('States.Timeout', `No callback within ${timeoutSeconds} s`));
        },
        Math.min(2 ** 31 - 1, timeoutSeconds * 1000),
      );
    }
    // Nothing awaits `callback` until the function below returns; a rejection before then (stop) is not a crash.
    callback.catch(() => {});
    return this.invoke(input.FunctionName, payload).then(
      (result) => {
        // A state with no heartbeat (WaitForPayment) only has its TimeoutSeconds, which the interpreter enforces.
        if (beats && this.waiters.get(token) === waiter) {
          const timing = (result ?? {}) as { heartbeatSeconds?: number; waitingSince?: string };
          const lengthMs =
            this.opts.heartbeatMs ?? (timing.heartbeatSeconds ?? heartbeatSeconds ?? 2 ** 31 / 1000) * 1000;
          const since = timing.waitingSince ? Date.parse(timing.waitingSince) : Date.now();
          const leftMs = Math.min(2 ** 31 - 1, Math.max(0, lengthMs - Math.max(0, Date.now() - since)));
          waiter.timer = setTimeout(() => {
            this.waiters.delete(token);
            waiter.reject(namedError('States.HeartbeatTimeout', `No heartbeat within ${lengthMs} ms`));
          }, leftMs);
        }
        return callback;
      },
      (err) => {
        this.waiters.delete(token);
        throw err;
      },
    );
  }

  async startOrderWorkflow(orderId: string, opts: { heartbeatSeconds: number }): Promise<{ executionArn: string }> {
    return this.start(`order-${orderId}`, { orderId, heartbeatSeconds: opts.heartbeatSeconds }, orderId);
  }

  /** Picks up waiting for the payment of an order AWAITING_PAYMENT, for the seconds left of its expiry. */
  resumePaymentWait(
    orderId: string,
    opts: { heartbeatSeconds: number; timeoutSeconds: number },
  ): { executionArn: string } {
    return this.start(
      `order-${orderId}-payment-resumed`,
      {
        orderId,
        resume: true,
        heartbeatSeconds: opts.heartbeatSeconds,
        payment: { timeoutSeconds: opts.timeoutSeconds },
      },
      orderId,
    );
  }

  /** Picks up following the delivery of a confirmed order (the ASL's IsResuming entry). */
  resumeOrderWorkflow(orderId: string, opts: { heartbeatSeconds: number }): { executionArn: string } {
    return this.start(
      `order-${orderId}-resumed`,
      { orderId, resume: true, heartbeatSeconds: opts.heartbeatSeconds },
      orderId,
    );
  }

  /** Same name ⇒ same execution, as StartExecution behaves for Standard workflows. */
  start(name: string, input: Json, label = name): { executionArn: string } {
    const existing = this.executions.get(name);
    if (existing) return { executionArn: existing.arn };
    const arn = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:execution:${this.opts.name}:${name}`;
    const run = this.machine.run(input as never, {
      overrides: { taskResourceLocalHandlers: this.handlers as never, retryIntervalOverrides: this.retryOverrides },
      context: {
        Execution: { Id: arn, Name: name },
        StateMachine: { Id: arn.replace(/:execution:(.*):.*$/, ':stateMachine:$1'), Name: this.opts.name },
        Task: { Token: TOKEN_PLACEHOLDER },
      },
      noThrowOnAbort: true,
    });
    void this.logSteps(label, run.eventLogs as AsyncGenerator<Record<string, unknown>>);
    const aborted = { value: false };
    const result = run.result.then(
      (output): ExecutionOutcome =>
        output === null && aborted.value ? { status: 'ABORTED' } : { status: 'SUCCEEDED', output },
      (err: Error & { cause?: Error }): ExecutionOutcome => ({ status: 'FAILED', error: err.cause?.name ?? err.name }),
    );
    this.executions.set(name, {
      arn,
      result,
      abort: () => {
        aborted.value = true;
        run.abort();
      },
    });
    void result.then(() => this.forgetOldest(name));
    return { executionArn: arn };
  }

  /**
   * Keeps the last MAX_FINISHED finished executions, so a long-running local stack does not grow without bound.
   * Forgetting one is safe: starting its name again stops at ReceiveOrder, which only proceeds for RECEIVED orders.
   */
  private forgetOldest(finished: string): void {
    this.finished.push(finished);
    while (this.finished.length > MAX_FINISHED) this.executions.delete(this.finished.shift()!);
  }

  /** The outcome of an execution started by this engine (tests and benchmarks wait on it). */
  outcome(name: string): Promise<ExecutionOutcome> {
    const e = this.executions.get(name);
    if (!e) throw new Error(`No execution ${name}`);
    return e.result;
  }

  async completeTask(taskToken: string, output: unknown): Promise<void> {
    this.takeWaiter(taskToken).resolve(clone(output));
  }

  async failTask(taskToken: string, error: string, cause: string): Promise<void> {
    this.takeWaiter(taskToken).reject(namedError(error, cause));
  }

  private takeWaiter(token: string): Waiter {
    const w = this.waiters.get(token);
    if (!w) throw new NoStageAwaiting('expired');
    this.waiters.delete(token);
    clearTimeout(w.timer);
    clearTimeout(w.deadline);
    return w;
  }

  /** Aborts every running execution and releases pending callbacks, so the process can exit. */
  async stop(): Promise<void> {
    const running = [...this.executions.values()];
    for (const e of running) e.abort();
    for (const [token, w] of this.waiters) {
      clearTimeout(w.timer);
      clearTimeout(w.deadline);
      this.waiters.delete(token);
      w.reject(namedError('LocalStackStopped', 'The local stack is shutting down'));
    }
    await Promise.allSettled([...running.map((e) => e.result), ...this.inFlight]);
  }

  /** One readable line per step: "Q4M8XZ  CheckAvailability ✓ 3 ms". */
  private async logSteps(label: string, events: AsyncGenerator<Record<string, unknown>>): Promise<void> {
    const entered = new Map<string, number>();
    const pad = (s: string) => s.padEnd(22);
    try {
      for await (const ev of events) {
        const state = ev.state as { name: string; type: string } | undefined;
        switch (ev.type) {
          case 'StateEntered':
            entered.set(state!.name, ev.timestamp as number);
            if (this.callbackStates.has(state!.name))
              this.log(
                `⚙️  ${label}  ${pad(state!.name)} ⏳ waiting for ${state!.name === 'WaitForPayment' ? 'the payment' : 'staff'}`,
              );
            break;
          case 'StateExited':
            if (state!.type === 'Task' || state!.type === 'Choice') {
              this.log(
                `⚙️  ${label}  ${pad(state!.name)} ✓ ${(ev.timestamp as number) - (entered.get(state!.name) ?? (ev.timestamp as number))} ms`,
              );
            }
            break;
          case 'StateFailed':
            this.log(`⚙️  ${label}  ${pad(state!.name)} ✗ ${ev.Error}`);
            break;
          case 'StateRetried':
            this.log(`⚙️  ${label}  ${pad(state!.name)} ↻ retry ${(ev.retry as { attempt: number }).attempt}`);
            break;
          case 'StateCaught':
            this.log(`⚙️  ${label}  ${pad(state!.name)} ↪ ${(ev.catch as { catcher: { Next: string } }).catcher.Next}`);
            break;
          case 'ExecutionSucceeded':
            this.log(`⚙️  ${label}  ${pad('(end)')} ■ succeeded`);
            break;
          case 'ExecutionFailed':
            this.log(`⚙️  ${label}  ${pad('(end)')} ■ failed: ${ev.Error}`);
            break;
          case 'ExecutionAborted':
            this.log(`⚙️  ${label}  ${pad('(end)')} ■ stopped`);
            break;
          default:
            break;
        }
      }
    } catch {
      // The event stream ends with the execution; nothing to do.
    }
  }
}
