// End to end with a TOTP factor as the second factor: the factor is enrolled by `npm run
// enrol-totp` (scripts/enrol-totp.ts) against the emulator, its printed variables become the env of
// the built admin Functions, and the admin signs in over HTTP with the password and the code the
// authenticator app would show now (emulator.verify.totpCode). The setup command signs in the same
// way, asking for the app's code.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import type { Emulator } from '../../emulator';
import { emulatorEnv, toDotenv } from '../../scripts/emulator-env';
import { runEnrolTotp } from '../../scripts/enrol-totp';
import { runSetupCommand } from '../../scripts/setup-command';
import { startAdminStack, type AdminStack } from '../support/admin-stack';
import { emulatorClient } from '../support/emulator-twilio';
import type { FunctionsServer } from '../support/functions-server';
import { jsonCaller } from './support/admin-e2e';
import { currentTotpCode, wrongTotpCode } from './support/totp-codes';

const ADMIN = { username: 'ops', password: 'fake-admin-password-totp-e2e' };
const SESSION_SECRET = 'fake-session-secret-totp-0123456789abcdef';

let stack: AdminStack;
let emulator: Emulator;
let functions: FunctionsServer;
let factorSid: string;
const bodies: string[] = [];
const dir = mkdtempSync(path.join(tmpdir(), 'totp-e2e-'));

/** Enrols through the script, as an operator would, and returns the variables it printed. */
async function enrol(running: Emulator): Promise<Record<string, string>> {
  const service = await emulatorClient(running).verify.v2.services.create({
    friendlyName: 'Breaker admin',
  });
  const file = path.join(dir, 'enrol.env');
  writeFileSync(file, toDotenv({ ...emulatorEnv(running), VERIFY_SERVICE_SID: service.sid }));
  const out: string[] = [];
  const code = await runEnrolTotp(['--env', file], {
    print: (line) => out.push(line),
    printErr: () => undefined,
    askCode: async () => {
      const sid = /Created TOTP factor (YF[0-9a-f]{32})/.exec(out.join('\n'))![1];
      return currentTotpCode(running, sid);
    },
  });
  expect(code).toBe(0);
  const text = out.join('\n');
  return parseEnv(text.slice(text.indexOf('VERIFY_SERVICE_SID='))) as Record<string, string>;
}

beforeAll(async () => {
  stack = await startAdminStack({
    admin: ADMIN,
    emulator: { seed: { subaccounts: 1 } },
    env: async (running) => {
      const enrolled = await enrol(running);
      factorSid = enrolled.ADMIN_TOTP_FACTOR_SID;
      return { SESSION_SECRET, ...enrolled };
    },
  });
  ({ emulator, functions } = stack);
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const call = jsonCaller(() => functions.url, bodies);

describe('TOTP sign-in through the Functions and the emulator', () => {
  test('password → "code from your authenticator app" → session that reads admin data', async () => {
    const step1 = await call('/admin-session', { body: ADMIN });
    expect(step1.status).toBe(200);
    expect(step1.body).toEqual({
      status: 'code-required',
      pendingToken: expect.any(String),
      expiresAt: expect.any(String),
      channel: 'totp',
      from: 'your authenticator app',
    });
    // Nothing was texted.
    expect(emulator.verify.codes()).toEqual([]);

    const wrong = await call('/admin-session', {
      body: { pendingToken: step1.body.pendingToken, code: wrongTotpCode(emulator, factorSid) },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({
      error: 'wrong-code',
      message: expect.stringMatching(/not right.*authenticator app/),
    });

    const step2 = await call('/admin-session', {
      body: { pendingToken: step1.body.pendingToken, code: currentTotpCode(emulator, factorSid) },
    });
    expect(step2.status).toBe(200);
    expect(step2.body).toMatchObject({ status: 'signed-in', twoFactor: 'totp', username: 'ops' });
    expect(step2.headers.get('cache-control')).toBe('no-store');

    const signIns = await call('/admin-events?action=sign-in', {
      authorization: `Bearer ${step2.body.token}`,
    });
    expect(signIns.status).toBe(200);
    expect(signIns.body.events.map((e: { reason: string }) => e.reason)).toEqual([
      'signed-in',
      'wrong-code',
      'code-required',
    ]);
    expect(signIns.body.events[0].detail).toEqual({
      step: 'code',
      method: 'password+totp',
      username: 'ops',
    });
  });

  test('the password alone (Basic) reaches no admin data', async () => {
    const basic = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`;
    expect((await call('/admin-events', { authorization: basic })).status).toBe(401);
  });

  test('npm run setup --user asks for the code of the authenticator app', async () => {
    const out: string[] = [];
    const asked: string[] = [];
    const exit = await runSetupCommand(
      ['--url', functions.url, '--user', 'ops', '--plan', '--json'],
      {
        env: { ADMIN_PASSWORD: ADMIN.password },
        print: (line) => out.push(line),
        printErr: () => undefined,
        askCode: async (question) => {
          asked.push(question);
          return currentTotpCode(emulator, factorSid);
        },
      },
    );
    expect(exit).toBe(0);
    expect(asked).toEqual(['Code from your authenticator app: ']);
    expect(JSON.parse(out[0])).toMatchObject({ mode: 'plan', done: true, warnings: [] });
  });

  test('no response held the password or a TOTP secret', () => {
    for (const body of bodies) {
      expect(body).not.toContain(ADMIN.password);
      expect(body).not.toMatch(/otpauth:|secret=/);
    }
  });
});
