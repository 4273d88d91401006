// `npm start`: the breaker running locally in one command.
// - .env holds real ACCOUNT_SID/AUTH_TOKEN (and no TWILIO_API_EMULATOR_URL): build, then twilio-run
//   against Twilio with that .env.
// - Otherwise: the Twilio API emulator in this process, seeded with demo subaccounts; its main account
//   and URL go into .sandbox/.env; build; twilio-run (forking per request, as its CLI does) with
//   that env, so every Twilio call the Functions make lands on the emulator.
// Flags: --port (or PORT, default 3000) for the Functions, --emulator-port (or EMULATOR_PORT,
// default 3010), --subaccounts (default 5), --sandbox-env (default .sandbox/.env), --emulator (use the
// emulator even when .env has real credentials), --password-only (no two-factor sign-in: shows the
// dashboard's warning), --totp (the second factor is a TOTP factor instead of SMS). With the
// emulator, the admin signs in with a password and a one-time code from the emulator's Verify, read
// through its control endpoint (the banner says where): the code it "texted", or with --totp the
// code an authenticator app would show now.
// A port another program holds is refused before anything starts (sandbox-ports.ts); the banner is
// kept findable (sandbox-banner.ts): twilio-run's own route list is quieted, Enter prints the banner
// again, and Ctrl+C says what stopped.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDotenv } from './twilio-run-dotenv';
import { startEmulator } from '../emulator';
import { systemClock } from '../src/runtime/clock';
import { build, ROOT_DIR, type BuildResult } from './build';
import { parseCommandArgs, UsageError } from './command-args';
import { emulatorEnv, toDotenv } from './emulator-env';
import { reprintOnEnter, sandboxBanner, saveBanner } from './sandbox-banner';
import { SANDBOX_ENV_FILE } from './sandbox-paths';
import { assertPortFree, SandboxError, waitForBreaker, type PortUse } from './sandbox-ports';
import { setUpSandbox } from './sandbox-setup';
import { startTwilioRun, stopIfStarted, superviseUntilExit } from './sandbox-supervise';
import { SANDBOX_ADMIN_PHONE, sandboxTwoFactor } from './sandbox-two-factor';

const USER_ENV_FILE = path.join(ROOT_DIR, '.env');
const READY_TIMEOUT_MS = 60_000;

interface SandboxOptions {
  port: number;
  emulatorPort: number;
  subaccounts: number;
  /** Where the Functions' env is written (default .sandbox/.env; tests use a temp file). */
  envFile: string;
  /** Use the emulator even when .env has real credentials. */
  forceEmulator: boolean;
  /** No two-factor sign-in in the emulator sandbox. */
  passwordOnly: boolean;
  /** A TOTP factor (an authenticator app) as the second factor instead of SMS. */
  totp: boolean;
}

function wholeNumber(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new UsageError(`--${name} needs a whole number, got "${raw}"`);
  return value;
}

function parseOptions(argv: string[]): SandboxOptions {
  const values = parseCommandArgs(argv, {
    port: { type: 'string' },
    'emulator-port': { type: 'string' },
    subaccounts: { type: 'string' },
    'sandbox-env': { type: 'string' },
    emulator: { type: 'boolean', default: false },
    'password-only': { type: 'boolean', default: false },
    totp: { type: 'boolean', default: false },
  });
  if (values.totp && values['password-only']) {
    throw new UsageError('--totp and --password-only do not go together: pick one');
  }
  return {
    port: wholeNumber('port', values.port ?? process.env.PORT, 3000),
    emulatorPort: wholeNumber(
      'emulator-port',
      values['emulator-port'] ?? process.env.EMULATOR_PORT,
      3010,
    ),
    subaccounts: wholeNumber('subaccounts', values.subaccounts, 5),
    envFile: path.resolve(values['sandbox-env'] ?? SANDBOX_ENV_FILE),
    forceEmulator: values.emulator === true,
    passwordOnly: values['password-only'] === true,
    totp: values.totp === true,
  };
}

/** True when .env can talk to the real Twilio: a real-looking SID, a token, no emulator redirect. */
export function hasRealCredentials(env: Record<string, string | undefined>): boolean {
  return (
    /^AC[0-9a-f]{32}$/i.test(env.ACCOUNT_SID?.trim() ?? '') &&
    Boolean(env.AUTH_TOKEN?.trim()) &&
    !env.TWILIO_API_EMULATOR_URL?.trim()
  );
}

function readEnvFile(file: string): Record<string, string | undefined> {
  return existsSync(file) ? parseDotenv(readFileSync(file, 'utf8')) : {};
}

/** The breaker's settings from .env (e.g. BREAKER_DRY_RUN), without anything that names an account. */
function settingsFrom(env: Record<string, string | undefined>): Record<string, string> {
  const credentials = new Set(['ACCOUNT_SID', 'AUTH_TOKEN', 'TWILIO_API_EMULATOR_URL']);
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => !credentials.has(entry[0]) && Boolean(entry[1]?.trim()),
    ),
  );
}

