// `npm start` as a newcomer runs it (forced onto the emulator, on random ports, with its env file in
// a temp dir), then `npm run simulate` against it: the sandbox must answer HTTP and deliver the
// demo subaccount's trigger callbacks to the local Functions.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT_DIR } from '../../scripts/build';

const STARTUP_MS = 60_000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<Response> {
  const deadline = Date.now() + STARTUP_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output()}`);
    const res = await fetch(url).catch(() => null);
    if (res && res.status < 500) return res;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer in ${STARTUP_MS} ms:\n${output()}`);
}

/** Stops the whole process group we started (npm → tsx → sandbox → twilio-run), by its id. */
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

describe('npm start (sandbox)', () => {
  let child: ChildProcess;
  let output = '';
  let tempDir: string;

  afterAll(async () => {
    if (child) await stopGroup(child);
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it('serves the Functions and the emulator, and simulate fires a demo trigger at them', async () => {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'sandbox-'));
    const [port, emulatorPort] = [await freePort(), await freePort()];
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
        '--sandbox-env',
        path.join(tempDir, '.env'),
      ],
      { cwd: ROOT_DIR, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

    const health = await waitFor(`http://localhost:${port}/health`, child, () => output);
    expect(await health.json()).toMatchObject({ ok: true });
    const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    const emulator = await waitFor(`${emulatorUrl}/__emulator/health`, child, () => output);
    expect(await emulator.json()).toMatchObject({ ok: true });

    // The banner comes after setup, which runs once the Functions answer.
    const deadline = Date.now() + STARTUP_MS;
    while (!output.includes('npm run simulate') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(output).toContain(`http://localhost:${port}/health`);
    expect(output).toContain(emulatorUrl);
    expect(output).toMatch(/1\. AC[0-9a-f]{32}/);
    expect(output).toMatch(/5\. AC[0-9a-f]{32}/);

    const { stdout } = await promisify(execFile)(
      'npm',
      ['run', 'simulate', '--', '--subaccount', '1', '--price', '500', '--emulator', emulatorUrl],
      { cwd: ROOT_DIR, timeout: 30_000 },
    );
    const fired = stdout.match(
      new RegExp(`fired: POST http://localhost:${port}/breaker\\?tier=`, 'g'),
    );
    expect(fired?.length ?? 0).toBeGreaterThanOrEqual(1);
    expect(stdout).toMatch(/Demo Customer 001 \(AC[0-9a-f]{32}\) is now (active|suspended)\./);
  }, 120_000);
});
