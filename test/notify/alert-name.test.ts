// The friendly name as alerts show it (src/notify/alert-name.ts): quoted, escaped, cut, cleaned of
// invisible characters, SID-like text marked as the name's.
import { MAX_ALERT_NAME, quotedAlertName } from '../../src/notify/alert-name';

const OTHER = 'AC' + '0'.repeat(31) + 'b';

describe('quotedAlertName', () => {
  test('quotes a plain name', () => {
    expect(quotedAlertName('Customer A')).toBe('"Customer A"');
  });

  test('no name, or nothing visible: null', () => {
    expect(quotedAlertName(null)).toBeNull();
    expect(quotedAlertName(undefined)).toBeNull();
    expect(quotedAlertName(' \u200b\n\u202e ')).toBeNull();
  });

  test('escapes quotes and backslashes, so the name cannot close its quotes', () => {
    expect(quotedAlertName('a "b" \\ c')).toBe('"a \\"b\\" \\\\ c"');
  });

  test('marks SID-like text as part of the name', () => {
    expect(quotedAlertName(`" (${OTHER}) tripped; A="`)).toBe(
      `"\\" ([name text: ${OTHER}]) tripped; A=\\""`,
    );
    expect(quotedAlertName('ut0123456789abcdef')).toBe('"[name text: ut0123456789abcdef]"');
  });

  test('folds width variants before looking for SIDs', () => {
    const fullwidth = 'ＡＣ０１２３４５６７８９';
    expect(quotedAlertName(fullwidth)).toBe('"[name text: AC0123456789]"');
  });

  test('removes bidi overrides, zero-width characters and line breaks', () => {
    expect(quotedAlertName('Acme\u202e evil\u200b\nname\u2028x')).toBe('"Acme evil name x"');
  });

  test(`cuts after ${MAX_ALERT_NAME} characters, marking a SID cut short`, () => {
    const long = '-'.repeat(MAX_ALERT_NAME - 6) + OTHER;
    expect(quotedAlertName(long)).toBe(`"${'-'.repeat(MAX_ALERT_NAME - 6)}[name text: AC0000]…"`);
    expect(quotedAlertName('é'.repeat(100))).toBe(`"${'é'.repeat(MAX_ALERT_NAME)}…"`);
  });
});
