import {
  base32Decode,
  base32Encode,
  hotp,
  totp,
  type TotpAlgorithm,
} from '../../../emulator/resources/verify/totp';

describe('TOTP (RFC 6238) and base32 (RFC 4648)', () => {
  // RFC 6238 appendix B: 8 digits, 30 s steps, ASCII seeds of 20, 32 and 64 bytes.
  const seeds: Record<TotpAlgorithm, Buffer> = {
    sha1: Buffer.from('12345678901234567890'),
    sha256: Buffer.from('12345678901234567890123456789012'),
    sha512: Buffer.from('1234567890'.repeat(6) + '1234'),
  };
  const vectors: Array<[number, string, string, string]> = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];

  it.each(vectors)('at %i s gives the RFC codes', (seconds, sha1, sha256, sha512) => {
    const at = (alg: TotpAlgorithm) =>
      totp(seeds[alg], seconds * 1000, { alg, timeStep: 30, codeLength: 8, skew: 0 });
    expect([at('sha1'), at('sha256'), at('sha512')]).toEqual([sha1, sha256, sha512]);
  });

  it('truncates HOTP like RFC 4226 appendix D', () => {
    const codes = [0, 1, 2, 9].map((c) => hotp(seeds.sha1, c, 6, 'sha1'));
    expect(codes).toEqual(['755224', '287082', '359152', '520489']);
  });

  it('encodes and decodes the RFC 4648 base32 vectors', () => {
    const pairs = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [text, encoded] of pairs) {
      expect(base32Encode(Buffer.from(text))).toBe(encoded);
      expect(base32Decode(encoded)?.toString()).toBe(text);
    }
    expect(base32Decode('mzxw 6ytb oi======')?.toString()).toBe('foobar');
    expect(base32Decode('MZXW1')).toBeUndefined();
  });
});
