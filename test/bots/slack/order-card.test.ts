// The order card: what the kitchen and the rider need (phone, complement, reference, the customer's note), and the
// customer-typed fields reaching staff quoted, on one line, clipped, and escaped for mrkdwn.
import { afterEach, describe, expect, it } from 'vitest';
import { orderCard } from '../../../bots/slack/order-card.ts';
import { makeOrder } from '../../core/order-fixture.ts';
import { COPACABANA, type OrderBody } from '../../support/api-client.ts';
import { commandRequest } from '../../support/slack-requests.ts';
import { cardText, feedOf, placeConfirmedOrder } from './order-feed-helpers.ts';
import { ANA, type SlackHarness, startSlackHarness } from './slack-harness.ts';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the order card in the feed', () => {
  it("shows the customer's phone, the address complement and reference, and the note for the kitchen", async () => {
    // Prepare: an order placed over the HTTP API with all three (the API takes them; the client type predates them)
    h = await startSlackHarness();
    const body = {
      customer: { name: 'Rita Alves', phone: '+5521933334444' },
      address: { ...COPACABANA, complement: 'Apto 302, bloco B', reference: 'em frente à padaria <Pão Quente>' },
      note: 'sem cebola\ne sem azeitona',
    } as unknown as Partial<OrderBody>;

    // Act
    const placed = await placeConfirmedOrder(h, body);
    const { card } = await feedOf(h, placed.orderId);
    const asked = await h.send(commandRequest(ANA, '/pedido', placed.orderId, `${h.slack.url}/respond/card`));

    // Assess
    const text = cardText(card);
    expect(text).toContain('*Customer*\n“Rita Alves”\n📞 +5521933334444');
    expect(text).toMatch(
      /\*Address\*\n“Rua Barata Ribeiro 200, Copacabana” \(\d+\.\d km away\)\n<https:\/\/www\.google\.com\/maps\/search\/\?api=1&query=-22\.966800,-43\.187000\|🗺️ Open the point on a map>\n\*Complement:\* “Apto 302, bloco B”\n\*Reference:\* “em frente à padaria &lt;Pão Quente&gt;”/,
    );
    expect(text).toContain('📝 *Note from the customer*\n“sem cebola e sem azeitona”');
    // /pedido shows members the same card, phone included
    expect(asked.status).toBe(200);
    const answer = h.slack.callsOf('respond').at(-1)!.params;
    expect(cardText(answer as { blocks?: unknown[] })).toContain('📞 +5521933334444');
  });

  it('leaves out the complement, reference and note lines when the customer gave none', () => {
    const text = cardText(orderCard(makeOrder({ status: 'CONFIRMED' }), 'pt-BR'));
    expect(text).not.toMatch(/Complemento|Referência|Observação/);
    expect(text).toContain('📞 ');
  });

  it('names them in Portuguese for Portuguese-speaking staff', () => {
    const base = makeOrder({ status: 'CONFIRMED' });
    const order = {
      ...base,
      address: { ...base.address, complement: 'fundos', reference: 'portão azul' },
      note: 'bem passado',
    };
    const text = cardText(orderCard(order, 'pt-BR'));
    expect(text).toContain('*Complemento:* “fundos”\n*Referência:* “portão azul”');
    expect(text).toContain('📝 *Observação do cliente*\n“bem passado”');
  });
});

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
