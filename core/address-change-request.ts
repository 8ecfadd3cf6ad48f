// Street addresses in free text: the one typed with a change request ("quero mudar o endereço para Rua X 50"), and
// whether a message at the address step is an address at all.

/** "endereço … para|pra|to|:" followed by the address; the address must hold a number or a street word to count. */
const REQUEST =
  /\b(?:endere[cç]o|address)\b[^:]*?(?:\s+(?:para|pra|p\/|por|to|as|is)\s+|\s*:\s*|\s+(?:agora (?:é|e)|now)\s+)(.+)$/i;
const STREET =
  /\b(?:rua|r\.|av\.?|avenida|travessa|estrada|praça|praca|alameda|largo|rodovia|street|st\.?|avenue|ave\.?|road|rd\.?)(?=\s|$|[.,])/i;
const ADDRESS_LIKE = new RegExp(`\\d|${STREET.source}`, 'i');

/** A street word and a number, and no question mark: "Rua São Clemente 100 entregar na portaria" is an address. */
export const looksLikeStreetAddress = (text: string): boolean =>
  STREET.test(text) && /\d/.test(text) && !text.includes('?');

/** The address named in an address-change request, or undefined when the customer did not give one yet. */
export function addressInChangeRequest(text: string | undefined): string | undefined {
  const m = REQUEST.exec((text ?? '').trim());
  const address = m?.[1]
    ?.trim()
    .replace(/[.!?]+$/, '')
    .trim();
  return address && ADDRESS_LIKE.test(address) ? address : undefined;
}
