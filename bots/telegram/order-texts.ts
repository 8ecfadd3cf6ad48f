// The texts of ordering in plain words, order again, change for cash, complaints and voice notes, in pt-BR and en;
// spread into the catalog in telegram-texts.ts.
import { formatMoney } from '../../core/lang.ts';

const ptMoney = (cents: number) => formatMoney(cents, 'pt-BR');
const enMoney = (cents: number) => formatMoney(cents, 'en');

export const orderTextsPt = {
  // ── Order in plain words
  wordsItem: (qty: number, name: string) => `${qty}× ${name}`,
  wordsList: (items: string[]) =>
    items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} e ${items[items.length - 1]}`,
  wordsAdded: (list: string) => `Adicionei ${list}.`,
  wordsUnknown: (list: string) => `Não temos ${list} no cardápio.`,
  wordsSoldOut: (name: string) => `${name} está esgotado agora.`,
  wordsOnlyLeft: (name: string, stock: number) => `De ${name} só ${stock === 1 ? 'resta 1' : `restam ${stock}`}.`,
  wordsOverLimit: (name: string, max: number) => `De ${name} o máximo é ${max} por pedido.`,
  wordsCartFull: 'Seu carrinho já tem itens demais; feche este pedido primeiro.',
  wordsConfirm: 'Quer fechar o pedido?',
  wordsWhich: (said: string, qty: number) => (qty > 1 ? `Qual ${said}? São ${qty}.` : `Qual ${said} você quer?`),
  wordsWhichOne: (qty: number) => (qty > 1 ? `Quais? São ${qty}.` : 'Qual delas você quer?'),
  wordsPickUsed: 'Esse já foi adicionado.',
  wordsNothingAdded: 'Não consegui adicionar nada. Dá uma olhada no cardápio:',

  // ── Order again
  buttonOrderAgain: '🔁 Pedir de novo',
  reorderLeftOut: (list: string) => `Ficou de fora, porque está esgotado ou saiu do cardápio: ${list}.`,
  reorderNothing: 'Nenhum item desse pedido está disponível agora. Que tal ver o cardápio?',
  reorderIntro: 'Repeti o pedido com os preços de hoje e o mesmo endereço:',

  // ── Change for cash
  askChange: 'Precisa de troco? Para quanto? Escreva o valor (por exemplo, 100) ou toque em "Não preciso".',
  buttonNoChange: 'Não preciso',
  changeUnreadable: 'Não entendi o valor. Escreva só o número, por exemplo 50 ou R$ 100,00.',
  changeTooLow: (total: number) => `O valor do troco precisa ser pelo menos o total do pedido, ${ptMoney(total)}.`,
  summaryChange: (amount: number) => `💵 Troco para ${ptMoney(amount)}`,
  summaryNoChange: '💵 Sem troco',

  // ── Complaints and voice notes
  complaintReceived: 'Poxa, sinto muito! 😔 Não era para chegar assim. Vou passar sua foto para a equipe resolver.',
  voiceNotSupported: 'Ainda não consigo ouvir áudios por aqui; pode escrever, por favor?',
  voiceNotUnderstood: 'Não consegui entender o áudio; pode escrever, por favor?',
};

export type OrderTexts = typeof orderTextsPt;

export const orderTextsEn: OrderTexts = {
  wordsItem: (qty, name) => `${qty}× ${name}`,
  wordsList: (items) =>
    items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`,
  wordsAdded: (list) => `Added ${list}.`,
  wordsUnknown: (list) => `We don't have ${list} on the menu.`,
  wordsSoldOut: (name) => `${name} is sold out right now.`,
  wordsOnlyLeft: (name, stock) => `Only ${stock} ${name} left.`,
  wordsOverLimit: (name, max) => `${name}: at most ${max} per order.`,
  wordsCartFull: 'Your cart already has too many items; check this order out first.',
  wordsConfirm: 'Shall I close the order?',
  wordsWhich: (said, qty) => (qty > 1 ? `Which ${said}? That's ${qty} of them.` : `Which ${said} would you like?`),
  wordsWhichOne: (qty) => (qty > 1 ? `Which ones? That's ${qty} of them.` : 'Which one would you like?'),
  wordsPickUsed: 'That one is already in your cart.',
  wordsNothingAdded: 'I could not add anything. Have a look at the menu:',

  buttonOrderAgain: '🔁 Order again',
  reorderLeftOut: (list) => `Left out, because it is sold out or off the menu: ${list}.`,
  reorderNothing: 'None of the items of that order is available now. How about the menu?',
  reorderIntro: "I repeated the order at today's prices, to the same address:",

  askChange: 'Do you need change? For how much? Type the amount (for example, 100) or tap "No change needed".',
  buttonNoChange: 'No change needed',
  changeUnreadable: 'I did not get the amount. Type just the number, for example 50 or R$ 100.00.',
  changeTooLow: (total) => `The change must be for at least the order total, ${enMoney(total)}.`,
  summaryChange: (amount) => `💵 Change for ${enMoney(amount)}`,
  summaryNoChange: '💵 No change needed',

  complaintReceived:
    "I'm so sorry! 😔 It should not have arrived like that. I'm passing your photo to the team to sort it out.",
  voiceNotSupported: "I can't listen to voice messages here yet; could you type it, please?",
  voiceNotUnderstood: "I couldn't make out the voice message; could you type it, please?",
};
