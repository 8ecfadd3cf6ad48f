// Static checks on the order workflow's ASL: valid, runnable locally as written, with Retry/Catch where they belong.
import { readFileSync } from 'node:fs';
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { type AslState, placeholdersOf, taskStates } from '../../adapters/local/asl-definition.ts';
import { ORDER_WORKFLOW_ASL } from '../../apps/local/local-stack.ts';

const text = readFileSync(ORDER_WORKFLOW_ASL, 'utf8');
const asl = JSON.parse(text) as { StartAt: string; States: Record<string, AslState>; QueryLanguage?: string };

describe('order-workflow.asl.json', () => {
  it('is valid ASL with no unreachable states', () => {
    const { isValid, errors } = aslValidator(asl as never);
    expect(errors).toEqual([]);
    expect(isValid).toBe(true);
  });

  it('uses only what the local interpreter supports: JSONPath, no Assign, no false type tests', () => {
    expect(asl.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect(text).not.toMatch(/"Assign"|"Arguments"|\{%/);
    // aws-local-stepfunctions 3.0 never matches IsNull/IsPresent/... = false, so the ASL must only use `true`.
    expect(text).not.toMatch(/"Is(Null|Present|String|Numeric|Boolean|Timestamp)":\s*false/);
  });

  it('has the mission steps in order: the open-shop Choice before any stock is held, the availability Choice and payment-or-unavailable branches', () => {
    const s = asl.States;
    expect(asl.StartAt).toBe('IsResuming');
    expect((s.IsResuming as unknown as { Default: string }).Default).toBe('ReceiveOrder');
    expect(s.ReceiveOrder!.Resource).toBe('arn:aws:states:::dynamodb:updateItem');
    expect(s.ReceiveOrder!.Next).toBe('CheckStoreOpen');
    expect(s.CheckStoreOpen!.Next).toBe('IsStoreOpen');
    const open = s.IsStoreOpen as unknown as { Choices: { StringEquals: string; Next: string }[]; Default: string };
    expect(open.Choices.map((c) => [c.StringEquals, c.Next])).toEqual([
      ['open', 'CheckAvailability'],
      ['paused', 'CloseAsStorePaused'],
    ]);
    // Fails closed: a state the Choice does not know ends the order rather than taking it.
    expect(open.Default).toBe('CloseAsStoreClosed');
    expect(s.CheckAvailability!.Next).toBe('ComputeDeliveryFee');
    expect(s.ComputeDeliveryFee!.Next).toBe('IsAvailable');
    expect(s.IsAvailable!.Type).toBe('Choice');
    const choice = s.IsAvailable as unknown as { Choices: { Next: string }[]; Default: string };
    expect(choice.Default).toBe('ProcessPayment');
    expect(choice.Choices.map((c) => c.Next)).toContain('CloseAsUnavailable');
    expect(s.ProcessPayment!.Next).toBe('IsPaymentPending');
    // A Pix or a hosted checkout waits for the provider's webhook before confirming; a card token goes straight on.
    const pending = s.IsPaymentPending as unknown as {
      Choices: { StringEquals: string; Next: string }[];
      Default: string;
    };
    expect(pending.Choices.map((c) => [c.StringEquals, c.Next])).toEqual([['pending', 'NotifyAwaitingPayment']]);
    expect(pending.Default).toBe('ConfirmOrder');
    expect(s.NotifyAwaitingPayment!.Next).toBe('WaitForPayment');
    expect(s.WaitForPayment!.Next).toBe('ConfirmOrder');
    expect(s.ConfirmOrder!.Next).toBe('NotifyConfirmed');
    expect(s.NotifyConfirmed!.Resource).toBe('arn:aws:states:::sns:publish');
    expect(s.NotifyConfirmed!.Next).toBe('AwaitNextStage');
  });

  it('follows the delivery with a task-token callback that turns silence into events', () => {
    const wait = asl.States.AwaitNextStage!;
    expect(wait.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(JSON.stringify(wait.Parameters)).toContain('$$.Task.Token');
    // The heartbeat is the store's overdue threshold, from the execution input; the Payload echoes it for the local
    // engine.
    expect(wait.HeartbeatSecondsPath).toBe('$.heartbeatSeconds');
    expect((wait.Parameters as { Payload: Record<string, string> }).Payload['heartbeatSeconds.$']).toBe(
      '$.heartbeatSeconds',
    );
    expect(wait.TimeoutSeconds as number).toBeGreaterThan(0);
    const catches = (wait.Catch as { ErrorEquals: string[]; Next: string }[]).map((c) => [c.ErrorEquals[0], c.Next]);
    expect(catches).toContainEqual(['States.HeartbeatTimeout', 'FlagStageOverdue']);
    expect(catches).toContainEqual(['States.Timeout', 'StageAbandoned']);
    expect(catches).toContainEqual(['OrderCancelled', 'SettleEndedOrder']);
    expect(catches).toContainEqual(['OrderNoLongerPending', 'SettleEndedOrder']);
  });

  it('retries every Task on transient errors and catches every Task into compensation or a terminal state', () => {
    for (const [name, state] of taskStates(asl.States)) {
      expect(state.Retry, `${name} has Retry`).toBeDefined();
      expect(state.Catch, `${name} has Catch`).toBeDefined();
      const retried = (state.Retry as { ErrorEquals: string[] }[]).flatMap((r) => r.ErrorEquals);
      expect(retried, `${name} does not retry everything`).not.toContain('States.ALL');
    }
  });

  it('names its infrastructure only through ${placeholders} (CDK substitutes them), never a hard-coded ARN or region', () => {
    expect(placeholdersOf(text).sort()).toEqual([
      'ApplyStageFunctionArn',
      'AwaitPaymentFunctionArn',
      'AwaitStageFunctionArn',
      'ChargePaymentFunctionArn',
      'CheckStoreOpenFunctionArn',
      'CloseOrderFunctionArn',
      'ComputeDeliveryFeeFunctionArn',
      'ConfirmOrderFunctionArn',
      'ExpirePaymentFunctionArn',
      'FlagStageOverdueFunctionArn',
      'OrderEventsTopicArn',
      'ReserveStockFunctionArn',
      'SettleOrderFunctionArn',
      'TableName',
    ]);
    expect(text).not.toMatch(/arn:aws:(lambda|sns|dynamodb):[a-z]{2}-/);
  });
});
