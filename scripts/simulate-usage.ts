// `npm run simulate -- --subaccount <SID or 1-based index> --price 500 [--category totalprice]`
// Adds usage to a sandbox subaccount through the emulator's control endpoint, as fraud would, waits
// for the emulator's next trigger evaluation (Twilio evaluates about once a minute; the sandbox's
// emulator every second) and prints each Usage Trigger callback it fired. The emulator comes from
// .sandbox/.env (written by `npm start`) unless --emulator <url> says otherwise.
import { existsSync, readFileSync } from 'node:fs';
import twilio from 'twilio';
import { createTwilioGateway } from '../src/twilio/gateway';
import { emulatorTarget, twilioHttpClient } from '../src/twilio/http-client';
import { isAccountSid } from '../src/twilio/sids';
import { parseCommandArgs, UsageError } from './command-args';
import { SANDBOX_ENV_FILE } from './sandbox-paths';
import { describeSimulation } from './simulate-outcome';
import { parseDotenv } from './twilio-run-dotenv';

const USAGE = `Usage: npm run simulate -- --subaccount <SID or 1-based index> --price <USD>
  --category <name>   Twilio usage category (default totalprice)
  --count <n>         add to the count instead of (or besides) the price
  --usage <n>         add to the usage (minutes, segments…)
  --emulator <url>    default: TWILIO_API_EMULATOR_URL from .sandbox/.env
  --sandbox-env <f>   the sandbox's env file (default .sandbox/.env): its credentials let simulate
                      read the day's total and the triggers, and say what happened
  --help              this text`;

interface SimulateOptions {
  subaccount: string;
  category: string;
  amounts: { price?: number; count?: number; usage?: number };
  emulator: string;
  /** The emulator's main account credentials, when the sandbox's env file has them. */
  main: { sid: string; token: string } | null;
}

interface AccountSummary {
  sid: string;
  friendly_name: string;
  status: string;
  is_main: boolean;
}

interface FiredCallback {
  url: string;
  method: string;
  status: number | 'network-error';
  params: Record<string, string>;
  error?: string;
  /** When the evaluation that fired it ran (the emulator's clock). */
  firedAt: string;
}

interface UsageAnswer {
  fired: FiredCallback[];
  intervalMs: number;
}

function readSandboxEnv(file: string): Record<string, string | undefined> {
  return existsSync(file) ? parseDotenv(readFileSync(file, 'utf8')) : {};
}

function sandboxEmulatorUrl(file: string): string {
  const url = readSandboxEnv(file).TWILIO_API_EMULATOR_URL;
  if (!url)
    throw new UsageError(
      'No sandbox found: start one with `npm start` (or pass --emulator <url>).',
    );
  return url;
}

/** The options, or null for --help. */
export function parseSimulateArgs(argv: string[]): SimulateOptions | null {
  const values = parseCommandArgs(argv, {
    subaccount: { type: 'string' },
    category: { type: 'string', default: 'totalprice' },
    price: { type: 'string' },
    count: { type: 'string' },
    usage: { type: 'string' },
    emulator: { type: 'string' },
    'sandbox-env': { type: 'string', default: SANDBOX_ENV_FILE },
    help: { type: 'boolean', default: false },
  });
  if (values.help) return null;
  if (!values.subaccount) throw new UsageError('--subaccount is required');
  const amounts: SimulateOptions['amounts'] = {};
  for (const name of ['price', 'count', 'usage'] as const) {
    const raw = values[name];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) {
      throw new UsageError(`--${name} must be a positive number, e.g. --${name} 500 (got ${raw})`);
    }
    amounts[name] = value;
  }
  if (Object.keys(amounts).length === 0) throw new UsageError('give --price, --count or --usage');
  const envFile = values['sandbox-env'];
  const env = readSandboxEnv(envFile);
  const main =
    isAccountSid(env.ACCOUNT_SID) && env.AUTH_TOKEN
      ? { sid: env.ACCOUNT_SID, token: env.AUTH_TOKEN }
      : null;
  return {
    subaccount: values.subaccount,
    category: values.category,
    amounts,
    emulator: emulatorTarget(values.emulator ?? sandboxEmulatorUrl(envFile)).href.replace(
      /\/$/,
      '',
    ),
    main,
  };
}

