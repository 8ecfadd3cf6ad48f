// The Bedrock ARN helpers: foundation models in this region, inference profiles plus their model in any region,
// knowledge bases.
import { describe, expect, it } from 'vitest';
import {
  assertKnowledgeBaseId,
  assertModelId,
  bedrockModelArns,
  INFERENCE_PROFILE_PREFIXES,
  knowledgeBaseArn,
  parseInferenceProfileId,
} from '../../infra/bedrock-arns.ts';

const saoPaulo = { partition: 'aws', region: 'sa-east-1', account: '111122223333' };

describe('bedrockModelArns', () => {
  it('names a foundation model in the stack region only, with no account', () => {
    // Act
    const arns = bedrockModelArns('amazon.nova-micro-v1:0', saoPaulo);
    // Assess
    expect(arns).toEqual(['arn:aws:bedrock:sa-east-1::foundation-model/amazon.nova-micro-v1:0']);
  });

  it('takes partition and region from the scope, never a fixed one', () => {
    // Prepare
    const beijing = { partition: 'aws-cn', region: 'cn-north-1', account: '444455556666' };
    // Act
    const arns = bedrockModelArns('amazon.nova-lite-v1:0', beijing);
    // Assess
    expect(arns).toEqual(['arn:aws-cn:bedrock:cn-north-1::foundation-model/amazon.nova-lite-v1:0']);
  });

  it('names an inference profile in this region and account, plus its foundation model in any region', () => {
    // Act
    const arns = bedrockModelArns('us.amazon.nova-micro-v1:0', {
      partition: 'aws',
      region: 'us-east-1',
      account: '111122223333',
    });
    // Assess
    expect(arns).toEqual([
      'arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.amazon.nova-micro-v1:0',
      'arn:aws:bedrock:*::foundation-model/amazon.nova-micro-v1:0',
    ]);
  });

  it.each(['eu', 'apac', 'global', 'us-gov', 'jp'])('recognises the %s. profile prefix', (prefix) => {
    // Act
    const arns = bedrockModelArns(`${prefix}.anthropic.claude-haiku-4-5-20251001-v1:0`, saoPaulo);
    // Assess
    expect(arns).toEqual([
      `arn:aws:bedrock:sa-east-1:111122223333:inference-profile/${prefix}.anthropic.claude-haiku-4-5-20251001-v1:0`,
      'arn:aws:bedrock:*::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0',
    ]);
  });

  it('keeps the only wildcard in the foundation-model region of a profile, never in the model id', () => {
    for (const prefix of INFERENCE_PROFILE_PREFIXES) {
      // Act
      const arns = bedrockModelArns(`${prefix}.amazon.nova-pro-v1:0`, saoPaulo);
      // Assess
      expect(
        arns.filter((a) => a.includes('*')),
        prefix,
      ).toEqual(['arn:aws:bedrock:*::foundation-model/amazon.nova-pro-v1:0']);
    }
  });

  it('rejects ARNs, wildcards, blanks and empty ids instead of granting on them', () => {
    for (const bad of [
      '',
      ' ',
      'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0',
      'amazon.*',
      '*',
      'amazon.nova micro',
      'us.',
    ]) {
      // Act + Assess
      expect(() => bedrockModelArns(bad, saoPaulo), JSON.stringify(bad)).toThrow(/Not a Bedrock model id/);
    }
  });
});

describe('parseInferenceProfileId', () => {
  it('tells a profile from a foundation model by its geography prefix', () => {
    // Act + Assess
    expect(parseInferenceProfileId('apac.amazon.nova-lite-v1:0')).toEqual({
      prefix: 'apac',
      foundationModelId: 'amazon.nova-lite-v1:0',
    });
    expect(parseInferenceProfileId('amazon.nova-lite-v1:0')).toBeUndefined();
    expect(parseInferenceProfileId('meta.llama3-2-1b-instruct-v1:0')).toBeUndefined();
  });
});

describe('knowledge base ids', () => {
  it('builds the knowledge-base ARN in this region and account', () => {
    // Act + Assess
    expect(knowledgeBaseArn('ABCDE12345', saoPaulo)).toBe(
      'arn:aws:bedrock:sa-east-1:111122223333:knowledge-base/ABCDE12345',
    );
  });

  it('accepts ids of up to 10 letters and digits, and rejects ARNs, names and longer strings', () => {
    // Act + Assess
    expect(() => assertKnowledgeBaseId('ABCDE12345')).not.toThrow();
    for (const bad of [
      '',
      'my-knowledge-base',
      'ABCDE123456',
      'arn:aws:bedrock:sa-east-1:111122223333:knowledge-base/ABCDE12345',
      'ABC*',
    ]) {
      expect(() => assertKnowledgeBaseId(bad), bad).toThrow(/Not a Bedrock knowledge base id/);
    }
  });

  it('accepts the model ids the defaults use', () => {
    // Act + Assess
    expect(() => assertModelId('amazon.nova-micro-v1:0')).not.toThrow();
    expect(() => assertModelId('us.amazon.nova-lite-v1:0')).not.toThrow();
  });
});
