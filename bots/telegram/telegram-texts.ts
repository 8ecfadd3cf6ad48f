// Every sentence and button label the Telegram conversation shows, in pt-BR and en; handlers never hold literal text.
import { formatMoney, type Lang } from '../../core/lang.ts';
import { describeWhen } from '../../core/opening-hours.ts';
import type { ClosingMoney, OrderStatus, PaymentMethod } from '../../core/order.ts';
import { orderTextsEn, orderTextsPt } from './order-texts.ts';
import { paymentTextsEn, paymentTextsPt } from './payment-texts.ts';

/** The inputs of the checkout summary, already priced in centavos. */
export interface SummaryView {
  lines: { qty: number; name: string; lineTotal: number }[];
  subtotal: number;
  deliveryFee: number;
  distanceKm: number;
  total: number;
  address: string;
  /** Flat, block, floor, as the customer typed it. */
  complement?: string;
  /** A landmark, as the customer typed it. */
  reference?: string;
  /** The note for the kitchen. */
  note?: string;
  payment: PaymentMethod;
}

/** The one confirmation of a placed order: what was ordered, where it goes, what it costs, how it is paid, and when. */
export interface PlacedView {
  orderId: string;
  lines: { qty: number; name: string; lineTotal: number }[];
  deliveryFee: number;
  total: number;
  address: string;
  complement?: string;
  reference?: string;
  payment: PaymentMethod;
  /** The estimated arrival (core/delivery-eta.ts), in the store's time zone. */
  arrival?: Date;
  timeZone: string;
  /** Sent when a Pix or card payment landed: the order is confirmed, not just received. */
  paid?: boolean;
}

/** One line of "My orders". */
export interface OrderListEntry {
  orderId: string;
  status: OrderStatus;
  total: number;
  createdAt: string;
}

