// The one optional checkout answer "complemento ou ponto de referência", split into the order's address complement
// (flat, block) and reference (a landmark).

/** The order contract's limits for each (core/order-request.ts). */
export const MAX_COMPLEMENT_CHARS = 120;
export const MAX_REFERENCE_CHARS = 120;

/** How a landmark starts, in either language (matched without accents): "em frente à padaria", "next to the bank". */
const REFERENCE_CUE =
  /^(?:ref\b|ref\.|referencia|ponto de referencia|perto|proximo|em frente|na frente|de frente|ao lado|do lado|atras|esquina|entre|depois d|antes d|near|next to|opposite|across|in front|behind|by the|corner|landmark)/;

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export type AddressDetails =
  | { ok: true; complement?: string; reference?: string }
  | { ok: false; reason: 'TOO_LONG' | 'EMPTY' };

/**
 * Splits the answer on commas, semicolons and dashes: the parts that read like a landmark become the reference, the
 * rest the complement. "apto 302, bloco B, em frente à padaria" → complement "apto 302, bloco B", reference
 * "em frente à padaria". Nothing is dropped: an answer with no landmark cue is all complement.
 */
export function splitAddressDetails(typed: string): AddressDetails {
  const text = typed.replace(/\s+/g, ' ').trim();
  if (!text) return { ok: false, reason: 'EMPTY' };
  const parts = text
    .split(/\s*[,;]\s*|\s+[-–—]\s+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const isReference = (p: string) => REFERENCE_CUE.test(fold(p).replace(/^[(["'“]+/, ''));
  const complement = parts.filter((p) => !isReference(p)).join(', ');
  const reference = parts.filter(isReference).join(', ');
  // The contract counts UTF-16 units (zod's max on the string as sent), so this does too.
  if (complement.length > MAX_COMPLEMENT_CHARS || reference.length > MAX_REFERENCE_CHARS)
    return { ok: false, reason: 'TOO_LONG' };
  return { ok: true, ...(complement ? { complement } : {}), ...(reference ? { reference } : {}) };
}
