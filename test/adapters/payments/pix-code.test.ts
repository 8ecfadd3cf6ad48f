// The Pix copia-e-cola builder, parser and QR: published BR Codes, a CRC computed here, text limits, amounts, PNG.
import { describe, expect, it } from 'vitest';
import { parseBrCode, pixCopyPaste, pixQrPngBase64 } from '../../../adapters/payments/pix-code.ts';

/** CRC16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor), table-driven, apart from the module's. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n << 8;
  for (let k = 0; k < 8; k++) c = (c & 0x8000 ? (c << 1) ^ 0x1021 : c << 1) & 0xffff;
  return c;
});
const referenceCrc = (text: string) =>
  [...Buffer.from(text, 'latin1')]
    .reduce((crc, byte) => ((crc << 8) & 0xffff) ^ CRC_TABLE[((crc >> 8) ^ byte) & 0xff], 0xffff)
    .toString(16)
    .toUpperCase()
    .padStart(4, '0');
/** The CRC a code should end with, computed over everything up to and including "6304". */
const expectedCrcOf = (code: string) => referenceCrc(code.slice(0, -4));

/** The static example of the BCB's "Manual de Padrões para Iniciação do Pix" (random key, no amount). */
const BCB_MANUAL_EXAMPLE =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal' +
  '6008BRASILIA62070503***63041D3D';
/** Test vectors of thalesog/pix-utils (src/__tests__/parser.test.ts): static, one issued by Nubank, and dynamic. */
const PIX_UTILS_STATIC =
  '00020126510014br.gov.bcb.pix0115thalesog@me.com0210Pedido 123520400005303986540510.005802BR5914Thales Ogliari' +
  '6002SC62070503***6304E5AB';
const PIX_UTILS_NUBANK =
  '00020126580014BR.GOV.BCB.PIX0119nubank@thalesog.com0213PIX de Testes52040000530398654041.005802BR5914Thales Ogliari' +
  '6009SAO PAULO61080540900062070503***6304581E';
const PIX_UTILS_DYNAMIC =
  '00020126940014br.gov.bcb.pix2572qr-h.sandbox.pix.bcb.gov.br/rest/api/v2/cfe8166acaff4a62a18b7b766ef57c70' +
  '5204000053039865802BR5903Pix6008BRASILIA62070503***6304C7D7';

const SHOP = { key: 'pedidos@padaria.com.br', merchantName: 'Padaria Pao Quente', merchantCity: 'Recife' };

describe('the reference CRC of this test', () => {
  it('gives the catalogued check value of CRC-16/CCITT-FALSE for "123456789"', () => {
    // Prepare
    const check = '123456789';
    // Act
    const crc = referenceCrc(check);
    // Assess
    expect(crc).toBe('29B1');
  });
});