/** Times are shown in the store's time zone (its `timezone`), whatever the customer's phone says. */
function formatters(lang: Lang) {
  const locale = lang === 'en' ? 'en-US' : 'pt-BR';
  const cache = new Map<
    string,
    { dateTime: Intl.DateTimeFormat; time: Intl.DateTimeFormat; day: Intl.DateTimeFormat }
  >();
  const of = (timeZone: string) => {
    let f = cache.get(timeZone);
    if (!f) {
      f = {
        dateTime: new Intl.DateTimeFormat(
          locale,
          lang === 'en'
            ? { timeZone, month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }
            : { timeZone, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' },
        ),
        time: new Intl.DateTimeFormat(locale, {
          timeZone,
          hour: lang === 'en' ? 'numeric' : '2-digit',
          minute: '2-digit',
        }),
        day: new Intl.DateTimeFormat('en-CA', { timeZone }),
      };
      cache.set(timeZone, f);
    }
    return f;
  };
  const km = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  return {
    money: (cents: number) => formatMoney(cents, lang),
    when: (iso: string | Date, timeZone: string) => of(timeZone).dateTime.format(new Date(iso)),
    clock: (at: Date, timeZone: string) => of(timeZone).time.format(at),
    /** "hoje às 18:00" / "today at 18:00", in the store's zone (core/opening-hours.ts). */
    whenFrom: (at: Date, now: Date, timeZone: string) => describeWhen(at, now, timeZone, lang),
    /** `at` falls on the same calendar day as `now` in the store's zone. */
    sameDay: (at: Date, now: Date, timeZone: string) => of(timeZone).day.format(at) === of(timeZone).day.format(now),
    /** 24-hour "12:30", as describeWhen writes it, in both languages. */
    hhmm: (at: Date, timeZone: string) => describeWhen(at, at, timeZone, lang).slice(-5),
    km: (n: number) => km.format(n),
  };
}

const pt = formatters('pt-BR');
const en = formatters('en');

const ptBR = {
  // ── Main menu, language, help
  greeting: (firstName: string | undefined, store: string) =>
    `Olá${firstName ? `, ${firstName}` : ''}! 👋 Aqui é o assistente do ${store}.\nVeja o cardápio e peça por aqui, acompanhe seus pedidos ou fale com a nossa equipe.`,
  mainMenuPrompt: 'Como posso ajudar?',
  buttonMenu: '🍽 Cardápio',
  buttonMyOrders: '📦 Meus pedidos',
  buttonHelp: '❓ Ajuda',
  buttonHuman: '🙋 Falar com uma pessoa',
  buttonMainMenu: '🏠 Início',
  languagePrompt: 'Escolha o idioma / Choose your language:',
  languageButtonPt: '🇧🇷 Português',
  languageButtonEn: '🇬🇧 English',
  languageSet: 'Pronto, vou falar em português. 🇧🇷',
  help: [
    'Eu posso:',
    '• mostrar o cardápio e montar seu carrinho (/menu, /cart);',
    '• fechar o pedido com endereço, telefone e forma de pagamento;',
    '• dizer onde está seu pedido e a previsão de entrega ("cadê meu pedido?", "quanto tempo falta?");',
    '• mudar o endereço ou cancelar antes de o pedido sair ("quero mudar o endereço", "cancelar pedido");',
    '• chamar uma pessoa da equipe ("falar com atendente").',
    'Para trocar o idioma: /lang.',
  ].join('\n'),
  commandStart: 'Início e menu principal',
  commandMenu: 'Cardápio',
  commandCart: 'Meu carrinho',
  commandOrders: 'Meus pedidos',
  commandLang: 'Idioma / Language',
  commandHelp: 'Ajuda',

  // ── Menu and cart
  categoriesTitle: 'Cardápio: escolha uma categoria.',
  categoryTitle: (category: string) => `${category}\nToque num item para adicionar 1 ao carrinho.`,
  itemLine: (name: string, price: number, available: boolean, inCart: number) =>
    `${available ? '' : '🚫 '}${name} — ${pt.money(price)}${available ? '' : ' (esgotado)'}${inCart ? ` · ${inCart} no carrinho` : ''}`,
  itemButton: (name: string, price: number, available: boolean, inCart: number) =>
    available ? `➕ ${name} · ${pt.money(price)}${inCart ? ` (${inCart})` : ''}` : `🚫 ${name} · esgotado`,
  emptyCategory: 'Nada nesta categoria agora.',
  buttonCategories: '⬅️ Categorias',
  buttonCart: (items: number, subtotal: number) =>
    items ? `🛒 Carrinho (${items}) · ${pt.money(subtotal)}` : '🛒 Carrinho',
  buttonCheckout: '✅ Fechar pedido',
  buttonClearCart: '🧹 Esvaziar',
  buttonAddMore: '🍽 Adicionar mais',
  buttonMinus: '➖',
  buttonPlus: '➕',
  buttonRemove: '🗑',
  added: (name: string, qty: number) => `${name}: ${qty} no carrinho.`,
  removed: (name: string) => `${name} saiu do carrinho.`,
  quantitySet: (name: string, qty: number) => `${name}: ${qty}.`,
  unavailable: 'Esse item está esgotado agora.',
  onlyLeft: (stock: number) => (stock === 1 ? 'Só resta 1 unidade.' : `Só restam ${stock} unidades.`),
  maxPerLine: (max: number) => `O máximo é ${max} unidades por item.`,
  tooManyLines: 'Seu carrinho já tem itens demais; feche este pedido primeiro.',
  unknownItem: 'Esse item não está mais no cardápio.',
  cartEmpty: 'Seu carrinho está vazio. Que tal dar uma olhada no cardápio?',
  cartTitle: '🛒 Seu carrinho:',
  cartLine: (qty: number, name: string, lineTotal: number, available: boolean) =>
    `${qty}× ${name} — ${pt.money(lineTotal)}${available ? '' : ' ⚠️ sem estoque suficiente'}`,
  cartSubtotal: (subtotal: number) => `Subtotal: ${pt.money(subtotal)} (a entrega é calculada pelo endereço)`,
  cartLineLabel: (qty: number, name: string) => `${qty}× ${name}`,
  cartCleared: 'Carrinho esvaziado.',
  staleButton: 'Esse botão é de uma mensagem antiga. Mandei a versão atual.',
  unknownButton: 'Esse botão não funciona mais. Mandei o menu atualizado.',
  storeClosed: (opensAt: Date | undefined, now: Date, timeZone: string) =>
    opensAt ? `Estamos fechados agora; abrimos ${pt.whenFrom(opensAt, now, timeZone)}.` : 'Estamos fechados agora.',
  storePaused: (until: Date, now: Date, timeZone: string) =>
    `Pausamos os pedidos por alguns minutos; voltamos ${pt.sameDay(until, now, timeZone) ? `às ${pt.hhmm(until, timeZone)}` : pt.whenFrom(until, now, timeZone)}.`,
  browseWhileClosed: 'Dá para ver o cardápio e montar o carrinho; o pedido fecha quando voltarmos a atender.',
  cartKept: 'Seu carrinho continua salvo.',

  // ── Checkout
  askAddress:
    '📍 Para onde vamos entregar? Toque em "Enviar minha localização" ou digite o endereço (rua, número e bairro).',
  buttonShareLocation: '📍 Enviar minha localização',
  buttonCancelFlow: '✖️ Cancelar',
  /** A shared point in words: the geocoder's name for the place when it has one, never the coordinates. */
  sharedLocationLabel: (place: string | undefined) =>
    place ? `${place} (localização enviada pelo Telegram)` : 'Localização enviada pelo Telegram',
  addressNotUnderstood:
    'Não consegui encontrar esse endereço. Tente com rua, número e bairro, ou envie sua localização.',
  addressLookupFailed:
    'Não consegui consultar o endereço agora. Tente de novo daqui a pouco, ou toque em "Enviar minha localização".',
  addressAmbiguous: 'Esse endereço pode ser mais de um lugar. Qual deles?',
  addressEmpty: 'Digite o endereço (rua, número e bairro) ou envie sua localização.',
  addressSuggestions: 'Talvez seja um destes (toque para escolher):',
  outOfArea: (distanceKm: number, radiusKm: number) =>
    `😕 Esse endereço fica a ${pt.km(distanceKm)} km da loja, e entregamos até ${radiusKm} km. Pode mandar outro endereço?`,
  addressAccepted: (address: string, understoodAs: string | undefined, fee: number, distanceKm: number) =>
    `📍 Entrega em: ${address}${understoodAs && understoodAs !== address ? ` (entendi: ${understoodAs})` : ''}\nDistância ${pt.km(distanceKm)} km · taxa de entrega ${pt.money(fee)}.`,
  askComplement:
    '🏢 Complemento ou ponto de referência? (apto, bloco, "em frente à padaria")\nEscreva aqui, ou toque em "Sem complemento".',
  buttonNoComplement: '⏭ Sem complemento',
  complementTooLong: (max: number) =>
    `Ficou longo demais para o entregador (até ${max} caracteres para o complemento e ${max} para a referência). Pode resumir?`,
  askPhone: '📱 Agora, toque em "Compartilhar meu telefone" para sabermos como falar com você sobre a entrega.',
  buttonSharePhone: '📱 Compartilhar meu telefone',
  phoneTextNotAccepted:
    'Para sua segurança, use o botão "Compartilhar meu telefone" (assim sabemos que o número é seu), ou toque em Cancelar.',
  notYourContact: 'Esse contato não é o seu. Toque em "Compartilhar meu telefone" para enviar o seu próprio número.',
  phoneSaved: (phone: string) => `📱 Telefone ${phone} anotado.`,
  askPayment: '💳 Como você quer pagar?',
  paymentName: { pix: 'Pix', card: 'Cartão', cash: 'Dinheiro na entrega' } satisfies Record<PaymentMethod, string>,
  cardStandIn: 'Cartão: você paga numa página segura do provedor de pagamento; os dados do cartão não passam por aqui.',
  paymentNotAccepted: 'Essa forma de pagamento não está disponível nesta loja. Escolha uma das opções abaixo.',
  askNote: '📝 Alguma observação para a cozinha? Ex.: sem cebola\nEscreva aqui, ou toque em "Sem observações".',
  buttonNoNote: '⏭ Sem observações',
  noteTooLong: (max: number) => `Essa observação passou de ${max} caracteres. Pode resumir?`,
  summaryTitle: '🧾 Confira seu pedido:',
  summary: (v: SummaryView) =>
    [
      ...v.lines.map((l) => `${l.qty}× ${l.name} — ${pt.money(l.lineTotal)}`),
      `Subtotal: ${pt.money(v.subtotal)}`,
      `Entrega (${pt.km(v.distanceKm)} km): ${pt.money(v.deliveryFee)}`,
      `Total: ${pt.money(v.total)}`,
      `Endereço: ${v.address}`,
      ...(v.complement ? [`Complemento: ${v.complement}`] : []),
      ...(v.reference ? [`Referência: ${v.reference}`] : []),
      ...(v.note ? [`Observação para a cozinha: ${v.note}`] : []),
      `Pagamento: ${ptBR.paymentName[v.payment]}`,
    ].join('\n'),
  buttonConfirmOrder: '✅ Confirmar pedido',
  buttonAbortCheckout: '✖️ Cancelar',
  checkoutAborted: 'Tudo bem, não fechei o pedido. Seu carrinho continua salvo.',
  flowCancelled: 'Tudo bem, cancelei esta etapa.',
  checkoutEmptyCart: 'Seu carrinho está vazio; adicione itens pelo cardápio antes de fechar o pedido.',
  checkoutUnavailable: (names: string) =>
    `Alguns itens não têm estoque suficiente agora: ${names}. Ajuste o carrinho e tente de novo.`,
  checkoutExpired: 'Esse pedido não está mais aberto para confirmação. Veja seu carrinho e feche de novo.',
  orderAlreadyReceived: (orderId: string) => `Esse pedido já foi recebido: ${orderId}. Vamos avisando por aqui.`,
  orderLinked: (orderId: string) =>
    `✅ Pronto! O pedido ${orderId} agora está ligado a esta conversa: você recebe aqui cada novidade e pode perguntar por ele quando quiser.`,
  orderLinkRefused: {
    used: 'Esse link de pedido já foi usado em outra conversa. Por segurança, cada link vale para uma conversa só.',
    expired: 'Esse link de pedido expirou (ele vale por 24 horas). As novidades do pedido continuam chegando por SMS.',
    unknown: 'Não reconheci esse link. Confira se ele foi aberto inteiro, do jeito que veio com o pedido.',
  },
  locationOutsideFlow:
    'Recebi sua localização, mas ela só serve para fechar um pedido ou mudar o endereço de um pedido.',
  contactOutsideFlow: 'Recebi o contato, mas só preciso do seu telefone ao fechar um pedido.',

  // ── Orders: status, ETA
  statusName: {
    RECEIVED: 'Recebido (conferindo estoque e pagamento)',
    AWAITING_PAYMENT: 'Aguardando o pagamento',
    CONFIRMED: 'Confirmado',
    PREPARING: 'Em preparo',
    OUT_FOR_DELIVERY: 'Saiu para entrega',
    DELIVERED: 'Entregue',
    CANCELLED: 'Cancelado',
    UNAVAILABLE: 'Não concluído (item indisponível)',
    PAYMENT_FAILED: 'Pagamento recusado',
    REJECTED: 'Não concluído',
  } satisfies Record<OrderStatus, string>,
  noOrders: 'Você ainda não tem pedidos por aqui. Quer ver o cardápio?',
  orderNotFound: (orderId: string) =>
    `Não encontrei o pedido ${orderId} nesta conversa. Confira o código em "Meus pedidos".`,
  orderStatus: (orderId: string, status: string, lastChange: string, total: number) =>
    `📦 Pedido ${orderId}: ${status}\nÚltima atualização: ${lastChange}\nTotal: ${pt.money(total)}`,
  historyTitle: 'Histórico (mais recente primeiro):',
  historyLine: (at: string, status: string) => `• ${at} — ${status}`,
  lastChangeAt: (iso: string, timeZone: string) => pt.when(iso, timeZone),
  historyTime: (iso: string, timeZone: string) => pt.when(iso, timeZone),
  myOrdersTitle: '📦 Seus pedidos (mais recentes primeiro):',
  orderListLine: (o: OrderListEntry, timeZone: string) =>
    `• ${o.orderId} — ${ptBR.statusName[o.status]} — ${pt.money(o.total)} — ${pt.when(o.createdAt, timeZone)}`,
  orderButton: (orderId: string) => `📦 ${orderId}`,
  buttonEta: '⏱ Previsão de entrega',
  buttonChangeAddress: '📍 Mudar endereço',
  buttonCancelOrder: '✖️ Cancelar pedido',
  etaEstimate: (orderId: string, arrival: Date, minutes: number, timeZone: string) =>
    `⏱ Pedido ${orderId}: previsão de chegada por volta das ${pt.clock(arrival, timeZone)} (cerca de ${minutes} min).`,
  etaLate: (orderId: string, minutes: number) =>
    `⏱ Pedido ${orderId}: está demorando mais do que o normal. Pela nossa estimativa, faltam uns ${minutes} min.`,
  etaDisclaimer: 'É uma estimativa, não uma promessa: depende da cozinha e do trânsito.',
  etaDelivered: (orderId: string, at: Date, timeZone: string) =>
    `✅ O pedido ${orderId} foi entregue às ${pt.clock(at, timeZone)}.`,
  etaClosed: (orderId: string, status: string) =>
    `O pedido ${orderId} está encerrado (${status}); não há entrega a caminho.`,

  // ── Change address
  askNewAddress: (orderId: string) =>
    `📍 Qual o novo endereço do pedido ${orderId}? Envie sua localização ou digite o endereço.`,
  addressChangeSummary: (orderId: string, address: string, oldFee: number, newFee: number, newTotal: number) => {
    const diff = newFee - oldFee;
    const diffText =
      diff === 0
        ? 'sem diferença no valor'
        : diff > 0
          ? `você paga ${pt.money(diff)} a mais`
          : `devolvemos ${pt.money(-diff)}`;
    return `Novo endereço do pedido ${orderId}: ${address}\nTaxa de entrega: ${pt.money(oldFee)} → ${pt.money(newFee)} (${diffText}).\nNovo total: ${pt.money(newTotal)}. Confirma a mudança?`;
  },
  buttonConfirmChange: '✅ Confirmar novo endereço',
  buttonKeepAddress: '↩️ Manter o endereço atual',
  addressChanged: (orderId: string, address: string, fee: number, total: number) =>
    `✅ Endereço do pedido ${orderId} atualizado: ${address}. Taxa de entrega ${pt.money(fee)}; total ${pt.money(total)}.`,
  addressChangeKept: 'Tudo bem, o endereço continua o mesmo.',

  // ── Cancel
  askCancel: (orderId: string, total: number, paidOnDelivery: boolean) =>
    `Quer mesmo cancelar o pedido ${orderId} (${pt.money(total)})? ${paidOnDelivery ? 'Nada foi cobrado, porque o pagamento seria na entrega.' : 'O valor pago é estornado.'}`,
  buttonConfirmCancel: '✅ Sim, cancelar',
  buttonKeepOrder: '↩️ Não, manter o pedido',
  cancelled: (orderId: string, money: ClosingMoney) => {
    switch (money.kind) {
      case 'refunded':
        return `Pedido ${orderId} cancelado. Estornamos ${pt.money(money.amount)}.`;
      case 'refunding':
        return `Pedido ${orderId} cancelado. O estorno de ${pt.money(money.amount)} está a caminho e pode levar alguns minutos.`;
      case 'uncertain':
        return `Pedido ${orderId} cancelado. Se algum valor chegar a ser cobrado, ele será estornado automaticamente.`;
      case 'none':
        return `Pedido ${orderId} cancelado. Nada foi cobrado.`;
    }
  },
  alreadyCancelled: (orderId: string) => `O pedido ${orderId} já está cancelado.`,
  cancelKept: 'Tudo bem, o pedido continua de pé.',
  confirmationExpired: 'Essa confirmação não vale mais. Se quiser, peça de novo.',

  // ── Domain errors as sentences
  errorAddressChangeNotAllowed: (status: string) =>
    `Não dá mais para mudar o endereço: o pedido está "${status}". Depois que sai para entrega, o endereço não muda.`,
  errorOrderNotCancellable: (status: string) => `Não dá mais para cancelar: o pedido está "${status}".`,
  errorOrderBeingProcessed:
    'O pedido ainda está sendo processado (estoque e pagamento). Tente de novo em alguns segundos.',
  errorPaymentDeclined: 'O pagamento da diferença foi recusado, então o endereço não mudou.',
  errorConcurrentUpdate: 'O pedido mudou enquanto eu tentava; confira o status e tente de novo.',
  errorOutOfArea: (distanceKm: number, radiusKm: number) =>
    `Esse endereço fica a ${pt.km(distanceKm)} km, fora da nossa área de entrega (até ${radiusKm} km).`,
  somethingWentWrong: 'Algo deu errado do nosso lado. Tente de novo em instantes.',

  // ── Handoff
  handoffStarted:
    '🙋 Certo! Já avisei a equipe, e uma pessoa vai responder aqui o quanto antes. Se ninguém puder atender logo, eu te aviso. Enquanto isso, eu fico quieto.',
  handoffAfterHours: (backAt: Date | undefined, now: Date, timeZone: string, phone: string | undefined) =>
    [
      '🙋 Certo! Deixei seu pedido de atendimento com a equipe.',
      backAt
        ? `Nossa equipe volta ${pt.whenFrom(backAt, now, timeZone)} e responde por aqui.`
        : 'Nossa equipe não está atendendo agora; respondemos por aqui assim que alguém voltar.',
      ...(phone ? [`Se for urgente, ligue para a loja: ${phone}.`] : []),
      'Enquanto isso, eu fico quieto; para voltar a falar comigo, toque no botão abaixo.',
    ].join(' '),
  handoffNoDesk: (phone: string | undefined) =>
    `😕 Por este chat eu não consigo chamar ninguém da equipe agora.${phone ? ` Para falar com uma pessoa, ligue para a loja: ${phone}.` : ''} Eu continuo aqui para ajudar com o cardápio e os seus pedidos.`,
  staffJoined: (name: string) => `👋 ${name}, da nossa equipe, está com você agora. É só escrever por aqui.`,
  /** A reply from a colleague of the person with the customer, sent once under their own name. */
  staffSigned: (name: string, text: string) => `💬 ${name}, da nossa equipe: ${text}`,
  staffStillWithYou: (name: string) => `${name}, da nossa equipe, já está com você. É só escrever por aqui.`,
  staffReturnedToBot: '🤖 A equipe encerrou o atendimento e eu voltei. Como posso ajudar?',
  noStaffAvailable: (phone: string | undefined) =>
    [
      '😕 Desculpe: ninguém da equipe está disponível para atender agora.',
      'Você pode:',
      '• voltar a falar comigo (botão abaixo);',
      ...(phone ? [`• ligar para a loja: ${phone};`] : []),
      '• continuar esperando: seu pedido de atendimento continua aberto, e quem chegar responde por aqui.',
    ].join('\n'),
  handoffActive:
    'Uma pessoa da equipe vai responder aqui. Para voltar a falar comigo, toque em "Voltar ao assistente".',
  buttonBackToBot: '🤖 Voltar ao assistente',
  handoffEnded: '🤖 Voltei! Como posso ajudar?',

  // ── Fallback and robustness
  personOfferPrompt: 'É só tocar aqui, ou responder "sim":',
  freeQuestion:
    'Ainda não sei responder perguntas livres. Posso mostrar o cardápio, acompanhar seus pedidos, ou chamar uma pessoa da equipe:',
  tooLong: (max: number) => `Essa mensagem é longa demais para mim (máximo de ${max} caracteres). Pode resumir?`,
  unsupportedMessage:
    'Por aqui eu entendo texto, localização e contato. Posso ajudar com o cardápio ou com seus pedidos:',
  editedMessage: 'Vi que você editou uma mensagem, mas eu só leio mensagens novas. Pode mandar de novo?',
  privateOnly: 'Eu atendo só em conversa privada. Fale comigo diretamente. 🙂',

  // ── A conversation that feels looked after (issue 12)
  orderPlaced: (v: PlacedView) =>
    [
      v.paid ? `✅ Pagamento recebido! Pedido ${v.orderId} confirmado.` : `🎉 Pedido ${v.orderId} recebido!`,
      ...v.lines.map((l) => `${l.qty}× ${l.name} — ${pt.money(l.lineTotal)}`),
      `Entrega: ${pt.money(v.deliveryFee)}`,
      `Total: ${pt.money(v.total)} · ${ptBR.paymentName[v.payment]}`,
      `📍 ${v.address}${v.complement ? `, ${v.complement}` : ''}${v.reference ? ` (${v.reference})` : ''}`,
      ...(v.arrival ? [`⏱ Previsão: por volta das ${pt.clock(v.arrival, v.timeZone)}.`] : []),
      v.paid
        ? 'Agora é com a cozinha: eu aviso por aqui quando começar o preparo.'
        : 'Estamos conferindo o estoque e o pagamento; se algo der errado, eu aviso aqui. As próximas etapas também chegam por aqui.',
    ].join('\n'),
  greetingAgain: 'Oi de novo! Em que posso ajudar?',
  smallTalkThanks: 'Por nada! Qualquer coisa, é só chamar. 🙂',
  smallTalkBye: (night: boolean): string =>
    night ? 'Boa noite! Qualquer coisa, é só chamar.' : 'Até mais! Qualquer coisa, é só chamar.',
  smallTalkAck: 'Combinado! Qualquer coisa, é só chamar.',
  handoffWaitingAck: 'A equipe já foi avisada e vai responder por aqui.',
  backToAddress: '📍 E o endereço de entrega? Envie sua localização ou digite rua, número e bairro.',
  backToNewAddress: (orderId: string) =>
    `📍 E o novo endereço do pedido ${orderId}? Envie sua localização ou digite rua, número e bairro.`,
  ...orderTextsPt,
  ...paymentTextsPt,
};

/** The shape of one language's texts; the pt-BR set defines it and English must match it exactly. */
export type TelegramTexts = typeof ptBR;

const english: TelegramTexts = {
  greeting: (firstName, store) =>
    `Hi${firstName ? `, ${firstName}` : ''}! 👋 This is the ${store} assistant.\nBrowse the menu and order here, follow your orders, or talk to our team.`,
  mainMenuPrompt: 'How can I help?',
  buttonMenu: '🍽 Menu',
  buttonMyOrders: '📦 My orders',
  buttonHelp: '❓ Help',
  buttonHuman: '🙋 Talk to a person',
  buttonMainMenu: '🏠 Home',
  languagePrompt: 'Escolha o idioma / Choose your language:',
  languageButtonPt: '🇧🇷 Português',
  languageButtonEn: '🇬🇧 English',
  languageSet: 'Done, I will speak English. 🇬🇧',
  help: [
    'I can:',
    '• show the menu and build your cart (/menu, /cart);',
    '• check out with your address, phone and payment method;',
    '• tell you where your order is and when it should arrive ("where is my order?", "how long?");',
    '• change the address or cancel before the order leaves ("change my address", "cancel my order");',
    '• call a person from our team ("talk to a person").',
    'To switch language: /lang.',
  ].join('\n'),
  commandStart: 'Start and main menu',
  commandMenu: 'Menu',
  commandCart: 'My cart',
  commandOrders: 'My orders',
  commandLang: 'Idioma / Language',
  commandHelp: 'Help',

  categoriesTitle: 'Menu: pick a category.',
  categoryTitle: (category) => `${category}\nTap an item to add 1 to your cart.`,
  itemLine: (name, price, available, inCart) =>
    `${available ? '' : '🚫 '}${name} — ${en.money(price)}${available ? '' : ' (sold out)'}${inCart ? ` · ${inCart} in cart` : ''}`,
  itemButton: (name, price, available, inCart) =>
    available ? `➕ ${name} · ${en.money(price)}${inCart ? ` (${inCart})` : ''}` : `🚫 ${name} · sold out`,
  emptyCategory: 'Nothing in this category right now.',
  buttonCategories: '⬅️ Categories',
  buttonCart: (items, subtotal) => (items ? `🛒 Cart (${items}) · ${en.money(subtotal)}` : '🛒 Cart'),
  buttonCheckout: '✅ Check out',
  buttonClearCart: '🧹 Empty cart',
  buttonAddMore: '🍽 Add more',
  buttonMinus: '➖',
  buttonPlus: '➕',
  buttonRemove: '🗑',
  added: (name, qty) => `${name}: ${qty} in your cart.`,
  removed: (name) => `${name} removed from your cart.`,
  quantitySet: (name, qty) => `${name}: ${qty}.`,
  unavailable: 'That item is sold out right now.',
  onlyLeft: (stock) => (stock === 1 ? 'Only 1 left.' : `Only ${stock} left.`),
  maxPerLine: (max) => `The maximum is ${max} per item.`,
  tooManyLines: 'Your cart already has too many items; please check this order out first.',
  unknownItem: 'That item is no longer on the menu.',
  cartEmpty: 'Your cart is empty. How about a look at the menu?',
  cartTitle: '🛒 Your cart:',
  cartLine: (qty, name, lineTotal, available) =>
    `${qty}× ${name} — ${en.money(lineTotal)}${available ? '' : ' ⚠️ not enough in stock'}`,
  cartSubtotal: (subtotal) => `Subtotal: ${en.money(subtotal)} (delivery is priced from your address)`,
  cartLineLabel: (qty, name) => `${qty}× ${name}`,
  cartCleared: 'Cart emptied.',
  staleButton: 'That button is from an old message. I sent the current one.',
  unknownButton: 'That button no longer works. I sent the current menu.',
  storeClosed: (opensAt, now, timeZone) =>
    opensAt ? `We're closed right now; we open ${en.whenFrom(opensAt, now, timeZone)}.` : "We're closed right now.",
  storePaused: (until, now, timeZone) =>
    `We've paused orders for a few minutes; we're back ${en.sameDay(until, now, timeZone) ? `at ${en.hhmm(until, timeZone)}` : en.whenFrom(until, now, timeZone)}.`,
  browseWhileClosed: "You can browse the menu and fill your cart; you can check out once we're taking orders again.",
  cartKept: 'Your cart is still saved.',

  askAddress:
    '📍 Where should we deliver? Tap "Send my location" or type the address (street, number and neighbourhood).',
  buttonShareLocation: '📍 Send my location',
  buttonCancelFlow: '✖️ Cancel',
  sharedLocationLabel: (place) => (place ? `${place} (location shared on Telegram)` : 'Location shared on Telegram'),
  addressNotUnderstood: 'I could not find that address. Try street, number and neighbourhood, or send your location.',
  addressLookupFailed: 'I could not look that address up just now. Try again in a moment, or tap "Send my location".',
  addressAmbiguous: 'That address could be more than one place. Which one?',
  addressEmpty: 'Type the address (street, number and neighbourhood) or send your location.',
  addressSuggestions: 'Maybe one of these (tap to choose):',
  outOfArea: (distanceKm, radiusKm) =>
    `😕 That address is ${en.km(distanceKm)} km from the shop, and we deliver up to ${radiusKm} km. Could you send another address?`,
  addressAccepted: (address, understoodAs, fee, distanceKm) =>
    `📍 Delivering to: ${address}${understoodAs && understoodAs !== address ? ` (understood as: ${understoodAs})` : ''}\nDistance ${en.km(distanceKm)} km · delivery fee ${en.money(fee)}.`,
  askComplement:
    '🏢 Flat, block or a landmark? (flat 302, block B, "across from the bakery")\nType it here, or tap "No details".',
  buttonNoComplement: '⏭ No details',
  complementTooLong: (max) =>
    `That is too long for the rider (up to ${max} characters for the flat or block and ${max} for the landmark). Could you shorten it?`,
  askPhone: '📱 Now tap "Share my phone number" so we can reach you about the delivery.',
  buttonSharePhone: '📱 Share my phone number',
  phoneTextNotAccepted:
    'For your safety, please use the "Share my phone number" button (so we know the number is yours), or tap Cancel.',
  notYourContact: 'That contact is not you. Tap "Share my phone number" to send your own number.',
  phoneSaved: (phone) => `📱 Got your phone: ${phone}.`,
  askPayment: '💳 How would you like to pay?',
  paymentName: { pix: 'Pix', card: 'Card', cash: 'Cash on delivery' },
  cardStandIn: "Card: you pay on the payment provider's secure page; your card details never pass through here.",
  paymentNotAccepted: 'This store does not take that payment method. Please choose one of the options below.',
  askNote: '📝 Any note for the kitchen? E.g. no onions\nType it here, or tap "No notes".',
  buttonNoNote: '⏭ No notes',
  noteTooLong: (max) => `That note is over ${max} characters. Could you shorten it?`,
  summaryTitle: '🧾 Please check your order:',
  summary: (v) =>
    [
      ...v.lines.map((l) => `${l.qty}× ${l.name} — ${en.money(l.lineTotal)}`),
      `Subtotal: ${en.money(v.subtotal)}`,
      `Delivery (${en.km(v.distanceKm)} km): ${en.money(v.deliveryFee)}`,
      `Total: ${en.money(v.total)}`,
      `Address: ${v.address}`,
      ...(v.complement ? [`Flat, block: ${v.complement}`] : []),
      ...(v.reference ? [`Landmark: ${v.reference}`] : []),
      ...(v.note ? [`Note for the kitchen: ${v.note}`] : []),
      `Payment: ${english.paymentName[v.payment]}`,
    ].join('\n'),
  buttonConfirmOrder: '✅ Confirm order',
  buttonAbortCheckout: '✖️ Cancel',
  checkoutAborted: 'Alright, I did not place the order. Your cart is still saved.',
  flowCancelled: 'Alright, I cancelled this step.',
  checkoutEmptyCart: 'Your cart is empty; add items from the menu before checking out.',
  checkoutUnavailable: (names) =>
    `Some items do not have enough stock right now: ${names}. Please adjust your cart and try again.`,
  checkoutExpired: 'This order is no longer open for confirmation. Look at your cart and check out again.',
  orderLinked: (orderId) =>
    `✅ Done! Order ${orderId} is now linked to this chat: you will get every update here, and you can ask about it any time.`,
  orderLinkRefused: {
    used: 'This order link was already used in another chat. For your security, each link works for one chat only.',
    expired: 'This order link has expired (links last 24 hours). The order updates still reach you by SMS.',
    unknown: 'I do not recognise this link. Check that it opened in full, exactly as it came with the order.',
  },
  orderAlreadyReceived: (orderId) => `That order was already received: ${orderId}. We will update you here.`,
  locationOutsideFlow: 'I got your location, but I only use it to check out or to change the address of an order.',
  contactOutsideFlow: 'I got the contact, but I only need your phone number when you check out.',

  statusName: {
    RECEIVED: 'Received (checking stock and payment)',
    AWAITING_PAYMENT: 'Waiting for your payment',
    CONFIRMED: 'Confirmed',
    PREPARING: 'Being prepared',
    OUT_FOR_DELIVERY: 'Out for delivery',
    DELIVERED: 'Delivered',
    CANCELLED: 'Cancelled',
    UNAVAILABLE: 'Not completed (item unavailable)',
    PAYMENT_FAILED: 'Payment declined',
    REJECTED: 'Not completed',
  },
  noOrders: 'You have no orders here yet. Would you like to see the menu?',
  orderNotFound: (orderId) => `I could not find order ${orderId} in this chat. Check the code under "My orders".`,
  orderStatus: (orderId, status, lastChange, total) =>
    `📦 Order ${orderId}: ${status}\nLast update: ${lastChange}\nTotal: ${en.money(total)}`,
  historyTitle: 'History (latest first):',
  historyLine: (at, status) => `• ${at} — ${status}`,
  lastChangeAt: (iso, timeZone) => `${en.when(iso, timeZone)} (local time)`,
  historyTime: (iso, timeZone) => en.when(iso, timeZone),
  myOrdersTitle: '📦 Your orders (latest first):',
  orderListLine: (o, timeZone) =>
    `• ${o.orderId} — ${english.statusName[o.status]} — ${en.money(o.total)} — ${en.when(o.createdAt, timeZone)}`,
  orderButton: (orderId) => `📦 ${orderId}`,
  buttonEta: '⏱ Delivery estimate',
  buttonChangeAddress: '📍 Change address',
  buttonCancelOrder: '✖️ Cancel order',
  etaEstimate: (orderId, arrival, minutes, timeZone) =>
    `⏱ Order ${orderId}: estimated arrival around ${en.clock(arrival, timeZone)} local time (about ${minutes} min).`,
  etaLate: (orderId, minutes) =>
    `⏱ Order ${orderId} is taking longer than usual. By our estimate, about ${minutes} more minutes.`,
  etaDisclaimer: 'This is an estimate, not a promise: it depends on the kitchen and the traffic.',
  etaDelivered: (orderId, at, timeZone) =>
    `✅ Order ${orderId} was delivered at ${en.clock(at, timeZone)} (local time).`,
  etaClosed: (orderId, status) => `Order ${orderId} is closed (${status}); no delivery is on its way.`,

  askNewAddress: (orderId) =>
    `📍 What is the new address for order ${orderId}? Send your location or type the address.`,
  addressChangeSummary: (orderId, address, oldFee, newFee, newTotal) => {
    const diff = newFee - oldFee;
    const diffText =
      diff === 0
        ? 'no difference in price'
        : diff > 0
          ? `you pay ${en.money(diff)} more`
          : `we refund ${en.money(-diff)}`;
    return `New address for order ${orderId}: ${address}\nDelivery fee: ${en.money(oldFee)} → ${en.money(newFee)} (${diffText}).\nNew total: ${en.money(newTotal)}. Confirm the change?`;
  },
  buttonConfirmChange: '✅ Confirm new address',
  buttonKeepAddress: '↩️ Keep the current address',
  addressChanged: (orderId, address, fee, total) =>
    `✅ Order ${orderId} now goes to ${address}. Delivery fee ${en.money(fee)}; total ${en.money(total)}.`,
  addressChangeKept: 'Alright, the address stays the same.',

  askCancel: (orderId, total, paidOnDelivery) =>
    `Do you really want to cancel order ${orderId} (${en.money(total)})? ${paidOnDelivery ? 'Nothing was charged, since you were paying on delivery.' : 'What you paid is refunded.'}`,
  buttonConfirmCancel: '✅ Yes, cancel it',
  buttonKeepOrder: '↩️ No, keep the order',
  cancelled: (orderId, money) => {
    switch (money.kind) {
      case 'refunded':
        return `Order ${orderId} cancelled. We refunded ${en.money(money.amount)}.`;
      case 'refunding':
        return `Order ${orderId} cancelled. The refund of ${en.money(money.amount)} is on its way and may take a few minutes.`;
      case 'uncertain':
        return `Order ${orderId} cancelled. If any amount does get charged, it will be refunded automatically.`;
      case 'none':
        return `Order ${orderId} cancelled. Nothing was charged.`;
    }
  },
  alreadyCancelled: (orderId) => `Order ${orderId} is already cancelled.`,
  cancelKept: 'Alright, the order stands.',
  confirmationExpired: 'That confirmation is no longer valid. Ask again if you still want it.',

  errorAddressChangeNotAllowed: (status) =>
    `The address can no longer be changed: the order is "${status}". Once it is out for delivery, the address is final.`,
  errorOrderNotCancellable: (status) => `The order can no longer be cancelled: it is "${status}".`,
  errorOrderBeingProcessed:
    'The order is still being processed (stock and payment). Please try again in a few seconds.',
  errorPaymentDeclined: 'The payment for the difference was declined, so the address did not change.',
  errorConcurrentUpdate: 'The order changed while I was trying; check its status and try again.',
  errorOutOfArea: (distanceKm, radiusKm) =>
    `That address is ${en.km(distanceKm)} km away, outside our delivery area (up to ${radiusKm} km).`,
  somethingWentWrong: 'Something went wrong on our side. Please try again shortly.',

  handoffStarted:
    '🙋 Sure! I told our team, and a person will answer here as soon as possible. If nobody can answer soon, I will let you know. Meanwhile I will stay quiet.',
  handoffAfterHours: (backAt, now, timeZone, phone) =>
    [
      '🙋 Sure! I left your request with our team.',
      backAt
        ? `Our team is back ${en.whenFrom(backAt, now, timeZone)} and will answer here.`
        : 'Our team is not available right now; someone will answer here as soon as they are back.',
      ...(phone ? [`If it is urgent, call the store: ${phone}.`] : []),
      'Meanwhile I will stay quiet; to talk to me again, tap the button below.',
    ].join(' '),
  handoffNoDesk: (phone) =>
    `😕 I cannot reach anyone from our team through this chat right now.${phone ? ` To talk to a person, call the store: ${phone}.` : ''} I am still here to help with the menu and your orders.`,
  staffJoined: (name) => `👋 ${name} from our team is with you now. Just write here.`,
  staffSigned: (name, text) => `💬 ${name}, from our team: ${text}`,
  staffStillWithYou: (name) => `${name} from our team is already with you. Just write here.`,
  staffReturnedToBot: '🤖 Our team handed the conversation back to me. How can I help?',
  noStaffAvailable: (phone) =>
    [
      '😕 Sorry: nobody from our team is available to answer right now.',
      'You can:',
      '• talk to me again (button below);',
      ...(phone ? [`• call the store: ${phone};`] : []),
      '• keep waiting: your request stays open, and whoever comes in will answer here.',
    ].join('\n'),
  handoffActive: 'A person from our team will answer here. To talk to me again, tap "Back to the assistant".',
  buttonBackToBot: '🤖 Back to the assistant',
  handoffEnded: '🤖 I am back! How can I help?',

  personOfferPrompt: 'Just tap here, or reply "yes":',
  freeQuestion:
    'I cannot answer free questions yet. I can show the menu, follow your orders, or call a person from our team:',
  tooLong: (max) => `That message is too long for me (at most ${max} characters). Could you shorten it?`,
  unsupportedMessage: 'Here I understand text, locations and contacts. I can help with the menu or your orders:',
  editedMessage: 'I saw you edited a message, but I only read new messages. Could you send it again?',
  privateOnly: 'I only work in private chats. Message me directly. 🙂',

  orderPlaced: (v) =>
    [
      v.paid ? `✅ Payment received! Order ${v.orderId} is confirmed.` : `🎉 Order ${v.orderId} received!`,
      ...v.lines.map((l) => `${l.qty}× ${l.name} — ${en.money(l.lineTotal)}`),
      `Delivery: ${en.money(v.deliveryFee)}`,
      `Total: ${en.money(v.total)} · ${english.paymentName[v.payment]}`,
      `📍 ${v.address}${v.complement ? `, ${v.complement}` : ''}${v.reference ? ` (${v.reference})` : ''}`,
      ...(v.arrival ? [`⏱ Estimated arrival: around ${en.clock(v.arrival, v.timeZone)}.`] : []),
      v.paid
        ? "Now it's over to the kitchen: I will tell you here when preparation starts."
        : 'We are checking stock and payment; if anything goes wrong, I will tell you here. The next steps come here too.',
    ].join('\n'),
  greetingAgain: 'Hi again! How can I help?',
  smallTalkThanks: "You're welcome! Anything else, just message me. 🙂",
  smallTalkBye: (night) =>
    night ? 'Good night! Anything else, just message me.' : 'See you! Anything else, just message me.',
  smallTalkAck: 'Great! Anything else, just message me.',
  handoffWaitingAck: 'Our team has been told and will answer here.',
  backToAddress: '📍 And the delivery address? Share your location or type the street, number and neighbourhood.',
  backToNewAddress: (orderId) =>
    `📍 And the new address for order ${orderId}? Share your location or type the street, number and neighbourhood.`,
  ...orderTextsEn,
  ...paymentTextsEn,
};

/** The catalog, one complete set of texts per language; TypeScript makes both sets carry exactly the same keys. */
export const TEXTS: Record<Lang, TelegramTexts> = { 'pt-BR': ptBR, en: english };

/** Telegram sends the app's language tag: pt for any pt*, otherwise English; with no tag, the shop's default (pt-BR). */
export function langFromTelegram(tag: string | undefined): Lang {
  if (!tag) return 'pt-BR';
  return tag.trim().toLowerCase().startsWith('pt') ? 'pt-BR' : 'en';
}
