// Static checks on the assistant router's ASL: valid, runnable locally as written, retried and caught where it can
// fail.
import { readFileSync } from 'node:fs';
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { type AslState, placeholdersOf, taskStates } from '../../adapters/local/asl-definition.ts';
import { ROUTER_ASL } from '../../apps/local/local-router.ts';

const text = readFileSync(ROUTER_ASL, 'utf8');
const asl = JSON.parse(text) as {
  StartAt: string;
  States: Record<string, AslState>;
  QueryLanguage?: string;
  TimeoutSeconds?: number;
};
type Rule = { ErrorEquals: string[]; Next?: string };
type ChoiceRule = Record<string, unknown> & { Next: string };

/** Every state, including those nested in Parallel branches and Map processors. */
function allStates(states: Record<string, AslState>): [string, AslState][] {
  const out: [string, AslState][] = [];
  for (const [name, s] of Object.entries(states)) {
    out.push([name, s]);
    for (const b of s.Branches ?? []) out.push(...allStates(b.States));
    const processor = (s.ItemProcessor ?? s.Iterator) as { States: Record<string, AslState> } | undefined;
    if (processor) out.push(...allStates(processor.States));
  }
  return out;
}
const states = Object.fromEntries(allStates(asl.States));

describe('assistant-router.asl.json', () => {
  it('bounds a whole run to 30 s (Express would allow 5 minutes; CDK ignores `timeout` for a definition from a file)', () => {
    expect(asl.TimeoutSeconds).toBe(30);
  });

  it('is valid ASL with no unreachable states', () => {
    const { isValid, errors } = aslValidator(asl as never);
    expect(errors).toEqual([]);
    expect(isValid).toBe(true);
  });

  it('uses only what the local interpreter supports: JSONPath, no Assign, no task tokens, no false type tests', () => {
    expect(asl.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect(text).not.toMatch(/"Assign"|"Arguments"|\{%|waitForTaskToken|\$\$\.Task\.Token/);
    expect(text).not.toMatch(/"Is(Null|Present|String|Numeric|Boolean|Timestamp)":\s*false/);
  });

  it('retries every Task on transient errors (never States.ALL) and catches every Task', () => {
    const tasks = taskStates(asl.States);
    expect(tasks.map(([n]) => n).sort()).toEqual([
      'CheckNeedsRetrieval',
      'ClassifyWithModel',
      'EnrichKeywords',
      'LookupCustomerOrderById',
      'LookupCustomerOrders',
      'ParseClassifierOutput',
      'PrepareTurn',
      'RetrieveContext',
    ]);
    for (const [name, state] of tasks) {
      const retried = ((state.Retry ?? []) as Rule[]).flatMap((r) => r.ErrorEquals);
      expect(retried.length, `${name} has Retry`).toBeGreaterThan(0);
      expect(retried, `${name} does not retry everything`).not.toContain('States.ALL');
      expect(
        ((state.Catch ?? []) as Rule[]).flatMap((c) => c.ErrorEquals),
        `${name} catches everything`,
      ).toContain('States.ALL');
    }
    for (const name of ['ClassifyWithModel', 'EnrichKeywords', 'CheckNeedsRetrieval']) {
      expect((states[name]!.Retry as Rule[]).flatMap((r) => r.ErrorEquals)).toContain(
        'BedrockRuntime.ThrottlingException',
      );
    }
    expect((states.RetrieveContext!.Retry as Rule[]).flatMap((r) => r.ErrorEquals)).toContain(
      'BedrockAgentRuntime.ThrottlingException',
    );
    expect((states.AssessQuestion!.Catch as Rule[])[0]!.ErrorEquals).toEqual(['States.ALL']);
  });

  it('calls the cheap model through Converse with the configured model id, and retrieves from the configured knowledge base', () => {
    for (const name of ['ClassifyWithModel', 'EnrichKeywords', 'CheckNeedsRetrieval']) {
      const s = states[name]!;
      expect(s.Resource).toBe('arn:aws:states:::aws-sdk:bedrockruntime:converse');
      const p = s.Parameters as Record<string, unknown>;
      expect(p.ModelId).toBe('${RouterModelId}');
      expect(Object.keys(p)).toEqual(expect.arrayContaining(['System', 'Messages.$', 'InferenceConfig']));
    }
    expect(states.RetrieveContext!.Resource).toBe('arn:aws:states:::aws-sdk:bedrockagentruntime:retrieve');
    expect((states.RetrieveContext!.Parameters as Record<string, unknown>).KnowledgeBaseId).toBe('${KnowledgeBaseId}');
    expect(JSON.stringify(states.RetrieveContext!.Parameters)).toContain('$.assessment[0].keywords');
    expect((states.RetrieveContext!.Catch as Rule[])[0]!.Next).toBe('NoContext');
  });

  it("parses the classifier in a Lambda whose failure, like the call's, falls back to faq", () => {
    expect(states.ClassifyWithModel!.Next).toBe('RecordClassifierUsage');
    expect(states.ParseClassifierOutput!.Resource).toBe('arn:aws:states:::lambda:invoke');
    expect((states.ClassifyWithModel!.Catch as Rule[])[0]!.Next).toBe('ClassifierFallback');
    expect((states.ParseClassifierOutput!.Catch as Rule[])[0]!.Next).toBe('ClassifierFallback');
    expect((states.ClassifierFallback!.Parameters as Record<string, unknown>).intent).toBe('faq');
  });

  it('reads orders only keyed by the customerId of the input; a typed order id is only a filter', () => {
    for (const name of ['LookupCustomerOrders', 'LookupCustomerOrderById']) {
      const p = states[name]!.Parameters as Record<string, any>;
      expect(states[name]!.Resource).toBe('arn:aws:states:::dynamodb:query');
      expect(p.IndexName).toBe('gsi1');
      expect(p.KeyConditionExpression).toBe('gsi1pk = :customer');
      expect(p.ExpressionAttributeValues[':customer']).toEqual({ 'S.$': "States.Format('CUSTOMER#{}', $.customerId)" });
    }
    const filtered = states.LookupCustomerOrderById!.Parameters as Record<string, any>;
    expect(filtered.FilterExpression).toBe('orderId = :orderId');
    expect(text).not.toMatch(/dynamodb:(getItem|scan)/);
  });

  it('has the RAG shape: a Parallel of two cheap calls, a Choice, retrieval, and Pass states shaping one contract', () => {
    const parallel = states.AssessQuestion!;
    expect(parallel.Type).toBe('Parallel');
    expect(parallel.Branches!.map((b) => Object.keys(b.States)[0])).toEqual(['EnrichKeywords', 'CheckNeedsRetrieval']);
    expect(states.NeedsRetrieval!.Type).toBe('Choice');
    const route = states.RouteByIntent as unknown as { Choices: ChoiceRule[]; Default: string };
    expect(route.Default).toBe('AssessQuestion');
    const contract = [
      'route',
      'intent',
      'lang',
      'orderId',
      'orders',
      'context',
      'contextUnavailable',
      'systemInstructions',
      'usage',
    ];
    for (const name of ['ShapeDataAnswer', 'ShapeRagAnswer']) {
      const s = states[name]!;
      expect(s.Type).toBe('Pass');
      expect(s.End).toBe(true);
      expect(
        Object.keys(s.Parameters as object)
          .map((k) => k.replace(/\.\$$/, ''))
          .sort(),
      ).toEqual([...contract].sort());
    }
    // Every way out of the machine goes through one of the two shaping states.
    const topLevelEnds = Object.entries(asl.States)
      .filter(([, s]) => s.End === true)
      .map(([n]) => n)
      .sort();
    expect(topLevelEnds).toEqual(['ShapeDataAnswer', 'ShapeRagAnswer']);
  });

  it('names its infrastructure only through ${placeholders}, never a hard-coded ARN, region or model', () => {
    expect(placeholdersOf(text).sort()).toEqual([
      'KnowledgeBaseId',
      'ParseClassifierOutputFunctionArn',
      'PrepareTurnFunctionArn',
      'RouterModelId',
      'TableName',
    ]);
    expect(text).not.toMatch(/arn:aws:(lambda|bedrock|dynamodb):[a-z]{2}-/);
    expect(text).not.toMatch(/anthropic\.|amazon\.nova|amazon\.titan|meta\.llama|[a-z]{2}-[a-z]+-\d/);
  });
});
