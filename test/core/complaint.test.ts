// Complaint captions in both languages are recognised; ordinary captions and questions are not.
import { describe, expect, it } from 'vitest';
import { isComplaint } from '../../core/complaint.ts';

describe('isComplaint', () => {
  it.each([
    'chegou amassado 😡',
    'a pizza veio fria',
    'Veio errado o pedido',
    'tá faltando o guaraná',
    'açaí derramou todo',
    '😡',
    'que absurdo, olha isso',
    'my pizza came cold',
    'the box was crushed',
    'wrong order!!',
    'this is unacceptable 👎',
  ])('complaint: %s', (text) => {
    expect(isComplaint(text)).toBe(true);
  });

  it.each(['olha que linda a pizza', 'meu endereço', 'here is my building', 'obrigado!', '', undefined])(
    'not a complaint: %s',
    (text) => {
      expect(isComplaint(text)).toBe(false);
    },
  );
});
