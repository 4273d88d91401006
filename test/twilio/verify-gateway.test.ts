// The Verify gateway through the real twilio-node client against the emulator's Verify v2: SMS
// verifications, and TOTP factors (enrolment) and challenges (sign-in).
import { startEmulator, type Emulator } from '../../emulator';
import { createVerifyGateway, type VerifyGateway } from '../../src/twilio/gateway';
import { currentTotpCode, wrongTotpCode } from '../admin/support/totp-codes';
import { emulatorClient } from '../support/emulator-twilio';

let emulator: Emulator;
let verify: VerifyGateway;
let serviceSid: string;
const PHONE = '+15550002222';

beforeAll(async () => {
  emulator = await startEmulator();
  const client = emulatorClient(emulator);
  verify = createVerifyGateway(client);
  serviceSid = (await client.verify.v2.services.create({ friendlyName: 'Breaker admin' })).sid;
});
afterAll(() => emulator?.close());

const latestCode = (to: string) => emulator.verify.codes(to).at(-1)?.code ?? '';

describe('Verify gateway', () => {
  test('sends a code; a wrong one is wrong-code, the right one approved, then it is used up', async () => {
    const sent = await verify.startVerification(serviceSid, PHONE, 'sms');
    expect(sent).toEqual({ status: 'sent', sid: expect.stringMatching(/^VE[0-9a-f]{32}$/) });
    const code = latestCode(PHONE);
    expect(code).toMatch(/^\d{4,10}$/);
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await verify.checkVerification(serviceSid, PHONE, wrong)).toBe('wrong-code');
    expect(await verify.checkVerification(serviceSid, PHONE, code)).toBe('approved');
    expect(await verify.checkVerification(serviceSid, PHONE, code)).toBe('expired');
  });

  test('no pending verification → expired; too many wrong codes → too-many-attempts', async () => {
    const other = '+15550003333';
    expect(await verify.checkVerification(serviceSid, other, '123456')).toBe('expired');
    await verify.startVerification(serviceSid, other, 'sms');
    const wrong = latestCode(other) === '000000' ? '111111' : '000000';
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      outcomes.push(await verify.checkVerification(serviceSid, other, wrong));
    }
    // Verify allows 5 checks: the 5th wrong one locks the code (Twilio answers it as
    // max_attempts_reached or error 60202; both read as too-many-attempts).
    expect(outcomes.slice(0, 4)).toEqual(Array(4).fill('wrong-code'));
    expect(outcomes.slice(5)).toEqual(['too-many-attempts']);
  });

  test('a code expires after 10 minutes', async () => {
    const late = '+15550004444';
    await verify.startVerification(serviceSid, late, 'sms');
    const code = latestCode(late);
    emulator.clock.advance(11 * 60_000);
    expect(await verify.checkVerification(serviceSid, late, code)).toBe('expired');
  });
});

describe('Verify gateway, TOTP', () => {
  const IDENTITY = 'fake-admin-identity-gw01';

  async function enrolled(identity = IDENTITY) {
    const created = await verify.createTotpFactor(serviceSid, identity, 'admin');
    const factor = { serviceSid, identity, factorSid: created.factorSid };
    return { created, factor };
  }

  test('creates a factor with its binding; a wrong first code leaves it unverified, the right one verifies it', async () => {
    const { created, factor } = await enrolled();
    expect(created).toEqual({
      factorSid: expect.stringMatching(/^YF[0-9a-f]{32}$/),
      secret: expect.stringMatching(/^[A-Z2-7]{16,}$/),
      uri: expect.stringMatching(/^otpauth:\/\/totp\/.+\?.*secret=/),
    });
    expect(created.uri).toContain(`secret=${created.secret}`);
    // Not verified yet: a challenge is refused as a configuration problem, not a wrong code.
    expect(await verify.checkTotp(factor, currentTotpCode(emulator, factor.factorSid))).toBe(
      'unverified-factor',
    );
    const wrong = wrongTotpCode(emulator, factor.factorSid);
    expect(await verify.verifyTotpFactor(factor, wrong)).toBe('wrong-code');
    const right = currentTotpCode(emulator, factor.factorSid);
    expect(await verify.verifyTotpFactor(factor, right)).toBe('verified');
  });

  test('a challenge with the current code is approved; with another code it is not', async () => {
    const { factor } = await enrolled('fake-admin-identity-gw02');
    await verify.verifyTotpFactor(factor, currentTotpCode(emulator, factor.factorSid));
    const wrong = wrongTotpCode(emulator, factor.factorSid);
    expect(await verify.checkTotp(factor, wrong)).toBe('wrong-code');
    expect(await verify.checkTotp(factor, currentTotpCode(emulator, factor.factorSid))).toBe(
      'approved',
    );
  });

  test('an unknown factor, identity or service → unknown-factor', async () => {
    const { factor } = await enrolled('fake-admin-identity-gw03');
    const code = currentTotpCode(emulator, factor.factorSid);
    const missing = [
      { ...factor, factorSid: 'YF' + '0'.repeat(32) },
      { ...factor, identity: 'fake-admin-identity-none' },
      { ...factor, serviceSid: 'VA' + '0'.repeat(32) },
    ];
    for (const ref of missing) expect(await verify.checkTotp(ref, code)).toBe('unknown-factor');
  });

  test('enrolment: 5 wrong first codes, then Verify refuses (60310) → too-many-attempts', async () => {
    const { factor } = await enrolled('fake-admin-identity-gw04');
    const wrong = wrongTotpCode(emulator, factor.factorSid);
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i += 1) outcomes.push(await verify.verifyTotpFactor(factor, wrong));
    expect(outcomes).toEqual([...Array(5).fill('wrong-code'), 'too-many-attempts']);
    // Even the right code no longer verifies it.
    const right = currentTotpCode(emulator, factor.factorSid);
    expect(await verify.verifyTotpFactor(factor, right)).toBe('too-many-attempts');
  });
});
