// `delivery-assistant eval qa`: the question set's shape, the judge on known replies, and a small run through the
// real webhook path.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { BotApiCall } from '../../../apps/cli/bench-support.ts';
import { evalCommand } from '../../../apps/cli/eval-command.ts';
import { containsPhrase, judgeReply } from '../../../apps/cli/eval-judge.ts';
import { loadQaSet, type QaItem } from '../../../apps/cli/eval-qa-set.ts';
import type { QaReport } from '../../../apps/cli/eval-report.ts';
import { knowledgeSourceNames, seenMessages } from '../../../apps/cli/eval-runner.ts';

const set = loadQaSet();
const item = (id: string): QaItem => {
  const found = set.items.find((i) => i.id === id);
  if (!found) throw new Error(`no ${id} in the set`);
  return found;
};
const SOURCES = ['areas-e-taxas-de-entrega', 'horario-de-funcionamento', 'delivery-areas-and-fees'];
const reply = (text: string, buttons: string[] = []) => ({ texts: [text], buttons });

const HOLDOUT_SETS = ['qa-holdout.json', 'qa-holdout-2.json'];
const setOf = (name: string) => loadQaSet(fileURLToPath(new URL(`../../../eval/${name}`, import.meta.url)));

describe('the held-out sets', () => {
  it.each(HOLDOUT_SETS)('%s has 40 questions of its own, half in each language, a quarter uncovered', (name) => {
    // Act
    const { items } = setOf(name);
    const uncovered = items.filter((i) => i.kind === 'uncovered');
    const others = [set, ...HOLDOUT_SETS.filter((n) => n !== name).map(setOf)].flatMap((s) => s.items);
    const otherQuestions = new Set(others.map((i) => i.question.toLowerCase()));

    // Assess
    expect(items).toHaveLength(40);
    expect(items.filter((i) => i.lang === 'pt-BR')).toHaveLength(20);
    expect(uncovered).toHaveLength(10);
    expect(uncovered.filter((i) => i.lang === 'pt-BR')).toHaveLength(5);
    expect(items.filter((i) => otherQuestions.has(i.question.toLowerCase()))).toEqual([]);
    expect(items.filter((i) => others.some((m) => m.id === i.id))).toEqual([]);
  });
});

describe('the question set', () => {
  it('has at least 80 questions, half in each language, a quarter the documents do not answer', () => {
    // Act
    const { items } = set;
    const pt = items.filter((i) => i.lang === 'pt-BR');
    const uncovered = items.filter((i) => i.kind === 'uncovered');

    // Assess
    expect(items.length).toBeGreaterThanOrEqual(80);
    expect(pt.length * 2).toBe(items.length);
    expect(uncovered.length * 4).toBe(items.length);
    for (const lang of ['pt-BR', 'en'])
      expect(uncovered.filter((i) => i.lang === lang).length * 2).toBe(uncovered.length);
    expect(items.filter((i) => i.kind === 'covered').every((i) => (i.must?.length ?? 0) > 0)).toBe(true);
  });
});

describe('the judge', () => {
  it('calls a reply right when every fact is there, in any accent or case, and wrong when one is missing', () => {
    // Prepare
    const fee = item('pt-fee-1');

    // Act
    const right = judgeReply(fee, reply('A TAXA é de R$ 5,00 mais R$ 1,50 por km, medida em linha reta.'), SOURCES);
    const wrong = judgeReply(fee, reply('Aceitamos Pix, cartão e dinheiro na entrega.'), SOURCES);
    const near = judgeReply(fee, reply('A taxa é de R$ 50 mais R$ 1,505 por km.'), SOURCES);

    // Assess
    expect(right).toMatchObject({ right: true, missing: [], developerTone: [] });
    expect(wrong.right).toBe(false);
    expect(wrong.missing).toEqual(fee.must);
    expect(near.right).toBe(false); // "R$ 5" is not "R$ 50", "1,50" is not "1,505"
    expect(containsPhrase('Atendemos São Conrado', 'sao conrado')).toBe(true);
  });

  it('calls a reply wrong when it says a forbidden phrase, even with the facts', () => {
    // Act
    const v = judgeReply(item('pt-area-3'), reply('Leblon: sim, mas não entregamos no Leblon à noite.'), SOURCES);

    // Assess
    expect(v.missing).toEqual([]);
    expect(v.forbidden).toEqual(['nao entregamos no leblon']);
    expect(v.right).toBe(false);
  });

  it('finds the developer tone of the offline answer, and none in a reply a person would write', () => {
    // Prepare
    const robot = [
      'Resposta automática local (sem modelo de IA), com trechos dos documentos da loja:',
      'Ipanema (lat -22.9838, lon -43.2096): 3,14 km, taxa R$ 9,71.',
      'Seu pedido está OUT_FOR_DELIVERY (item ACAI-300).',
      'Fonte: knowledge/areas-e-taxas-de-entrega.md',
    ].join('\n');
    const slug = 'A taxa é R$ 5,00 mais R$ 1,50 por km.\n\nFonte: areas-e-taxas-de-entrega';
    const human =
      'Abrimos todos os dias das 11h às 23h, inclusive feriados 🍕 Dá pra acompanhar o dia-a-dia do pedido aqui.\n\nFonte: Horário de funcionamento';

    // Act
    const tone = judgeReply(item('pt-fee-2'), reply(robot), SOURCES).developerTone;

    // Assess
    expect(tone).toEqual(['no-model label', 'file path', 'file-name slug', 'coordinates', 'internal code']);
    expect(judgeReply(item('pt-fee-1'), reply(slug), SOURCES).developerTone).toEqual(['file-name slug']);
    expect(judgeReply(item('pt-hours-1'), reply(human), SOURCES)).toMatchObject({ right: true, developerTone: [] });
    expect(judgeReply(item('en-pay-1'), reply('TypeError: x is undefined'), SOURCES).developerTone).toEqual([
      'error or stack trace',
    ]);
  });

  it('calls an uncovered question right only for "I don\'t know" with a way to a person, in text or as a button', () => {
    // Prepare
    const halfHalf = item('pt-un-halfhalf');
    const oven = item('en-un-oven');

    // Act
    const honestText = judgeReply(halfHalf, reply('Não sei dizer se fazemos meio a meio. Quer falar com uma pessoa?'));
    const honestButton = judgeReply(halfHalf, reply('Não tenho essa informação.', ['🙋 Falar com uma pessoa']));
    const offTopic = judgeReply(halfHalf, reply('Todas as pizzas têm massa de farinha de trigo, que contém glúten.'));
    const noPerson = judgeReply(oven, reply("I don't know, sorry."));
    const english = judgeReply(oven, reply("I don't have that information. Would you like to talk to a person?"));

    // Assess
    expect(honestText).toMatchObject({ right: true, honest: true, saysDontKnow: true, offersPerson: true });
    expect(honestButton).toMatchObject({ right: true, honest: true });
    expect(offTopic).toMatchObject({ right: false, honest: false, saysDontKnow: false });
    expect(noPerson).toMatchObject({ right: false, honest: false, saysDontKnow: true, offersPerson: false });
    expect(english.right).toBe(true);
  });
});

