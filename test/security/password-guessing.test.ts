// Password guessing from outside, with the numbers. Wrong passwords are counted across instances
// (Sync slots, src/admin/password-attempts.ts): per username and in total, per 15-minute window.
// Past the cap every attempt is answered 429 with Retry-After, whatever the password, and the
// password is not compared; one alert per window; the window ends. Four warm instances of the admin
// Functions over the emulator's Sync on one virtual clock (support/sign-in-fleet.ts): the counts do
// not depend on machine speed. Two-factor sign-in is off here: the password alone would open the
// service, which is what makes guessing it worth limiting.
import {
  MAX_WRONG_PASSWORDS,
  MAX_WRONG_PASSWORDS_TOTAL,
  MAX_WRONG_PASSWORDS_WITH_TOKEN,
  PASSWORD_WINDOW_MS,
} from '../../src/admin/password-attempts';
import type { ResponseValue } from '../../src/runtime/response-value';
import {
  basic,
  DOMAIN,
  PASSWORD,
  PASSWORD_ONLY_ENV,
  READ_TOKEN,
  SESSION_SECRET,
} from '../admin/support/admin-harness';
import { startSignInFleet, type SignInFleet } from './support/sign-in-fleet';

const INSTANCES = 4;
const ENV = { ...PASSWORD_ONLY_ENV, SESSION_SECRET, ADMIN_TOKEN_READ: READ_TOKEN };

let fleet: SignInFleet;

beforeEach(async () => {
  fleet = await startSignInFleet(INSTANCES, ENV);
});

afterEach(() => fleet?.close());

const statuses = (answers: ResponseValue[]) => {
  const counts: Record<number, number> = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
};

/** `n` sign-ins at once, spread over the instances. */
const parallel = (n: number, params: (i: number) => Record<string, unknown>) =>
  Promise.all(Array.from({ length: n }, (_, i) => fleet.signIn(params(i), i % INSTANCES)));

const wrong = (i: number) => ({ username: 'ops', password: `guess-${i}` });

/** Until the current window ends, from the clock. */
const windowLeft = () => {
  const now = fleet.twilio.clock.now();
  return (Math.floor(now / PASSWORD_WINDOW_MS) + 1) * PASSWORD_WINDOW_MS - now;
};

