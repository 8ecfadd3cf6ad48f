// Staff-facing texts of the handoff desk (escalation card, thread notes, ephemeral answers), in English and Portuguese.
import { formatMoney, type Lang } from '../../core/lang.ts';
import type { EscalationReason } from '../../core/staff-desk.ts';

const en = {
  cardTitle: '🙋 A customer wants a person',
  cardFallback: (name: string) => `🙋 ${name} wants to talk to a person`,
  fieldCustomer: 'Customer',
  fieldLanguage: 'Language',
  fieldReason: 'Why',
  fieldStatus: 'Status',
  langName: { 'pt-BR': 'Portuguese 🇧🇷', en: 'English 🇬🇧' } satisfies Record<Lang, string>,
  reason: {
    button: 'pressed "Talk to a person"',
    asked_in_chat: 'asked for a person in the chat',
    assistant_offered: 'accepted the person the assistant offered',
  } satisfies Record<EscalationReason, string>,
  statusWaiting: '⏳ Waiting for someone',
  statusTimedOut: '⏳ Waiting — the customer was told nobody is available right now',
  statusTaken: (name: string) => `✋ ${name} has it`,
  statusReturned: (name: string) => `🤖 Back with the bot (handed back by ${name})`,
  statusCustomerLeft: '🤖 Back with the bot (the customer chose the bot)',
  /** `text` arrives quoted (core/customer-text.ts). */
  summaryLastMessage: (text: string) => `Asked: ${text}`,
  /** `quotes` arrive quoted (core/customer-text.ts) and joined. */
  summaryBefore: (quotes: string) => `Before that: ${quotes}`,
  earlierThread: 'earlier conversation',
  earlierTitle: (link: string, when: string) => `🔗 Asked for a person before: ${link} (${when}). Staff said there:`,
  earlierNothingSaid: '_nothing was relayed or noted_',
  summaryNoMessage: 'No message yet (they pressed the button).',
  summaryLatestOrder: (orderId: string, status: string, total: number | undefined) =>
    `Latest order: ${orderId} — ${status}${total !== undefined ? ` — ${formatMoney(total, 'en')}` : ''}`,
  summaryMoreOrders: (n: number) => (n === 1 ? '1 more order in this chat' : `${n} more orders in this chat`),
  summaryNoOrders: 'No orders from this chat.',
  buttonTakeOver: '✋ Take over',
  buttonReturn: '🤖 Return to bot',
  hint: 'Replies in this thread go to the customer (the first one takes the conversation over). Start a reply with `note:` (or `private:`) to keep it internal; editing or deleting a reply here changes it for the customer too.',
  transcriptTitle: '*Recent conversation* (oldest first):',
  transcriptEmpty: '_No conversation with the assistant yet._',
  speakerCustomer: (name: string) => `👤 *${name}*`,
  speakerBot: '🤖 *Bot*',
  askedAgain: (reason: string) => `🔁 The customer asked for a person again (${reason}).`,
  mirrorPrefix: (name: string) => `👤 *${name}* (customer):`,
  photoTitle: (name: string) => `Photo from ${name}`,
  photoNotForwarded: '⚠️ The customer sent a photo, but it could not be brought here; ask them to send it again.',
  tookOver: (name: string) =>
    `✋ ${name} took over: the bot is quiet, and replies here go to the customer (\`note:\` or \`private:\` keeps one internal).`,
  returned: (name: string) => `🤖 ${name} handed the customer back to the bot.`,
  customerLeft: '🤖 The customer went back to the bot on their own; this conversation is closed.',
  timedOut: (minutes: number) =>
    `⏰ Nobody took over within ${minutes} min: the customer was told nobody is available right now (they can go back to the bot or keep waiting).`,
  notMember: 'Only members of the support channel can do that. Nothing was done.',
  alreadyTaken: (name: string) => `${name} already has this conversation.`,
  alreadyYours: 'You already have this conversation.',
  notOpen:
    'This conversation is back with the bot; nothing was sent. If the customer asks for a person again, a new card appears.',
  customerGone: 'The customer went back to the bot meanwhile; nothing was sent.',
  oldThread:
    'This is an older escalation of this customer: nothing was sent. The conversation continues in its newest thread.',
  noCustomerLink: "The customers' chat (Telegram) is not connected here, so nothing can reach the customer.",
  deliveryFailed: (error: string) => `Could not reach the customer on Telegram: ${error}`,
  notRelayedFiles: 'Only the text was sent: files are not relayed to the customer.',
  relayEdited: "Edited in the customer's chat too.",
  relayDeleted: "Deleted from the customer's chat too.",
  relayTurnedNote: "Now a note: deleted from the customer's chat, it stays internal.",
  relayEditFailed: (error: string) =>
    `The customer still sees the earlier version: Telegram would not edit it (${error}).`,
  relayDeleteFailed: (error: string) =>
    `The customer can still see this reply: Telegram would not delete it (${error}). Telegram lets a bot delete a message only within 48 hours.`,
  promptHeldReply: (holder: string) =>
    `✋ *${holder}* has this conversation, so your reply was *not sent* yet. Take it over (the customer is told you are with them now), or send this one reply as yourself and leave it with ${holder}?`,
  promptTakeOver: (holder: string) =>
    `✋ *${holder}* has this conversation. Take it over? The customer is told you are with them now.`,
  buttonTakeOverAndSend: '✋ Take over and send',
  buttonSendOnce: '💬 Send once as yourself',
  sentOnce: (holder: string) => `Sent once, signed with your name; ${holder} still has the conversation.`,
  pendingGone: 'That reply was sent already (or is gone); nothing more was sent.',
  noteEditNotSent: 'An edit sends nothing: this note stays internal. To answer the customer, write a new reply.',
};

