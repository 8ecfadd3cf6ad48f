// "Troco para quanto?": the amount a customer typed ("50", "R$ 100", "100,00", "R$ 1.000,50"), read as centavos.

/** Reads an amount of reais as centavos, or null when the text is not one amount. */
export function parseReaisAmount(text: string): number | null {
  if (typeof text !== 'string') return null;
  const s = text
    .trim()
    .toLowerCase()
    .replace(/^(?:troco\s+)?(?:pra|para|de)?\s*/, '')
    .replace(/^r\$\s*/, '')
    .replace(/\s*(?:reais|real|conto|contos)$/, '')
    .trim();
  let m = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(s);
  if (m) return toCents(m[1]!.replace(/\./g, ''), m[2]);
  // "100.00" as English speakers type it, and "1,000.00".
  m = /^(\d{1,3}(?:,\d{3})+|\d+)\.(\d{2})$/.exec(s);
  if (m) return toCents(m[1]!.replace(/,/g, ''), m[2]);
  return null;
}

function toCents(whole: string, fraction: string | undefined): number | null {
  const cents = Number(whole) * 100 + Number((fraction ?? '0').padEnd(2, '0'));
  return Number.isSafeInteger(cents) && cents > 0 ? cents : null;
}
