// The Pix "copia e cola" code (a static EMV BR Code with amount, txid and CRC16), its parser, and its QR as PNG base64.
//
// Layout and CRC follow the BCB's "Manual de Padrões para Iniciação do Pix" (BR Code, EMV merchant-presented mode):
// TLV fields 00, 26 (GUI br.gov.bcb.pix + key), 52, 53, 54, 58, 59, 60, 62 (05 txid) and 63, the CRC16/CCITT-FALSE
// (poly 0x1021, init 0xFFFF) of everything up to and including "6304", as four upper-case hex digits.
//
// Why the builder is written here and not taken from npm: `pix-utils` (the maintained one) depends on axios for its
// dynamic-payload fetch and on a TextEncoder polyfill, Node loads only its CJS build, it counts the name limit before
// normalising, and it takes the amount as floating-point reais. `qrcode-pix` pulls yup 0.32 and `crc` for the same 40
// lines; `pix-payload` has no tests and a broken `types` field. The QR itself is drawn by `qrcode` (node-qrcode): its
// CLI brings yargs into node_modules, but a Lambda bundle holds only lib/, pngjs and dijkstrajs.
import QRCode from 'qrcode';

/** Input of one code. Names and cities are reduced to ASCII (accents stripped) and cut to the EMV limits. */
export interface PixCodeInput {
  /** The receiver's Pix key (e-mail, phone +55..., CPF/CNPJ or random EVP key). */
  key: string;
  /** Up to 25 characters after normalisation; longer names are cut. */
  merchantName: string;
  /** Up to 15 characters after normalisation; longer cities are cut. */
  merchantCity: string;
  /** centavos, integer > 0 */
  amount: number;
  /** transaction id, [A-Za-z0-9] up to 25 chars; '***' when absent */
  txid?: string;
}

const PIX_GUI = 'br.gov.bcb.pix';
const NAME_MAX = 25;
const CITY_MAX = 15;
const AMOUNT_MAX_CHARS = 13;
/** 99 (the template's limit) less the GUI sub-field (4 + 14) and the key's own id and length (4). */
const KEY_MAX = 77;
const KEY_FORMATS: readonly RegExp[] = [
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // random key (EVP)
  /^\+55\d{10,11}$/, // phone: +55, area code, number
  /^\d{11}$/, // CPF
  /^[0-9A-Z]{12}\d{2}$/, // CNPJ, numeric or the alphanumeric form of 2026
  /^[^\s@]+@[^\s@]+\.[^\s@]+$/, // e-mail
];
const TXID = /^[A-Za-z0-9]{1,25}$/;

/** The copia-e-cola string: a valid EMV BR Code with its CRC16. */
export function pixCopyPaste(input: PixCodeInput): string {
  const key = input.key.trim();
  if (key.length > KEY_MAX || !KEY_FORMATS.some((format) => format.test(key))) {
    throw new RangeError(`Not a Pix key (e-mail, +55 phone, CPF, CNPJ or EVP): ${JSON.stringify(input.key)}`);
  }
  const txid = input.txid ?? '***';
  if (input.txid !== undefined && !TXID.test(input.txid)) {
    throw new RangeError(`A Pix txid is 1 to 25 letters and digits: ${JSON.stringify(input.txid)}`);
  }
  const body = [
    tlv('00', '01'),
    tlv('26', tlv('00', PIX_GUI) + tlv('01', key)),
    tlv('52', '0000'),
    tlv('53', '986'),
    tlv('54', formatAmount(input.amount)),
    tlv('58', 'BR'),
    tlv('59', asciiText(input.merchantName, NAME_MAX, 'merchantName')),
    tlv('60', asciiText(input.merchantCity, CITY_MAX, 'merchantCity')),
    tlv('62', tlv('05', txid)),
    '6304',
  ].join('');
  return body + crc16(body);
}

/** The same code as a QR PNG, base64 (no data: prefix). Refuses a code whose CRC does not match. */
export async function pixQrPngBase64(code: string): Promise<string> {
  if (!parseBrCode(code).crcValid) throw new Error('Refusing to draw a BR Code whose CRC does not match');
  // Level M is the library's default and what banks print; margin 4 is the quiet zone the QR standard asks for.
  const png = await QRCode.toBuffer(code, { type: 'png', errorCorrectionLevel: 'M', margin: 4, width: 512 });
  return png.toString('base64');
}

