// `npm run emulator -- --port 3010 --subaccounts 5 --seed-file seed.json --latency 50`
// Starts the Twilio API emulator on 127.0.0.1 and prints how to point twilio-node at it.
import { parseArgs } from 'node:util';
import { startEmulator, type Emulator, type EmulatorOptions } from './index';
import { loadSeedFile, type SeedSpec } from './seed';

const USAGE = `Usage: npm run emulator -- [options]
  --port <n>             port on 127.0.0.1 (default 3010; 0 = any free port)
  --subaccounts <n>      demo subaccounts "Demo Customer 001"… (default 3)
  --seed-file <path>     JSON {"subaccounts": 5} or {"subaccounts": [{"friendlyName": "Acme"}]}
  --latency <ms>         delay added to every API request
  --concurrency <n>      requests served at once before answering 429 (default: no cap)
  --evaluation-interval <ms>  how often Usage Triggers are evaluated (default 1000; Twilio: ~60000)
  --account-sid <AC…>    main Account SID (default: random)
  --auth-token <token>   main Auth Token (default: random)`;

export class CliUsageError extends Error {}

function integer(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new CliUsageError(`--${name} needs a whole number >= 0, got "${raw}"`);
  }
  return value;
}

function positive(name: string, raw: string | undefined): number | undefined {
  const value = integer(name, raw);
  if (value === 0) throw new CliUsageError(`--${name} must be at least 1`);
  return value;
}

/** Turns command-line flags into emulator options; --seed-file wins over --subaccounts. */
export function parseCliArgs(argv: string[]): EmulatorOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        port: { type: 'string' },
        subaccounts: { type: 'string' },
        'seed-file': { type: 'string' },
        latency: { type: 'string' },
        concurrency: { type: 'string' },
        'evaluation-interval': { type: 'string' },
        'account-sid': { type: 'string' },
        'auth-token': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const seed: SeedSpec = values['seed-file']
    ? loadSeedFile(values['seed-file'])
    : { subaccounts: integer('subaccounts', values.subaccounts) ?? 3 };
  return {
    port: integer('port', values.port) ?? 3010,
    seed,
    latencyMs: integer('latency', values.latency),
    concurrencyLimit: integer('concurrency', values.concurrency),
    evaluationIntervalMs: positive('evaluation-interval', values['evaluation-interval']),
    mainAccountSid: values['account-sid'],
    mainAuthToken: values['auth-token'],
  };
}

export function describeEmulator(emulator: Emulator): string {
  const subaccounts = emulator.accounts.list().filter((a) => a.sid !== emulator.mainAccount.sid);
  return [
    `Twilio API emulator listening on ${emulator.url}`,
    `  main Account SID:  ${emulator.mainAccount.sid}`,
    `  main Auth Token:   ${emulator.mainAccount.authToken}   (a local fake, valid only here)`,
    `  subaccounts:       ${subaccounts.length} (GET ${emulator.url}/__emulator/accounts)`,
    `  Usage Triggers:    evaluated every ${emulator.usage.evaluationIntervalMs} ms (Twilio: about once a minute)`,
    `  point the project at it: TWILIO_API_EMULATOR_URL=${emulator.url}`,
    `  control endpoints: ${emulator.url}/__emulator/… (see docs/EMULATOR.md)`,
  ].join('\n');
}

async function main(): Promise<void> {
  let options: EmulatorOptions | 'help';
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const emulator = await startEmulator(options);
  console.log(describeEmulator(emulator));
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`Emulator failed to start: ${(error as Error).message}`);
    process.exit(1);
  });
}
