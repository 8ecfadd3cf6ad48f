// The store folder of a synth (-c storeDir=…): resolved against the repository root, props over context over the demo.
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/repo-paths.ts';
import { DEFAULT_STORE_DIR, knowledgeDirOf, resolveStoreDir } from '../../infra/store-config.ts';

const nodeWith = (context: Record<string, unknown>) => new Stack(new App({ context })).node;

describe('store folder', () => {
  it('defaults to the demo, inside the repository', () => {
    // Act + Assess
    expect(resolveStoreDir(nodeWith({}))).toBe(path.resolve(REPO_ROOT, DEFAULT_STORE_DIR));
    expect(resolveStoreDir(nodeWith({ storeDir: '  ' }))).toBe(path.resolve(REPO_ROOT, DEFAULT_STORE_DIR));
  });

  it('takes -c storeDir=./my-shop from the repository root, whatever the working directory', () => {
    // Prepare
    const cwd = process.cwd();
    process.chdir(path.join(REPO_ROOT, 'test'));
    try {
      // Act
      const dir = resolveStoreDir(nodeWith({ storeDir: './my-shop' }));
      // Assess
      expect(dir).toBe(path.join(REPO_ROOT, 'my-shop'));
    } finally {
      process.chdir(cwd);
    }
  });

  it('keeps an absolute path, and lets props win over context', () => {
    // Act + Assess
    expect(resolveStoreDir(nodeWith({ storeDir: '/srv/shops/burger' }))).toBe('/srv/shops/burger');
    expect(resolveStoreDir(nodeWith({ storeDir: '/srv/shops/burger' }), '/srv/shops/pizza')).toBe('/srv/shops/pizza');
  });

  it('fails synth on a storeDir that is not a string', () => {
    // Act + Assess
    expect(() => resolveStoreDir(nodeWith({ storeDir: 42 }))).toThrow(/storeDir must be a string/);
  });

  it("finds the documents in the store folder's knowledge/", () => {
    // Act + Assess
    expect(knowledgeDirOf('/srv/shops/burger')).toBe('/srv/shops/burger/knowledge');
  });
});
