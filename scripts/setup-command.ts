// npm run setup -- --url https://breaker-1234-dev.twil.io (--user admin | --token …) [--plan] [--json]
// Drives the deployed (or sandbox) setup Function to the end of a run, showing progress, and prints
// the summary. Signs in like every admin command (admin-sign-in.ts): an API token, or the password
// (from ADMIN_PASSWORD or a prompt, never echoed or printed) and, with two-factor sign-in on, a
// one-time code. Exit codes: 0 done, 3 done but some subaccounts failed (see the list), 1 could
// not finish.
import { ServiceUrlError } from '../src/admin/service-url';
import { driveSetup, SetupCommandError, type DriveResult } from '../src/setup/drive-setup';
import type { TriggerAction } from '../src/setup/plan';
import { describeRule } from '../src/setup/rules';
import type { SetupResult } from '../src/setup/run-setup';
import {
  AdminSignInError,
  commandAuthorization,
  serviceTarget,
  SIGN_IN_OPTIONS,
  type SignInIo,
} from './admin-sign-in';
import { parseCommandArgs, UsageError } from './command-args';
import { PromptError } from './prompt-hidden';

const USAGE = `Usage: npm run setup -- --url <service base URL> (--user <admin> | --token <API token>)
                     [--plan] [--json] [--budget <ms>] [--cursor <cursor from an unfinished run>]
  --url     e.g. https://breaker-1234-dev.twil.io (or env BREAKER_URL); the sandbox prints its URL.
            https:// only (plain http:// only to this machine)
  --user    admin username (or env ADMIN_USERNAME); the password is read from env ADMIN_PASSWORD
            or asked for, without echo; with two-factor sign-in on, the code is asked for too
  --token   an API token with the setup scope (or env ADMIN_TOKEN), for scheduled runs.
            Give --user or --token, not both; a flag beats the environment
  --plan    show what would change, change nothing`;

const n = (value: number) => value.toLocaleString('en-US');

export interface SetupCommandIo extends SignInIo {
  /** The result (stdout). */
  print(line: string): void;
  /** Progress, warnings and errors (stderr). */
  printErr(text: string): void;
  /** True when stderr is a terminal: progress is rewritten in place. */
  interactive?: boolean;
}

/** Two-factor sign-in is off: say so where nobody can miss it. */
function loudWarning(io: SetupCommandIo, warning: string) {
  const bar = '!'.repeat(78);
  const text = `${bar}\n!! WARNING: ${warning}\n${bar}\n`;
  io.printErr(io.interactive ? `\x1b[1;31m${text}\x1b[0m` : text);
}

/** One status line, rewritten in place on a terminal; the run's size is unknown until it ends. */
function progressLine(io: SetupCommandIo, mode: string, started: number) {
  const spinner = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
  let calls = 0;
  return (result: SetupResult) => {
    calls += 1;
    const t = result.totals;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const line =
      `${spinner[calls % spinner.length]} setup ${mode}: ${n(t.seen)} subaccounts · ` +
      `${n(t.writes)} writes · ${n(t.failed)} failed · ${n(t.rateLimited)}×429 · ${calls} calls · ${seconds} s`;
    io.printErr(io.interactive ? `\r\x1b[2K${line}` : `${line}\n`);
  };
}

function describeAction(a: TriggerAction): string {
  switch (a.kind) {
    case 'create':
      return `create ${a.ruleId} at ${a.spec.triggerValue}`;
    case 'replace':
      return `replace ${a.ruleId}: ${a.fromValue} → ${a.spec.triggerValue}`;
    case 'update':
      return `update ${a.ruleId} callback → ${a.changes.callbackUrl}`;
    case 'delete':
      return `delete ${a.friendlyName} (${a.reason})`;
  }
}