describe('password guessing', () => {
  // The titles say the numbers (docs/SECURITY.md quotes them): the first lines keep them true.
  test('50 parallel wrong passwords over 4 instances: at most 10 are checked, the rest 429', async () => {
    expect([INSTANCES, MAX_WRONG_PASSWORDS]).toEqual([4, 10]);
    const answers = await parallel(50, wrong);
    expect(fleet.checks()).toBe(MAX_WRONG_PASSWORDS);
    expect(statuses(answers)).toEqual({ 401: MAX_WRONG_PASSWORDS, 429: 50 - MAX_WRONG_PASSWORDS });
    for (const locked of answers.filter((a) => a.status === 429)) {
      expect(JSON.parse(locked.body)).toMatchObject({ error: 'too-many-passwords' });
      const retryAfter = Number(locked.headers['Retry-After']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(PASSWORD_WINDOW_MS / 1000);
    }
  });

  test('then the right password is refused 429 with Retry-After, unchecked, on every instance', async () => {
    await parallel(50, wrong);
    const checks = fleet.checks();
    for (let i = 0; i < INSTANCES; i += 1) {
      const right = await fleet.signIn({ username: 'ops', password: PASSWORD }, i);
      expect(right.status).toBe(429);
      expect(Math.abs(Number(right.headers['Retry-After']) - windowLeft() / 1000)).toBeLessThan(1);
    }
    expect(fleet.checks()).toBe(checks);
  });

  test('50 parallel usernames: at most 20 checked in all; the admin is locked out too', async () => {
    expect(MAX_WRONG_PASSWORDS_TOTAL).toBe(20);
    const answers = await parallel(50, (i) => ({ username: `user-${i}`, password: PASSWORD }));
    expect(fleet.checks()).toBe(MAX_WRONG_PASSWORDS_TOTAL);
    expect(statuses(answers)).toEqual({
      401: MAX_WRONG_PASSWORDS_TOTAL,
      429: 50 - MAX_WRONG_PASSWORDS_TOTAL,
    });
    expect((await fleet.signIn({ username: 'ops', password: PASSWORD }, 1)).status).toBe(429);
  });

  test('Basic credentials on the admin endpoints count the same way, with the sign-in', async () => {
    const header = (i: number) => basic('ops', `guess-${i}`);
    const first = await parallel(4, wrong);
    const answers = await Promise.all(
      Array.from({ length: 46 }, (_, i) => fleet.read(header(i), i % INSTANCES)),
    );
    expect(fleet.checks()).toBe(MAX_WRONG_PASSWORDS);
    expect(statuses([...first, ...answers])).toEqual({
      401: MAX_WRONG_PASSWORDS,
      429: 50 - MAX_WRONG_PASSWORDS,
    });
    expect((await fleet.read(basic('ops', PASSWORD), 2)).status).toBe(429);
  });

  test('one alert per window, whatever the instances, and one audit event for the lock', async () => {
    await parallel(50, wrong);
    await parallel(20, wrong);
    expect(fleet.alerts).toEqual([
      expect.stringMatching(/^Twilio breaker: admin sign-in LOCKED until \d\d:\d\d GMT/),
    ]);
    expect(fleet.alerts[0]).toContain(`Dashboard: https://${DOMAIN}/index.html`);
    const locked = (await fleet.audit()).filter((e) => e.reason === 'locked');
    expect(locked).toEqual([
      expect.objectContaining({ outcome: 'refused', alerts: { 'sms:***0001': 'sent' } }),
    ]);
    // The next window's lock alerts again.
    await fleet.twilio.clock.advance(windowLeft());
    await parallel(20, wrong);
    expect(fleet.alerts).toHaveLength(2);
  });

  test('the window ends: the right password works again', async () => {
    await parallel(50, wrong);
    const locked = await fleet.signIn({ username: 'ops', password: PASSWORD }, 3);
    await fleet.twilio.clock.advance(Number(locked.headers['Retry-After']) * 1000);
    const right = await fleet.signIn({ username: 'ops', password: PASSWORD }, 3);
    expect(right.status).toBe(200);
    expect(JSON.parse(right.body)).toMatchObject({ status: 'signed-in' });
  });

  test('an API token still works during the lock', async () => {
    await parallel(50, wrong);
    expect((await fleet.read(basic('ops', PASSWORD))).status).toBe(429);
    expect((await fleet.read(`Bearer ${READ_TOKEN}`)).status).toBe(200);
  });

  test('with an API token, ops sign in during the lock: their password is counted apart', async () => {
    await parallel(50, (i) => ({ username: `user-${i}`, password: `guess-${i}` }));
    await parallel(50, wrong);
    const withToken = { authorization: `Bearer ${READ_TOKEN}` };
    const checks = fleet.checks();
    const right = await fleet.signIn({ username: 'ops', password: PASSWORD }, 2, withToken);
    expect(right.status).toBe(200);
    expect(JSON.parse(right.body)).toMatchObject({ status: 'signed-in' });
    // Its own lane has a cap too: a token holder guessing gets 5 checks a window.
    const guesses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => fleet.signIn(wrong(100 + i), i % INSTANCES, withToken)),
    );
    expect(fleet.checks() - checks).toBe(1 + MAX_WRONG_PASSWORDS_WITH_TOKEN);
    expect(statuses(guesses)).toEqual({
      401: MAX_WRONG_PASSWORDS_WITH_TOKEN,
      429: 10 - MAX_WRONG_PASSWORDS_WITH_TOKEN,
    });
  });

  test('a token that is not one of ours: 401, and the password is not checked', async () => {
    const forged = { authorization: `Bearer ${'x'.repeat(40)}` };
    const answer = await fleet.signIn({ username: 'ops', password: PASSWORD }, 0, forged);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).message).toMatch(/API token .* was not accepted/);
    expect(fleet.checks()).toBe(0);
  });
});