/**
 * Parses a BR Code back into its top-level and nested fields and checks the CRC; throws on a malformed code (broken
 * TLV, no Pix account template, a mandatory field missing, no CRC field last) and reports a mismatched CRC in
 * `crcValid`. Used by tests and by the simulated provider to validate codes.
 */
export function parseBrCode(code: string): {
  fields: Record<string, string>;
  merchantAccount: Record<string, string>;
  amount?: string;
  txid?: string;
  crcValid: boolean;
} {
  const entries = readTlv(code, 'BR Code');
  const fields = Object.fromEntries(entries);
  if (fields['00'] !== '01') throw new Error('Malformed BR Code: it must start with 000201');
  const last = entries[entries.length - 1];
  if (last[0] !== '63' || !/^[0-9A-Fa-f]{4}$/.test(last[1])) {
    throw new Error('Malformed BR Code: field 63 (four hex digits of CRC) must come last');
  }
  for (const id of ['52', '53', '58', '59', '60']) {
    if (fields[id] === undefined) throw new Error(`Malformed BR Code: mandatory field ${id} is missing`);
  }
  // The Pix account may sit in any merchant account template, 26 to 51; its GUI is compared case-insensitively.
  const merchantAccount = entries
    .filter(([id]) => Number(id) >= 26 && Number(id) <= 51)
    .map(([id, value]) => Object.fromEntries(readTlv(value, `field ${id}`)))
    .find((account) => account['00']?.toLowerCase() === PIX_GUI);
  if (!merchantAccount) throw new Error('Not a Pix BR Code: no merchant account template with GUI br.gov.bcb.pix');
  const additional = fields['62'] === undefined ? {} : Object.fromEntries(readTlv(fields['62'], 'field 62'));
  return {
    fields,
    merchantAccount,
    amount: fields['54'],
    txid: additional['05'],
    crcValid: crc16(code.slice(0, -4)) === last[1].toUpperCase(),
  };
}

/** One EMV field: two-digit id, two-digit length, value. */
function tlv(id: string, value: string): string {
  if (value.length > 99) throw new RangeError(`BR Code field ${id} is over 99 characters`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

function readTlv(text: string, where: string): [string, string][] {
  const entries: [string, string][] = [];
  const seen = new Set<string>();
  for (let at = 0; at < text.length; ) {
    const head = text.slice(at, at + 4);
    if (!/^\d{4}$/.test(head)) throw new Error(`Malformed BR Code: no id and length at ${at} in ${where}`);
    const id = head.slice(0, 2);
    const value = text.slice(at + 4, at + 4 + Number(head.slice(2)));
    if (value.length !== Number(head.slice(2))) throw new Error(`Malformed BR Code: field ${id} of ${where} is cut`);
    if (seen.has(id)) throw new Error(`Malformed BR Code: field ${id} twice in ${where}`);
    seen.add(id);
    entries.push([id, value]);
    at += 4 + value.length;
  }
  if (entries.length === 0) throw new Error(`Malformed BR Code: ${where} is empty`);
  return entries;
}

/** Reais with two decimals from integer centavos, without floating point: 1234 → "12.34". */
function formatAmount(centavos: number): string {
  if (!Number.isSafeInteger(centavos) || centavos <= 0) {
    throw new RangeError(`A Pix amount is a whole number of centavos above zero: ${centavos}`);
  }
  const text = `${Math.trunc(centavos / 100)}.${String(centavos % 100).padStart(2, '0')}`;
  if (text.length > AMOUNT_MAX_CHARS) throw new RangeError(`A Pix amount has at most 13 characters: ${text}`);
  return text;
}

/** Accents stripped, anything outside printable ASCII dropped, spaces collapsed, cut to the limit. */
function asciiText(text: string, max: number, what: string): string {
  // NFD splits "ã" into "a" and a combining tilde, which the printable-ASCII filter then drops.
  const ascii = text
    .normalize('NFD')
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7E]/g, '')
    .trim();
  const cut = ascii.slice(0, max).trimEnd();
  if (!cut) throw new RangeError(`${what} has no printable characters: ${JSON.stringify(text)}`);
  return cut;
}

/** CRC16/CCITT-FALSE over the UTF-8 bytes, as four upper-case hex digits. */
function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** The code and its QR at once: what the simulated provider hands a pending Pix (injected, see PixCodeMaker). */
export async function makePixCode(input: PixCodeInput): Promise<{ copyPaste: string; qrPngBase64: string }> {
  const copyPaste = pixCopyPaste(input);
  return { copyPaste, qrPngBase64: await pixQrPngBase64(copyPaste) };
}
