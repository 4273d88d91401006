// `npm start` (forced onto the emulator) demonstrates two-factor sign-in: its banner says where the
// emulator keeps the codes, and the setup and events commands sign in to it with the printed
// password and a code read from there.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { ROOT_DIR } from '../../scripts/build';
import { runEventsCommand } from '../../scripts/events-command';
import { runSetupCommand } from '../../scripts/setup-command';

const STARTUP_MS = 90_000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Stops the process group this test started (npm → tsx → sandbox → twilio-run), by its id. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

describe('the sandbox with two-factor sign-in', () => {
  let child: ChildProcess;
  let output = '';
  let tempDir: string;

  afterAll(async () => {
    if (child) await stopGroup(child);
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  test('prints where the codes are; the commands sign in with password + code', async () => {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'sandbox-2fa-'));
    const [port, emulatorPort] = [await freePort(), await freePort()];
    const envFile = path.join(tempDir, '.env');
    child = spawn(
      'npm',
      [
        'start',
        '--',
        '--emulator',
        '--port',
        String(port),
        '--emulator-port',
        String(emulatorPort),
      ].concat(['--subaccounts', '2', '--sandbox-env', envFile]),
      { cwd: ROOT_DIR, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + STARTUP_MS;
    while (!output.includes('Ctrl+C stops everything') && Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const env = parseEnv(await readFile(envFile, 'utf8'));
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
