import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../emulator';
import { parseCliArgs } from '../../emulator/cli';
import { parseSeed, seedFriendlyNames } from '../../emulator/seed';

const FAKE_SID = `AC${'ab'.repeat(16)}`;
const seedFile = (content: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'emulator-seed-')), 'seed.json');
  writeFileSync(file, content);
  return file;
};

describe('seeding', () => {
  it('names N demo subaccounts, or takes the names given', () => {
    expect(seedFriendlyNames({ subaccounts: 2 })).toEqual([
      'Demo Customer 001',
      'Demo Customer 002',
    ]);
    expect(seedFriendlyNames({ subaccounts: [{ friendlyName: 'Acme' }] })).toEqual(['Acme']);
    expect(seedFriendlyNames(undefined)).toEqual([]);
  });

  it('says what is wrong with a bad seed', () => {
    expect(() => parseSeed({ subaccounts: -1 })).toThrow(/subaccounts/);
    expect(() => parseSeed({ accounts: 3 })).toThrow(/Expected \{"subaccounts": 5\}/);
  });

  it('starts with the seeded subaccounts and the given, deterministic main credentials', async () => {
    const emulator = await startEmulator({
      mainAccountSid: FAKE_SID,
      mainAuthToken: 'fake-token-for-tests',
      seed: { subaccounts: [{ friendlyName: 'Acme' }, { friendlyName: 'Globex' }] },
    });
    try {
      expect(emulator.mainAccount).toEqual({ sid: FAKE_SID, authToken: 'fake-token-for-tests' });
      const subs = emulator.accounts.list().slice(1);
      expect(subs.map((a) => a.friendly_name)).toEqual(['Acme', 'Globex']);
      expect(subs.every((a) => a.owner_account_sid === FAKE_SID)).toBe(true);
      expect(new Set(subs.map((a) => a.auth_token)).size).toBe(2);
    } finally {
      await emulator.close();
    }
  });

  it('refuses a non-loopback host, a malformed main SID and an evaluation interval of 0', async () => {
    await expect(startEmulator({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
    await expect(startEmulator({ mainAccountSid: 'AC123' })).rejects.toThrow(/32 lowercase hex/);
    await expect(startEmulator({ evaluationIntervalMs: 0 })).rejects.toThrow(
      /evaluationIntervalMs/,
    );
  });
});

describe('cli', () => {
  it('turns flags into options; a seed file wins over --subaccounts', () => {
    expect(parseCliArgs(['--port', '0', '--subaccounts', '5', '--latency', '50'])).toMatchObject({
      port: 0,
      seed: { subaccounts: 5 },
      latencyMs: 50,
    });
    const file = seedFile('{"subaccounts": [{"friendlyName": "From file"}]}');
    expect(parseCliArgs(['--seed-file', file, '--subaccounts', '9'])).toMatchObject({
      seed: { subaccounts: [{ friendlyName: 'From file' }] },
    });
    expect(parseCliArgs([])).toMatchObject({ port: 3010, seed: { subaccounts: 3 } });
    expect(() => parseCliArgs(['--latency', 'fast'])).toThrow(/--latency needs a whole number/);
    expect(parseCliArgs(['--evaluation-interval', '60000'])).toMatchObject({
      evaluationIntervalMs: 60_000,
    });
    expect(() => parseCliArgs(['--evaluation-interval', '0'])).toThrow(/at least 1/);
    expect(() => parseCliArgs(['--seed-file', seedFile('{')])).toThrow(/Cannot read seed file/);
  });

  it('starts a server from the command line and prints its URL and labelled credentials', async () => {
    const child = spawn(
      process.execPath,
      [require.resolve('tsx/cli'), 'emulator/cli.ts', '--port', '0', '--subaccounts', '2'],
      { cwd: join(__dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 15_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m && /main Auth Token: .*local fake/.test(out)) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`cli exited ${code}: ${out}`));
        });
      });
      expect(out).toMatch(/main Account SID:\s+AC[0-9a-f]{32}/);
      const health = await fetch(`${url}/__emulator/accounts`);
      expect(((await health.json()) as { accounts: unknown[] }).accounts).toHaveLength(3);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