describe('parseBrCode', () => {
  it.each([
    ['the BCB manual example', BCB_MANUAL_EXAMPLE, '1D3D'],
    ['pix-utils static', PIX_UTILS_STATIC, 'E5AB'],
    ['pix-utils Nubank', PIX_UTILS_NUBANK, '581E'],
    ['pix-utils dynamic', PIX_UTILS_DYNAMIC, 'C7D7'],
  ])('finds the CRC of %s valid, and it is the one computed here', (_, code, crc) => {
    // Prepare
    const published = code.slice(-4);
    // Act
    const parsed = parseBrCode(code);
    // Assess
    expect(published).toBe(crc);
    expect(expectedCrcOf(code)).toBe(crc);
    expect(parsed.crcValid).toBe(true);
  });

  it('reads the top-level, merchant account and additional data fields of published codes', () => {
    // Prepare
    const codes = [BCB_MANUAL_EXAMPLE, PIX_UTILS_STATIC, PIX_UTILS_NUBANK, PIX_UTILS_DYNAMIC];
    // Act
    const [bcb, staticCode, nubank, dynamic] = codes.map(parseBrCode);
    // Assess
    expect(bcb.fields).toEqual({
      '00': '01',
      '26': '0014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000',
      '52': '0000',
      '53': '986',
      '58': 'BR',
      '59': 'Fulano de Tal',
      '60': 'BRASILIA',
      '62': '0503***',
      '63': '1D3D',
    });
    expect(bcb.merchantAccount).toEqual({ '00': 'br.gov.bcb.pix', '01': '123e4567-e12b-12d1-a456-426655440000' });
    expect(bcb).toMatchObject({ amount: undefined, txid: '***' });
    expect(staticCode.merchantAccount).toEqual({ '00': 'br.gov.bcb.pix', '01': 'thalesog@me.com', '02': 'Pedido 123' });
    expect(staticCode.amount).toBe('10.00');
    expect(nubank.merchantAccount['00']).toBe('BR.GOV.BCB.PIX');
    expect(nubank).toMatchObject({ amount: '1.00', txid: '***' });
    expect(nubank.fields['61']).toBe('05409000');
    expect(dynamic.merchantAccount['25']).toBe(
      'qr-h.sandbox.pix.bcb.gov.br/rest/api/v2/cfe8166acaff4a62a18b7b766ef57c70',
    );
  });

  it('reports a code changed after its CRC was computed as invalid', () => {
    // Prepare
    const tampered = BCB_MANUAL_EXAMPLE.replace('Fulano de Tal', 'Fulano de Mal');
    const wrongCrc = `${BCB_MANUAL_EXAMPLE.slice(0, -4)}1D3E`;
    // Act
    const results = [tampered, wrongCrc].map((code) => parseBrCode(code).crcValid);
    // Assess
    expect(results).toEqual([false, false]);
  });

  it('throws on codes that are not well-formed Pix BR Codes', () => {
    // Prepare
    const noCrc = BCB_MANUAL_EXAMPLE.slice(0, -8);
    const cut = BCB_MANUAL_EXAMPLE.slice(0, -2);
    const otherScheme = BCB_MANUAL_EXAMPLE.replace('0014br.gov.bcb.pix', '0014br.gov.bcb.pax');
    const noCity = BCB_MANUAL_EXAMPLE.replace('6008BRASILIA', '');
    // Act
    const parse = (code: string) => () => parseBrCode(code);
    // Assess
    expect(parse(noCrc)).toThrow(/field 63/);
    expect(parse(cut)).toThrow(/Malformed BR Code: field 63 of BR Code is cut/);
    expect(parse(otherScheme)).toThrow(/Not a Pix BR Code/);
    expect(parse(noCity)).toThrow(/mandatory field 60/);
    expect(parse('hello')).toThrow(/Malformed/);
  });
});

