// The store folder a deploy serves (CDK context -c storeDir=…), resolved against the repository root, and where its
// knowledge documents are.
import path from 'node:path';
import type { Node } from 'constructs';
import { REPO_ROOT } from './repo-paths.ts';

/** `cdk deploy -c storeDir=./my-shop` (or cdk.json "context"). */
export const STORE_CONTEXT_KEYS = { storeDir: 'storeDir' } as const;

/** The demo store, served when no storeDir is given. */
export const DEFAULT_STORE_DIR = 'stores/demo';

/** A store folder's knowledge documents: `<storeDir>/knowledge/<lang>/*.md`. */
export const knowledgeDirOf = (storeDir: string): string => path.join(storeDir, 'knowledge');

/**
 * The absolute store folder of this synth: `given` (stack props, e.g. a test's fixture) wins over CDK context, which
 * wins over the demo. A relative path is taken from the repository root, as cdk.json is, whatever the working
 * directory.
 */
export function resolveStoreDir(node: Node, given?: string): string {
  const raw: unknown = given ?? node.tryGetContext(STORE_CONTEXT_KEYS.storeDir);
  if (raw !== undefined && raw !== null && typeof raw !== 'string')
    throw new Error(`CDK context ${STORE_CONTEXT_KEYS.storeDir} must be a string, got ${JSON.stringify(raw)}`);
  const dir = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : DEFAULT_STORE_DIR;
  return path.resolve(REPO_ROOT, dir);
}
