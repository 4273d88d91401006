// `npm start` (forced onto the emulator) demonstrates two-factor sign-in: its banner says where the
// emulator keeps the codes, and the setup and events commands sign in to it with the printed
// password and a code read from there. `npm start -- --totp` does the same with a TOTP factor.
import { readFile } from 'node:fs/promises';
import { parseEnv } from 'node:util';
import { runEventsCommand } from '../../scripts/events-command';
import { runSetupCommand } from '../../scripts/setup-command';
import { startSandbox, type SandboxProcess } from '../support/sandbox-process';

const STARTUP_MS = 90_000;

describe('the sandbox with two-factor sign-in', () => {
  let sandbox: SandboxProcess;

  afterAll(() => sandbox?.stop());

  test('prints where the codes are; the commands sign in with password + code', async () => {
    sandbox = await startSandbox(['--subaccounts', '2']);
    const { port, emulatorPort } = sandbox;
    await sandbox.waitForOutput('Ctrl+C stops everything', STARTUP_MS);
    const output = sandbox.output();

    const env = parseEnv(await readFile(sandbox.envFile, 'utf8'));
    expect(env.SESSION_SECRET?.length).toBeGreaterThanOrEqual(32);
    expect(env.VERIFY_SERVICE_SID).toMatch(/^VA[0-9a-f]{32}$/);
    expect(env.ADMIN_PHONE).toMatch(/^\+\d+$/);
    const password = /sign in as admin \/ (\S+)/.exec(output)?.[1];
    const codesUrl = /curl -s '([^']+)'/.exec(output)?.[1];
    expect(password).toBeDefined();
    expect(codesUrl).toContain(`http://127.0.0.1:${emulatorPort}/__emulator/verify/codes?to=`);
    const latestCode = async () => {
      const { codes } = (await (await fetch(codesUrl!)).json()) as { codes: { code: string }[] };
      return codes[codes.length - 1].code;
    };

    const url = `http://localhost:${port}`;
    const out: string[] = [];
    const err: string[] = [];
    const setup = await runSetupCommand(['--url', url, '--user', 'admin', '--plan', '--json'], {
      env: { ADMIN_PASSWORD: password },
      print: (line) => out.push(line),
      printErr: (text) => err.push(text),
      askCode: latestCode,
    });
    expect(setup).toBe(0);
    expect(JSON.parse(out[0])).toMatchObject({ mode: 'plan', done: true, warnings: [] });
    expect(err.join('')).not.toMatch(/WARNING/);

    const lines: string[] = [];
    const events = await runEventsCommand(
      ['--url', url, '--user', 'admin', '--json', '--action', 'sign-in'],
      { env: { ADMIN_PASSWORD: password }, print: (line) => lines.push(line), askCode: latestCode },
    );
    expect(events).toBe(0);
    const reasons = lines.map((line) => JSON.parse(line).reason);
    expect(reasons).toEqual(expect.arrayContaining(['code-sent', 'signed-in']));
  }, 150_000);
});

describe('the sandbox with a TOTP factor (--totp)', () => {
  let sandbox: SandboxProcess;

  afterAll(() => sandbox?.stop());

  test('enrols a factor in the emulator and prints where its current code is', async () => {
    sandbox = await startSandbox(['--subaccounts', '1', '--totp']);
    await sandbox.waitForOutput('Ctrl+C stops everything', STARTUP_MS);
    const output = sandbox.output();

    const env = parseEnv(await readFile(sandbox.envFile, 'utf8'));
    expect(env.ADMIN_PHONE).toBe('');
    expect(env.ADMIN_TOTP_FACTOR_SID).toMatch(/^YF[0-9a-f]{32}$/);
    expect(env.ADMIN_TOTP_IDENTITY).toBeTruthy();
    const password = /sign in as admin \/ (\S+)/.exec(output)?.[1];
    const codeUrl = /curl -s '([^']+)'/.exec(output)?.[1];
    expect(output).toMatch(/authenticator app/);
    expect(codeUrl).toBe(
      `http://127.0.0.1:${sandbox.emulatorPort}/__emulator/verify/totp/${env.ADMIN_TOTP_FACTOR_SID}`,
    );
    const currentCode = async () => {
      const { code } = (await (await fetch(codeUrl!)).json()) as { code: string };
      return code;
    };

    const lines: string[] = [];
    const asked: string[] = [];
    const events = await runEventsCommand(
      ['--url', `http://localhost:${sandbox.port}`, '--user', 'admin', '--json'],
      {
        env: { ADMIN_PASSWORD: password },
        print: (line) => lines.push(line),
        askCode: async (question) => (asked.push(question), currentCode()),
      },
    );
    expect(events).toBe(0);
    expect(asked).toEqual(['Code from your authenticator app: ']);
    const reasons = lines.map((line) => JSON.parse(line).reason);
    expect(reasons).toEqual(expect.arrayContaining(['code-required', 'signed-in']));
  }, 150_000);
});
