// `npm run recover-audit`: the Functions log (as the audit sink writes it) → the events that never
// reached the audit list → printed, and with --append put in the list once, however often it runs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { startEmulator, type Emulator } from '../../emulator';
import { runRecoverAudit, type RecoverAuditIo } from '../../scripts/recover-audit';
import { emulatorEnv, toDotenv } from '../../scripts/emulator-env';
import type { AuditEvent } from '../../src/audit/audit-event';
import { createAuditSink } from '../../src/audit/audit-sink';
import { AUDIT_LIST } from '../../src/audit/sync-names';
import { createVirtualClock } from '../../src/runtime/virtual-clock';
import { createTwilioGateway, type TwilioGateway } from '../../src/twilio/gateway';
import { TwilioTransientError } from '../../src/twilio/twilio-errors';
import { emulatorClient } from '../support/emulator-twilio';

const event = (n: number): AuditEvent => ({
  id: `ev-recover-${n}`,
  time: new Date(Date.UTC(2025, 5, 1, 12, n)).toISOString(),
  source: 'breaker',
  action: 'suspended',
  reason: 'trip',
  outcome: 'ok',
  durationMs: 40,
  accountSid: 'AC' + n.toString(16).padStart(32, '0'),
});

let emulator: Emulator;
let gateway: TwilioGateway;

beforeAll(async () => {
  emulator = await startEmulator();
  const client = emulatorClient(emulator);
  gateway = createTwilioGateway({ client });
});
afterAll(() => emulator.close());

/**
 * A Function's log as the audit sink writes it, with Sync refusing the appends of events 1, 3 and
 * 4: 2 reached the list at once, 3 reached it on the next invocation's drain ("audit-flushed"),
 * 4 was appended by an earlier recovery. So 1 is the one event only the log still has.
 */
async function functionLog(): Promise<string[]> {
  const lines = ['2025-06-01T12:00:00Z INFO start of the invocation'];
  // A manual clock: the appends go over real HTTP, so no deadline may pass while they are on the way.
  const clock = createVirtualClock({ auto: false });
  const sink = createAuditSink({ clock, log: (line) => lines.push(`2025-06-01 INFO ${line}`) });
  const down = {
    appendListItem: () =>
      Promise.reject(new TwilioTransientError('Sync is down', 503, 20503, 'append', true)),
  };
  await sink.record(event(1), down, clock.now() + 1000);
  await sink.record(event(2), gateway, clock.now() + 1000);
  await sink.record(event(3), down, clock.now() + 1000);
  await sink.drain(down, clock.now() + 1000); // event 1 and 3 still kept
  await sink.record(event(4), down, clock.now() + 1000);
  await gateway.appendListItem(AUDIT_LIST, event(4));
  // The next invocation drains 3 only: the instance holding 1 is gone (a new sink, same log).
  const next = createAuditSink({ clock, log: (line) => lines.push(`2025-06-01 INFO ${line}`) });
  await next.record(event(3), down, clock.now() + 1000);
  await next.drain(gateway, clock.now() + 1000);
  return lines;
}

function io(lines: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const value: RecoverAuditIo = {
    env,
    stdin: Readable.from(lines.map((line) => `${line}\n`)),
    print: (line) => out.push(line),
    printErr: (line) => err.push(line),
  };
  return { io: value, out, err };
}

const listedIds = async () =>
  (await gateway.listListItems<AuditEvent>(AUDIT_LIST, { pageSize: 100, order: 'asc' })).map(
    (item) => item.data.id,
  );

describe('npm run recover-audit', () => {
  it('prints, then appends once, the events only the log still has', async () => {
    const log = await functionLog();
    expect(await listedIds()).toEqual(['ev-recover-2', 'ev-recover-4', 'ev-recover-3']);

    // Without --append: the log's word only (4 was appended elsewhere; the log cannot know).
    const dry = io(log, {});
    expect(await runRecoverAudit([], dry.io)).toBe(0);
    expect(dry.out.map((line) => JSON.parse(line).id)).toEqual(['ev-recover-1', 'ev-recover-4']);
    expect(await listedIds()).toHaveLength(3);

    // --append, credentials from an env file: 1 goes in, 4 is found in the list and skipped.
    const dir = mkdtempSync(path.join(tmpdir(), 'recover-audit-'));
    const envFile = path.join(dir, '.env');
    writeFileSync(envFile, toDotenv(emulatorEnv(emulator)));
    const logFile = path.join(dir, 'functions.log');
    writeFileSync(logFile, log.join('\n'));
    const first = io([], {});
    expect(await runRecoverAudit(['--append', '--env', envFile, '--file', logFile], first.io)).toBe(
      0,
    );
    expect(first.out.map((line) => JSON.parse(line))).toEqual([event(1)]);
    expect(first.err.join('\n')).toMatch(/appended 1 event\(s\); 1 were in the list already/);
    expect(await listedIds()).toEqual([
      'ev-recover-2',
      'ev-recover-4',
      'ev-recover-3',
      'ev-recover-1',
    ]);

    // Again: nothing to add (idempotent by id).
    const again = io(log, emulatorEnv(emulator));
    expect(await runRecoverAudit(['--append'], again.io)).toBe(0);
    expect(again.out).toEqual([]);
    expect(again.err.join('\n')).toMatch(/appended 0 event\(s\); 2 were in the list already/);
    expect(await listedIds()).toHaveLength(4);
  });

  it('--append without credentials says which to set, and changes nothing', async () => {
    const log = await functionLog();
    const before = await listedIds();
    const run = io(log, { TWILIO_API_EMULATOR_URL: emulator.url });
    expect(await runRecoverAudit(['--append'], run.io)).toBe(2);
    expect(run.err.join('\n')).toMatch(/needs ACCOUNT_SID and AUTH_TOKEN/);
    expect(run.out).toEqual([]);
    expect(await listedIds()).toEqual(before);
  });

  it('refuses bad usage with exit code 2', async () => {
    const run = io([], {});
    expect(await runRecoverAudit(['--scan', 'all'], run.io)).toBe(2);
    expect(run.err.join('\n')).toMatch(/--scan must be a whole number/);
  });
});
