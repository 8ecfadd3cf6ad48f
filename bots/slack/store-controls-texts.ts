// Staff-facing texts of the shop's controls in App Home (open, paused, closed; kitchen delay; stock) and of their
// confirmations in the support channel, in en and pt-BR (SLACK_STAFF_LANG). Names and item names arrive escaped.
import type { Lang } from '../../core/lang.ts';

export interface StoreControlsTexts {
  open: (store: string) => string;
  /** `when`: "today at 18:30" (core/opening-hours.ts describeWhen). */
  paused: (store: string, when: string) => string;
  closed: (store: string, when: string | undefined) => string;
  pauseButton: (minutes: number) => string;
  resumeButton: string;
  delay: (minutes: number) => string;
  delayOption: (minutes: number) => string;
  delayPlaceholder: string;
  recent: string;
  stock: (tracked: number) => string;
  noTracked: string;
  item: (name: string, category: string, stock: number) => string;
  soldOutButton: string;
  addButton: (units: number) => string;
  moreItems: (n: number) => string;
  notSetUp: string;
  /** What was done, said in the channel and listed under the recent changes. */
  done: {
    paused: (who: string, minutes: number, until: string | undefined) => string;
    resumed: (who: string) => string;
    /** Appended to `resumed` when the hours keep the shop closed anyway. */
    stillClosed: (when: string | undefined) => string;
    /** Appended to `delay`: how many customers with an order in the kitchen were told. */
    customersTold: (count: number) => string;
    delay: (who: string, minutes: number) => string;
    delayCleared: (who: string) => string;
    soldOut: (who: string, item: string) => string;
    stockSet: (who: string, item: string, stock: number) => string;
    untracked: (who: string, item: string) => string;
    added: (who: string, units: number, item: string, stock: number | undefined) => string;
  };
  notMember: string;
  failed: string;
  /** The change is done and recorded, but Slack refused the confirmation in the channel. */
  notAnnounced: string;
}

const en: StoreControlsTexts = {
  open: (store) => `🛎️ *${store}* · taking orders`,
  paused: (store, when) => `⏸️ *${store}* · orders paused until ${when}: new orders are refused meanwhile`,
  closed: (store, when) =>
    `🔒 *${store}* · closed, outside its hours${when ? `: opens ${when}` : ', with no opening ahead'}`,
  pauseButton: (m) => `Pause ${m} min`,
  resumeButton: 'Resume orders',
  delay: (m) => (m > 0 ? `⏱️ *Kitchen delay: +${m} min* on every ETA` : '⏱️ *Kitchen delay:* none'),
  delayOption: (m) => (m > 0 ? `+${m} min` : 'No delay'),
  delayPlaceholder: 'Set the delay',
  recent: '*Last changes*',
  stock: (n) => `*Stock* (${n} ${n === 1 ? 'item counted' : 'items counted'}; the others are always available)`,
  noTracked: 'No item has a stock count: every item is always available.',
  item: (name, category, stock) => `*${name}* · ${category} · ${stock > 0 ? `${stock} left` : '*sold out*'}`,
  soldOutButton: 'Sold out',
  addButton: (u) => `+${u}`,
  moreItems: (n) => `…and ${n} more counted ${n === 1 ? 'item' : 'items'} (the Home tab holds 100 blocks)`,
  notSetUp: 'The store is not set up yet: apply a store folder (`store push`).',
  done: {
    paused: (who, m, until) => `⏸️ ${who} paused orders for ${m} min${until ? ` (until ${until})` : ''}.`,
    resumed: (who) => `▶️ ${who} resumed orders.`,
    stillClosed: (when) => ` The shop is outside its hours now${when ? ` and opens ${when}` : ''}.`,
    customersTold: (n) =>
      n === 0
        ? ' No customer had to be told.'
        : ` ${n} ${n === 1 ? 'customer with an order in the kitchen was' : 'customers with an order in the kitchen were'} told.`,
    delay: (who, m) => `⏱️ ${who} set the kitchen delay to ${m} min: every ETA includes it.`,
    delayCleared: (who) => `⏱️ ${who} cleared the kitchen delay.`,
    soldOut: (who, item) => `🚫 ${who} marked ${item} as sold out.`,
    stockSet: (who, item, n) => `📦 ${who} set ${item} to ${n} in stock.`,
    untracked: (who, item) => `📦 ${who} stopped counting ${item} (always available now).`,
    added: (who, u, item, n) => `📦 ${who} added ${u} × ${item}${n !== undefined ? `: ${n} in stock now` : ''}.`,
  },
  notMember: "Only members of the support channel can change the shop's state. Ask to be added to the channel.",
  failed: 'Something went wrong, and nothing was changed. Please try again.',
  notAnnounced: 'Done, but Slack would not let us say so in the support channel yet.',
};

