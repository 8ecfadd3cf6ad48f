// Loads an ASL file and fills its ${Name} placeholders, as CDK definitionSubstitutions does on AWS.
import { readFileSync } from 'node:fs';

export type AslState = {
  Type: string;
  Resource?: string;
  HeartbeatSeconds?: number;
  HeartbeatSecondsPath?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Branches?: { States: Record<string, AslState> }[];
  Iterator?: { States: Record<string, AslState> };
} & Record<string, unknown>;
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  Comment?: string;
}

export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]!))];
}

/** Fails loudly on a placeholder with no value, so a definition never runs half-substituted. */
export function loadAsl(file: string, substitutions: Record<string, string>): AslDefinition {
  const text = readFileSync(file, 'utf8');
  const missing = placeholdersOf(text).filter((name) => !(name in substitutions));
  if (missing.length) throw new Error(`${file}: no value for ${missing.map((m) => `\${${m}}`).join(', ')}`);
  return JSON.parse(text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, name: string) => substitutions[name]!)) as AslDefinition;
}

/** Every Task state, including those nested in Parallel branches and Map iterators. */
export function taskStates(states: Record<string, AslState>): [string, AslState][] {
  const out: [string, AslState][] = [];
  for (const [name, s] of Object.entries(states)) {
    if (s.Type === 'Task') out.push([name, s]);
    for (const b of s.Branches ?? []) out.push(...taskStates(b.States));
    if (s.Iterator) out.push(...taskStates(s.Iterator.States));
  }
  return out;
}
