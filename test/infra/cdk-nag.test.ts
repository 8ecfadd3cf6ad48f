// cdk-nag AwsSolutions on a fresh app and stack: no unacknowledged finding, and every acknowledgment gives a real
// reason.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryAssistantStack } from '../../infra/delivery-assistant-stack.ts';

// cdk-nag reads the construct tree, not the bundles or the template: skip esbuild and the built-in
// CloudFormation validation here (the template test runs both).
const outdirs: string[] = [];
function appWithoutBundling(): App {
  const outdir = mkdtempSync(path.join(tmpdir(), 'delivery-assistant-nag-'));
  outdirs.push(outdir);
  return new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
}
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

interface Suppression {
  id: string;
  reason: string;
}

describe('cdk-nag AwsSolutions', () => {
  let app: App;
  let stack: DeliveryAssistantStack;
  let pack: AwsSolutionsChecks;

  beforeAll(() => {
    app = appWithoutBundling();
    stack = new DeliveryAssistantStack(app, 'NagStack');
    // As in infra/app.ts: acknowledgments are copied into each resource's Metadata at synth.
    pack = new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true });
  });

  it('reports no unacknowledged finding', () => {
    // Act
    const report = pack.validateScope(stack);
    // Assess
    const findings = report.violations.map(
      (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('gives every acknowledgment in the template a reason of at least 20 characters', () => {
    // Prepare
    const template = Template.fromStack(stack).toJSON() as {
      Resources: Record<string, { Metadata?: { cdk_nag?: { rules_to_suppress: Suppression[] } } }>;
    };
    // Act
    const suppressions = Object.entries(template.Resources).flatMap(([logicalId, r]) =>
      (r.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((s) => ({ logicalId, ...s })),
    );
    // Assess
    expect(suppressions.length).toBeGreaterThan(0);
    for (const s of suppressions) {
      expect(s.id, s.logicalId).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(s.reason?.trim().length ?? 0, `${s.logicalId} ${s.id}`).toBeGreaterThanOrEqual(20);
    }
  });

  it('fails synth on a finding nobody acknowledged', () => {
    // Prepare
    const failing = appWithoutBundling();
    const failingStack = new DeliveryAssistantStack(failing, 'FailingStack');
    Validations.of(failing).addPlugins(new AwsSolutionsChecks(failing));
    failingStack.workflow.tasks.awaitStage.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }),
    );
    // Act
    let error: unknown;
    try {
      failing.synth();
    } catch (e) {
      error = e;
    }
    // Assess
    expect(String(error)).toMatch(/AwsSolutions-IAM5\[Resource::\*\]/);
    expect(String(error)).toContain('FailingStack/OrderWorkflow/AwaitStageFunction/Role/DefaultPolicy');
  });
});