const ptBR: StoreControlsTexts = {
  open: (store) => `🛎️ *${store}* · recebendo pedidos`,
  paused: (store, when) => `⏸️ *${store}* · pedidos pausados até ${when}: novos pedidos são recusados enquanto isso`,
  closed: (store, when) =>
    `🔒 *${store}* · fora do horário de funcionamento${when ? `: abre ${when}` : ', sem abertura prevista'}`,
  pauseButton: (m) => `Pausar ${m} min`,
  resumeButton: 'Retomar pedidos',
  delay: (m) =>
    m > 0 ? `⏱️ *Atraso da cozinha: +${m} min* em toda previsão de entrega` : '⏱️ *Atraso da cozinha:* nenhum',
  delayOption: (m) => (m > 0 ? `+${m} min` : 'Sem atraso'),
  delayPlaceholder: 'Definir o atraso',
  recent: '*Últimas mudanças*',
  stock: (n) => `*Estoque* (${n} ${n === 1 ? 'item contado' : 'itens contados'}; os outros estão sempre disponíveis)`,
  noTracked: 'Nenhum item tem estoque contado: todos estão sempre disponíveis.',
  item: (name, category, stock) => `*${name}* · ${category} · ${stock > 0 ? `restam ${stock}` : '*esgotado*'}`,
  soldOutButton: 'Esgotado',
  addButton: (u) => `+${u}`,
  moreItems: (n) => `…e mais ${n} ${n === 1 ? 'item contado' : 'itens contados'} (a aba Início comporta 100 blocos)`,
  notSetUp: 'A loja ainda não foi configurada: aplique uma pasta de loja (`store push`).',
  done: {
    paused: (who, m, until) => `⏸️ ${who} pausou os pedidos por ${m} min${until ? ` (até ${until})` : ''}.`,
    resumed: (who) => `▶️ ${who} retomou os pedidos.`,
    stillClosed: (when) => ` A loja está fora do horário agora${when ? ` e abre ${when}` : ''}.`,
    customersTold: (n) =>
      n === 0
        ? ' Nenhum cliente precisou ser avisado.'
        : ` ${n} ${n === 1 ? 'cliente com pedido na cozinha foi avisado' : 'clientes com pedido na cozinha foram avisados'}.`,
    delay: (who, m) => `⏱️ ${who} colocou ${m} min de atraso na cozinha: toda previsão de entrega já inclui.`,
    delayCleared: (who) => `⏱️ ${who} tirou o atraso da cozinha.`,
    soldOut: (who, item) => `🚫 ${who} marcou ${item} como esgotado.`,
    stockSet: (who, item, n) => `📦 ${who} ajustou o estoque de ${item} para ${n}.`,
    untracked: (who, item) => `📦 ${who} parou de contar o estoque de ${item} (agora sempre disponível).`,
    added: (who, u, item, n) =>
      `📦 ${who} adicionou ${u} × ${item}${n !== undefined ? `: agora são ${n} em estoque` : ''}.`,
  },
  notMember: 'Só membros do canal de atendimento podem mexer na loja. Peça para ser adicionado ao canal.',
  failed: 'Algo deu errado e nada foi alterado. Tente de novo.',
  notAnnounced: 'Feito, mas o Slack ainda não deixou avisar no canal de atendimento.',
};

export const STORE_CONTROLS_TEXTS: Record<Lang, StoreControlsTexts> = { en, 'pt-BR': ptBR };
