// Customer languages: pt-BR by default, en; any pt* tag maps to pt-BR.
export type Lang = 'pt-BR' | 'en';
export const DEFAULT_LANG: Lang = 'pt-BR';

export function langFromTag(tag: string | undefined | null): Lang {
  if (!tag) return DEFAULT_LANG;
  const t = tag.trim().toLowerCase();
  if (t.startsWith('pt')) return 'pt-BR';
  if (t.startsWith('en')) return 'en';
  return DEFAULT_LANG;
}

/** Picks the first supported language of an Accept-Language header, else pt-BR. */
export function langFromAcceptLanguage(header: string | undefined): Lang {
  if (!header) return DEFAULT_LANG;
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('pt')) return 'pt-BR';
    if (tag.startsWith('en')) return 'en';
  }
  return DEFAULT_LANG;
}

export function formatMoney(cents: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'pt-BR', { style: 'currency', currency: 'BRL' }).format(
    cents / 100,
  );
}
