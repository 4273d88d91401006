// npm run recover-audit -- [--file <log file>] [--append] [--env <file>] [--scan <n>]
// Reads the Functions' log lines (a file, or stdin), finds the audit events that never reached the
// audit list ({"breaker":"audit","synced":false,…} with no later "audit-flushed"), and prints them,
// one JSON line each. With --append it checks them against the list and appends the missing ones,
// idempotent by id (src/audit/recover-audit.ts). Runbook: docs/OPERATIONS.md, "Recover lost audit
// events". Exit codes: 0 ok, 1 failed, 2 usage.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parseArgs, parseEnv } from 'node:util';
import twilio from 'twilio';
import { jsonLine } from '../src/ops/events-format';
import {
  appendEvents,
  DEFAULT_SCAN_LIMIT,
  findMissingEvents,
  type AuditList,
} from '../src/audit/recover-audit';
import { recoverFromLog } from '../src/audit/recover-from-log';
import { createTwilioGateway } from '../src/twilio/gateway';
import { twilioHttpClient } from '../src/twilio/http-client';
import { describeError } from '../src/twilio/twilio-errors';

const USAGE = `Usage: npm run recover-audit -- [--file <log file>] [--append] [--env <file>] [--scan <n>]
  Reads Function log lines (--file, or stdin), e.g. saved from \`twilio serverless:logs\`, and prints
  the audit events that never reached the audit list, one JSON line each.
  --append  also append them to the audit list (Sync), skipping every id already among its newest
            --scan items (default ${DEFAULT_SCAN_LIMIT.toLocaleString('en-US')}): running it twice appends nothing twice.
            Needs ACCOUNT_SID and AUTH_TOKEN (the service's main account) and, unless it is
            'default', SYNC_SERVICE_SID: from the environment or --env (e.g. --env .env).`;

export interface RecoverAuditIo {
  env: Record<string, string | undefined>;
  /** The log when no --file is given. */
  stdin: Readable;
  /** Events, one JSON line each (stdout). */
  print(line: string): void;
  /** What was done (stderr). */
  printErr(line: string): void;
}

class UsageError extends Error {}

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      file: { type: 'string' },
      append: { type: 'boolean', default: false },
      env: { type: 'string' },
      scan: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const scan = values.scan === undefined ? DEFAULT_SCAN_LIMIT : Number(values.scan);
  if (!Number.isInteger(scan) || scan < 0 || scan > 1_000_000) {
    throw new UsageError('--scan must be a whole number from 0 to 1000000');
  }
  return { ...values, scan };
}

async function readLines(file: string | undefined, stdin: Readable): Promise<string[]> {
  if (file !== undefined) return readFileSync(file, 'utf8').split('\n');
  const lines: string[] = [];
  for await (const line of createInterface({ input: stdin, crlfDelay: Infinity })) lines.push(line);
  return lines;
}

/** The audit list of the service whose credentials the environment holds. */
function auditList(env: Record<string, string | undefined>): AuditList {
  const missing = ['ACCOUNT_SID', 'AUTH_TOKEN'].filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    throw new UsageError(`--append needs ${missing.join(' and ')}: set them, or pass --env .env`);
  }
  const http = twilioHttpClient(env, { autoRetry: true, maxRetries: 5, timeoutMs: 10_000 });
  const client = twilio(env.ACCOUNT_SID!.trim(), env.AUTH_TOKEN!.trim(), { httpClient: http });
  const syncServiceSid = env.SYNC_SERVICE_SID?.trim() || 'default';
  return createTwilioGateway({ client, syncServiceSid });
}

export async function runRecoverAudit(argv: string[], io: RecoverAuditIo): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(argv);
  } catch (error) {
    io.printErr(`recover-audit: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    io.print(USAGE);
    return 0;
  }
  const env = options.env ? { ...io.env, ...parseEnv(readFileSync(options.env, 'utf8')) } : io.env;
  const lines = await readLines(options.file, io.stdin);
  if (!options.append) {
    const unsynced = recoverFromLog(lines);
    for (const event of unsynced) io.print(jsonLine(event));
    io.printErr(
      `recover-audit: ${unsynced.length} event(s) never reached the audit list, by the log. ` +
        'Add --append to check the list and append the missing ones.',
    );
    return 0;
  }
  let list: AuditList;
  try {
    list = auditList(env);
  } catch (error) {
    io.printErr(`recover-audit: ${(error as Error).message}`);
    return 2;
  }
  const { missing, alreadyListed, scanned } = await findMissingEvents(lines, list, options.scan);
  for (const event of missing) io.print(jsonLine(event));
  await appendEvents(missing, list);
  io.printErr(
    `recover-audit: appended ${missing.length} event(s); ${alreadyListed} were in the list ` +
      `already (searched its newest ${scanned} item(s)).`,
  );
  return 0;
}

if (require.main === module) {
  runRecoverAudit(process.argv.slice(2), {
    env: process.env,
    stdin: process.stdin,
    print: (line) => console.log(line),
    printErr: (line) => console.error(line),
  }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`recover-audit: ${describeError(error)}`);
      process.exit(1);
    },
  );
}
