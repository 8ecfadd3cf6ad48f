// Runs one `arn:aws:states:::dynamodb:updateItem` Task of the order workflow's ASL the way Step Functions would, on a
// real client.
import { readFileSync } from 'node:fs';
import { type DynamoDBClient, UpdateItemCommand, type UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { ORDER_WORKFLOW_ASL } from '../../infra/repo-paths.ts';

interface Context {
  input: Record<string, unknown>;
  executionArn: string;
  substitutions: Record<string, string>;
}

/** The few JSONPath forms the workflow's direct integrations use; anything else fails loudly. */
function evaluate(expr: string, ctx: Context): unknown {
  if (expr === '$$.Execution.Id') return ctx.executionArn;
  const path = /^\$\.(\w+)$/.exec(expr);
  if (path) return ctx.input[path[1]!];
  const format = /^States\.Format\('([^']*)',\s*\$\.(\w+)\)$/.exec(expr);
  if (format) return format[1]!.replace('{}', String(ctx.input[format[2]!]));
  throw new Error(`Unsupported ASL expression: ${expr}`);
}

function resolve(value: unknown, ctx: Context): unknown {
  if (typeof value === 'string')
    return value.replace(/\$\{(\w+)\}/g, (_, name: string) => ctx.substitutions[name] ?? `\${${name}}`);
  if (Array.isArray(value)) return value.map((v) => resolve(v, ctx));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.endsWith('.$')) out[k.slice(0, -2)] = evaluate(String(v), ctx);
    else out[k] = resolve(v, ctx);
  }
  return out;
}

export async function runAslDynamoUpdate(
  client: DynamoDBClient,
  stateName: string,
  ctx: Context,
): Promise<UpdateItemCommandInput> {
  const asl = JSON.parse(readFileSync(ORDER_WORKFLOW_ASL, 'utf8')) as {
    States: Record<string, { Resource?: string; Parameters?: unknown }>;
  };
  const state = asl.States[stateName];
  if (state?.Resource !== 'arn:aws:states:::dynamodb:updateItem')
    throw new Error(`${stateName} is not a dynamodb:updateItem Task`);
  const params = resolve(state.Parameters, ctx) as UpdateItemCommandInput;
  await client.send(new UpdateItemCommand(params));
  return params;
}
