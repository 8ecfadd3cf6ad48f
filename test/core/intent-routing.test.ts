// settleIntent: an order intent from a customer with no open order answers the policy unless it is about their order.
import { describe, expect, it } from 'vitest';
import { settleIntent } from '../../core/intent-routing.ts';

const noOrder = { orderId: null, openOrder: false };

describe('settleIntent', () => {
  it.each([
    'if my address is too far do i still get charged',
    'se meu endereço for longe eu pago mais?',
    'will i be charged if the courier is late',
  ])('answers the policy for the hypothetical %j from a customer with no open order', (message) => {
    // Act
    const intent = settleIntent('change_address', message, noOrder);

    // Assess
    expect(intent).toBe('faq');
  });

  it.each([
    'onde eu acho o código do meu pedido',
    'meu marido consegue ver meu pedido pelo telegram dele?',
    'will the sms updates about my order be in english or portuguese?',
    'where can i see my order number?',
  ])('answers the how-to %j from a customer with no open order from the knowledge', (message) => {
    // Act
    const intent = settleIntent('order_status', message, noOrder);

    // Assess
    expect(intent).toBe('faq');
  });

  it('keeps the order intent for a message plainly about their own order', () => {
    // Act
    const none = settleIntent('order_status', 'cadê meu pedido?', noOrder);
    const where = settleIntent('order_status', 'where is my order', noOrder);
    const out = settleIntent('order_status', 'meu pedido já saiu?', noOrder);
    const open = settleIntent('change_address', 'if my address is too far do i still get charged', {
      orderId: null,
      openOrder: true,
    });

    // Assess
    expect(none).toBe('order_status');
    expect(where).toBe('order_status');
    expect(out).toBe('order_status');
    expect(open).toBe('change_address');
  });
});
