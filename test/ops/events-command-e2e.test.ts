// `npm run events` end to end: the command's code → twilio-run (the built admin Functions) → the
// emulator's Sync list.
import { runEventsCommand, type EventsCommandIo } from '../../scripts/events-command';
import type { AuditEvent } from '../../src/audit/audit-event';
import { AUDIT_LIST } from '../../src/audit/sync-names';
import { EventsCommandError } from '../../src/ops/events-client';
import type { TwilioGateway } from '../../src/twilio/gateway';
import { startAdminStack, type AdminStack } from '../support/admin-stack';
import type { FunctionsServer } from '../support/functions-server';

const ADMIN = { username: 'ops', password: 'fake-admin-password-cli' };
const ACME = 'AC' + 'a'.repeat(32);
const OTHER = 'AC' + 'b'.repeat(32);

let stack: AdminStack;
let functions: FunctionsServer;
let gateway: TwilioGateway;
let counter = 0;

beforeAll(async () => {
  stack = await startAdminStack({ admin: ADMIN });
  ({ functions, gateway } = stack);
});

afterAll(() => stack?.stop());

async function append(
  accountSid: string,
  action: AuditEvent['action'] = 'suspended',
  friendlyName = `Customer ${counter + 1}`,
) {
  counter += 1;
  const event: AuditEvent = {
    id: `ev-cli-${counter}`,
    time: new Date(Date.UTC(2024, 4, 1) + counter * 1000).toISOString(),
    source: 'breaker',
    action,
    reason: 'trip',
    outcome: 'ok',
    durationMs: 3,
    accountSid,
    friendlyName,
  };
  await gateway.appendListItem(AUDIT_LIST, event);
  return event.id;
}

function io(extra: Partial<EventsCommandIo> = {}) {
  const lines: string[] = [];
  const value: EventsCommandIo = {
    env: { ADMIN_PASSWORD: ADMIN.password },
    print: (line) => lines.push(line),
    ...extra,
  };
  return { io: value, lines };
}

const base = () => ['--url', functions.url, '--user', ADMIN.username];

describe('npm run events', () => {
  test('prints the filtered audit list as JSON lines, then only new events with --follow', async () => {
    const before = [await append(ACME), await append(OTHER), await append(ACME, 'alerted')];
    const stop = new AbortController();
    let sleeps = 0;
    const added: string[] = [];
    const { io: cli, lines } = io({
      signal: stop.signal,
      sleep: async (ms) => {
        expect(ms).toBe(1000);
        sleeps += 1;
        if (sleeps === 1) added.push(await append(ACME), await append(OTHER), await append(ACME));
        if (sleeps === 3) stop.abort();
      },
    });
    const code = await runEventsCommand(
      [...base(), '--account', ACME, '--json', '--follow', '--interval', '1'],
      cli,
    );
    expect(code).toBe(0);
    const printed = lines.map((line) => (JSON.parse(line) as AuditEvent).id);
    expect(printed).toEqual([before[0], before[2], added[0], added[2]]);
  });

  test('prints a table, newest first like the dashboard (or oldest first), filtered by action', async () => {
    const ids = [await append(ACME, 'failed'), await append(ACME, 'failed')];
    const idsOf = (lines: string[]) =>
      lines.slice(1).map((line) => `ev-cli-${Number(line.slice(17, 19))}`);
    const newest = io();
    const args = [...base(), '--action', 'failed', '--limit', '5'];
    expect(await runEventsCommand(args, newest.io)).toBe(0);
    expect(newest.lines[0]).toMatch(/^TIME\s+ACTION\s+OUTCOME\s+ACCOUNT\s+NAME\s+WHAT$/);
    expect(newest.lines.slice(1).map((line) => line.split(/\s+/)[1])).toEqual(['failed', 'failed']);
    expect(idsOf(newest.lines)).toEqual([...ids].reverse());
    const oldest = io();
    expect(await runEventsCommand([...args, '--oldest-first'], oldest.io)).toBe(0);
    expect(idsOf(oldest.lines)).toEqual(ids);
  });

  test('finds an account by name, and leaves out excluded actions', async () => {
    const named = await append(OTHER, 'alerted', 'Initech Europe');
    const signIn = await append(OTHER, 'sign-in');
    const { io: cli, lines } = io();
    const args = [...base(), '--account', 'initech', '--json'];
    expect(await runEventsCommand(args, cli)).toBe(0);
    expect(lines.map((line) => (JSON.parse(line) as AuditEvent).id)).toEqual([named]);
    const all = io();
    const exclude = [...base(), '--account', OTHER.slice(0, 8), '--exclude', 'sign-in', '--json'];
    expect(await runEventsCommand(exclude, all.io)).toBe(0);
    const printed = all.lines.map((line) => (JSON.parse(line) as AuditEvent).id);
    expect(printed).toContain(named);
    expect(printed).not.toContain(signIn);
  });

  test('asks for the password when ADMIN_PASSWORD is unset, and never prints it', async () => {
    const questions: string[] = [];
    const { io: cli, lines } = io({
      env: {},
      askPassword: async (question) => {
        questions.push(question);
        return ADMIN.password;
      },
    });
    expect(await runEventsCommand([...base(), '--limit', '1'], cli)).toBe(0);
    expect(questions).toEqual([`Password for ${ADMIN.username}: `]);
    expect(lines.join('\n')).not.toContain(ADMIN.password);
  });

  test('a wrong password fails with a clear message; bad usage exits 2', async () => {
    const { io: cli } = io({ env: { ADMIN_PASSWORD: 'not-the-password' } });
    await expect(runEventsCommand(base(), cli)).rejects.toThrow(EventsCommandError);
    await expect(runEventsCommand(base(), cli)).rejects.toThrow(/Wrong admin username or password/);
    const usage = io();
    expect(await runEventsCommand(['--user', 'ops'], usage.io)).toBe(2);
    expect(await runEventsCommand([...base(), '--limit', 'lots'], usage.io)).toBe(2);
    expect(usage.lines.join('\n')).toMatch(/Usage: npm run events/);
  });
});
