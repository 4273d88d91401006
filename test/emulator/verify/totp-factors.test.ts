import { startEmulator, type Emulator } from '../../../emulator';
import { base32Decode, totp } from '../../../emulator/resources/verify/totp';
import { control } from '../../support/emulator-twilio';
import { CHALLENGES, FACTORS, verifyClient, wrongCode } from './verify-harness';

const IDENTITY = 'admin-0001';
const DEFAULTS = { alg: 'sha1', timeStep: 30, codeLength: 6, skew: 1 } as const;

// TOTP second factor through twilio-node: register a factor, prove it once, then answer challenges.
describe('Verify TOTP factors and challenges', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ now: '2026-05-06T07:00:00Z', seed: { subaccounts: 1 } });
  });
  afterAll(() => emulator.close());

  /** What the user's authenticator app shows now, at the emulator's clock. */
  const authenticator = (secret: string) => () =>
    totp(base32Decode(secret)!, emulator.clock.now().getTime(), DEFAULTS);

  const enrolled = async (verified = true) => {
    const { verify, spec } = verifyClient(emulator);
    const service = await verify.services.create({ friendlyName: 'Breaker' });
    const entity = verify.services(service.sid).entities(IDENTITY);
    const factor = await entity.newFactors.create({ friendlyName: 'ops', factorType: 'totp' });
    spec('POST', FACTORS, 201);
    const code = authenticator((factor.binding as { secret: string }).secret);
    if (verified) await entity.factors(factor.sid).update({ authPayload: code() });
    return { service, entity, factor, code, spec };
  };

  it('shows the secret once, verifies the factor with its code and approves a challenge', async () => {
    const { entity, factor, code, spec } = await enrolled(false);
    const binding = factor.binding as { secret: string; uri: string };
    expect(binding.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(binding.uri).toBe(
      `otpauth://totp/Breaker:ops?secret=${binding.secret}&issuer=Breaker&algorithm=SHA1&digits=6&period=30`,
    );
    expect(factor).toMatchObject({ status: 'unverified', factorType: 'totp', identity: IDENTITY });
    const fetched = await entity.factors(factor.sid).fetch();
    spec('GET', `${FACTORS}/{Sid}`, 200);
    expect(fetched.toJSON()).not.toHaveProperty('binding');
    expect(emulator.verify.totpCode(factor.sid)).toBe(code());

    const wrong = await entity.factors(factor.sid).update({ authPayload: wrongCode(code()) });
    spec('POST', `${FACTORS}/{Sid}`, 200);
    expect(wrong.status).toBe('unverified');
    const right = await entity.factors(factor.sid).update({ authPayload: code() });
    expect(right.status).toBe('verified');

    const approved = await entity.challenges.create({ factorSid: factor.sid, authPayload: code() });
    spec('POST', CHALLENGES, 201);
    expect(approved).toMatchObject({
      status: 'approved',
      factorSid: factor.sid,
      factorType: 'totp',
    });
    expect(approved.dateResponded).toBeInstanceOf(Date);

    const pending = await entity.challenges.create({
      factorSid: factor.sid,
      authPayload: wrongCode(code()),
    });
    expect(pending.status).toBe('pending');
    const later = await entity.challenges(pending.sid).update({ authPayload: code() });
    spec('POST', `${CHALLENGES}/{Sid}`, 200);
    expect(later.status).toBe('approved');
    expect((await entity.challenges(pending.sid).fetch()).status).toBe('approved');
    spec('GET', `${CHALLENGES}/{Sid}`, 200);
  });

  it('accepts a code within one time step of the clock, not older ones', async () => {
    const { entity, factor, code } = await enrolled();
    const challenge = (authPayload: string) =>
      entity.challenges.create({ factorSid: factor.sid, authPayload });
    const old = code();
    emulator.clock.advance(30_000);
    expect((await challenge(old)).status).toBe('approved');
    emulator.clock.advance(60_000);
    expect((await challenge(old)).status).toBe('pending');
    expect((await challenge(code())).status).toBe('approved');
  });

  it('enforces the factor, challenge and expiry limits', async () => {
    const fresh = await enrolled(false);
    await expect(
      fresh.entity.challenges.create({ factorSid: fresh.factor.sid, authPayload: fresh.code() }),
    ).rejects.toMatchObject({ status: 403, code: 60318 });
    for (let i = 0; i < 5; i++) {
      await fresh.entity.factors(fresh.factor.sid).update({ authPayload: wrongCode(fresh.code()) });
    }
    await expect(
      fresh.entity.factors(fresh.factor.sid).update({ authPayload: fresh.code() }),
    ).rejects.toMatchObject({ status: 429, code: 60310 });

    const { entity, factor, code } = await enrolled();
    const c = await entity.challenges.create({ factorSid: factor.sid });
    for (let i = 0; i < 5; i++) {
      await entity.challenges(c.sid).update({ authPayload: wrongCode(code()) });
    }
    await expect(entity.challenges(c.sid).update({ authPayload: code() })).rejects.toMatchObject({
      status: 429,
      code: 60308,
    });

    const slow = await entity.challenges.create({ factorSid: factor.sid });
    emulator.clock.advance(5 * 60 * 1000);
    const late = await entity.challenges(slow.sid).update({ authPayload: code() });
    expect(late.status).toBe('expired');
  });

  it('refuses a malformed identity, push factors, and other accounts', async () => {
    const { verify } = verifyClient(emulator);
    const service = await verify.services.create({ friendlyName: 'Breaker' });
    const api = verify.services(service.sid);
    await expect(
      api.entities('admin').newFactors.create({ friendlyName: 'ops', factorType: 'totp' }),
    ).rejects.toMatchObject({ status: 400, code: 60367 });
    await expect(
      api.entities(IDENTITY).newFactors.create({ friendlyName: 'ops', factorType: 'push' }),
    ).rejects.toMatchObject({ status: 400, code: 60200 });

    const { service: mine, factor } = await enrolled();
    const sub = emulator.accounts.list().find((a) => a.sid !== emulator.mainAccount.sid)!;
    const stranger = verifyClient(emulator, { sid: sub.sid, token: sub.auth_token }).verify;
    await expect(
      stranger.services(mine.sid).entities(IDENTITY).factors(factor.sid).fetch(),
    ).rejects.toMatchObject({ status: 404, code: 20404 });
  });

  it('reads the current TOTP code and sent codes through the control endpoints', async () => {
    const { factor, code } = await enrolled(false);
    const read = await control(emulator, 'GET', `verify/totp/${factor.sid}`);
    expect(read).toEqual({ status: 200, body: { factorSid: factor.sid, code: code() } });
    expect((await control(emulator, 'GET', 'verify/totp/YFnope')).status).toBe(404);

    const { verify } = verifyClient(emulator);
    const service = await verify.services.create({ friendlyName: 'Breaker' });
    const to = '+15555550199';
    await verify.services(service.sid).verifications.create({ to, channel: 'sms' });
    const [sent] = emulator.verify.codes(to);
    // An unencoded + arrives as a space in a query; the endpoint reads it as the + it was.
    for (const query of [`to=${to}`, `to=${encodeURIComponent(to)}`]) {
      const listed = await control(emulator, 'GET', `verify/codes?${query}`);
      expect(listed.body).toEqual({ codes: [sent] });
    }
    const all = await control(emulator, 'GET', 'verify/codes');
    expect((all.body?.codes as unknown[]).length).toBe(emulator.verify.codes().length);
    expect(sent).toMatchObject({ to, channel: 'sms', service: service.sid, status: 'pending' });
  });
});
