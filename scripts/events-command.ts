// npm run events -- --url https://breaker-1234-dev.twil.io (--user admin | --token …) [filters]
//                    [--json] [--follow]
// Prints the audit list of a deployed (or sandbox) service: the latest events, oldest first, as a
// table or JSON lines; --follow then polls and prints only new ones. Signs in like every admin
// command (admin-sign-in.ts): an API token with the read scope, or the password (ADMIN_PASSWORD or
// a prompt, never echoed or printed) and, with two-factor sign-in on, a one-time code.
// Exit codes: 0 ok, 1 failed, 2 usage.
import { parseArgs } from 'node:util';
import {
  EventsCommandError,
  fetchEventsPage,
  serviceUrl,
  type EventsClientOptions,
  type EventsFilters,
} from '../src/ops/events-client';
import { jsonLine, tableHeader, tableRow } from '../src/ops/events-format';
import { createFollower, latestEvents, type ReadPage } from '../src/ops/follow-events';
import type { AuditEvent } from '../src/audit/audit-event';
import { systemClock } from '../src/runtime/clock';
import {
  AdminSignInError,
  commandAuthorization,
  SIGN_IN_OPTIONS,
  type SignInIo,
} from './admin-sign-in';
import { PromptError } from './prompt-hidden';

const USAGE = `Usage: npm run events -- --url <service base URL> (--user <admin> | --token <API token>)
         [--account AC…] [--action suspended,alerted,…] [--since <ISO date>] [--until <ISO date>]
         [--limit <n, default 50>] [--json] [--follow [--interval <seconds, default 5>]]
  --url      e.g. https://breaker-1234-dev.twil.io (or env BREAKER_URL); the sandbox prints its URL.
             https:// only (plain http:// only to this machine)
  --user     admin username (or env ADMIN_USERNAME); the password is read from env ADMIN_PASSWORD
             or asked for, without echo; with two-factor sign-in on, the code is asked for too
  --token    an API token with the read scope (or env ADMIN_TOKEN), e.g. for a long --follow
  --json     one JSON object per line instead of a table
  --follow   keep polling and print new events as they arrive (Ctrl-C stops)`;

export interface EventsCommandIo extends SignInIo {
  print(line: string): void;
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
  /** Warnings and sign-in notes, apart from the output (stderr unless given). */
  printErr?(line: string): void;
  /** Aborting stops --follow cleanly. */
  signal?: AbortSignal;
}

class UsageError extends Error {}

function wholeNumber(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
  fallback: number,
) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return n;
}

function parse(argv: string[], env: EventsCommandIo['env']) {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...SIGN_IN_OPTIONS,
      account: { type: 'string' },
      action: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      follow: { type: 'boolean', default: false },
      interval: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const url = values.url ?? env.BREAKER_URL;
  const username = values.user ?? env.ADMIN_USERNAME;
  const token = values.token ?? env.ADMIN_TOKEN;
  if (values.help) return null;
  if (!url || (!username && !token)) throw new UsageError('Missing --url, or --user/--token.');
  serviceUrl(url);
  const filters: EventsFilters = {
    account: values.account,
    action: values.action,
    since: values.since,
    until: values.until,
  };
  return {
    url,
    username,
    token,
    filters,
    json: values.json,
    follow: values.follow,
    limit: wholeNumber(values.limit, 'limit', 0, 10_000, 50),
    intervalMs: wholeNumber(values.interval, 'interval', 1, 300, 5) * 1000,
  };
}

export async function runEventsCommand(argv: string[], io: EventsCommandIo): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(argv, io.env);
  } catch (error) {
    io.print(`events: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!options) {
    io.print(USAGE);
    return 0;
  }
  const warn = io.printErr ?? ((line: string) => console.error(line));
  const auth = await commandAuthorization({
    ...io,
    url: options.url,
    token: options.token,
    username: options.username,
    note: warn,
  }).catch((error: unknown) => {
    // One error class for everything this command reports.
    throw error instanceof AdminSignInError ? new EventsCommandError(error.message) : error;
  });
  if (auth.warning) warn(`events: WARNING: ${auth.warning}`);
  const client: EventsClientOptions = {
    url: options.url,
    authorization: auth.authorization,
    fetch: io.fetch,
  };
  const readPage: ReadPage = (cursor, pageSize) =>
    fetchEventsPage(client, options.filters, cursor, pageSize);
  const show = (events: AuditEvent[]) => {
    for (const event of events) io.print(options.json ? jsonLine(event) : tableRow(event));
  };

  // With --follow and --limit 0, the newest event is still read, so that only newer ones print.
  const latest = await latestEvents(readPage, Math.max(options.limit, options.follow ? 1 : 0));
  if (!options.json) io.print(tableHeader());
  show(latest.slice(Math.max(0, latest.length - options.limit)));
  if (!options.follow) return 0;

  const signal = io.signal ?? new AbortController().signal;
  const sleep = io.sleep ?? systemClock.sleep;
  const follower = createFollower(
    readPage,
    latest.map((e) => e.id),
  );
  let failures = 0;
  while (!signal.aborted) {
    await sleep(options.intervalMs * 2 ** Math.min(failures, 4), signal);
    if (signal.aborted) break;
    try {
      show(await follower.poll());
      failures = 0;
    } catch (error) {
      if (!(error instanceof EventsCommandError && error.retryable)) throw error;
      failures += 1;
      io.print(`events: ${error.message} Retrying.`);
    }
  }
  return 0;
}

if (require.main === module) {
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  runEventsCommand(process.argv.slice(2), {
    env: process.env,
    print: (line) => console.log(line),
    signal: stop.signal,
  }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const known = error instanceof EventsCommandError || error instanceof PromptError;
      console.error(`events: ${known ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
