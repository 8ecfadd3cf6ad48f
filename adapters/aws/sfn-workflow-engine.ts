// WorkflowEngine on Step Functions: executions named after the order (idempotent start) and task-token callbacks.
import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { NoStageAwaiting } from '../../core/errors.ts';
import type { WorkflowEngine } from '../../core/ports.ts';

const STALE_TOKEN = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

export class SfnWorkflowEngine implements WorkflowEngine {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async startOrderWorkflow(orderId: string, opts: { heartbeatSeconds: number }): Promise<{ executionArn: string }> {
    const name = `order-${orderId}`;
    try {
      // Same name + same input is accepted again while the execution runs, so a retried start is harmless.
      const input = JSON.stringify({ orderId, heartbeatSeconds: opts.heartbeatSeconds });
      const res = await this.sfn.send(
        new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input }),
      );
      return { executionArn: res.executionArn! };
    } catch (err) {
      // Once closed, the same name answers ExecutionAlreadyExists: that execution is this order's, so it did start.
      if (err instanceof Error && err.name === 'ExecutionAlreadyExists') {
        return { executionArn: `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}` };
      }
      throw err;
    }
  }

  async completeTask(taskToken: string, output: unknown): Promise<void> {
    await this.callback(() => this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })));
  }

  async failTask(taskToken: string, error: string, cause: string): Promise<void> {
    await this.callback(() => this.sfn.send(new SendTaskFailureCommand({ taskToken, error, cause })));
  }

  private async callback(send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (err) {
      if (err instanceof Error && STALE_TOKEN.has(err.name)) throw new NoStageAwaiting('expired');
      throw err;
    }
  }
}
