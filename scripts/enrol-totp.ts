// npm run enrol-totp -- [--env <file>] [--service VA…] [--identity <id>] [--name <label>]
// Enrols the admin's authenticator app as the second factor of the admin sign-in: creates a TOTP
// factor in the Verify service, shows its secret ONCE (the otpauth:// URI an app reads, and the
// base32 secret to type in by hand), asks for the app's first code to verify the factor, and prints
// the variables to set. It talks to Twilio with the account's own credentials from .env (or
// --env, e.g. the sandbox's .sandbox/.env, where TWILIO_API_EMULATOR_URL sends it to the emulator):
// twilio-node always uses https:// to Twilio, and the emulator redirect takes loopback URLs only,
// so nothing goes over plain http to another machine. Nothing is written to any file.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import twilio from 'twilio';
import { createVerifyGateway, type TotpFactorRef } from '../src/twilio/gateway';
import { emulatorTarget, EmulatorTargetError, twilioHttpClient } from '../src/twilio/http-client';
import { redactSecrets, TwilioNotFoundError } from '../src/twilio/twilio-errors';
import { PromptError, promptLine } from './prompt-hidden';
import { ROOT_DIR, SANDBOX_ENV_FILE } from './sandbox-paths';
import { parseDotenv } from './twilio-run-dotenv';

const USAGE = `Usage: npm run enrol-totp -- [--env <file>] [--service VA…] [--identity <id>] [--name <label>]
  --env       where ACCOUNT_SID and AUTH_TOKEN are (default .env; without credentials there,
              the running sandbox's .sandbox/.env)
  --service   the Verify service (default VERIFY_SERVICE_SID from that file)
  --identity  the Verify entity of the admin (default a new random one; never personal data)
  --name      the account name the authenticator app shows (default ADMIN_USERNAME, or "admin")`;

/** Verify allows 5 codes while verifying a factor (60310), then the factor is useless. */
const CODE_TRIES = 5;
const IDENTITY = /^(?=.{8,64}$)[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/;
const NO_TERMINAL =
  'enrol-totp asks for the first code of the authenticator app: run it in a terminal.';

export class EnrolError extends Error {}

export interface EnrolIo {
  /** The result, the secret included (stdout: the person's terminal). */
  print(line: string): void;
  /** Notes and wrong-code messages (stderr). */
  printErr(line: string): void;
  askCode?(question: string): Promise<string>;
  /** Where .env and .sandbox/.env are looked for (tests: a temp dir). */
  rootDir?: string;
}

type Env = Record<string, string | undefined>;

const hasCredentials = (env: Env) => Boolean(env.ACCOUNT_SID?.trim() && env.AUTH_TOKEN?.trim());

function readCredentials(given: string | undefined, rootDir: string): { file: string; env: Env } {
  const read = (file: string) => parseDotenv(readFileSync(file, 'utf8')) as Env;
  if (given) {
    if (!existsSync(given)) throw new EnrolError(`--env ${given}: no such file.`);
    return { file: given, env: read(given) };
  }
  const dotEnv = path.join(rootDir, '.env');
  if (existsSync(dotEnv) && hasCredentials(read(dotEnv)))
    return { file: dotEnv, env: read(dotEnv) };
  const sandbox = path.join(rootDir, path.relative(ROOT_DIR, SANDBOX_ENV_FILE));
  if (existsSync(sandbox)) return { file: sandbox, env: read(sandbox) };
  throw new EnrolError(
    'No credentials: put ACCOUNT_SID and AUTH_TOKEN in .env, or start the sandbox (npm start).',
  );
}

interface Settings {
  file: string;
  accountSid: string;
  authToken: string;
  emulatorUrl: string;
  ref: Omit<TotpFactorRef, 'factorSid'>;
  name: string;
}

function settingsOf(argv: string[], rootDir: string): Settings {
  const { values } = parseArgs({
    args: argv,
    options: {
      env: { type: 'string' },
      service: { type: 'string' },
      identity: { type: 'string' },
      name: { type: 'string' },
    },
  });
  const { file, env } = readCredentials(values.env, rootDir);
  const where = path.relative(process.cwd(), file) || file;
  const accountSid = env.ACCOUNT_SID?.trim() ?? '';
  const authToken = env.AUTH_TOKEN?.trim() ?? '';
  if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid) || !authToken) {
    throw new EnrolError(`${where} needs ACCOUNT_SID (AC…) and AUTH_TOKEN of the main account.`);
  }
  // Checked before anything is sent: the redirect goes to this machine only.
  const emulatorUrl = env.TWILIO_API_EMULATOR_URL?.trim() ?? '';
  if (emulatorUrl) emulatorTarget(emulatorUrl);
  const serviceSid = (values.service ?? env.VERIFY_SERVICE_SID ?? '').trim();
  if (!/^VA[0-9a-fA-F]{32}$/.test(serviceSid)) {
    throw new EnrolError(
      `No Verify service: set VERIFY_SERVICE_SID in ${where} or pass --service VA… ` +
        '(create one with `twilio api:verify:v2:services:create --friendly-name "Breaker admin"`).',
    );
  }
  const identity = values.identity ?? randomUUID();
  if (!IDENTITY.test(identity)) {
    throw new EnrolError('--identity must be 8-64 letters and digits, dashes between them.');
  }
  const name = (values.name ?? env.ADMIN_USERNAME ?? 'admin').trim() || 'admin';
  if (name.length > 64) throw new EnrolError('--name must be at most 64 characters.');
  return { file: where, accountSid, authToken, emulatorUrl, ref: { serviceSid, identity }, name };
}

