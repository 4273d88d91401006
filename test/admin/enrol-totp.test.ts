// `npm run enrol-totp` (scripts/enrol-totp.ts) against the emulator: it creates the factor with the
// credentials of an env file, shows the secret once, verifies the factor with the app's first code
// and prints the variables to set; it refuses a non-loopback emulator URL before sending anything.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { startEmulator, type Emulator } from '../../emulator';
import { EnrolError, runEnrolTotp } from '../../scripts/enrol-totp';
import { emulatorEnv, toDotenv } from '../../scripts/emulator-env';
import { EmulatorTargetError } from '../../src/twilio/http-client';
import { emulatorClient } from '../support/emulator-twilio';
import { currentTotpCode, wrongTotpCode } from './support/totp-codes';

let emulator: Emulator;
let serviceSid: string;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator();
  const client = emulatorClient(emulator);
  serviceSid = (await client.verify.v2.services.create({ friendlyName: 'Breaker admin' })).sid;
  dir = mkdtempSync(path.join(tmpdir(), 'enrol-totp-'));
});
afterAll(async () => {
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

function envFile(name: string, env: Record<string, string>): string {
  const file = path.join(dir, name);
  writeFileSync(file, toDotenv(env));
  return file;
}

/** The script's io, with an "authenticator app" that types `codes(factorSid)` one after another. */
function terminal(codes: (factorSid: string) => string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const asked: string[] = [];
  let queue: string[] | null = null;
  const factorSid = () => /Created TOTP factor (YF[0-9a-f]{32})/.exec(out.join('\n'))?.[1];
  return {
    out,
    err,
    asked,
    factorSid,
    io: {
      print: (line: string) => out.push(line),
      printErr: (line: string) => err.push(line),
      rootDir: dir,
      askCode: async (question: string) => {
        asked.push(question);
        const sid = factorSid();
        if (!sid) throw new Error('asked for a code before the secret was shown');
        queue ??= codes(sid);
        return queue.shift() ?? '';
      },
    },
  };
}

describe('npm run enrol-totp', () => {
  test('creates and verifies a factor, shows the secret once, prints the variables', async () => {
    const file = envFile('main.env', {
      ...emulatorEnv(emulator),
      VERIFY_SERVICE_SID: serviceSid,
      ADMIN_USERNAME: 'ops',
    });
    const t = terminal((sid) => [wrongTotpCode(emulator, sid), currentTotpCode(emulator, sid)]);
    expect(await runEnrolTotp(['--env', file], t.io)).toBe(0);

    const output = t.out.join('\n');
    const sid = t.factorSid()!;
    const uri = /link \(or QR code of it\): (otpauth:\/\/totp\/\S+)/.exec(output)?.[1];
    const secret = /secret, to type it in: +([A-Z2-7]+)/.exec(output)?.[1];
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain('ops');
    // Shown once: the secret appears in one line only, and nowhere in the notes (stderr).
    expect(output.split(secret!).length - 1).toBe(2); // the URI and the secret line
    expect(t.err.join('\n')).not.toContain(secret);
    expect(t.asked).toEqual(Array(2).fill('First code from the authenticator app: '));
    expect(t.err.join('\n')).toMatch(/That code is not right/);
    expect(t.err.join('\n')).toContain(emulator.url);

    const lines = output.slice(output.indexOf('VERIFY_SERVICE_SID='));
    const printed = parseEnv(lines);
    expect(printed).toEqual({
      VERIFY_SERVICE_SID: serviceSid,
      ADMIN_TOTP_IDENTITY: expect.stringMatching(/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/),
      ADMIN_TOTP_FACTOR_SID: sid,
      ADMIN_PHONE: '',
    });
    // Verify now holds it verified.
    const factor = await emulatorClient(emulator)
      .verify.v2.services(serviceSid)
      .entities(printed.ADMIN_TOTP_IDENTITY!)
      .factors(sid)
      .fetch();
    expect(factor.status).toBe('verified');
  });

  test('--service, --identity and --name override the file', async () => {
    const other = (await emulatorClient(emulator).verify.v2.services.create({ friendlyName: 'B2' }))
      .sid;
    const file = envFile('no-service.env', emulatorEnv(emulator));
    const t = terminal((sid) => [currentTotpCode(emulator, sid)]);
    const argv = ['--env', file, '--service', other, '--identity', 'ops-laptop-01', '--name', 'x'];
    expect(await runEnrolTotp(argv, t.io)).toBe(0);
    const output = t.out.join('\n');
    expect(output).toContain(`VERIFY_SERVICE_SID=${other}`);
    expect(output).toContain('ADMIN_TOTP_IDENTITY=ops-laptop-01');
    expect(output).toMatch(/otpauth:\/\/totp\/B2:x\?/);
  });

  test('five wrong codes: Verify gives up on the factor, and so does the script', async () => {
    const file = envFile('wrong.env', { ...emulatorEnv(emulator), VERIFY_SERVICE_SID: serviceSid });
    const t = terminal((sid) => Array(6).fill(wrongTotpCode(emulator, sid)));
    const run = runEnrolTotp(['--env', file], t.io);
    await expect(run).rejects.toThrow(EnrolError);
    await expect(run).rejects.toThrow(/stays unverified.*run enrol-totp again/);
    expect(t.asked).toHaveLength(5);
    expect(t.out.join('\n')).not.toContain('ADMIN_TOTP_FACTOR_SID=');
  });

  test('refuses an emulator URL that is not this machine, before sending anything', async () => {
    const before = emulator.requestLog.entries().length;
    const file = envFile('remote.env', {
      ...emulatorEnv(emulator),
      TWILIO_API_EMULATOR_URL: 'http://10.0.0.5:4010',
      VERIFY_SERVICE_SID: serviceSid,
    });
    const t = terminal(() => []);
    await expect(runEnrolTotp(['--env', file], t.io)).rejects.toThrow(EmulatorTargetError);
    await expect(runEnrolTotp(['--env', file], t.io)).rejects.toThrow(/must point at this machine/);
    expect(t.out).toEqual([]);
    expect(t.asked).toEqual([]);
    expect(emulator.requestLog.entries().length).toBe(before);
  });

  test.each([
    ['no credentials', { VERIFY_SERVICE_SID: 'VA' + 'a'.repeat(32) }, /needs ACCOUNT_SID/],
    ['no Verify service', { ACCOUNT_SID: 'AC' + 'a'.repeat(32), AUTH_TOKEN: 'x' }, /--service/],
  ])('%s → a message that says what to set', async (_name, env, message) => {
    const file = envFile('partial.env', env);
    await expect(runEnrolTotp(['--env', file], terminal(() => []).io)).rejects.toThrow(message);
  });

  test('an unknown Verify service → says so', async () => {
    const file = envFile('unknown.env', {
      ...emulatorEnv(emulator),
      VERIFY_SERVICE_SID: 'VA' + '0'.repeat(32),
    });
    await expect(runEnrolTotp(['--env', file], terminal(() => []).io)).rejects.toThrow(
      /Verify service VA0+ not found/,
    );
  });

  test('without --env: .env when it has credentials, else the sandbox env', async () => {
    const root = mkdtempSync(path.join(dir, 'root-'));
    const t = terminal((sid) => [currentTotpCode(emulator, sid)]);
    const run = () => runEnrolTotp([], { ...t.io, rootDir: root });
    await expect(run()).rejects.toThrow(/No credentials.*npm start/);
    writeFileSync(path.join(root, '.env'), toDotenv({ ADMIN_USERNAME: 'ops' }));
    await expect(run()).rejects.toThrow(/No credentials/);
    const sandbox = path.join(root, '.sandbox');
    mkdirSync(sandbox);
    writeFileSync(
      path.join(sandbox, '.env'),
      toDotenv({ ...emulatorEnv(emulator), VERIFY_SERVICE_SID: serviceSid }),
    );
    expect(await run()).toBe(0);
    expect(t.err.join('\n')).toMatch(/from .*\.sandbox\/\.env/);
  });
});
