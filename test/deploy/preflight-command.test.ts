// `npm run preflight` end to end on a scratch copy of the project: the files read as the deploy
// tool reads them, and `--remote` reading the deployed environment through twilio-node's
// Serverless API, here from the emulator (its Serverless v1 resources).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../emulator';
import type { runPreflight as RunPreflight } from '../../scripts/preflight';
import { emulatorClient } from '../support/emulator-twilio';
import { DEPLOYABLE_ENV, dotenvText } from './deployable-env';

const ROOT = path.resolve(__dirname, '../..');
const SERVICE_NAME = 'twilio-subaccount-breaker'; // package.json "name": what twilio-run deploys as

let emulator: Emulator;
let project: string;

beforeEach(async () => {
  emulator = await startEmulator({ seed: { subaccounts: 1 } });
  project = mkdtempSync(path.join(os.tmpdir(), 'preflight-'));
  for (const file of ['package.json', '.env.example', '.twilioserverlessrc', 'functions']) {
    cpSync(path.join(ROOT, file), path.join(project, file), { recursive: true });
  }
  writeEnv({});
});
afterEach(async () => {
  rmSync(project, { recursive: true, force: true });
  await emulator.close();
});

function writeEnv(extra: Record<string, string>) {
  const env = {
    ...DEPLOYABLE_ENV,
    ACCOUNT_SID: emulator.mainAccount.sid,
    AUTH_TOKEN: emulator.mainAccount.authToken,
    ...extra,
  };
  writeFileSync(path.join(project, '.env'), dotenvText(env));
}

async function run(argv: string[], env: Record<string, string> = {}) {
  // twilio-run keeps the first .twilioserverlessrc it reads for the life of the process (one
  // command, one project): each run gets fresh modules, as each `npm run preflight` would.
  let runPreflight!: typeof RunPreflight;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ runPreflight } = require('../../scripts/preflight') as {
      runPreflight: typeof RunPreflight;
    });
  });
  const lines: string[] = [];
  const code = await runPreflight(argv, { root: project, env, print: (l) => lines.push(l) });
  return { code, output: lines.join('\n') };
}

/** What an earlier deploy left in the dev environment. */
async function deployedDev(variables: Record<string, string>) {
  const serverless = emulatorClient(emulator).serverless.v1;
  const service = await serverless.services.create({
    uniqueName: SERVICE_NAME,
    friendlyName: SERVICE_NAME,
  });
  const dev = await serverless
    .services(service.sid)
    .environments.create({ uniqueName: 'dev-environment', domainSuffix: 'dev' });
  for (const [key, value] of Object.entries(variables)) {
    await serverless.services(service.sid).environments(dev.sid).variables.create({ key, value });
  }
  return service.sid;
}

describe('npm run preflight', () => {
  it('passes the project as it is, with a complete .env', async () => {
    const { code, output } = await run([]);
    expect(output).toBe('Preflight passed: npm run build && twilio serverless:deploy');
    expect(code).toBe(0);
  });

  it('refuses what the files say: the handler in package.json, the runtime, an empty variable', async () => {
    const pkgPath = path.join(project, 'package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
      dependencies: Record<string, string>;
    };
    pkg.dependencies['@twilio/runtime-handler'] = '2.1.0';
    writeFileSync(pkgPath, JSON.stringify(pkg));
    writeFileSync(
      path.join(project, '.twilioserverlessrc'),
      '{ "functionsFolder": "dist/functions" }',
    );
    writeEnv({ BREAKER_ALLOWLIST: '' });
    const { code, output } = await run([]);
    expect(code).toBe(1);
    expect(output).toMatch(
      /✗ @twilio\/runtime-handler 2\.1\.0 is not a version Twilio's build accepts/,
    );
    expect(output).toMatch(/✗ runtime \(\.twilioserverlessrc\) is not set/);
    expect(output).toMatch(/✗ BREAKER_ALLOWLIST is empty/);
    expect(output).toMatch(/Preflight failed: fix the 3 problem\(s\) above/);
  });

  it('--remote lists a stale deployed variable with the exact unset command', async () => {
    const serviceSid = await deployedDev({
      SYNC_SERVICE_SID: 'default',
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'a-long-fake-passphrase',
      // Cleared in .env since the last deploy: still live on the service.
      BREAKER_ALLOWLIST: `AC${'1'.repeat(32)}`,
    });
    const { code, output } = await run(['--remote', '--emulator', emulator.url]);
    expect(output).toContain(`Compared with ${SERVICE_NAME}-`);
    expect(output).toContain(
      '✗ BREAKER_ALLOWLIST is deployed but not in .env (or empty there): its old value is still live:',
    );
    expect(output).toContain(
      `    twilio serverless:env:unset --key BREAKER_ALLOWLIST --service-sid ${serviceSid} --environment dev`,
    );
    expect(code).toBe(1);
  });

  it('--remote shows a differing value with its set command, a secret without its value', async () => {
    const serviceSid = await deployedDev({
      SYNC_SERVICE_SID: 'IS' + '0'.repeat(32),
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'an-old-fake-passphrase',
    });
    // `npm run preflight --remote` (without --) reaches the script as npm_config_remote.
    const { code, output } = await run(['--emulator', emulator.url], { npm_config_remote: 'true' });
    expect(output).toContain(
      `twilio serverless:env:set --key SYNC_SERVICE_SID --value 'default' --service-sid ${serviceSid} --environment dev`,
    );
    expect(output).toContain(
      `twilio serverless:env:set --key ADMIN_PASSWORD --value "<ADMIN_PASSWORD from .env>" --service-sid ${serviceSid}`,
    );
    expect(output).not.toContain('passphrase');
    // Only differences the next deploy fixes: it may go ahead.
    expect(code).toBe(0);
  });

  it('--remote says so when nothing is deployed yet', async () => {
    const { code, output } = await run(['--remote', '--emulator', emulator.url]);
    expect(output).toContain(`No service ${SERVICE_NAME} on ${emulator.mainAccount.sid}`);
    expect(code).toBe(0);
  });
});
