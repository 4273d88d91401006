// The Verify gateway through the real twilio-node client against the emulator's Verify v2.
import { startEmulator, type Emulator } from '../../emulator';
import { createVerifyGateway, type VerifyGateway } from '../../src/twilio/gateway';
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
