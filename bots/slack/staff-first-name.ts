// The name a customer sees for a staff member: the first name of their Slack name, without the role or team staff add.

/** What staff append to a display name for each other: "(shift lead)", "[kitchen]", "- caixa", "| suporte", ", gerente". */
const DECORATION = /\s*(?:\([^)]*\)|\[[^\]]*\]|\{[^}]*\})\s*|\s+[-–—|/·•]\s+.*$|\s*[,|/·•].*$/g;

/**
 * "Ana (shift lead)" → "Ana", "Bruno Costa - caixa" → "Bruno", "ana.lima" stays as is. A name that is all decoration
 * (or empty) falls back to what was given, trimmed, so the customer is never told "" is with them.
 */
export function firstNameOf(name: string): string {
  const bare = name.replace(DECORATION, ' ').trim();
  const first = bare.split(/\s+/)[0] ?? '';
  return first || name.trim();
}
