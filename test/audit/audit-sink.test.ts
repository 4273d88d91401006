import { createAuditSink } from '../../src/audit/audit-sink';
import { newEventId, safeFriendlyName, type AuditEvent } from '../../src/audit/audit-event';
import { recoverFromLog } from '../../src/audit/recover-from-log';
import { AUDIT_LIST } from '../../src/audit/sync-names';
import { FakeGateway } from '../breaker/support/fake-gateway';
import { createVirtualClock } from '../../src/runtime/virtual-clock';

const event = (action: AuditEvent['action'] = 'suspended'): AuditEvent => ({
  id: newEventId(),
  time: '2025-01-15T12:00:00.000Z',
  source: 'breaker',
  action,
  reason: 'trip',
  outcome: 'ok',
  durationMs: 120,
  accountSid: 'AC' + 'a'.repeat(32),
});

function setup(maxPending?: number) {
  const clock = createVirtualClock();
  const lines: string[] = [];
  const gateway = new FakeGateway();
  const sink = createAuditSink({ clock, log: (l) => lines.push(l), maxPending, drainBatch: 3 });
  const deadline = () => clock.now() + 2000;
  const listed = () => (gateway.lists.get(AUDIT_LIST) ?? []) as AuditEvent[];
  return { clock, lines, gateway, sink, deadline, listed };
}

describe('audit sink', () => {
  it('appends the event to the list and prints it as one JSON line', async () => {
    const { sink, gateway, lines, deadline, listed } = setup();
    const e = event();
    expect(await sink.record(e, gateway, deadline())).toBe('written');
    expect(listed()).toEqual([e]);
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ breaker: 'audit', synced: true, event: e }]);
  });

  it('keeps the event when Sync is down and drains it on a later call', async () => {
    const { sink, gateway, lines, deadline, listed } = setup();
    gateway.syncDown = true;
    const kept = [event(), event(), event(), event()];
    for (const e of kept) expect(await sink.record(e, gateway, deadline())).toBe('pending');
    expect(sink.pendingCount()).toBe(4);
    expect(lines.every((l) => JSON.parse(l).synced === false)).toBe(true);

    gateway.syncDown = false;
    expect(await sink.drain(gateway, deadline())).toBe(3); // one batch
    expect(await sink.drain(gateway, deadline())).toBe(1);
    expect(listed().map((e) => e.id)).toEqual(kept.map((e) => e.id));
    expect(sink.pendingCount()).toBe(0);
    expect(lines.filter((l) => JSON.parse(l).breaker === 'audit-flushed')).toHaveLength(2);
  });

  it('keeps events whose append does not finish by the deadline', async () => {
    const { sink, clock, lines } = setup();
    const slow = { appendListItem: () => new Promise<number>(() => undefined) };
    expect(await sink.record(event(), slow, clock.now() + 100)).toBe('pending');
    expect(JSON.parse(lines[0]).synced).toBe(false);
  });

  it('never appends an event twice when its first append lands after the deadline', async () => {
    const { sink, clock, gateway, lines, listed } = setup();
    let land = () => {};
    const late = {
      appendListItem: (list: string, data: object) =>
        new Promise<number>((resolve) => {
          land = () => void gateway.appendListItem(list, data).then(resolve);
        }),
    };
    const e = event();
    expect(await sink.record(e, late, clock.now() + 100)).toBe('pending');
    // A drain while that request is still out appends nothing: it might still land.
    expect(await sink.drain(gateway, clock.now() + 100)).toBe(0);
    expect(listed()).toEqual([]);
    land();
    expect(await sink.drain(gateway, clock.now() + 100)).toBe(1);
    expect(listed().map((x) => x.id)).toEqual([e.id]);
    expect(sink.pendingCount()).toBe(0);
    expect(recoverFromLog(lines)).toEqual([]);
  });

  it('appends again an event whose late first append failed', async () => {
    const { sink, clock, gateway, listed } = setup();
    let fail = () => {};
    const failing = {
      appendListItem: () =>
        new Promise<number>((_, reject) => (fail = () => reject(new Error('Sync 503')))),
    };
    const e = event();
    expect(await sink.record(e, failing, clock.now() + 100)).toBe('pending');
    fail();
    expect(await sink.drain(gateway, clock.now() + 100)).toBe(1);
    expect(listed().map((x) => x.id)).toEqual([e.id]);
  });

  it('bounds the queue, naming what leaves memory (it stays in the log)', async () => {
    const { sink, gateway, lines, deadline } = setup(2);
    gateway.syncDown = true;
    const events = [event(), event(), event()];
    for (const e of events) await sink.record(e, gateway, deadline());
    expect(sink.pendingCount()).toBe(2);
    const dropped = lines.map((l) => JSON.parse(l)).find((l) => l.breaker === 'audit-dropped');
    expect(dropped.ids).toEqual([events[0].id]);
  });

  it('prints summarised decisions without appending them', () => {
    const { sink, gateway, lines } = setup();
    sink.logOnly(event('rejected'));
    expect(gateway.log).toHaveLength(0);
    expect(JSON.parse(lines[0])).toMatchObject({ synced: false, summarized: true });
  });
});

describe('recoverFromLog', () => {
  it('returns exactly the events that never reached the list, from the log lines alone', async () => {
    const { sink, gateway, lines, deadline } = setup();
    const reached = event();
    await sink.record(reached, gateway, deadline());
    gateway.syncDown = true;
    const flushedLater = event();
    const lost = event('failed');
    await sink.record(flushedLater, gateway, deadline());
    sink.logOnly(event('rejected'));
    gateway.syncDown = false;
    await sink.drain(gateway, deadline()); // flushes flushedLater
    gateway.syncDown = true;
    await sink.record(lost, gateway, deadline()); // the instance then dies
    // Functions log lines carry a timestamp and level before the message.
    const logged = lines.map((l) => `2025-01-15T12:00:01Z INFO ${l}`);
    logged.push('unrelated line', '{"breaker":"audit", broken json');
    expect(recoverFromLog(logged)).toEqual([lost]);
    expect(recoverFromLog(logged, new Set([lost.id]))).toEqual([]);
  });
});

describe('safeFriendlyName', () => {
  it('removes control characters and bounds the length', () => {
    expect(safeFriendlyName('a\nb\u0000c\u2028d')).toBe('a b c d');
    expect(safeFriendlyName('x'.repeat(100))).toHaveLength(64);
    expect(safeFriendlyName(undefined)).toBeNull();
  });
});
