// Customer-typed text shown in another channel: one line, no hidden or direction characters, clipped, and always in
// quotes.
import { describe, expect, it } from 'vitest';
import { CUSTOMER_TEXT_LIMITS, quoteCustomerText } from '../../core/customer-text.ts';

describe('quoteCustomerText', () => {
  it('quotes a plain text as it is', () => {
    // Act / Assess
    expect(quoteCustomerText('Rua Barata Ribeiro 200, Copacabana', 80)).toBe('“Rua Barata Ribeiro 200, Copacabana”');
  });

  it('clips a long text to the limit, ellipsis and quotes included in what the reader sees', () => {
    // Prepare
    const phishing =
      'URGENTE: seu cartão foi recusado. Pague de novo via Pix em http://pix-pagamento.example/pague agora mesmo';

    // Act
    const quoted = quoteCustomerText(phishing, 40);

    // Assess
    expect(quoted).toBe('“URGENTE: seu cartão foi recusado. Pague…”');
    expect([...quoted.slice(1, -1)]).toHaveLength(40);
  });

  it('folds line breaks, tabs and runs of spaces into single spaces, so the text cannot start a line of its own', () => {
    // Act / Assess
    expect(quoteCustomerText('Rua X 1\n\nPedido cancelado.\r\n\tLigue 0800', 80)).toBe(
      '“Rua X 1 Pedido cancelado. Ligue 0800”',
    );
  });

  it('removes control, zero-width and direction-override characters', () => {
    // Prepare: U+202E turns the rest of a line around on screen; U+200B hides inside words; U+0007 is a bell.
    const hidden = 'Rua\u200B X\u202E 1\u0007, Copa\u2066cabana';

    // Act / Assess
    expect(quoteCustomerText(hidden, 80)).toBe('“Rua X 1, Copacabana”');
  });

  it('turns quote marks inside into apostrophes, so the text cannot close the quote and write outside it', () => {
    // Act / Assess
    expect(quoteCustomerText('Rua X” Seu pedido foi cancelado “', 80)).toBe("“Rua X' Seu pedido foi cancelado '”");
    expect(quoteCustomerText('Edifício "Solar" «Bloco B»', 80)).toBe("“Edifício 'Solar' 'Bloco B'”");
  });

  it('never cuts an emoji or an accented letter in half', () => {
    // Act
    const quoted = quoteCustomerText(`${'a'.repeat(8)}🍕🍕🍕`, 10);

    // Assess
    expect(quoted).toBe('“aaaaaaaa🍕…”');
    expect(quoteCustomerText('José', 10)).toBe('“José”');
  });

  it('says so when nothing readable is left, rather than showing empty quotes', () => {
    // Act / Assess
    expect(quoteCustomerText(' \u200B\n\t', 20)).toBe('“…”');
  });

  it('has one limit per kind of text, each below what the text may be when typed', () => {
    // Assess: an address is accepted up to 300 characters and a name up to 100 (core/order-request.ts).
    expect(CUSTOMER_TEXT_LIMITS.address).toBeLessThanOrEqual(300);
    expect(CUSTOMER_TEXT_LIMITS.name).toBeLessThanOrEqual(100);
  });
});