export type HandoffTexts = typeof en;

const pt: HandoffTexts = {
  cardTitle: '🙋 Um cliente quer falar com uma pessoa',
  cardFallback: (name) => `🙋 ${name} quer falar com uma pessoa`,
  fieldCustomer: 'Cliente',
  fieldLanguage: 'Idioma',
  fieldReason: 'Motivo',
  fieldStatus: 'Situação',
  langName: { 'pt-BR': 'Português 🇧🇷', en: 'Inglês 🇬🇧' },
  reason: {
    button: 'tocou em "Falar com uma pessoa"',
    asked_in_chat: 'pediu uma pessoa na conversa',
    assistant_offered: 'aceitou a pessoa que o assistente ofereceu',
  },
  statusWaiting: '⏳ Esperando alguém',
  statusTimedOut: '⏳ Esperando — o cliente foi avisado de que ninguém está disponível agora',
  statusTaken: (name) => `✋ Com ${name}`,
  statusReturned: (name) => `🤖 De volta ao bot (devolvido por ${name})`,
  statusCustomerLeft: '🤖 De volta ao bot (o cliente escolheu o bot)',
  summaryLastMessage: (text) => `Pediu: ${text}`,
  summaryBefore: (quotes) => `Antes disso: ${quotes}`,
  earlierThread: 'conversa anterior',
  earlierTitle: (link, when) => `🔗 Já pediu uma pessoa antes: ${link} (${when}). A equipe disse lá:`,
  earlierNothingSaid: '_nada foi enviado nem anotado_',
  summaryNoMessage: 'Nenhuma mensagem ainda (tocou no botão).',
  summaryLatestOrder: (orderId, status, total) =>
    `Último pedido: ${orderId} — ${status}${total !== undefined ? ` — ${formatMoney(total, 'pt-BR')}` : ''}`,
  summaryMoreOrders: (n) => (n === 1 ? 'mais 1 pedido nesta conversa' : `mais ${n} pedidos nesta conversa`),
  summaryNoOrders: 'Nenhum pedido nesta conversa.',
  buttonTakeOver: '✋ Assumir',
  buttonReturn: '🤖 Devolver ao bot',
  hint: 'As respostas nesta thread vão para o cliente (a primeira assume a conversa). Comece com `nota:` (ou `obs:`, `interno:`) para deixar uma resposta só interna; editar ou apagar uma resposta aqui muda também para o cliente.',
  transcriptTitle: '*Conversa recente* (mais antiga primeiro):',
  transcriptEmpty: '_Ainda sem conversa com o assistente._',
  speakerCustomer: (name) => `👤 *${name}*`,
  speakerBot: '🤖 *Bot*',
  askedAgain: (reason) => `🔁 O cliente pediu uma pessoa de novo (${reason}).`,
  mirrorPrefix: (name) => `👤 *${name}* (cliente):`,
  photoTitle: (name) => `Foto de ${name}`,
  photoNotForwarded: '⚠️ O cliente mandou uma foto, mas não consegui trazê-la para cá; peça que mande de novo.',
  tookOver: (name) =>
    `✋ ${name} assumiu: o bot fica quieto, e as respostas aqui vão para o cliente (\`nota:\` ou \`obs:\` deixa uma só interna).`,
  returned: (name) => `🤖 ${name} devolveu o cliente ao bot.`,
  customerLeft: '🤖 O cliente voltou ao bot por conta própria; esta conversa está encerrada.',
  timedOut: (minutes) =>
    `⏰ Ninguém assumiu em ${minutes} min: o cliente foi avisado de que ninguém está disponível agora (pode voltar ao bot ou continuar esperando).`,
  notMember: 'Só membros do canal de suporte podem fazer isso. Nada foi feito.',
  alreadyTaken: (name) => `${name} já está com esta conversa.`,
  alreadyYours: 'Você já está com esta conversa.',
  notOpen:
    'Esta conversa voltou para o bot; nada foi enviado. Se o cliente pedir uma pessoa de novo, aparece um novo cartão.',
  customerGone: 'O cliente voltou ao bot nesse meio-tempo; nada foi enviado.',
  oldThread:
    'Este é um atendimento antigo deste cliente: nada foi enviado. A conversa continua na thread mais recente.',
  noCustomerLink: 'O chat dos clientes (Telegram) não está conectado aqui, então nada chega ao cliente.',
  deliveryFailed: (error) => `Não consegui falar com o cliente no Telegram: ${error}`,
  notRelayedFiles: 'Só o texto foi enviado: arquivos não são repassados ao cliente.',
  relayEdited: 'Editada também no chat do cliente.',
  relayDeleted: 'Apagada também do chat do cliente.',
  relayTurnedNote: 'Virou nota: foi apagada do chat do cliente e fica só interna.',
  relayEditFailed: (error) => `O cliente continua vendo a versão anterior: o Telegram não deixou editar (${error}).`,
  relayDeleteFailed: (error) =>
    `O cliente ainda vê esta resposta: o Telegram não deixou apagar (${error}). O Telegram só deixa o bot apagar uma mensagem em até 48 horas.`,
  promptHeldReply: (holder) =>
    `✋ *${holder}* está com esta conversa, então sua resposta *ainda não foi enviada*. Quer assumir (o cliente é avisado de que agora é você), ou enviar só esta resposta com o seu nome e deixar a conversa com ${holder}?`,
  promptTakeOver: (holder) =>
    `✋ *${holder}* está com esta conversa. Quer assumir? O cliente é avisado de que agora é você.`,
  buttonTakeOverAndSend: '✋ Assumir e enviar',
  buttonSendOnce: '💬 Enviar só esta, com meu nome',
  sentOnce: (holder) => `Enviada uma vez, com o seu nome; a conversa continua com ${holder}.`,
  pendingGone: 'Essa resposta já foi enviada (ou não existe mais); nada mais foi enviado.',
  noteEditNotSent:
    'Editar não envia nada: esta nota continua interna. Para responder ao cliente, escreva uma nova resposta.',
};

export const HANDOFF_TEXTS: Record<Lang, HandoffTexts> = { en, 'pt-BR': pt };
