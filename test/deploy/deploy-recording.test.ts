// What `twilio serverless:deploy` sends to Twilio, recorded offline: twilio-run's own deploy
// command (the code the Twilio CLI plugin runs) deploys a scratch copy of the project's build, and
// its HTTP layer is answered by a Serverless API double (nock; test/support/serverless-api-double.ts).
// It shows the deploy Twilio accepts (only dist/, a handler and runtime Twilio takes, no variable the
// service must not have) and the two traps the preflight guards against.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stop as stopEsbuild } from 'esbuild';
import { cliInfo, handler } from 'twilio-run/dist/commands/deploy';
import { build, listFiles } from '../../scripts/build';
import {
  isAcceptedHandlerVersion,
  NEVER_UPLOADED,
  PINNED_RUNTIME,
  RUNTIME_HANDLER_VERSIONS_ON_TWILIO,
} from '../../src/deploy/twilio-platform';
import {
  startServerlessApiDouble,
  type DoubleOptions,
  type ServerlessApiDouble,
} from '../support/serverless-api-double';
import { DEPLOYABLE_ENV, dotenvText } from './deployable-env';

const ROOT = path.resolve(__dirname, '../..');
const SERVICE = 'twilio-subaccount-breaker';
const ENV = DEPLOYABLE_ENV;

let project: string;
let double: ServerlessApiDouble | undefined;

beforeAll(async () => {
  project = mkdtempSync(path.join(os.tmpdir(), 'deploy-recording-'));
  // The sources too, as in the real project (twilio-run refuses a folder without functions/ or
  // assets/): only dist/ must be uploaded.
  for (const entry of ['.twilioserverlessrc', 'functions', 'assets']) {
    cpSync(path.join(ROOT, entry), path.join(project, entry), { recursive: true });
  }
  await build({ outDir: path.join(project, 'dist') });
});
afterAll(async () => {
  rmSync(project, { recursive: true, force: true });
  // The build's esbuild service would keep a run-in-band jest from exiting.
  await stopEsbuild();
});
afterEach(() => {
  double?.stop();
  jest.restoreAllMocks();
});

function writeProject(env: Record<string, string>, handlerVersion?: string) {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  if (handlerVersion) pkg.dependencies['@twilio/runtime-handler'] = handlerVersion;
  writeFileSync(path.join(project, 'package.json'), JSON.stringify(pkg));
  writeFileSync(path.join(project, '.env'), dotenvText(env));
  rmSync(path.join(project, '.twiliodeployinfo'), { force: true });
}

const camel = (flag: string) => flag.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());

/** `twilio-run deploy` as its CLI would call it: every flag at its default, cwd the project. */
async function deploy(options: DoubleOptions): Promise<ServerlessApiDouble> {
  double = startServerlessApiDouble(options);
  const flags: Record<string, unknown> = Object.fromEntries(
    Object.entries(cliInfo.options as Record<string, { default?: unknown }>)
      .filter(([, option]) => 'default' in option)
      .map(([name, option]) => [camel(name), option.default]),
  );
  jest.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Error(`twilio-run deploy exited with ${code}`);
  });
  // Its spinner and printed summary are not what this test reads.
  for (const stream of [process.stdout, process.stderr]) {
    jest.spyOn(stream, 'write').mockImplementation(() => true);
  }
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  // What yargs adds: the program and the command.
  const argv = { ...flags, $0: 'twilio-run', _: ['deploy'], cwd: project, logLevel: 'none' };
  await handler(argv as never, undefined);
  return double;
}

describe('twilio serverless:deploy, recorded', () => {
  it('uploads only dist/, in a Build with an accepted handler and the pinned runtime, and no variable the service must not have', async () => {
    writeProject(ENV);
    const sent = await deploy({ acceptedHandlerVersions: RUNTIME_HANDLER_VERSIONS_ON_TWILIO });

    const functions = (await listFiles(path.join(ROOT, 'functions'))).filter((f) =>
      f.endsWith('.ts'),
    );
    const assets = await listFiles(path.join(project, 'dist', 'assets'));
    const uploaded = (kind: 'Functions' | 'Assets') =>
      sent.uploads
        .filter((u) => u.kind === kind)
        .map((u) => u.path)
        .sort();
    expect(uploaded('Functions')).toEqual(
      functions.map((f) => `/${f.replace(/\.ts$/, '')}`).sort(),
    );
    expect(uploaded('Assets')).toEqual(assets.map((f) => `/${f}`).sort());
    // Exactly the built files: each Function is the bundle in dist/, never the TypeScript source.
    for (const upload of sent.uploads.filter((u) => u.kind === 'Functions')) {
      const built = readFileSync(path.join(project, 'dist/functions', `${upload.path}.js`), 'utf8');
      expect(upload.content).toBe(built);
    }

    expect(sent.builds).toHaveLength(1);
    const [buildSent] = sent.builds;
    expect(buildSent.runtime).toBe(PINNED_RUNTIME);
    const handlerDependency = buildSent.dependencies.find(
      (d) => d.name === '@twilio/runtime-handler',
    );
    expect(isAcceptedHandlerVersion(handlerDependency?.version ?? '')).toBe(true);
    expect(buildSent.status).toBe('completed');

    const variables = sent.variables();
    for (const name of [...NEVER_UPLOADED, 'TWILIO_API_EMULATOR_URL']) {
      expect(variables).not.toHaveProperty(name);
    }
    const { ACCOUNT_SID: _sid, AUTH_TOKEN: _token, ...expected } = ENV;
    void _sid;
    void _token;
    expect(variables).toEqual(expected);
    // The Build went live in the dev environment.
    expect(sent.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: expect.stringMatching(/\/Environments\/ZE\w+\/Deployments$/),
    });
  });

  it("with npm's latest handler (2.1.0) the Build fails, after the Service, Functions and Assets were created", async () => {
    writeProject(ENV, '2.1.0');
    await expect(
      deploy({ acceptedHandlerVersions: RUNTIME_HANDLER_VERSIONS_ON_TWILIO }),
    ).rejects.toThrow(/exited with 1/);
    const created = double!.requests
      .filter((r) => r.method === 'POST')
      .map((r) => r.path.replace(/\/(Z[A-Z])\d{32}/g, '/$1…'));
    expect(created[0]).toBe('/v1/Services');
    expect(created).toContain('/v1/Services/ZS…/Functions');
    expect(created).toContain('/v1/Services/ZS…/Assets');
    expect(created.at(-1)).toBe('/v1/Services/ZS…/Builds');
    expect(double!.builds.map((b) => b.status)).toEqual(['failed']);
  });

  it('drops an empty variable and never deletes the deployed one: its old value stays live', async () => {
    const stale = `AC${'1'.repeat(32)}`;
    writeProject({ ...ENV, BREAKER_ALLOWLIST: '' });
    const sent = await deploy({
      acceptedHandlerVersions: RUNTIME_HANDLER_VERSIONS_ON_TWILIO,
      existing: { serviceName: SERVICE, variables: { BREAKER_ALLOWLIST: stale } },
    });
    expect(sent.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(sent.variables().BREAKER_ALLOWLIST).toBe(stale);
  });
});
