// The run's summary goes through the audit sink like every event: retried within the budget, kept
// for the next invocation's drain when Sync stays down, and recognisable by its runId-derived id
// when it is appended twice. Real sink, fake gateway; time on the virtual clock the fake gateway's
// latency also runs on.
import type { AuditEvent } from '../../src/audit/audit-event';
import { createAuditSink } from '../../src/audit/audit-sink';
import { recoverFromLog } from '../../src/audit/recover-from-log';
import { AUDIT_LIST } from '../../src/audit/sync-names';
import { runSetup, type SetupDeps } from '../../src/setup/run-setup';
import { drainAuditWith, recordRunWith, setupRunEventId } from '../../src/setup/setup-run-audit';
import { fakeClock, fakeGateway } from './fake-gateway';
import { depsFor, runToCompletion } from './setup-fixtures';

function withSink(accounts = 3, latencyMs = 0) {
  const clock = fakeClock();
  const fake = fakeGateway({ clock, latencyMs });
  for (let i = 0; i < accounts; i += 1) fake.addAccount();
  const lines: string[] = [];
  const sink = createAuditSink({ clock, log: (line) => lines.push(line) });
  const deps: SetupDeps = depsFor(fake, {
    clock,
    recordRun: recordRunWith(sink, fake.gateway),
    drainAudit: drainAuditWith(sink, fake.gateway),
  });
  const listed = () => fake.listItems(AUDIT_LIST) as AuditEvent[];
  const logged = () => lines.map((line) => JSON.parse(line));
  return { fake, clock, lines, sink, deps, listed, logged };
}

const appends = (calls: string[]) => calls.filter((c) => c === 'appendListItem').length;

describe('the setup-run summary', () => {
  test('a failed append (500, then no answer) is retried within the budget', async () => {
    const { fake, sink, deps, listed, logged } = withSink();
    fake.failNext('appendListItem', 500, null);
    const result = await runSetup(deps, { mode: 'apply', budgetMs: 2000 });
    expect(result).toMatchObject({ done: true, summaryRecorded: true, auditDrained: 0 });
    expect(appends(fake.calls)).toBe(3);
    expect(listed()).toEqual([
      expect.objectContaining({ id: setupRunEventId('run-1'), action: 'setup-run' }),
    ]);
    expect(sink.pendingCount()).toBe(0);
    expect(logged()).toEqual([expect.objectContaining({ breaker: 'audit', synced: true })]);
    expect(result.invocation.elapsedMs).toBeLessThanOrEqual(2000);
  });

  test('Sync down for the whole invocation: kept, then drained first by the next invocation', async () => {
    const { fake, sink, deps, listed, logged, lines } = withSink();
    fake.failNext('appendListItem', ...Array<number>(1000).fill(503));
    const first = await runSetup(deps, { mode: 'apply', budgetMs: 2000 });
    expect(first).toMatchObject({ done: true, summaryRecorded: false });
    expect(appends(fake.calls)).toBeGreaterThan(2); // retried, not given up after one try
    expect(first.invocation.elapsedMs).toBeLessThanOrEqual(2000 + 200);
    expect(sink.pendingCount()).toBe(1);
    expect(logged()).toEqual([expect.objectContaining({ breaker: 'audit', synced: false })]);
    expect(listed()).toEqual([]);

    // Twilio recovers; the next invocation, of any run, appends the kept summary.
    fake.recover();
    const next = await runSetup(deps, { mode: 'plan' });
    expect(next).toMatchObject({ done: true, auditDrained: 1 });
    expect(next.summaryRecorded).toBeUndefined(); // plan runs write no summary of their own
    expect(listed().map((e) => e.id)).toEqual([setupRunEventId('run-1')]);
    expect(sink.pendingCount()).toBe(0);
    expect(logged()[1]).toEqual({ breaker: 'audit-flushed', ids: [setupRunEventId('run-1')] });
    expect(recoverFromLog(lines)).toEqual([]); // nothing left that only the log holds
  });

  test('an invocation with nothing kept back makes no audit call before its work', async () => {
    const { fake, deps } = withSink();
    const result = await runSetup(deps, { mode: 'plan' });
    expect(result.auditDrained).toBe(0);
    expect(appends(fake.calls)).toBe(0);
  });

  test('the final answer lost, the command calls again: the repeat carries the same id', async () => {
    // 100 ms per call: the run takes several invocations.
    const { deps, listed } = withSink(4, 100);
    const options = { mode: 'apply', budgetMs: 1500, concurrency: 1 } as const;
    const results = await runToCompletion(deps, options);
    expect(results.length).toBeGreaterThan(1);
    const last = results[results.length - 1];
    expect(last.summaryRecorded).toBe(true);

    // The command never saw `last`, so it repeats the call with the cursor before it.
    const previous = results[results.length - 2].cursor;
    const repeat = await runSetup(deps, { ...options, cursor: previous });
    expect(repeat).toMatchObject({ done: true, runId: last.runId, invocation: { writes: 0 } });
    const ids = listed().map((e) => e.id);
    expect(ids).toEqual([setupRunEventId(last.runId), setupRunEventId(last.runId)]);
    expect(new Set(listed().map((e) => e.detail?.runId))).toEqual(new Set([last.runId]));
  });
});
