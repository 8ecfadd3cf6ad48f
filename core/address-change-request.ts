// The new address typed in the same message as the request to change it ("quero mudar o endereço para Rua X 50").

/** "endereço … para|pra|to|:" followed by the address; the address must hold a number or a street word to count. */
const REQUEST =
  /\b(?:endere[cç]o|address)\b[^:]*?(?:\s+(?:para|pra|p\/|por|to|as|is)\s+|\s*:\s*|\s+(?:agora (?:é|e)|now)\s+)(.+)$/i;
const ADDRESS_LIKE =
  /\d|\b(?:rua|r\.|av\.?|avenida|travessa|estrada|praça|praca|alameda|largo|rodovia|street|st\.?|avenue|ave\.?|road|rd\.?)\b/i;

/** The address named in an address-change request, or undefined when the customer did not give one yet. */
export function addressInChangeRequest(text: string | undefined): string | undefined {
  const m = REQUEST.exec((text ?? '').trim());
  const address = m?.[1]
    ?.trim()
    .replace(/[.!?]+$/, '')
    .trim();
  return address && ADDRESS_LIKE.test(address) ? address : undefined;
}
