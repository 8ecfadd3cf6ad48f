// Reads the ${Name} placeholders of an ASL file and checks that infra substitutes exactly those (no drift either way).
import { readFileSync } from 'node:fs';

// Identifier-shaped only: the ASL's own Comment mentions "${...}", which is prose, not a placeholder
// (CloudFormation substitutes literal "${Key}" strings and leaves anything else untouched).
const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function aslPlaceholders(aslText: string): string[] {
  return [...new Set([...aslText.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}

/** Throws (and so fails synth) when a placeholder has no substitution, or a substitution has no placeholder. */
export function assertSubstitutionsMatch(aslPath: string, substitutions: Record<string, unknown>): void {
  const placeholders = aslPlaceholders(readFileSync(aslPath, 'utf8'));
  const provided = Object.keys(substitutions);
  const missing = placeholders.filter((p) => !provided.includes(p));
  const unused = provided.filter((k) => !placeholders.includes(k));
  if (missing.length || unused.length) {
    throw new Error(
      `definitionSubstitutions out of sync with ${aslPath}: ` +
        `missing [${missing.join(', ')}], not in the ASL [${unused.join(', ')}]`,
    );
  }
}
