// npm run events -- --url https://breaker-1234-dev.twil.io (--user admin | --token …) [filters]
//                    [--json] [--follow]
// Prints the audit list of a deployed (or sandbox) service: the latest events, newest first like
// the dashboard, as a table or JSON lines; --follow prints oldest first and then only new ones, as
// a log grows. The filters are checked before signing in, so a typo never costs a password and a
// code. Signs in like every admin command (admin-sign-in.ts): an API token with the read scope, or
// the password (ADMIN_PASSWORD or a prompt, never echoed or printed) and, with two-factor sign-in
// on, a one-time code. Exit codes: 0 ok, 1 failed, 2 usage.
import { AdminRequestError } from '../src/admin/admin-request-error';
import { parseEventsQuery } from '../src/ops/events-query';
import {
  EventsCommandError,
  fetchEventsPage,
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
  serviceTarget,
  SIGN_IN_OPTIONS,
  type SignInIo,
} from './admin-sign-in';
import { parseCommandArgs, UsageError } from './command-args';
import { PromptError } from './prompt-hidden';

const USAGE = `Usage: npm run events -- --url <service base URL> (--user <admin> | --token <API token>)
         [--account <name or SID>] [--action suspended,alerted,…] [--exclude sign-in,…]
         [--since <ISO date>] [--until <ISO date>] [--limit <n, default 50>] [--oldest-first]
         [--json] [--follow [--interval <seconds, default 5>]]
  --url      e.g. https://breaker-1234-dev.twil.io (or env BREAKER_URL); the sandbox prints its URL.
             https:// only (plain http:// only to this machine)
  --user     admin username (or env ADMIN_USERNAME); the password is read from env ADMIN_PASSWORD
             or asked for, without echo; with two-factor sign-in on, the code is asked for too
  --token    an API token with the read scope (or env ADMIN_TOKEN), e.g. for a long --follow.
             Give --user or --token, not both; a flag beats the environment
  --account  a friendly name (or part of it), or an account SID or its start
  --exclude  actions to leave out, e.g. --exclude sign-in
  --oldest-first  oldest at the top (the default is newest first, as in the dashboard)
  --json     one JSON object per line instead of a table
  --follow   print the latest oldest first, then new events as they arrive (Ctrl-C stops)
  Times are UTC.`;

export interface EventsCommandIo extends SignInIo {
  print(line: string): void;
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
  /** Warnings and sign-in notes, apart from the output (stderr unless given). */
  printErr?(line: string): void;
  /** Aborting stops --follow cleanly. */
  signal?: AbortSignal;
}

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

/** The service's own check of the filters, run here first; its words, with the flags' names. */
function checkFilters(filters: EventsFilters): void {
  try {
    parseEventsQuery({ ...filters });
  } catch (error) {
    if (!(error instanceof AdminRequestError)) throw error;
    throw new UsageError(
      error.message.replace(/^(\w+)/, '--$1').replace(/ after until$/, ' after --until'),
    );
  }
}

function parse(argv: string[], env: EventsCommandIo['env']) {
  const values = parseCommandArgs(argv, {
    ...SIGN_IN_OPTIONS,
    account: { type: 'string' },
    action: { type: 'string' },
    exclude: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    limit: { type: 'string' },
    'oldest-first': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    follow: { type: 'boolean', default: false },
    interval: { type: 'string' },
    help: { type: 'boolean', default: false },
  });
  if (values.help) return null;
  const { url, signIn } = serviceTarget(values, env);
  const filters: EventsFilters = {
    account: values.account,
    action: values.action,
    exclude: values.exclude,
    since: values.since,
    until: values.until,
  };
  checkFilters(filters);
  return {
    url,
    signIn,
    filters,
    json: values.json,
    follow: values.follow,
    oldestFirst: values['oldest-first'] || values.follow,
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
  const { note, ...signIn } = options.signIn;
  if (note) warn(`events: ${note}`);
  const auth = await commandAuthorization({
    ...io,
    url: options.url,
    ...signIn,
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
  const shown = latest.slice(0, options.limit);
  show(options.oldestFirst ? [...shown].reverse() : shown);
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
