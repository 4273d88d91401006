import { AdminRequestError } from '../../src/admin/admin-request-error';
import {
  AUDIT_ACTIONS,
  decodeEventsCursor,
  encodeEventsCursor,
  LATE_APPEND_SLACK_MS,
  matchesFilter,
  parseEventsQuery,
  pastSince,
} from '../../src/ops/events-query';
import { thrownBy } from '../support/rejection';
import { auditEvent } from './fake-audit-list';

const SID = 'AC' + 'a'.repeat(32);
const OTHER = 'AC' + 'b'.repeat(32);

const refusal = (params: Record<string, unknown>) =>
  thrownBy(() => parseEventsQuery(params), AdminRequestError);

describe('parseEventsQuery', () => {
  it('defaults to the newest 50 events as JSON, unfiltered', () => {
    expect(parseEventsQuery({})).toEqual({
      filter: { account: null, actions: null, excluded: null, since: null, until: null },
      pageSize: 50,
      cursor: null,
      format: 'json',
    });
  });

  it('treats empty parameters as absent and ignores unknown ones', () => {
    const query = parseEventsQuery({ account: '', action: '', exclude: '', since: '', _: '123' });
    expect(query.filter).toEqual({
      account: null,
      actions: null,
      excluded: null,
      since: null,
      until: null,
    });
  });

  it('reads every filter', () => {
    const query = parseEventsQuery({
      account: SID,
      action: 'suspended, alerted',
      exclude: 'sign-in',
      since: '2024-05-01T10:00:00Z',
      until: '2024-05-02',
      pageSize: '200',
      format: 'csv',
    });
    expect(query.filter.account).toBe(SID.toLowerCase());
    expect([...(query.filter.actions ?? [])]).toEqual(['suspended', 'alerted']);
    expect([...(query.filter.excluded ?? [])]).toEqual(['sign-in']);
    expect(query.filter.since).toBe(Date.parse('2024-05-01T10:00:00Z'));
    // A bare `until` date covers its whole day.
    expect(query.filter.until).toBe(Date.parse('2024-05-03T00:00:00Z') - 1);
    expect(query.pageSize).toBe(200);
    expect(query.format).toBe('csv');
  });

  it('reads a date-time without an offset as UTC, and a bare since as the start of the day', () => {
    const query = parseEventsQuery({ since: '2024-05-01', until: '2024-05-01T10:30' });
    expect(query.filter.since).toBe(Date.parse('2024-05-01T00:00:00Z'));
    expect(query.filter.until).toBe(Date.parse('2024-05-01T10:30:00Z'));
  });

  it.each([
    [
      { account: 'x'.repeat(65) },
      'account: give a name, or a SID or its start, at most 64 characters',
    ],
    [{ account: 'Acme\u0007' }, 'account: give a name'],
    [{ action: 'suspended,exploded' }, 'action: "exploded" is not an action; use suspended, '],
    [{ exclude: 'sign-ins' }, 'exclude: "sign-ins" is not an action; use suspended, '],
    [{ since: 'yesterday' }, 'since must be an ISO 8601'],
    [{ since: '2024-02-30' }, 'since must be an ISO 8601'],
    [{ until: '2024-13-01' }, 'until must be an ISO 8601'],
    [{ since: '2024-05-02', until: '2024-05-01T00:00:00Z' }, 'since must not be after until'],
    [{ pageSize: '0' }, 'pageSize'],
    [{ pageSize: '201' }, 'pageSize'],
    [{ pageSize: '10.5' }, 'pageSize'],
    [{ format: 'xml' }, 'format'],
    [{ cursor: 'not-a-cursor' }, 'cursor'],
    [{ account: [SID, OTHER] }, 'account: give it once'],
  ])('refuses %j with a 400 naming the parameter', (params, message) => {
    const error = refusal(params);
    expect(error.status).toBe(400);
    expect(error.code).toBe('bad-request');
    expect(error.message).toContain(message);
  });

  it('does not echo markup from an unknown action', () => {
    expect(refusal({ action: '<script>x</script>' }).message).not.toContain('<');
  });

  it('lists every audit action the type knows', () => {
    expect(AUDIT_ACTIONS).toEqual(
      expect.arrayContaining(['suspended', 'alerted', 'reactivated', 'setup-run', 'rejected']),
    );
  });
});

