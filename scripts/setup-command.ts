// npm run setup -- --url https://breaker-1234-dev.twil.io --user admin [--plan] [--json]
// Drives the deployed (or sandbox) setup Function to the end of a run, showing progress, and prints
// the summary. The password comes from ADMIN_PASSWORD or a prompt and is never echoed or printed.
// Exit codes: 0 done, 3 done but some subaccounts failed (see the list), 1 could not finish.
import { parseArgs } from 'node:util';
import { driveSetup, SetupCommandError, type DriveResult } from '../src/setup/drive-setup';
import type { TriggerAction } from '../src/setup/plan';
import { describeRule } from '../src/setup/rules';
import type { SetupResult } from '../src/setup/run-setup';

const USAGE = `Usage: npm run setup -- --url <service base URL> [--user <admin>] [--plan] [--json]
                     [--budget <ms>] [--cursor <cursor from an unfinished run>]
  --url     e.g. https://breaker-1234-dev.twil.io (or env BREAKER_URL); the sandbox prints its URL
  --user    admin username (or env ADMIN_USERNAME); the password is read from env ADMIN_PASSWORD
            or asked for, without echo
  --plan    show what would change, change nothing`;

const n = (value: number) => value.toLocaleString('en-US');

function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    return Promise.reject(new SetupCommandError('Set ADMIN_PASSWORD: no terminal to ask for it.'));
  }
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let answer = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          return resolve(answer);
        }
        if (char === '\u0003') {
          finish();
          return reject(new SetupCommandError('Cancelled.'));
        }
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else answer += char;
      }
    };
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}

/** One status line, rewritten in place on a terminal; the run's size is unknown until it ends. */
function progressLine(mode: string, started: number) {
  const spinner = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
  let calls = 0;
  return (result: SetupResult) => {
    calls += 1;
    const t = result.totals;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const line =
      `${spinner[calls % spinner.length]} setup ${mode}: ${n(t.seen)} subaccounts · ` +
      `${n(t.writes)} writes · ${n(t.failed)} failed · ${n(t.rateLimited)}×429 · ${calls} calls · ${seconds} s`;
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${line}`);
    else process.stderr.write(`${line}\n`);
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

function printSummary(mode: string, run: DriveResult, seconds: number) {
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
  console.log(lines.join('\n'));
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      user: { type: 'string' },
      plan: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      budget: { type: 'string' },
      cursor: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const url = values.url ?? process.env.BREAKER_URL;
  const username = values.user ?? process.env.ADMIN_USERNAME;
  if (!url || !username) throw new SetupCommandError(`Missing --url or --user.\n${USAGE}`);
  const password = process.env.ADMIN_PASSWORD || (await promptHidden(`Password for ${username}: `));
  const mode = values.plan ? 'plan' : 'apply';
  const started = Date.now();
  const run = await driveSetup({
    url,
    username,
    password,
    mode,
    cursor: values.cursor ?? null,
    budgetMs: values.budget ? Number(values.budget) : undefined,
    onProgress: values.json ? undefined : progressLine(mode, started),
  });
  if (process.stderr.isTTY && !values.json) process.stderr.write('\n');
  const seconds = (Date.now() - started) / 1000;
  if (values.json)
    console.log(JSON.stringify({ ...run.final, invocations: run.invocations, seconds }));
  else printSummary(mode, run, seconds);
  return run.final.totals.failed > 0 ? 3 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (process.stderr.isTTY) process.stderr.write('\n');
    const message = error instanceof Error ? error.message : String(error);
    console.error(`setup: ${message}`);
    if (error instanceof SetupCommandError && error.cursor) {
      console.error(`To resume this run: npm run setup -- … --cursor ${error.cursor}`);
    }
    process.exit(1);
  },
);
