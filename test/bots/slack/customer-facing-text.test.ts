// What a customer reads of a staff member's Slack text: the first name only, and mrkdwn stripped without eating math,
// identifiers or links.
import { describe, expect, it } from 'vitest';
import { slackToPlain } from '../../../bots/slack/slack-text.ts';
import { firstNameOf } from '../../../bots/slack/staff-first-name.ts';

describe('customer-facing staff text', () => {
  it.each([
    ['Ana (shift lead)', 'Ana'],
    ['Bruno Costa - caixa', 'Bruno'],
    ['Zé | suporte', 'Zé'],
    ['Maria, gerente', 'Maria'],
    ['[cozinha] Léo', 'Léo'],
    ['ana.lima', 'ana.lima'],
    ['(gerente)', '(gerente)'],
  ])('names %j as %j', (name, first) => {
    expect(firstNameOf(name)).toBe(first);
  });

  it.each([
    ['Oi *Lia*, seu _cupom_ de ~10%~ está `OK`!', 'Oi Lia, seu cupom de 10% está OK!'],
    ['*_os dois_*', 'os dois'],
    ['2*3*4 e snake_case_name e um * sozinho', '2*3*4 e snake_case_name e um * sozinho'],
    ['&gt; citado\nresposta', 'citado\nresposta'],
    ['```\nbloco\n```', 'bloco'],
    ['Veja <https://x.example/a_b_c|*o link*> &amp; *R$ 5,00*.', 'Veja o link (https://x.example/a_b_c) & R$ 5,00.'],
  ])('shows %j as %j', (slack, plain) => {
    expect(slackToPlain(slack, new Map())).toBe(plain);
  });
});
