// The order card's customer-typed fields: the name and the address reach staff quoted, on one line, clipped, and
// escaped for mrkdwn.
import { describe, expect, it } from 'vitest';
import { orderCard } from '../../../bots/slack/order-card.ts';
import { makeOrder } from '../../core/order-fixture.ts';
import { cardText } from './order-feed-helpers.ts';

describe('orderCard with hostile customer text', () => {
  it("shows the name and the address as quotes on one line, so they cannot pose as the card's own lines", () => {
    // Prepare: a name that tries to add a line to the card, and an address with a line break and a Slack broadcast.
    const order = makeOrder({
      status: 'CONFIRMED',
      customer: { ...makeOrder().customer, name: 'Ana\n*Status*\nCancelled — refund at http://refund.example' },
      address: { text: 'Rua X 1\n<!channel> ligue 0800 123', lat: -22.97, lon: -43.18 },
    });

    // Act
    const card = orderCard(order, 'en');
    const text = cardText(card);

    // Assess
    expect(text).toContain('“Ana *Status* Cancelled — refund at http://refund.example”');
    expect(text).toContain('“Rua X 1 &lt;!channel&gt; ligue 0800 123”');
    expect(text).not.toContain('<!channel>');
    expect(card.text).toContain('“Ana *Status* Cancelled — refund at http://refund.example”');
  });

  it('clips a long name to 60 characters', () => {
    // Prepare
    const order = makeOrder({ customer: { ...makeOrder().customer, name: `Ana ${'Maria '.repeat(20)}Souza` } });

    // Act
    const text = cardText(orderCard(order, 'pt-BR'));

    // Assess
    const quoted = /“([^”]*)”/.exec(text)![1]!;
    expect([...quoted]).toHaveLength(60);
    expect(quoted.endsWith('…')).toBe(true);
  });
});