function printSummary(io: SetupCommandIo, mode: string, run: DriveResult, seconds: number) {
  const { totals: t, failures, rules } = run.final;
  const verb = mode === 'plan' ? 'would' : 'did';
  const lines = [
    `Setup ${mode}: done in ${run.invocations} calls, ${seconds.toFixed(1)} s (run ${run.final.runId})`,
    `  subaccounts  ${n(t.seen)} seen · ${n(t.reconciled)} reconciled (${n(t.unchanged)} already right) · ` +
      `${n(t.skippedClosed)} closed, skipped · ${n(t.failed)} failed`,
    `  triggers     ${verb} create ${n(t.create)} · replace ${n(t.replace)} · update ${n(t.update)} · ` +
      `delete ${n(t.delete)}  (${n(t.writes)} writes, ${n(t.calls)} Twilio calls, ${n(t.rateLimited)} × 429)`,
    '  rules',
    ...rules.map((rule) => `    ${describeRule(rule)}`),
  ];
  const shown = run.changes.slice(0, 50);
  if (shown.length > 0) lines.push(`  changes (${mode === 'plan' ? 'planned' : 'made'})`);
  for (const change of shown) {
    lines.push(`    ${change.accountSid} ${JSON.stringify(change.friendlyName)}`);
    for (const action of change.actions) lines.push(`      ${describeAction(action)}`);
  }
  const more = run.changes.length - shown.length + run.changesTruncated;
  if (more > 0) lines.push(`    … and ${n(more)} more subaccounts`);
  if (failures.length > 0)
    lines.push(`  failed subaccounts (first ${failures.length} of ${n(t.failed)})`);
  for (const f of failures) lines.push(`    ${f.accountSid}: ${f.error}`);
  io.print(lines.join('\n'));
}

/** The flags, checked before anything is asked for or sent; null for --help. */
function parse(argv: string[], env: SetupCommandIo['env']) {
  const values = parseCommandArgs(argv, {
    ...SIGN_IN_OPTIONS,
    plan: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    budget: { type: 'string' },
    cursor: { type: 'string' },
    help: { type: 'boolean', default: false },
  });
  if (values.help) return null;
  return { values, ...serviceTarget(values, env) };
}

export async function runSetupCommand(argv: string[], io: SetupCommandIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.printErr(`setup: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (!parsed) {
    io.print(USAGE);
    return 0;
  }
  const { values, url } = parsed;
  const { note, ...signIn } = parsed.signIn;
  if (note) io.printErr(`setup: ${note}\n`);
  const auth = await commandAuthorization({
    ...io,
    url,
    ...signIn,
    note: (line) => io.printErr(`${line}\n`),
  });
  if (auth.warning) loudWarning(io, auth.warning);
  const mode = values.plan ? 'plan' : 'apply';
  const started = Date.now();
  const run = await driveSetup({
    url,
    authorization: auth.authorization,
    mode,
    cursor: values.cursor ?? null,
    budgetMs: values.budget ? Number(values.budget) : undefined,
    fetch: io.fetch,
    onProgress: values.json ? undefined : progressLine(io, mode, started),
  });
  if (io.interactive && !values.json) io.printErr('\n');
  const seconds = (Date.now() - started) / 1000;
  if (values.json) {
    const warnings = auth.warning ? [auth.warning] : [];
    io.print(JSON.stringify({ ...run.final, invocations: run.invocations, seconds, warnings }));
  } else printSummary(io, mode, run, seconds);
  return run.final.totals.failed > 0 ? 3 : 0;
}

/** The message to print for an error the command expects, or null for a bug. */
export function commandErrorMessage(error: unknown): string | null {
  const known =
    error instanceof SetupCommandError ||
    error instanceof AdminSignInError ||
    error instanceof ServiceUrlError ||
    error instanceof PromptError;
  return known ? (error as Error).message : null;
}

if (require.main === module) {
  runSetupCommand(process.argv.slice(2), {
    env: process.env,
    print: (line) => console.log(line),
    printErr: (text) => process.stderr.write(text),
    interactive: process.stderr.isTTY,
  }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (process.stderr.isTTY) process.stderr.write('\n');
      const message = commandErrorMessage(error) ?? String(error);
      console.error(`setup: ${message}`);
      if (error instanceof SetupCommandError && error.cursor) {
        console.error(`To resume this run: npm run setup -- … --cursor ${error.cursor}`);
      }
      process.exit(1);
    },
  );
}