export async function runEnrolTotp(argv: string[], io: EnrolIo): Promise<number> {
  if (argv.includes('--help')) {
    io.print(USAGE);
    return 0;
  }
  const s = settingsOf(argv, io.rootDir ?? ROOT_DIR);
  const httpClient = twilioHttpClient(
    { TWILIO_API_EMULATOR_URL: s.emulatorUrl },
    { autoRetry: false, maxRetries: 0, timeoutMs: 10_000 },
  );
  const verify = createVerifyGateway(twilio(s.accountSid, s.authToken, { httpClient }));
  const target = s.emulatorUrl ? `the emulator at ${s.emulatorUrl}` : 'Twilio';
  io.printErr(`Using the credentials of ${s.accountSid} from ${s.file}, talking to ${target}.`);

  const created = await verify
    .createTotpFactor(s.ref.serviceSid, s.ref.identity, s.name)
    .catch((error: unknown) => {
      if (!(error instanceof TwilioNotFoundError)) throw error;
      throw new EnrolError(`Verify service ${s.ref.serviceSid} not found for ${s.accountSid}.`);
    });
  const factor: TotpFactorRef = { ...s.ref, factorSid: created.factorSid };
  io.print(
    [
      `Created TOTP factor ${factor.factorSid} (identity ${factor.identity}).`,
      '',
      'Add it to your authenticator app NOW. This secret is shown this once and kept nowhere else;',
      'anyone who sees it can make codes: do not paste it into chats, tickets or logs.',
      `  link (or QR code of it): ${created.uri}`,
      `  secret, to type it in:   ${created.secret}`,
      '',
    ].join('\n'),
  );

  const ask = io.askCode ?? ((question: string) => promptLine(question, NO_TERMINAL));
  for (let attempt = 1; attempt <= CODE_TRIES; attempt += 1) {
    const code = (await ask('First code from the authenticator app: ')).trim();
    if (!/^\d{3,8}$/.test(code)) {
      io.printErr('The code is the 6 digits the app shows for this account.');
      continue;
    }
    const outcome = await verify.verifyTotpFactor(factor, code);
    if (outcome === 'verified') return done(io, factor);
    if (outcome === 'too-many-attempts') break;
    io.printErr('That code is not right: type the code the app shows now (it changes every 30 s).');
  }
  throw new EnrolError(
    `The factor ${factor.factorSid} stays unverified and cannot be used: run enrol-totp again ` +
      '(and check the phone clock is set automatically).',
  );
}

function done(io: EnrolIo, factor: TotpFactorRef): number {
  io.print(
    [
      'Verified. Set these in .env (or the service environment variables), then deploy:',
      '',
      `VERIFY_SERVICE_SID=${factor.serviceSid}`,
      `ADMIN_TOTP_IDENTITY=${factor.identity}`,
      `ADMIN_TOTP_FACTOR_SID=${factor.factorSid}`,
      'ADMIN_PHONE=',
      '',
      'ADMIN_PHONE stays empty: one second factor at a time. SESSION_SECRET must be set too.',
      'Sign-in then asks for the code of the authenticator app (docs/OPERATIONS.md, section 2a).',
    ].join('\n'),
  );
  return 0;
}

if (require.main === module) {
  runEnrolTotp(process.argv.slice(2), {
    print: (line) => console.log(line),
    printErr: (line) => console.error(line),
  }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const known =
        error instanceof EnrolError ||
        error instanceof EmulatorTargetError ||
        error instanceof PromptError;
      const message = error instanceof Error ? error.message : String(error);
      console.error(`enrol-totp: ${known ? message : redactSecrets(message)}`);
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) console.error(USAGE);
      process.exit(1);
    },
  );
}
