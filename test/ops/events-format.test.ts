import { eventSummary, jsonLine, tableHeader, tableRow } from '../../src/ops/events-format';
import { auditEvent } from './fake-audit-list';

describe('events table', () => {
  it('aligns columns under the header', () => {
    const event = auditEvent(1, {
      time: '2024-05-01T10:00:00.123Z',
      action: 'suspended',
      friendlyName: 'Acme',
      reason: 'trip',
      tier: 'trip',
      usageCategory: 'totalprice',
      triggerValue: '100',
      currentValue: '150.5',
      calls: { found: 2, ended: 2, failed: 0 },
    });
    const header = tableHeader();
    const row = tableRow(event);
    expect(row.indexOf('suspended')).toBe(header.indexOf('ACTION'));
    expect(row.indexOf('Acme')).toBe(header.indexOf('NAME'));
    expect(row).toContain('2024-05-01T10:00:00Z');
    expect(row).toContain('trip · tier trip · totalprice 150.5 ≥ 100 · calls ended 2/2');
  });

  it('never lets a terminal escape sequence through', () => {
    const hostile = auditEvent(2, {
      friendlyName: '\u001b]0;pwned\u0007\u001b[2J',
      action: 'reactivated',
      detail: { operator: 'x\u001b[31m', reason: 'line\nbreak' },
    });
    const printed = tableRow(hostile);
    expect(printed).not.toMatch(/[\u0000-\u001f]/);
    expect(printed).toContain('by x?[31m: line?break');
    expect(jsonLine(hostile)).not.toMatch(/[\u0000-\u001f]/);
    expect(JSON.parse(jsonLine(hostile))).toEqual(hostile);
  });

  it('summarises summaries and setup runs', () => {
    expect(
      eventSummary(auditEvent(3, { action: 'rejected', count: 7, counts: { 'bad-signature': 7 } })),
    ).toBe('7 requests: bad-signature×7');
    expect(eventSummary(auditEvent(4, { action: 'setup-run', count: 1200 }))).toBe(
      '1200 subaccounts',
    );
  });
});