describe('events cursor', () => {
  it('round-trips and rejects anything it did not make', () => {
    expect(decodeEventsCursor(encodeEventsCursor({ before: 4242 }))).toEqual({ before: 4242 });
    const forged = Buffer.from(JSON.stringify({ b: -1 })).toString('base64url');
    expect(() => decodeEventsCursor(forged)).toThrow(AdminRequestError);
    expect(() => decodeEventsCursor('x'.repeat(500))).toThrow(AdminRequestError);
    expect(() => decodeEventsCursor(Buffer.from('{"b":"1"}').toString('base64url'))).toThrow(
      AdminRequestError,
    );
  });
});

describe('matchesFilter', () => {
  const base = { account: null, actions: null, excluded: null, since: null, until: null };
  const account = (typed: string) => ({
    ...base,
    account: parseEventsQuery({ account: typed }).filter.account,
  });

  it('matches by account, including summary events that list it', () => {
    const filter = account(SID);
    expect(matchesFilter(auditEvent(1, { accountSid: SID }), filter)).toBe(true);
    expect(matchesFilter(auditEvent(2, { accountSid: OTHER }), filter)).toBe(false);
    const summary = auditEvent(3, { accountSid: undefined, accountSids: [OTHER, SID] });
    expect(matchesFilter(summary, filter)).toBe(true);
  });

  it('finds an account by the start of its SID or a part of its name, in any case', () => {
    const acme = auditEvent(1, { accountSid: SID, friendlyName: 'Acme Support' });
    const other = auditEvent(2, { accountSid: OTHER, friendlyName: 'Globex' });
    const summary = auditEvent(3, { accountSid: undefined, accountSids: [SID] });
    const found = (typed: string) =>
      [acme, other, summary].filter((e) => matchesFilter(e, account(typed))).map((e) => e.id);
    expect(found('ACaaa')).toEqual([acme.id, summary.id]);
    expect(found('acAAA')).toEqual([acme.id, summary.id]);
    expect(found('acme')).toEqual([acme.id]);
    expect(found('support')).toEqual([acme.id]);
    expect(found('GLOB')).toEqual([other.id]);
    expect(found('Initech')).toEqual([]);
  });

  it('leaves out excluded actions', () => {
    const filter = { ...base, excluded: new Set(['sign-in'] as const) };
    expect(matchesFilter(auditEvent(1, { action: 'sign-in' }), filter)).toBe(false);
    expect(matchesFilter(auditEvent(2, { action: 'suspended' }), filter)).toBe(true);
  });

  it('matches by action and by an inclusive time range', () => {
    const event = auditEvent(0, { action: 'suspended', time: '2024-05-01T10:00:00.000Z' });
    const at = Date.parse(event.time);
    expect(matchesFilter(event, { ...base, actions: new Set(['suspended'] as const) })).toBe(true);
    expect(matchesFilter(event, { ...base, actions: new Set(['alerted'] as const) })).toBe(false);
    expect(matchesFilter(event, { ...base, since: at, until: at })).toBe(true);
    expect(matchesFilter(event, { ...base, since: at + 1 })).toBe(false);
    expect(matchesFilter(event, { ...base, until: at - 1 })).toBe(false);
    expect(matchesFilter({ ...event, time: 'garbage' }, { ...base, since: 0 })).toBe(false);
  });

  it('stops the scan only well before since (late appends)', () => {
    const since = Date.parse('2024-05-02T00:00:00Z');
    const filter = { ...base, since };
    const justBefore = auditEvent(0, { time: new Date(since - 1000).toISOString() });
    const longBefore = auditEvent(0, {
      time: new Date(since - LATE_APPEND_SLACK_MS - 1).toISOString(),
    });
    expect(pastSince(justBefore, filter)).toBe(false);
    expect(pastSince(longBefore, filter)).toBe(true);
    expect(pastSince(longBefore, base)).toBe(false);
  });
});