async function control<T>(emulator: string, path: string, body?: object): Promise<T> {
  const res = await fetch(`${emulator}/__emulator/${path}`, {
    method: body ? 'POST' : 'GET',
    headers: body ? { 'content-type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  }).catch(() => {
    throw new UsageError(`The emulator at ${emulator} does not answer: is \`npm start\` running?`);
  });
  const json = (await res.json()) as T & { error?: string };
  if (!res.ok)
    throw new UsageError(`Emulator answered ${res.status}: ${json.error ?? 'no reason given'}`);
  return json;
}

async function resolveSubaccount(emulator: string, wanted: string): Promise<AccountSummary> {
  const { accounts } = await control<{ accounts: AccountSummary[] }>(emulator, 'accounts');
  const subaccounts = accounts.filter((a) => !a.is_main);
  const found = /^\d+$/.test(wanted)
    ? subaccounts[Number(wanted) - 1]
    : subaccounts.find((a) => a.sid === wanted);
  if (!found) {
    throw new UsageError(
      `No subaccount "${wanted}": use a SID or a number from 1 to ${subaccounts.length}.`,
    );
  }
  return found;
}

export async function simulateUsage(options: SimulateOptions): Promise<FiredCallback[]> {
  const account = await resolveSubaccount(options.emulator, options.subaccount);
  const amounts = Object.entries(options.amounts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(
    `Adding ${amounts} of ${options.category} to ${account.sid} (${account.friendly_name})…`,
  );
  const started = Date.now();
  const { fired, intervalMs } = await control<UsageAnswer>(options.emulator, 'usage', {
    accountSid: account.sid,
    category: options.category,
    ...options.amounts,
  });
  const waited = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `Twilio evaluates Usage Triggers about once a minute; this emulator every ${intervalMs / 1000} s. ` +
      `Its next evaluation answered ${waited} s later.`,
  );
  if (fired.length === 0) {
    console.log('No trigger fired: none crossed (or each already fired this period).');
  }
  for (const callback of fired) {
    const outcome = callback.error ? `${callback.status} (${callback.error})` : callback.status;
    const sid = callback.params.UsageTriggerSid ?? '?';
    console.log(
      `Trigger ${sid} fired: ${callback.method} ${callback.url} → ${outcome} (evaluated at ${callback.firedAt})`,
    );
  }
  const after = await resolveSubaccount(options.emulator, account.sid);
  console.log(`${after.friendly_name} (${after.sid}) is now ${after.status}.`);
  if (!options.main) {
    console.log(
      `(No sandbox credentials in --sandbox-env: cannot read the day's total and the triggers.)`,
    );
    return fired;
  }
  // Read as the breaker reads them: the REST API through the project's gateway, main credentials.
  const client = twilio(options.main.sid, options.main.token, {
    httpClient: twilioHttpClient(
      { TWILIO_API_EMULATOR_URL: options.emulator },
      { timeoutMs: 5000 },
    ),
  });
  const gateway = createTwilioGateway({ client });
  const triggers = await gateway.listTriggers(account.sid);
  // The day's total in the category the breaker's trip trigger watches (totalprice by default).
  const trip = triggers.find((t) => t.friendlyName.startsWith('breaker:trip:'));
  const category = trip?.usageCategory ?? 'totalprice';
  const [today, allTime, clock] = await Promise.all([
    gateway.readUsage(account.sid, 'today', category),
    gateway.readUsage(account.sid, 'all-time', category),
    control<{ now: string }>(options.emulator, 'clock'),
  ]);
  const lines = describeSimulation({
    statusBefore: account.status,
    statusAfter: after.status,
    fired,
    triggers,
    today: today.price,
    allTime: allTime.price,
    unit: today.priceUnit,
    now: Date.parse(clock.now),
  });
  for (const line of lines) console.log(line);
  return fired;
}

/** The command as run: answers the exit code (0 ok, 1 failed, 2 usage). */
export async function runSimulate(
  argv: string[],
  io: { print(line: string): void; printErr(line: string): void },
): Promise<number> {
  let options: SimulateOptions | null;
  try {
    options = parseSimulateArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.printErr(`simulate: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (!options) {
    io.print(USAGE);
    return 0;
  }
  try {
    await simulateUsage(options);
    return 0;
  } catch (err) {
    io.printErr(`simulate: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (require.main === module) {
  void runSimulate(process.argv.slice(2), {
    print: (line) => console.log(line),
    printErr: (line) => console.error(line),
  }).then((code) => (process.exitCode = code));
}
