import { csvCell, CSV_HEADER, eventsCsv } from '../../src/ops/events-csv';
import { auditEvent } from './fake-audit-list';

/** A minimal RFC 4180 reader, to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted) {
      cell += c;
    } else if (c === ',') {
      endCell();
    } else if (c === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i += 1;
    } else {
      cell += c;
    }
  }
  return rows;
}

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['a=b', 'a=b'],
  ])('%j → %s', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('leaves numbers alone and writes absent values as empty cells', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });
});

describe('eventsCsv', () => {
  it('writes a header and one row per event that reads back to the same text', () => {
    const hostile = auditEvent(1, {
      friendlyName: '=cmd|"/c calc"!A1, <img src=x>',
      detail: { operator: '@ops', reason: 'customer paid,\nverified' },
      alerts: { sms: 'sent', webhook: 'failed' },
      calls: { found: 2, ended: 2, failed: 0 },
    });
    const rows = parseCsv(eventsCsv([hostile, auditEvent(2)]));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual(CSV_HEADER);
    const row = Object.fromEntries(CSV_HEADER.map((name, i) => [name, rows[1][i]]));
    expect(row.friendlyName).toBe(`'=cmd|"/c calc"!A1, <img src=x>`);
    expect(row.operator).toBe("'@ops");
    expect(row.opsReason).toBe('customer paid,\nverified');
    expect(row.alerts).toBe('sms=sent;webhook=failed');
    expect(row.callsEnded).toBe('2');
    expect(row.id).toBe('ev-1');
    expect(rows[2]).toHaveLength(CSV_HEADER.length);
  });

  it('writes only the header for no events', () => {
    expect(eventsCsv([])).toBe(`${CSV_HEADER.join(',')}\r\n`);
  });
});
