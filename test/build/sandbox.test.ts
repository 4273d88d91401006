// `npm start` as a newcomer runs it (forced onto the emulator, on random ports, with its env file in
// a temp dir), then `npm run simulate` against it: the sandbox must answer HTTP and deliver the
// demo subaccount's trigger callbacks to the local Functions. Its banner stays findable (no route
// list after it, Enter prints it again, a copy beside the env file), and Ctrl+C says what stopped.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT_DIR } from '../../scripts/build';
import { stoppedMessage } from '../../scripts/sandbox-banner';
import { startSandbox, type SandboxProcess } from '../support/sandbox-process';

const STARTUP_MS = 60_000;

describe('npm start (sandbox)', () => {
  let sandbox: SandboxProcess;

  afterAll(() => sandbox?.stop());

  it('serves the Functions and the emulator, and simulate fires a demo trigger at them', async () => {
    sandbox = await startSandbox();
    const { port, emulatorPort } = sandbox;

    const health = await sandbox.waitForHttp(`http://localhost:${port}/health`, STARTUP_MS);
    expect(await health.json()).toMatchObject({ ok: true });
    const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    const emulator = await sandbox.waitForHttp(`${emulatorUrl}/__emulator/health`, STARTUP_MS);
    expect(await emulator.json()).toMatchObject({ ok: true });

    // The banner comes after setup, which runs once the Functions answer.
    await sandbox.waitForOutput('npm run simulate', STARTUP_MS);
    const output = sandbox.output();
    expect(output).toContain(`http://localhost:${port}/health`);
    expect(output).toContain(emulatorUrl);
    expect(output).toMatch(/1\. AC[0-9a-f]{32}/);
    expect(output).toMatch(/5\. AC[0-9a-f]{32}/);

    const { stdout } = await promisify(execFile)(
      'npm',
      [
        'run',
        'simulate',
        '--',
        '--subaccount',
        '1',
        '--price',
        '500',
        '--emulator',
        emulatorUrl,
        '--sandbox-env',
        sandbox.envFile,
      ],
      { cwd: ROOT_DIR, timeout: 30_000 },
    );
    const fired = stdout.match(
      new RegExp(`fired: POST http://localhost:${port}/breaker\\?tier=`, 'g'),
    );
    expect(fired?.length ?? 0).toBeGreaterThanOrEqual(1);
    expect(stdout).toMatch(/Demo Customer 001 \(AC[0-9a-f]{32}\) is now suspended\./);
    // The day against the thresholds, and what happened in plain words.
    expect(stdout).toContain("Today's total: $500 (warn at $25, trip at $100).");
    expect(stdout).toContain('SUSPENDED: its trip trigger fired at $100.');

    // The banner: twilio-run's route list no longer buries it, and it can be had again.
    expect(output).not.toMatch(/^Assets$/m);
    const bannerFile = path.join(path.dirname(sandbox.envFile), 'banner.txt');
    const banner = readFileSync(bannerFile, 'utf8').trimEnd();
    expect(banner).toMatch(/^Sandbox ready: /);
    expect(banner).toContain('Every start makes new SIDs and a new admin password.');
    expect(banner).toContain(`Press Enter to show this again. It is also in `);
    const shown = () => sandbox.output().split(banner).length - 1;
    expect(shown()).toBe(1);
    sandbox.type('\n');
    for (let i = 0; i < 100 && shown() < 2; i += 1) await new Promise((r) => setTimeout(r, 100));
    expect(shown()).toBe(2);

    // Ctrl+C: one line says what stopped.
    const stopped = stoppedMessage({ port, emulatorPort });
    expect(stopped).toBe(
      `Sandbox stopped: twilio-run on port ${port} and the emulator on port ${emulatorPort} are shut down. ` +
        'The demo subaccounts, their SIDs and the admin password are gone; the next npm start makes new ones.',
    );
    await sandbox.interrupt();
    await sandbox.waitForOutput(stopped, 10_000);
    expect(sandbox.output()).toContain(`\n${stopped}\n`);
    expect(sandbox.output()).not.toContain('twilio-run exited');
  });
});
