// One synth of the whole stack without bundling, and the structural reads the infra tests share (resources by type and
// prefix, a role's statements).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, expect } from 'vitest';
import { DeliveryAssistantStack, type DeliveryAssistantStackProps } from '../../infra/delivery-assistant-stack.ts';

export type Json = any; // CloudFormation JSON, read structurally

export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: Json;
  Principal?: Json;
  Condition?: Json;
}
export const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
export const ref = (id: string) => ({ Ref: id });
export const getAtt = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

export interface Synth {
  app: App;
  stack: DeliveryAssistantStack;
  template: Template;
  resources: Record<string, Json>;
  outputs: Record<string, Json>;
  nag: AwsSolutionsChecks;
  /** The cloud assembly directory (assets, e.g. a deployed state machine definition). */
  outdir: string;
}

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/** One synth without esbuild (the stack test bundles every function); `context` as `cdk -c` gives it. */
export function synthStack(
  stackName: string,
  props: DeliveryAssistantStackProps = {},
  context: Record<string, unknown> = {},
): Synth {
  const outdir = mkdtempSync(path.join(tmpdir(), 'delivery-assistant-synth-'));
  outdirs.push(outdir);
  const app = new App({
    outdir,
    context: { 'aws:cdk:bundling-stacks': [], ...context },
    builtinCloudFormationValidation: false,
  });
  const stack = new DeliveryAssistantStack(app, stackName, props);
  // As in infra/app.ts: acknowledgments are written to each resource's Metadata.
  const nag = new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true });
  const template = Template.fromStack(stack);
  const { Resources: resources, Outputs: outputs } = template.toJSON();
  return { app, stack, template, resources, outputs, nag, outdir };
}

/** Resources by type, the one with a logical-id prefix, and the IAM statements attached to a role. */
export function templateReader(s: Synth) {
  const idsOf = (type: string) => Object.keys(s.resources).filter((id) => s.resources[id].Type === type);
  const idOf = (type: string, prefix: string): string => {
    const ids = idsOf(type).filter((id) => id.startsWith(prefix));
    expect(ids, `${type} ${prefix}`).toHaveLength(1);
    return ids[0]!;
  };
  const statementsOfRole = (roleId: string): Statement[] =>
    idsOf('AWS::IAM::Policy')
      .filter((id) => list(s.resources[id].Properties.Roles).some((r: Json) => r.Ref === roleId))
      .flatMap((id) => s.resources[id].Properties.PolicyDocument.Statement as Statement[]);
  const functionRoleId = (fnId: string): string => s.resources[fnId].Properties.Role['Fn::GetAtt'][0];
  return { idsOf, idOf, statementsOfRole, functionRoleId };
}
