// Every refusal of the deploy preflight, on the project's own .env.example and package.json, with
// what twilio-run would upload computed by twilio-run's own filter.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { filterEnvVariablesForDeploy } from 'twilio-run/dist/config/utils/env';
import { documentedVariables } from '../../src/config/env-example';
import { estimateContextBytes } from '../../src/deploy/context-size';
import { preflight, type PreflightInput } from '../../src/deploy/preflight';
import { DEPLOYABLE_ENV } from './deployable-env';

const ROOT = path.resolve(__dirname, '../..');
const documented = documentedVariables(readFileSync(path.join(ROOT, '.env.example'), 'utf8'));
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

const VALID = DEPLOYABLE_ENV;
const SERVICE = {
  name: 'twilio-subaccount-breaker',
  environmentSuffix: 'dev',
  longestPath: '/admin-reactivate',
};

function check(env: Record<string, string>, changes: Partial<PreflightInput> = {}) {
  return preflight({
    env,
    uploaded: filterEnvVariablesForDeploy(env) as Record<string, string>,
    envFile: '.env',
    documented,
    dependencies: pkg.dependencies,
    runtime: 'node22',
    service: SERVICE,
    ...changes,
  });
}

const subjects = (env: Record<string, string>, changes?: Partial<PreflightInput>) =>
  check(env, changes).map((p) => p.subject);

describe('npm run preflight', () => {
  it('passes a complete .env with the pinned handler and runtime', () => {
    expect(check(VALID)).toEqual([]);
  });

  it('refuses a value over 450 bytes, naming it', () => {
    const [problem] = check({ ...VALID, BREAKER_ALLOWLIST: `AC${'1'.repeat(32)},`.repeat(13) });
    expect(problem).toMatchObject({ subject: 'BREAKER_ALLOWLIST', problem: /455 bytes/ });
    expect(problem.fix).toMatch(/Sync/);
  });

  it('refuses a Function context estimated over 3 KB (error 82006), though each value fits', () => {
    // Seven variables of 440 bytes: each under the limit, together over it.
    const big = Object.fromEntries(
      Array.from({ length: 7 }, (_, i) => [`EXTRA_NOTE_${i}`, 'x'.repeat(440)]),
    );
    const env = { ...VALID, ...big };
    const uploaded = filterEnvVariablesForDeploy(env) as Record<string, string>;
    expect(estimateContextBytes(uploaded, SERVICE)).toBeGreaterThan(3072);
    const problems = check(env);
    expect(problems).toEqual([
      expect.objectContaining({
        subject: 'the Function context',
        problem: expect.stringMatching(/82006/),
      }),
    ]);
  });

  it('refuses an empty variable: twilio-run would leave the deployed value live', () => {
    const problems = check({ ...VALID, BREAKER_ALLOWLIST: '' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ subject: 'BREAKER_ALLOWLIST', problem: /empty/ });
    expect(problems[0].fix).toContain('twilio serverless:env:unset --key BREAKER_ALLOWLIST');
  });

  it('refuses TWILIO_API_EMULATOR_URL, set or empty', () => {
    for (const value of ['http://127.0.0.1:3010', '']) {
      const [problem] = check({ ...VALID, TWILIO_API_EMULATOR_URL: value });
      expect(problem.subject).toBe('TWILIO_API_EMULATOR_URL');
      expect(problem.fix).toMatch(/delete the line/);
    }
  });

  it('refuses a missing required variable, once, with where to set it', () => {
    const { ADMIN_PASSWORD: _dropped, ...rest } = VALID;
    void _dropped;
    const problems = check(rest);
    expect(problems).toEqual([
      { subject: 'ADMIN_PASSWORD', problem: 'is required but missing', fix: expect.any(String) },
    ]);
    expect(subjects({ ...VALID, ADMIN_USERNAME: '' })).toEqual(['ADMIN_USERNAME']);
  });

  it("refuses a handler version Twilio's build would refuse, and a range", () => {
    for (const version of ['2.1.0', '^2.0.1']) {
      const [problem] = check(VALID, {
        dependencies: { ...pkg.dependencies, '@twilio/runtime-handler': version },
      });
      expect(problem).toMatchObject({ subject: '@twilio/runtime-handler', problem: /Error 20001/ });
      expect(problem.fix).toContain('@twilio/runtime-handler@2.0.1');
    }
  });

  it('refuses a missing or unaccepted runtime', () => {
    expect(subjects(VALID, { runtime: undefined })).toEqual(['runtime (.twilioserverlessrc)']);
    const [node18] = check(VALID, { runtime: 'node18' });
    expect(node18.problem).toMatch(/2025-11-10/);
    const [node24] = check(VALID, { runtime: 'node24' });
    expect(node24.problem).toMatch(/2\.1\.2/);
  });

  it("refuses what the Functions' own config would refuse", () => {
    const problems = check({ ...VALID, BREAKER_ALERT_SMS_TO: '+15005550001', SETUP_RULES: 'nope' });
    expect(problems.map((p) => p.subject).sort()).toEqual([
      'BREAKER_ALERT_SMS_FROM',
      'SETUP_RULES',
    ]);
    expect(problems.find((p) => p.subject === 'SETUP_RULES')?.problem).toMatch(/^is invalid/);
  });
});
