// Which staff replies stay internal: the note prefixes staff type in both languages, however Slack formats them, and
// nothing that merely looks like one.
import { describe, expect, it } from 'vitest';
import { INTERNAL_NOTE_PREFIXES, isInternalNote } from '../../core/staff-desk.ts';

describe('isInternalNote', () => {
  it.each([
    'note: x',
    'nota: cliente sem pedido, parece trote',
    'obs: vou encerrar',
    'interno: ver com a cozinha',
    'private: check the refund',
    'internal: x',
    'privado: x',
    'NOTA: x',
    'Obs.: com ponto',
    'nota:sem espaço',
    'Obs : espaço antes',
    '   nota: espaços na frente',
    '\u00a0nota: espaço não separável',
    '\nnota: quebra de linha',
    '*nota:* negrito',
    '_obs:_ itálico',
    '~nota:~ riscado',
    '`note:` código',
    '*Interno*: negrito sem os dois-pontos',
    '> nota: citação',
    '&gt; nota: citação escapada',
    '*_nota:_* negrito e itálico',
  ])('%j is a note', (text) => {
    expect(isInternalNote(text)).toBe(true);
  });

  it.each([
    'Observei que o pedido já saiu!',
    'notas fiscais: mandamos por e-mail',
    'Nota 10 pra você',
    'Privately speaking, it is on its way',
    'Note that the courier is close',
    'Seu pedido — nota: chega às 20h',
    'Obrigado!',
    '',
    'interna',
    'nota',
    'obs',
  ])('%j is a reply', (text) => {
    expect(isInternalNote(text)).toBe(false);
  });

  it('accepts every listed prefix in any case', () => {
    for (const p of INTERNAL_NOTE_PREFIXES) {
      expect(isInternalNote(`${p}: x`)).toBe(true);
      expect(isInternalNote(`${p.toUpperCase()}:x`)).toBe(true);
    }
  });
});
