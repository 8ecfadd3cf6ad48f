// IAM for Bedrock model calls: one statement naming exactly the model's ARNs, and the cdk-nag acknowledgment its
// cross-region case needs.
import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { bedrockModelArns, parseInferenceProfileId } from './bedrock-arns.ts';

/** cdk-nag's rendering of a resource in a finding id: Ref X → <X>, Fn::Join flattened (as its flattenCfnReference does). */
function nagResource(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
  if (v.Ref !== undefined) return `<${v.Ref}>`;
  if (v['Fn::Join']) return v['Fn::Join'][1].map(nagResource).join(v['Fn::Join'][0]);
  return JSON.stringify(value);
}

/**
 * Allows `actions` on `modelId` and nothing else (see bedrockModelArns). For an inference profile, the foundation model
 * is
 * named in every region, which cdk-nag reports as a wildcard: that one finding is acknowledged, with the reason.
 */
export function grantModelInvoke(role: iam.Role, sid: string, actions: string[], modelId: string): void {
  const stack = Stack.of(role);
  const resources = bedrockModelArns(modelId, stack);
  role.addToPolicy(new iam.PolicyStatement({ sid, actions, resources }));
  const profile = parseInferenceProfileId(modelId);
  if (!profile) return;
  for (const wildcard of resources.map((r) => nagResource(stack.resolve(r))).filter((r) => r.includes('*'))) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${wildcard}]`,
      reason: `${modelId} is a cross-Region inference profile (${profile.prefix}): Bedrock routes each call to a destination region of the profile and checks ${profile.foundationModelId} there, so that one foundation model is allowed in any region; the profile itself is named in this region and account.`,
    });
  }
}
