// The ASL placeholder check that makes synth fail when the ASL and infra/ drift apart.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aslPlaceholders, assertSubstitutionsMatch } from '../../infra/asl-substitutions.ts';

const aslFile = (text: string): string => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'asl-')), 'workflow.asl.json');
  writeFileSync(file, text);
  return file;
};

describe('ASL substitutions', () => {
  it('finds identifier placeholders once each, and ignores prose such as ${...}', () => {
    // Prepare
    const text = '{"Comment":"uses ${...} placeholders","A":"${TableName}","B":"${FnArn}","C":"${TableName}"}';
    // Act
    const found = aslPlaceholders(text);
    // Assess
    expect(found).toEqual(['FnArn', 'TableName']);
  });

  it('accepts substitutions that match the placeholders exactly', () => {
    // Prepare
    const file = aslFile('{"A":"${TableName}","B":"${FnArn}"}');
    // Act
    const check = () => assertSubstitutionsMatch(file, { TableName: 't', FnArn: 'f' });
    // Assess
    expect(check).not.toThrow();
  });

  it('fails on a placeholder without a substitution', () => {
    // Prepare
    const file = aslFile('{"A":"${TableName}","B":"${NewFunctionArn}"}');
    // Act
    const check = () => assertSubstitutionsMatch(file, { TableName: 't' });
    // Assess
    expect(check).toThrow(/missing \[NewFunctionArn\]/);
  });

  it('fails on a substitution the ASL no longer uses', () => {
    // Prepare
    const file = aslFile('{"A":"${TableName}"}');
    // Act
    const check = () => assertSubstitutionsMatch(file, { TableName: 't', OldFunctionArn: 'f' });
    // Assess
    expect(check).toThrow(/not in the ASL \[OldFunctionArn\]/);
  });
});
