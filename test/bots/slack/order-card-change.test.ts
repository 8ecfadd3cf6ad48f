// Change for cash on the staff's order card: the amount the rider must bring change for, in the staff's language,
// and nothing for a card or pix order.
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderBody } from '../../support/api-client.ts';
import { cardText, feedOf, placeConfirmedOrder } from './order-feed-helpers.ts';
import { type SlackHarness, startSlackHarness } from './slack-harness.ts';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const cash = (changeFor?: number) =>
  ({ payment: { method: 'cash' }, ...(changeFor ? { changeFor } : {}) }) as unknown as Partial<OrderBody>;

describe('change for cash on the order card', () => {
  it('shows "Change for R$ 100.00" under the payment, in English', async () => {
    h = await startSlackHarness();
    const placed = await placeConfirmedOrder(h, cash(10_000));
    const { card } = await feedOf(h, placed.orderId);
    expect(cardText(card)).toContain('*Payment*\nCash on delivery\n💵 Change for R$100.00');
  });

  it('shows "Troco para R$ 100,00" to a Portuguese-speaking team, and no line without change', async () => {
    h = await startSlackHarness({ staffLang: 'pt-BR' });
    const withChange = await placeConfirmedOrder(h, cash(10_000));
    const without = await placeConfirmedOrder(h, cash());
    const pix = await placeConfirmedOrder(h, {
      payment: { method: 'pix' },
      changeFor: 10_000,
    } as unknown as Partial<OrderBody>);
    expect(cardText((await feedOf(h, withChange.orderId)).card)).toMatch(/💵 Troco para R\$\s100,00/);
    expect(cardText((await feedOf(h, without.orderId)).card)).not.toContain('💵');
    // A change amount sent with pix is dropped by the contract: nothing to bring change for.
    expect(cardText((await feedOf(h, pix.orderId)).card)).not.toContain('💵');
  });
});