describe('what the chat shows', () => {
  it('applies edits, drops deleted messages and the keyboard an edit without one removes', () => {
    // Prepare
    const at = 0;
    const calls: BotApiCall[] = [
      { method: 'sendChatAction', chatId: 1, at },
      { method: 'sendMessage', chatId: 1, messageId: 1, text: 'Pensando…', buttons: [['Parar']], at },
      { method: 'editMessageText', chatId: 1, messageId: 1, text: 'Abrimos às 11h.', at },
      { method: 'sendMessage', chatId: 1, messageId: 2, text: 'apagada', at },
      { method: 'deleteMessage', chatId: 1, messageId: 2, at },
      { method: 'sendMessage', chatId: 1, messageId: 3, text: 'Mais algo?', buttons: [['Menu', 'Ajuda']], at },
    ];

    // Act
    const seen = seenMessages(calls);

    // Assess
    expect(seen).toEqual({ texts: ['Abrimos às 11h.', 'Mais algo?'], buttons: ['Menu', 'Ajuda'], final: 'Mais algo?' });
  });
});

describe('delivery-assistant eval qa', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eval-qa-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('asks a subset from fresh chats through the webhook, judges each reply and writes the report', async () => {
    // Prepare
    const ids = ['pt-hours-2', 'pt-fee-1', 'pt-un-halfhalf', 'en-area-1', 'en-pay-3', 'en-un-oven']; // in the set's order
    const out = join(dir, 'report.json');
    const printed: string[] = [];

    // Act
    const code = await evalCommand(['qa', '--offline', '--only', ids.join(','), '--out', out, '--quiet'], (l) =>
      printed.push(l),
    );

    // Assess
    expect(code).toBe(0);
    const sources = await knowledgeSourceNames();
    expect(sources).toContain('areas-e-taxas-de-entrega');
    const report = JSON.parse(readFileSync(out, 'utf8')) as QaReport;
    expect(report.mode.answers).toBe('offline');
    expect(report.results.map((r) => r.id)).toEqual(ids);
    for (const r of report.results) {
      expect(r.error).toBeUndefined();
      expect(r.texts.join('').trim()).not.toBe('');
      expect(r.final).toBe(r.texts.at(-1));
      expect(r.firstActivityMs).toBeGreaterThan(0);
      expect(r.finalMs).toBeGreaterThanOrEqual(r.firstActivityMs!);
      // The stored verdict is the judge's own reading of the stored reply.
      expect(r.verdict).toEqual(judgeReply(item(r.id), r, sources));
    }
    expect(report.summary.all.n).toBe(6);
    expect(report.summary.all.uncovered).toBe(2);
    expect(report.summary.all.right).toBe(report.results.filter((r) => r.verdict.right).length);
    expect(report.summary.byLang['pt-BR']!.n).toBe(3);
    expect(printed.join('\n')).toMatch(/^all\s+6\s/m);
    expect(printed.join('\n')).toContain(`Report: ${out}`);
  });

  it('refuses an unknown option or question id with exit code 2', async () => {
    // Act
    const lang = await evalCommand(['qa', '--lang', 'fr']);
    const unknown = await evalCommand(['qa', '--only', 'no-such-question']);
    const noSub = await evalCommand([]);

    // Assess
    expect([lang, unknown, noSub]).toEqual([2, 2, 2]);
  });
});