describe('pixCopyPaste', () => {
  it('lays the fields out as the BCB manual example does, with the amount in field 54', () => {
    // Prepare
    const input = {
      key: '123e4567-e12b-12d1-a456-426655440000',
      merchantName: 'Fulano de Tal',
      merchantCity: 'BRASILIA',
      amount: 1234,
    };
    const manualBody = BCB_MANUAL_EXAMPLE.slice(0, -4).replace('5802BR', '540512.345802BR');
    // Act
    const code = pixCopyPaste(input);
    // Assess
    expect(code).toBe(manualBody + referenceCrc(manualBody));
  });

  it.each([
    ['an e-mail', 'pedidos@padaria.com.br'],
    ['a phone', '+5581987654321'],
    ['a CPF', '12345678909'],
    ['a CNPJ', '12345678000195'],
    ['a random key', 'f2a8c3d4-1b2e-4c5d-9e8f-0a1b2c3d4e5f'],
  ])('ends with the CRC computed here for %s key, and parses back to its input', (_, key) => {
    // Prepare
    const input = { ...SHOP, key, amount: 4590, txid: 'ORD01JABCDEF' };
    // Act
    const code = pixCopyPaste(input);
    const parsed = parseBrCode(code);
    // Assess
    expect(code.slice(-8, -4)).toBe('6304');
    expect(code.slice(-4)).toBe(expectedCrcOf(code));
    expect(parsed.crcValid).toBe(true);
    expect(parsed.merchantAccount).toEqual({ '00': 'br.gov.bcb.pix', '01': key });
    expect(parsed).toMatchObject({ amount: '45.90', txid: 'ORD01JABCDEF' });
    expect(parsed.fields).toMatchObject({ '52': '0000', '53': '986', '58': 'BR', '59': 'Padaria Pao Quente' });
  });

  it.each([
    [1234, '12.34'],
    [5, '0.05'],
    [100, '1.00'],
    [1, '0.01'],
    [123456789, '1234567.89'],
  ])('writes %i centavos as "%s"', (amount, reais) => {
    // Prepare
    const input = { ...SHOP, amount };
    // Act
    const code = pixCopyPaste(input);
    // Assess
    expect(parseBrCode(code).amount).toBe(reais);
    expect(code).toContain(`54${String(reais.length).padStart(2, '0')}${reais}5802BR`);
  });

  it.each([0, -100, 12.5, Number.NaN, 10 ** 13])('refuses an amount of %s centavos', (amount) => {
    // Prepare
    const input = { ...SHOP, amount };
    // Act
    const build = () => pixCopyPaste(input);
    // Assess
    expect(build).toThrow(RangeError);
  });

  it('strips accents and other non-ASCII from the name and the city', () => {
    // Prepare
    const input = { ...SHOP, merchantName: 'Açaí  do João ✨', merchantCity: 'São Paulo', amount: 1000 };
    // Act
    const { fields } = parseBrCode(pixCopyPaste(input));
    // Assess
    expect(fields['59']).toBe('Acai do Joao');
    expect(fields['60']).toBe('Sao Paulo');
  });

  it('cuts names to 25 and cities to 15 characters, after stripping accents, with lengths that still add up', () => {
    // Prepare
    const input = {
      ...SHOP,
      merchantName: 'Lanchonete e Pastelaria Irmãos Conceição',
      merchantCity: 'São Miguel do Oeste',
      amount: 1000,
    };
    // Act
    const code = pixCopyPaste(input);
    const { fields, crcValid } = parseBrCode(code);
    // Assess
    expect(fields['59']).toBe('Lanchonete e Pastelaria I');
    expect(fields['59']).toHaveLength(25);
    expect(fields['60']).toBe('Sao Miguel do O');
    expect(crcValid).toBe(true);
  });

  it('drops a space left at the end of a cut city', () => {
    // Prepare
    const input = { ...SHOP, merchantCity: 'Santa Maria da Boa Vista', amount: 1000 };
    // Act
    const { fields } = parseBrCode(pixCopyPaste(input));
    // Assess
    expect(fields['60']).toBe('Santa Maria da');
  });

  it('writes *** as txid when none is given, and the given one otherwise', () => {
    // Prepare
    const without = { ...SHOP, amount: 1000 };
    const withTxid = { ...SHOP, amount: 1000, txid: 'Ord01jAbc'.padEnd(25, 'z') };
    // Act
    const [none, given] = [without, withTxid].map((input) => parseBrCode(pixCopyPaste(input)));
    // Assess
    expect(none.txid).toBe('***');
    expect(none.fields['62']).toBe('0503***');
    expect(given.txid).toBe('Ord01jAbczzzzzzzzzzzzzzzz');
  });

  it.each(['ORD-1', 'A'.repeat(26), '', 'pedido 1'])('refuses the txid %j', (txid) => {
    // Prepare
    const input = { ...SHOP, amount: 1000, txid };
    // Act
    const build = () => pixCopyPaste(input);
    // Assess
    expect(build).toThrow(/txid/);
  });

  it.each(['', '123.456.789-09', '(81) 98765-4321', 'not a key', `${'a'.repeat(70)}@mail.com`])(
    'refuses the key %j',
    (key) => {
      // Prepare
      const input = { ...SHOP, key, amount: 1000 };
      // Act
      const build = () => pixCopyPaste(input);
      // Assess
      expect(build).toThrow(/Not a Pix key/);
    },
  );

  it('refuses a name with nothing printable left', () => {
    // Prepare
    const input = { ...SHOP, merchantName: '✨✨', amount: 1000 };
    // Act
    const build = () => pixCopyPaste(input);
    // Assess
    expect(build).toThrow(/merchantName/);
  });
});

describe('pixQrPngBase64', () => {
  it('draws the code as a 512×512 PNG, in base64 with no data: prefix', async () => {
    // Prepare
    const code = pixCopyPaste({ ...SHOP, amount: 4590, txid: 'ORD01JABCDEF' });
    // Act
    const base64 = await pixQrPngBase64(code);
    // Assess
    expect(base64).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const png = Buffer.from(base64, 'base64');
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(8)).toBe(13);
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }).toEqual({ width: 512, height: 512 });
    expect(png.subarray(-8, -4).toString('latin1')).toBe('IEND');
  });

  it('refuses to draw a code whose CRC does not match', async () => {
    // Prepare
    const code = pixCopyPaste({ ...SHOP, amount: 4590 });
    const tampered = code.replace('45.90', '99.90');
    // Act
    const draw = pixQrPngBase64(tampered);
    // Assess
    await expect(draw).rejects.toThrow(/CRC/);
  });
});
