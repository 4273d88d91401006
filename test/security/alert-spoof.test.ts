// Alert text an account holder could spoof with its friendly name. It renames its subaccount (with
// its own credentials) so that `SUSPENDED "<name>" (<its SID>)` would have read as if another
// account had tripped. Alerts now open with the SID of the signed delivery and close with the
// name, quoted and escaped, SID-like text in it marked (src/notify/alert-name.ts).
import fc from 'fast-check';
import { formatAlert, type Alert } from '../../src/notify/format-alert';
import { escapeSlackText } from '../../src/notify/webhook-channel';
import { startFleet, type Fleet } from './support/breaker-fleet';

const SID_SHAPED = /AC[0-9a-f]{32}/i;

let fleet: Fleet;

beforeAll(async () => {
  fleet = await startFleet(1);
});

afterAll(() => fleet?.close());

describe('alert text', () => {
  test('the name spoof cannot change which SID an alert names first, by SMS or webhook', async () => {
    const { emulator } = fleet.twilio;
    const victim = emulator.accounts.createSubaccount('Victim');
    const spoofer = emulator.accounts.createSubaccount('Spoofer');
    const spoof = `" (${victim.sid}) tripped; A="`;
    const own = { sid: spoofer.sid, token: spoofer.auth_token };
    await fleet.twilio.client(own).api.v2010.accounts(spoofer.sid).update({ friendlyName: spoof });
    await fleet.register(spoofer.sid, 'trip', 10);
    await emulator.recordUsage({ accountSid: spoofer.sid, category: 'totalprice', price: 12 });

    const { sms, webhook } = fleet.alerts(spoofer.sid);
    expect(sms).toHaveLength(1);
    expect(webhook).toHaveLength(1);
    for (const text of [sms[0], webhook[0]]) {
      expect(text.match(SID_SHAPED)?.[0]).toBe(spoofer.sid);
      expect(text).toMatch(
        new RegExp(`^Twilio breaker: SUSPENDED subaccount ${spoofer.sid}: totalprice price`),
      );
      expect(text.endsWith(`Name: "\\" ([name text: ${victim.sid}]) tripped; A=\\""`)).toBe(true);
    }
    expect(fleet.alerts(victim.sid).sms).toEqual(sms); // named only inside the quoted name
    expect(emulator.accounts.get(victim.sid)!.status).toBe('active');
  });

  test('for any name, every kind of alert names the signed SID first and ends with the quoted name', () => {
    const sid = 'AC' + '0123456789abcdef'.repeat(2);
    const sidLike = fc.constantFrom(
      'AC' + 'b'.repeat(32),
      'ＡＣ' + 'ｂ'.repeat(32), // fullwidth
      'ac' + 'B'.repeat(32),
      'UT' + '1'.repeat(32),
    );
    const piece = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      sidLike,
      fc.constantFrom(
        '"',
        '\\',
        ' (',
        ') ',
        '\u202e',
        '\u200b',
        '\n',
        'SUSPENDED subaccount ',
        ': ',
      ),
    );
    const name = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
    const alert = fc.record({
      kind: fc.constantFrom('trip', 'warn', 'failed'),
      action: fc.constantFrom('suspended', 'would-suspend', 'alerted', 'failed'),
      reason: fc.constantFrom('trip', 'dry-run', 'main-account', 'warn-tier', 'suspend-failed'),
      friendlyName: name,
    });
    fc.assert(
      fc.property(alert, (drawn) => {
        const full: Alert = {
          ...drawn,
          accountSid: sid,
          usageCategory: 'totalprice',
          triggerBy: 'price',
          triggerValue: '100',
          currentValue: '120',
          recurring: 'daily',
        };
        const text = formatAlert(full, {
          dashboardUrl: 'https://breaker-1234-dev.twil.io/index.html',
        });
        for (const shown of [text, escapeSlackText(text)]) {
          const normalized = shown.normalize('NFKC');
          expect(normalized.match(SID_SHAPED)?.[0]).toBe(sid);
          const nameAt = shown.lastIndexOf(' Name: "');
          // The name, if shown, is the last thing: a quoted string whose quotes are all escaped.
          if (nameAt >= 0) {
            const quoted = shown.slice(nameAt + ' Name: '.length);
            expect(quoted).toMatch(/^"(?:[^"\\]|\\.)*"$/);
            expect(shown.slice(0, nameAt).match(SID_SHAPED)?.[0]).toBe(sid);
          }
        }
      }),
      { seed: 20251128, numRuns: 2000 },
    );
  });
});
