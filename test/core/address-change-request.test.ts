// The new address typed in the request itself, so the change takes one step.
import { describe, expect, it } from 'vitest';
import { addressInChangeRequest, looksLikeStreetAddress } from '../../core/address-change-request.ts';

describe('addressInChangeRequest', () => {
  it.each([
    ['quero mudar o endereço para Rua Xavier da Silveira 50', 'Rua Xavier da Silveira 50'],
    ['muda o endereço pra Av. Atlântica 1702', 'Av. Atlântica 1702'],
    ['novo endereço: Rua Barata Ribeiro 200', 'Rua Barata Ribeiro 200'],
    ['quero mudar o endereço do pedido ABC234 para Rua X, 10', 'Rua X, 10'],
    ['please change the delivery address to 12 Main St.', '12 Main St'],
  ])('reads the address out of "%s"', (text, address) => {
    // Prepare / Act / Assess
    expect(addressInChangeRequest(text)).toBe(address);
  });

  it.each(['quero mudar o endereço', 'mudar o endereço para outro lugar', 'change my address', 'cadê meu pedido?'])(
    'finds no address in "%s", so the bot asks for it',
    (text) => {
      // Prepare / Act / Assess
      expect(addressInChangeRequest(text)).toBeUndefined();
    },
  );

  it('tells a street address from a question typed at the address step', () => {
    // Prepare / Act / Assess
    expect(looksLikeStreetAddress('Rua São Clemente 100 entregar na portaria')).toBe(true);
    expect(looksLikeStreetAddress('Av. Atlântica 1702, Copacabana')).toBe(true);
    expect(looksLikeStreetAddress('cadê meu pedido?')).toBe(false);
    expect(looksLikeStreetAddress('quanto fica a entrega na rua 10?')).toBe(false);
    expect(looksLikeStreetAddress('Copacabana')).toBe(false);
  });
});
