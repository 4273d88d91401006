// What unauthenticated sign-in attempts make the service write, with the numbers. Each failed
// attempt that proves nothing used to be one audit item: 1,000 attempts, 1,000 Sync writes. Now
// they are summarised (src/admin/sign-in-summary.ts) and wrong passwords hold at most the cap of
// slots per window (src/admin/password-attempts.ts). Four warm instances over the emulator's Sync
// on one virtual clock (support/sign-in-fleet.ts): the counts do not depend on machine speed.
import { MAX_WRONG_PASSWORDS_TOTAL, PASSWORD_WINDOW_MS } from '../../src/admin/password-attempts';
import { SUMMARY_WRITES_PER_HOUR } from '../../src/admin/sign-in-summary';
import type { AuditEvent } from '../../src/audit/audit-event';
import { FACTOR_SID, TOTP_IDENTITY } from '../admin/support/fake-verify';
import { PASSWORD, TWO_FACTOR_ENV } from '../admin/support/admin-harness';
import { startSignInFleet, type SignInFleet } from './support/sign-in-fleet';

const INSTANCES = 4;
// Two-factor sign-in on (TOTP: nothing is texted), so a forged sign-in token is one more kind of
// attempt anyone can send.
const ENV = {
  ...TWO_FACTOR_ENV,
  ADMIN_PHONE: '',
  ADMIN_TOTP_IDENTITY: TOTP_IDENTITY,
  ADMIN_TOTP_FACTOR_SID: FACTOR_SID,
};

let fleet: SignInFleet;

beforeAll(async () => {
  fleet = await startSignInFleet(INSTANCES, ENV);
});

afterAll(() => fleet?.close());

/** Sync requests that changed something (created, appended, updated or deleted). */
const syncWrites = () =>
  fleet.twilio.emulator.requestLog
    .entries()
    .filter(
      (e) =>
        e.host === 'sync.twilio.com' &&
        e.method !== 'GET' &&
        typeof e.status === 'number' &&
        e.status < 300,
    );

/** Attempt n: a wrong password for the admin, a guessed username, or a forged sign-in token. */
function attempt(n: number): Record<string, unknown> {
  switch (n % 3) {
    case 0:
      return { username: 'ops', password: `guess-${n}` };
    case 1:
      return { username: `user-${n}`, password: PASSWORD };
    default:
      return { pendingToken: `forged.${n}.token`, code: '123456' };
  }
}

const summaries = (events: AuditEvent[]) => events.filter((e) => e.reason === 'summary');

describe('failed sign-ins', () => {
  test('1,000 failed sign-ins make at most the capped number of Sync writes', async () => {
    const { clock } = fleet.twilio;
    fleet.twilio.emulator.requestLog.reset();
    // 1,000 attempts in 10 minutes of one window: 100 waves of 10, a wave every 6 s.
    const answers: number[] = [];
    for (let wave = 0; wave < 100; wave += 1) {
      const sent = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          fleet.signIn(attempt(wave * 10 + i), (wave * 10 + i) % INSTANCES),
        ),
      );
      answers.push(...sent.map((a) => a.status));
      await clock.advance(6000);
    }
    expect(answers.every((s) => s === 401 || s === 429)).toBe(true);
    expect(clock.now() % PASSWORD_WINDOW_MS).toBeGreaterThan(0);

    // The cap: two slots per checked password (its username's and the total's), the lock's slot
    // and its one event, and two writes (slot + append) per summary, at most 12 an hour.
    const cap = 2 * MAX_WRONG_PASSWORDS_TOTAL + 2 + 2 * SUMMARY_WRITES_PER_HOUR;
    const writes = syncWrites();
    console.info(`1,000 failed sign-ins: ${writes.length} Sync writes (cap ${cap})`);
    expect(writes.length).toBeLessThanOrEqual(cap);
    const events = await fleet.audit();
    expect(summaries(events).length).toBeLessThanOrEqual(SUMMARY_WRITES_PER_HOUR);
    expect(events.filter((e) => e.reason !== 'summary').map((e) => e.reason)).toEqual(['locked']);
  });

  test('every failed attempt is counted in exactly one summary', async () => {
    // An hour later each instance writes what it still counts, with one more attempt each.
    await fleet.twilio.clock.advance(3_600_000);
    for (let i = 0; i < INSTANCES; i += 1) await fleet.signIn(attempt(3 * i), i);
    const counted = summaries(await fleet.audit()).reduce((sum, e) => sum + (e.count ?? 0), 0);
    expect(counted).toBe(1000 + INSTANCES);
    const reasons = new Set(
      summaries(await fleet.audit()).flatMap((e) => Object.keys(e.counts ?? {})),
    );
    expect([...reasons].sort()).toEqual([
      'invalid-sign-in-token',
      'too-many-passwords',
      'wrong-password',
    ]);
  });
});
