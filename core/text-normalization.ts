// Chat text normalisation (case, accents, emoji, chat spellings, contractions) and pt/en language detection.

/** Only the head of a message is analysed: intent is stated early, and the cost stays flat on 100k-character pastes. */
export const MAX_ANALYSED_CHARS = 2000;

export type ChatLang = 'pt' | 'en';

/** Clause boundary kept in normalised text, so cue patterns and negation never reach across ", . ? !". */
export const CLAUSE = '.';

// Emoji that carry meaning in a delivery chat become placeholder words; every other symbol is dropped later.
const EMOJI_WORDS: Array<[RegExp, string]> = [
  [/[\u{1F44B}\u{1F590}\u{270B}\u{1F91A}]/gu, ' xwave '],
  [/\u{1F64F}/gu, ' xthanks '],
  [/[\u{1F44D}\u{1F44C}]/gu, ' ok '],
  [/\u{1F355}/gu, ' pizza '],
];

// Chat spellings, abbreviations and frequent typos, token → canonical words. Applied after accents are stripped.
const EXPANSIONS: Record<string, string> = {
  // Portuguese chat
  vc: 'voce',
  vcs: 'voces',
  vce: 'voce',
  ce: 'voce',
  voceis: 'voces',
  oces: 'voces',
  pfv: 'por favor',
  pf: 'por favor',
  pfvr: 'por favor',
  pfvor: 'por favor',
  porfa: 'por favor',
  porfavor: 'por favor',
  ta: 'esta',
  tah: 'esta',
  tao: 'estao',
  tou: 'estou',
  tamo: 'estamos',
  cade: 'onde esta',
  kd: 'onde esta',
  cadeh: 'onde esta',
  qdo: 'quando',
  qnd: 'quando',
  qndo: 'quando',
  qnt: 'quanto',
  qto: 'quanto',
  qnto: 'quanto',
  qts: 'quantos',
  qtos: 'quantos',
  q: 'que',
  oq: 'o que',
  oque: 'o que',
  pq: 'porque',
  pqp: '',
  qm: 'quem',
  qq: 'qualquer',
  qual: 'qual',
  tb: 'tambem',
  tbm: 'tambem',
  hj: 'hoje',
  amanha: 'amanha',
  n: 'nao',
  nn: 'nao',
  naum: 'nao',
  num: 'nao',
  mt: 'muito',
  mto: 'muito',
  mtt: 'muito',
  mts: 'muitos',
  obg: 'obrigado',
  obgd: 'obrigado',
  obgda: 'obrigada',
  brigado: 'obrigado',
  brigada: 'obrigada',
  obrigadao: 'obrigado',
  blz: 'beleza',
  td: 'tudo',
  tds: 'todos',
  msg: 'mensagem',
  ped: 'pedido',
  pedio: 'pedido',
  peido: 'pedido',
  entrg: 'entrega',
  vlw: 'valeu',
  vlws: 'valeu',
  valew: 'valeu',
  msm: 'mesmo',
  dps: 'depois',
  agr: 'agora',
  ngm: 'ninguem',
  alg: 'alguem',
  algm: 'alguem',
  vdd: 'verdade',
  eh: 'e',
  cmg: 'comigo',
  mds: 'meu deus',
  sdd: '',
  kero: 'quero',
  qero: 'quero',
  qro: 'quero',
  keria: 'queria',
  qria: 'queria',
  endereso: 'endereco',
  enderesso: 'endereco',
  endreco: 'endereco',
  enderco: 'endereco',
  endereco: 'endereco',
  cardapo: 'cardapio',
  cardapiu: 'cardapio',
  cardpio: 'cardapio',
  atendende: 'atendente',
  atendemte: 'atendente',
  assai: 'acai',
  asai: 'acai',
  piza: 'pizza',
  pitza: 'pizza',
  entregador: 'entregador',
  motoca: 'motoboy',
  trampo: 'trabalho',
  servico: 'trabalho',
  firma: 'trabalho',
  eai: 'eai',
  eae: 'eai',
  iae: 'eai',
  iai: 'eai',
  oie: 'oi',
  oii: 'oi',
  oiee: 'oi',
  oiie: 'oi',
  olaa: 'ola',
  bomdia: 'bom dia',
  boatarde: 'boa tarde',
  boanoite: 'boa noite',
  diaa: 'dia',
  tardee: 'tarde',
  noitee: 'noite',
  // English chat
  u: 'you',
  ur: 'your',
  r: 'are',
  ya: 'you',
  yu: 'you',
  pls: 'please',
  plz: 'please',
  plez: 'please',
  plis: 'please',
  pleas: 'please',
  pleasee: 'please',
  thx: 'thanks',
  thnx: 'thanks',
  thanx: 'thanks',
  tks: 'thanks',
  ty: 'thanks',
  tysm: 'thanks',
  wanna: 'want to',
  gonna: 'going to',
  gotta: 'got to',
  gimme: 'give me',
  lemme: 'let me',
  im: 'i am',
  ive: 'i have',
  dont: 'do not',
  doesnt: 'does not',
  didnt: 'did not',
  cant: 'can not',
  cannot: 'can not',
  wont: 'will not',
  isnt: 'is not',
  arent: 'are not',
  wasnt: 'was not',
  havent: 'have not',
  hasnt: 'has not',
  couldnt: 'could not',
  wouldnt: 'would not',
  shouldnt: 'should not',
  whats: 'what is',
  wheres: 'where is',
  hows: 'how is',
  thats: 'that is',
  theres: 'there is',
  youre: 'you are',
  whens: 'when is',
  b4: 'before',
  tmrw: 'tomorrow',
  tmr: 'tomorrow',
  rn: 'right now',
  abt: 'about',
  cuz: 'because',
  coz: 'because',
  idk: 'i do not know',
  nvm: 'never mind',
  nevermind: 'never mind',
  okay: 'ok',
  okey: 'ok',
  k: 'ok',
  hrs: 'hours',
  hr: 'hour',
  addr: 'address',
  adress: 'address',
  adres: 'address',
  addres: 'address',
  adddress: 'address',
  ordr: 'order',
  oder: 'order',
  cancle: 'cancel',
  cancell: 'cancel',
  delivry: 'delivery',
  delievery: 'delivery',
  dilevery: 'delivery',
  recieve: 'receive',
  recieved: 'received',
  menue: 'menu',
  wat: 'what',
  wut: 'what',
  wen: 'when',
  wher: 'where',
  hiii: 'hi',
  heyy: 'hey',
  helo: 'hello',
  hellow: 'hello',
  gud: 'good',
  god: 'good',
};