const functionsPort = (port: number): PortUse => ({
  port,
  flag: '--port',
  what: "the breaker's Functions",
});

/** Waits for GET /health to answer as this breaker (not another program on the port). */
function waitForFunctions(port: number, child: ChildProcess): Promise<void> {
  return waitForBreaker(functionsPort(port), `http://localhost:${port}/health`, {
    clock: systemClock,
    exitCode: () => child.exitCode,
    timeoutMs: READY_TIMEOUT_MS,
  });
}

/** Both ports free, before anything starts: never half a sandbox on someone else's server. */
async function checkPorts(options: SandboxOptions, withEmulator: boolean): Promise<void> {
  await assertPortFree(functionsPort(options.port));
  if (withEmulator) {
    const what = 'the Twilio API emulator';
    await assertPortFree({ port: options.emulatorPort, flag: '--emulator-port', what });
  }
}

function functionUrls(result: BuildResult, functionsUrl: string): string[] {
  return result.functions.map((file) => {
    const route = file.replace(/^functions\//, '').replace(/(\.protected|\.private)?\.js$/, '');
    return `${functionsUrl}/${route}`;
  });
}

async function runAgainstTwilio(options: SandboxOptions): Promise<void> {
  console.log('Real credentials found in .env: running twilio-run against Twilio (no emulator).');
  await checkPorts(options, false);
  await build();
  const child = startTwilioRun(USER_ENV_FILE, options.port);
  superviseUntilExit(child, null, { port: options.port, emulatorPort: null });
  await waitForFunctions(options.port, child);
  console.log(
    '\nUsage Triggers need a public URL to call: expose this server (e.g. `npx twilio-run start --ngrok`)\n' +
      'or deploy with `npm run build && twilio serverless:deploy`.',
  );
}

/** The dashboard needs admin credentials: .env's if it has them, else a fresh local pair. */
function sandboxAdmin(settings: Record<string, string>): { username: string; password: string } {
  return {
    username: settings.ADMIN_USERNAME ?? 'admin',
    password: settings.ADMIN_PASSWORD ?? `sandbox-${randomBytes(9).toString('base64url')}`,
  };
}

async function runAgainstEmulator(options: SandboxOptions): Promise<void> {
  await checkPorts(options, true);
  const emulator = await startEmulator({
    port: options.emulatorPort,
    seed: { subaccounts: options.subaccounts },
  });
  const settings = settingsFrom(readEnvFile(USER_ENV_FILE));
  const admin = sandboxAdmin(settings);
  const twoFactor = await sandboxTwoFactor(emulator, settings, options);
  mkdirSync(path.dirname(options.envFile), { recursive: true });
  writeFileSync(
    options.envFile,
    toDotenv(
      {
        // Alerts land in the emulator's message log (nothing is sent), so the demo shows them.
        BREAKER_ALERT_SMS_FROM: '+15555550199',
        BREAKER_ALERT_SMS_TO: SANDBOX_ADMIN_PHONE,
        ...settings,
        ADMIN_USERNAME: admin.username,
        ADMIN_PASSWORD: admin.password,
        ...twoFactor.env,
        ...emulatorEnv(emulator),
      },
      "# Written by `npm start`: the emulator's main account (valid only there) and the\n" +
        '# non-credential settings of .env, if any.\n',
    ),
  );
  const result = await build();
  const child = startTwilioRun(options.envFile, options.port);
  superviseUntilExit(child, emulator, options);
  const functionsUrl = `http://localhost:${options.port}`;
  await waitForFunctions(options.port, child);

  const banner = sandboxBanner({
    functionUrls: functionUrls(result, functionsUrl),
    functionsUrl,
    emulator,
    envFile: options.envFile,
    setupLines: await setUpSandbox({ emulator, functionsUrl }),
    admin: { ...admin, fromEnv: Boolean(settings.ADMIN_PASSWORD) },
    twoFactorLines: twoFactor.lines,
  });
  saveBanner(options.envFile, banner);
  const show = () => console.log(`\n${banner}\n`);
  show();
  reprintOnEnter(process.stdin, show);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const useTwilio = !options.forceEmulator && hasRealCredentials(readEnvFile(USER_ENV_FILE));
  await (useTwilio ? runAgainstTwilio(options) : runAgainstEmulator(options));
}

if (require.main === module) {
  main().catch(async (err: unknown) => {
    const known = err instanceof SandboxError || err instanceof UsageError;
    console.error(known ? `npm start: ${err.message}` : err instanceof Error ? err.message : err);
    await stopIfStarted(1);
    process.exit(err instanceof UsageError ? 2 : 1);
  });
}
