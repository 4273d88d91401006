import { startEmulator, type Emulator } from '../../../emulator';
import {
  CHECK,
  lastCode,
  SERVICE,
  SERVICES,
  VERIFICATIONS,
  verifyClient,
  wrongCode,
} from './verify-harness';

// Verify v2 as the admin sign-in uses it, through the real twilio-node client and the redirect.
describe('Verify verifications and checks', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ now: '2026-05-06T07:00:00Z', seed: { subaccounts: 1 } });
  });
  afterAll(() => emulator.close());

  const newService = async () => {
    const { verify, spec } = verifyClient(emulator);
    const service = await verify.services.create({ friendlyName: 'Breaker admin' });
    spec('POST', SERVICES, 201);
    return { service, verify, spec, api: verify.services(service.sid) };
  };

  it('sends a code, approves the right one once, and forgets the verification after', async () => {
    const { service, verify, spec, api } = await newService();
    expect(service).toMatchObject({ friendlyName: 'Breaker admin', codeLength: 6 });
    expect(service.sid).toMatch(/^VA[0-9a-f]{32}$/);
    expect((await verify.services(service.sid).fetch()).sid).toBe(service.sid);
    spec('GET', SERVICE, 200);
    expect((await verify.services.list()).map((s) => s.sid)).toContain(service.sid);
    spec('GET', SERVICES, 200);

    const to = '+15555550101';
    const started = await api.verifications.create({ to, channel: 'sms' });
    spec('POST', VERIFICATIONS, 201);
    expect(started).toMatchObject({ to, channel: 'sms', status: 'pending', valid: false });
    const [sent] = emulator.verify.codes(to);
    expect(sent).toMatchObject({ to, channel: 'sms', service: service.sid, status: 'pending' });
    expect(sent.code).toMatch(/^\d{6}$/);
    expect(sent.verificationSid).toBe(started.sid);

    const check = await api.verificationChecks.create({ to, code: sent.code });
    spec('POST', CHECK, 200);
    expect(check).toMatchObject({ sid: started.sid, status: 'approved', valid: true });
    expect(emulator.verify.codes(to)[0].status).toBe('approved');

    // Approved verifications are deleted on Twilio: a second use of the code answers 404 20404.
    await expect(api.verificationChecks.create({ to, code: sent.code })).rejects.toMatchObject({
      status: 404,
      code: 20404,
    });
    await expect(api.verifications(started.sid).fetch()).rejects.toMatchObject({ status: 404 });
  });

  it('answers a wrong code with 200, pending and valid false, and still takes the right one', async () => {
    const { spec, api } = await newService();
    const to = '+15555550102';
    const started = await api.verifications.create({ to, channel: 'sms' });
    const code = lastCode(emulator, to);

    const wrong = await api.verificationChecks.create({ to, code: wrongCode(code) });
    spec('POST', CHECK, 200);
    expect(wrong).toMatchObject({ status: 'pending', valid: false });
    expect((await api.verifications(started.sid).fetch()).status).toBe('pending');
    spec('GET', `${VERIFICATIONS}/{Sid}`, 200);

    const right = await api.verificationChecks.create({ verificationSid: started.sid, code });
    expect(right).toMatchObject({ status: 'approved', valid: true, to });
  });

  it('expires a code 10 minutes after it was sent', async () => {
    const { api } = await newService();
    const early = '+15555550103';
    const late = '+15555550104';
    await api.verifications.create({ to: early, channel: 'sms' });
    const first = await api.verifications.create({ to: late, channel: 'sms' });
    emulator.clock.advance(10 * 60 * 1000 - 1000);
    const inTime = await api.verificationChecks.create({
      to: early,
      code: lastCode(emulator, early),
    });
    expect(inTime.status).toBe('approved');

    emulator.clock.advance(1000);
    await expect(
      api.verificationChecks.create({ to: late, code: lastCode(emulator, late) }),
    ).rejects.toMatchObject({ status: 404, code: 20404 });
    expect(emulator.verify.codes(late)[0].status).toBe('expired');
    const second = await api.verifications.create({ to: late, channel: 'sms' });
    expect(second.sid).not.toBe(first.sid);
  });

  it('answers the sixth check of a verification with 429 60202, even with the right code', async () => {
    const { api } = await newService();
    const to = '+15555550105';
    await api.verifications.create({ to, channel: 'sms' });
    const code = lastCode(emulator, to);
    const statuses: string[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await api.verificationChecks.create({ to, code: wrongCode(code) })).status);
    }
    expect(statuses).toEqual(['pending', 'pending', 'pending', 'pending', 'max_attempts_reached']);
    const locked = { status: 429, code: 60202 };
    await expect(api.verificationChecks.create({ to, code })).rejects.toMatchObject(locked);
    // A new verification must wait until this one expires.
    await expect(api.verifications.create({ to, channel: 'sms' })).rejects.toMatchObject(locked);
    emulator.clock.advance(10 * 60 * 1000);
    expect((await api.verifications.create({ to, channel: 'sms' })).status).toBe('pending');
  });

  it('resends the same code to the same number, and answers the sixth send with 429 60203', async () => {
    const { spec, api } = await newService();
    const to = '+15555550106';
    const sends = [];
    for (let i = 0; i < 5; i++) sends.push(await api.verifications.create({ to, channel: 'sms' }));
    expect(new Set(sends.map((v) => v.sid)).size).toBe(1);
    expect(sends[4].sendCodeAttempts).toHaveLength(5);
    const codes = emulator.verify.codes(to).map((c) => c.code);
    expect(codes).toHaveLength(5);
    expect(new Set(codes).size).toBe(1);
    await expect(api.verifications.create({ to, channel: 'sms' })).rejects.toMatchObject({
      status: 429,
      code: 60203,
    });

    // Canceling ends the lifecycle (Twilio's advice for tests): the next send starts afresh.
    const canceled = await api.verifications(sends[0].sid).update({ status: 'canceled' });
    spec('POST', `${VERIFICATIONS}/{Sid}`, 200);
    expect(canceled.status).toBe('canceled');
    const fresh = await api.verifications.create({ to, channel: 'sms' });
    expect(fresh.sid).not.toBe(sends[0].sid);
  });

  it('answers malformed input with 60200 or 60221', async () => {
    const { api } = await newService();
    const invalid = (name: string) => ({
      status: 400,
      code: 60200,
      message: `Invalid parameter: ${name}`,
    });
    for (const to of ['5555550107', '+0555550107', 'not a number']) {
      await expect(api.verifications.create({ to, channel: 'sms' })).rejects.toMatchObject(
        invalid('To'),
      );
    }
    await expect(
      api.verifications.create({ to: '+15555550107', channel: 'pigeon' }),
    ).rejects.toMatchObject(invalid('Channel'));
    await expect(
      api.verificationChecks.create({ to: '+15555550107', code: '12' }),
    ).rejects.toMatchObject(invalid('Code'));
    await expect(api.verificationChecks.create({ code: '123456' })).rejects.toMatchObject({
      status: 400,
      code: 60221,
    });
    expect(emulator.verify.codes('+15555550107')).toEqual([]);
  });

  it("keeps each account's services, verifications and codes to itself", async () => {
    const { service, api } = await newService();
    const sub = emulator.accounts.list().find((a) => a.sid !== emulator.mainAccount.sid)!;
    const { verify: subVerify } = verifyClient(emulator, { sid: sub.sid, token: sub.auth_token });
    const notFound = { status: 404, code: 20404 };

    await expect(subVerify.services(service.sid).fetch()).rejects.toMatchObject(notFound);
    const stranger = subVerify.services(service.sid);
    await expect(
      stranger.verifications.create({ to: '+15555550108', channel: 'sms' }),
    ).rejects.toMatchObject(notFound);
    await api.verifications.create({ to: '+15555550108', channel: 'sms' });
    await expect(
      stranger.verificationChecks.create({
        to: '+15555550108',
        code: lastCode(emulator, '+15555550108'),
      }),
    ).rejects.toMatchObject(notFound);

    const own = await subVerify.services.create({ friendlyName: 'Sub' });
    expect(own.accountSid).toBe(sub.sid);
    expect((await subVerify.services.list()).map((s) => s.sid)).toEqual([own.sid]);
    const { verify: mainVerify } = verifyClient(emulator);
    await expect(mainVerify.services(own.sid).fetch()).rejects.toMatchObject(notFound);
  });
});
