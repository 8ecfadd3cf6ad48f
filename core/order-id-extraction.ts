// Finds an order id typed in a chat message ("#Q4M8XZ", "pedido q4m8xz", "order no. Q4M8XZ"), never a quantity, time or
// address.
import { isOrderIdShaped } from './order-ids.ts';
import { MAX_ANALYSED_CHARS, stripAccents } from './text-normalization.ts';

// Words after which the next token is taken to be an order id (more permissively than a free-standing token).
const ANCHORS = new Set([
  'pedido',
  'pedidos',
  'order',
  'orders',
  'numero',
  'number',
  'id',
  'codigo',
  'code',
  'ref',
  'referencia',
  'protocolo',
  'comanda',
  'ped',
]);
// Words allowed between an anchor and the id: "pedido de número Q4M8XZ", "order number is Q4M8XZ", "pedido nº: Q4M8XZ".
const FILLERS = new Set([
  'de',
  'do',
  'da',
  'n',
  'no',
  'nr',
  'num',
  'o',
  'a',
  'e',
  'eh',
  'is',
  'the',
  'my',
  'meu',
  'your',
  'seu',
]);
// After these words a token is part of an address, a phone number or a postcode.
const ADDRESS_WORDS = new Set([
  'rua',
  'r',
  'av',
  'avenida',
  'apto',
  'apartamento',
  'apt',
  'ap',
  'apartment',
  'flat',
  'unit',
  'bloco',
  'bl',
  'casa',
  'lote',
  'sala',
  'andar',
  'floor',
  'cep',
  'zip',
  'tel',
  'telefone',
  'celular',
  'cel',
  'whatsapp',
  'zap',
  'fone',
  'phone',
  'street',
  'st',
  'quadra',
  'qd',
  'km',
  'cpf',
  'cnpj',
]);

// Quantities, sizes, prices and times (at most 4 digits before a unit; a generated id may be 5 digits and a letter):
// "500ml", "2x", "19h", "20h30", "10min", "300g", "8pm", "3rd", "30x40", "1kg".
const MEASUREMENT =
  /^(?:\d{1,4}(?:ML|L|LT|LTS|LITROS?|G|GR|GRS|KG|KGS|MG|KM|M|CM|MM|MIN|MINS|MINUTOS?|H|HS|HR|HRS|HORAS?|X|AM|PM|TH|ST|ND|RD|O|A|K|REAIS|RS|BRL|KCAL|CAL|UN|UND|UNID|FATIAS?|P|PCS|PESSOAS|GB|MB)|\d{1,2}H\d{2}|\d+X\d+(?:CM|MM|M)?|(?:R|RS|APTO|APT|AP|BL|BLOCO|CASA|LOTE|SALA|QD|CEP|TEL|CEL|KM|BR|RJ|SP|N|NR|NO|NUM|LOJA|ANDAR|X|T|S|CS|LJ)\d+[A-Z]?)$/;

const UNIT_SUFFIX = /^\d{1,4}(?:ML|L|KG|GR|GRS|G|MG|MIN|MINS|HS|HR|HRS|H|PM|AM|X|KM|CM|MM|M|K)$/;

const TOKEN = /#?[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)*/g;

interface Candidate {
  id: string;
  anchored: boolean;
}

function letterDigitSwitches(s: string): number {
  let switches = 0;
  for (let i = 1; i < s.length; i++) if (/\d/.test(s[i]!) !== /\d/.test(s[i - 1]!)) switches++;
  return switches;
}

function candidateFor(token: string, prev: string[]): Candidate | null {
  const hash = token.startsWith('#');
  const raw = hash ? token.slice(1) : token;
  const hyphenated = /[-/]/.test(raw);
  const up = raw.replace(/[-/]/g, '').toUpperCase();
  if (up.length < 4 || up.length > 12) return null;
  const hasDigit = /\d/.test(up);
  const hasLetter = /[A-Z]/.test(up);
  const before = prev[prev.length - 1];
  if (before && ADDRESS_WORDS.has(before)) return null;
  // Generated ids never contain 0 or 1, real quantities nearly always do ("500ml", "10min", "20h30"): an id-shaped
  // token
  // wins over the measurement reading, except a bare number+unit ("8344GR") standing alone.
  const shaped = isOrderIdShaped(up) && hasDigit && hasLetter;
  // "Q4M-8XZ" is accepted only when the joined parts are exactly an id; "22041-001" or "99876-5432" never.
  if (hyphenated) return shaped ? { id: up, anchored: hash } : null;

  let anchored = hash;
  for (let i = prev.length - 1, hops = 0; i >= 0 && hops < 3 && !anchored; i--, hops++) {
    if (ANCHORS.has(prev[i]!)) anchored = true;
    else if (!FILLERS.has(prev[i]!)) break;
  }
  if (MEASUREMENT.test(up) && !(shaped && (anchored || !UNIT_SUFFIX.test(up)))) return null;
  if (anchored) {
    if (hasDigit && hasLetter) return { id: up, anchored };
    // An all-letter id is believed only when typed in capitals or after "#": "pedido AMANHA" is a word, "pedido ABCDEF"
    // is not.
    if (!hasDigit && isOrderIdShaped(up) && (hash || raw === up)) return { id: up, anchored };
    if (!hasLetter && up.length <= 8) return { id: up, anchored };
    return null;
  }
  // Free-standing: must look like one of our ids, or interleave letters and digits the way generated ids do.
  if (shaped || (hasDigit && hasLetter && letterDigitSwitches(up) >= 2)) return { id: up, anchored };
  return null;
}

/** The order id typed in a message, upper-cased, or null. An id after pedido/order/nº/# wins over a free-standing one. */
export function extractOrderId(text: string): string | null {
  const s = stripAccents(text.slice(0, MAX_ANALYSED_CHARS))
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ')
    .replace(/\S+@\S+\.\S+/g, ' ')
    .replace(/\bn\s?[o°º]\s?\.\s*(?=[A-Za-z0-9#])/gi, ' numero ')
    .replace(/\bn\s?[°º]/gi, ' numero ');
  const prev: string[] = [];
  let free: string | null = null;
  for (const m of s.matchAll(TOKEN)) {
    const token = m[0];
    const c = candidateFor(token, prev);
    if (c?.anchored) return c.id;
    if (c && !free) free = c.id;
    prev.push(token.replace(/^#/, '').toLowerCase());
  }
  return free;
}