// A few expansions only make sense next to the word they modify ("god morning" is a collapsed "goooood morning").
const PHRASE_FIXES: Array<[RegExp, string]> = [
  [/\bgood (morning|afternoon|evening|night)\b/g, 'good $1'],
  [/\be ai\b/g, 'eai'],
  [/\bpor que\b/g, 'porque'],
  // "end" is English too, so it means endereço only after a Portuguese word: "mudar end", "errei o end", "novo end".
  [
    /\b(o|do|de|meu|seu|mudar|muda|mude|trocar|troca|alterar|altera|corrigir|corrige|errei|novo|outro|esse|este|qual|no|pro|pra|mesmo|atualizar|atualiza) end\b/g,
    '$1 endereco',
  ],
];

/** Lower-cases and strips diacritics (NFKD also folds º/ª and full-width forms to plain letters). */
export function stripAccents(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '');
}

/**
 * Canonical form used by the classifier: lower-case ASCII words separated by single spaces, clause breaks as " . ",
 * letters repeated 3+ times collapsed ("oiiii" → "oi"), and chat spellings expanded ("cadê" → "onde esta").
 */
export function normalizeText(raw: string): string {
  let s = raw.slice(0, MAX_ANALYSED_CHARS);
  for (const [re, word] of EMOJI_WORDS) s = s.replace(re, word);
  s = stripAccents(s.toLowerCase())
    .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'")
    .replace(/\b(?:https?:\/\/|www\.)\S+/g, ' ')
    .replace(/\S+@\S+\.\S+/g, ' ')
    .replace(/\br\$\s*/g, ' reais ')
    .replace(/\b([pcs])\/(?=\s|\w)/g, (_, c: string) => ({ p: ' para ', c: ' com ', s: ' sem ' })[c]!)
    .replace(/\n+/g, ' . ');
  // English contractions become full words so cues match one spelling ("what's" → "what is").
  s = s
    .replace(/\blet's\b/g, 'let us')
    .replace(/\b(it|that|what|where|how|there|here|who|when|he|she)'s\b/g, '$1 is')
    .replace(/\b(\w+)'s\b/g, '$1')
    .replace(/\bcan't\b/g, 'can not')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/\bain't\b/g, 'is not')
    .replace(/\b(\w+)n't\b/g, '$1 not')
    .replace(/'re\b/g, ' are')
    .replace(/'ve\b/g, ' have')
    .replace(/'ll\b/g, ' will')
    .replace(/'d\b/g, ' would')
    .replace(/\bi'm\b/g, 'i am');
  s = s
    .replace(/[,.;:!?\u2026\u2014\u2013]+/g, ' . ')
    .replace(/[^a-z0-9. ]+/g, ' ')
    .replace(/([a-z])\1{2,}/g, '$1')
    // Quantities glued to units are two words for the cues ("500ml" → "500 ml", "2x" → "2 x").
    .replace(/\b(\d+)(ml|l|g|kg|x|h|hs|min|mins|km|pm|am|k)\b/g, '$1 $2')
    .replace(/\b(\d+) h (\d+)\b/g, '$1 h $2');
  const words: string[] = [];
  for (const tok of s.split(' ')) {
    if (!tok) continue;
    if (tok === CLAUSE) {
      if (words.length && words[words.length - 1] !== CLAUSE) words.push(CLAUSE);
      continue;
    }
    const expanded = EXPANSIONS[tok] ?? tok;
    if (expanded) words.push(expanded);
  }
  while (words.length && words[words.length - 1] === CLAUSE) words.pop();
  while (words.length && words[0] === CLAUSE) words.shift();
  let out = words.join(' ');
  for (const [re, rep] of PHRASE_FIXES) out = out.replace(re, rep);
  return out;
}

// Language cue words, on normalised tokens. Words shared by both languages ("a", "no", "do", "me", "menu", "pizza",
// "ok", "status", product names) are deliberately absent: they must not tip the balance.
const PT_WORDS = new Set(
  `o os um uma uns umas de da das dos em na nas nos pra pro para por com sem que e eu meu minha meus
minhas voce voces seu sua ele ela isso esse essa este esta estou estao estamos tem tenho temos quero queria gostaria pode posso
vou vai vamos sao foi ser ja ainda so tambem muito muita mais nao sim onde quando quanto quantos quantas qual quais como porque
oi ola obrigado obrigada valeu bom boa dia tarde noite tudo bem hoje amanha agora aqui ai favor pedido pedidos pedir pedi
cardapio entrega entregam entregar endereco horas hora tempo chega chegar chegou chegando demora demorar cancela cancelar
desisti desisto atendente humano pessoa falar mudar trocar troca errado errada errei beleza galera pessoal gente moco moca
ne entao ate depois antes cedo manda mande mim te alguem ninguem nada algo coisa tipo opa salve eai fala olha certo legal vem
vindo saiu pronto sera seria aceita aceitam abre abrem fecha fecham domingo sabado feriado taxa frete troco cartao dinheiro
sabores opcoes opcao bebida bebidas sobremesa grande pequena pequeno media meia quer preciso poderia consegue conseguem fiz
pedir recebi rua casa trabalho apto bloco numero minutos mesmo outro outra novo nova comida previsao robo dono gerente
quanto custa valor preco precos sabor tamanho tamanhos queremos voceis obrigadinho tchau abraco kk kkk rs rsrs ola eae
lhe dele dela prefiro cadeh vcs vc pfv porfavor desculpa desculpe ainda falta faltam muito demorando moto motoboy entregador`.split(
    /\s+/,
  ),
);
const EN_WORDS = new Set(
  `the an i you your my is are was were be been it its this that there here of to for on in at with from
by and or but not yes does did have has had can could would will should may want like need get got give send show see what
where when how why who which order orders ordered delivery deliver delivered address cancel please thanks thank hello hi hey
hiya howdy yo sup morning evening afternoon night good great food drink drinks much many long time minutes hour hours today
tomorrow now still just yet already some any all one two three someone somebody anyone anybody human person agent talk speak
real bot wrong change instead office work home house place store open close closed pay card cash fee free sugar vegan nuts
refund policy track update arrive arrives arriving here soon eta want going got let us am nevermind never mind guys folks
changed mistake operator manager large small medium bowl bowls slice take call off stop scrap forget anymore shipped left way
ready confirmed available eat options flavors flavours sizes toppings desserts price prices list view located okay please add sell beer juice water wine veggie check through somewhere else representative staff contact redirect new real help hungry list wait nothing late
would like ill gonna wanna thanks bye goodbye cheers sorry sure yeah yep nope again else also usually expect should how long
until till about because before after tonight someone else apartment street building number girlfriend boyfriend mom dad
friend gym driver courier rider dough contain contains allergic allergy allergens gluten dairy deliveries pickup pick up
minimum accept accepts credit debit holidays sundays weekend location website phone call being person service support`.split(
    /\s+/,
  ),
);

// Product and place names carry accents in English sentences too ("two açaí bowls"), so their accents are no pt
// evidence.
const NEUTRAL_ACCENTED =
  /^(?:acai|acais|guarana|guaranas|cupuacu|catupiry|pao|sao|niteroi|ipanema|leblon|gavea|jardim|botanico|tijuca)$/;
const PT_SUFFIX = /(?:cao|coes|oes|inho|inha|ando|endo|indo|amos|emos)$/;
const EN_SUFFIX = /(?:ing|tion|ness|ly)$/;

/**
 * pt or en from cue words, pt-only diacritics and word endings; pt wins ties and empty input, the shop being in Rio.
 * Runs on the raw text so accents still count, then on normalised tokens.
 */
export function detectLanguage(raw: string, normalized = normalizeText(raw)): ChatLang {
  let pt = 0;
  let en = 0;
  const head = raw.slice(0, MAX_ANALYSED_CHARS).toLowerCase();
  for (const word of head.match(/[\p{L}]+/gu) ?? []) {
    if (/[ãõçáéíóúâêôà]/.test(word) && !NEUTRAL_ACCENTED.test(stripAccents(word))) pt += 1.5;
  }
  if (/\b\w+'(?:s|t|d|ll|re|ve|m)\b/.test(head.replace(/[\u2019]/g, "'"))) en += 1.5;
  for (const tok of normalized.split(' ')) {
    if (tok.length < 1 || tok === CLAUSE || /\d/.test(tok)) continue;
    const inPt = PT_WORDS.has(tok);
    const inEn = EN_WORDS.has(tok);
    if (inPt && !inEn) pt += 1;
    else if (inEn && !inPt) en += 1;
    else if (!inPt && !inEn && tok.length > 4) {
      if (PT_SUFFIX.test(tok)) pt += 0.5;
      else if (EN_SUFFIX.test(tok)) en += 0.5;
    }
  }
  return en > pt ? 'en' : 'pt';
}
