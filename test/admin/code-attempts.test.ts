// The limit on second-factor code guesses (src/admin/code-attempts.ts) through POST /admin-session:
// 5 wrong codes per 15-minute window across instances (a fake Sync map shared by several handlers,
// each one a Function instance), then 429 without checking the code; Sync down → 503.
import { runAdminEndpoint } from '../../src/admin/admin-endpoint';
import {
  ATTEMPTS_WINDOW_MS,
  attemptIdentity,
  MAX_WRONG_CODES,
} from '../../src/admin/code-attempts';
import { slotKey } from '../../src/limits/sync-slots';
import { sessionEndpoint } from '../../src/admin/session-endpoint';
import { SIGN_IN_ATTEMPTS_MAP } from '../../src/audit/sync-names';
import { adminDeps, json, NOW, PASSWORD, request, TWO_FACTOR_ENV } from './support/admin-harness';
import { FACTOR_SID, fakeVerify, TOTP_IDENTITY } from './support/fake-verify';

const TOTP_ENV = {
  ...TWO_FACTOR_ENV,
  ADMIN_PHONE: '',
  ADMIN_TOTP_IDENTITY: TOTP_IDENTITY,
  ADMIN_TOTP_FACTOR_SID: FACTOR_SID,
};
const WRONG = '000000';

/** `instances` Function instances (a handler each) sharing one Verify and one Sync. */
function harness(env: Record<string, unknown> = TOTP_ENV, instances = 1) {
  const verify = fakeVerify({ maxSends: 100 });
  const h = adminDeps(env, { verify: verify.gateway });
  const handlers = Array.from({ length: instances }, () => sessionEndpoint());
  const signIn = (params: Record<string, unknown>, instance = 0) =>
    runAdminEndpoint(
      request('/admin-session', { method: 'POST', params }),
      h.deps,
      handlers[instance],
      'sign-in',
    );
  const pending = async (instance = 0) =>
    json(await signIn({ username: 'ops', password: PASSWORD }, instance)).pendingToken as string;
  const code = async (pendingToken: string, given: string, instance = 0) =>
    signIn({ pendingToken, code: given }, instance);
  const checks = () => verify.challenges.length + verify.checks.length;
  return { ...h, verify, signIn, pending, code, checks, handlers };
}

describe('wrong second-factor codes are limited per window', () => {
  test('TOTP: 5 wrong codes → the 6th gets 429 with Retry-After even with the right code, unchecked', async () => {
    const { pending, code, verify, audit, clock, checks } = harness();
    const token = await pending();
    for (let i = 1; i <= MAX_WRONG_CODES; i += 1) {
      expect(json(await code(token, WRONG)).error).toBe('wrong-code');
    }
    expect(checks()).toBe(MAX_WRONG_CODES);

    const locked = await code(token, verify.totpCode);
    expect(locked.status).toBe(429);
    expect(json(locked)).toEqual({
      error: 'too-many-attempts',
      message: expect.stringMatching(
        /^Too many wrong codes: code checks are paused for 15 minutes/,
      ),
    });
    const windowEnd = (Math.floor(NOW / ATTEMPTS_WINDOW_MS) + 1) * ATTEMPTS_WINDOW_MS;
    const before = clock.now() - 1000; // the answer came after the 1 s delay
    expect(locked.headers['Retry-After']).toBe(String(Math.ceil((windowEnd - before) / 1000)));
    expect(locked.headers['Cache-Control']).toBe('no-store');
    expect(checks()).toBe(MAX_WRONG_CODES); // the right code never reached Verify
    expect(audit.at(-1)).toMatchObject({ reason: 'too-many-attempts', outcome: 'refused' });
    expect(JSON.stringify(locked)).not.toContain(verify.totpCode);
  });

  test('20 parallel guesses over 4 instances: at most 5 reach Verify, the rest 429', async () => {
    const { pending, code, checks, sync } = harness(TOTP_ENV, 4);
    const tokens = await Promise.all([0, 1, 2, 3].map((i) => pending(i)));
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => code(tokens[i % 4], WRONG, i % 4)),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(checks()).toBeLessThanOrEqual(MAX_WRONG_CODES);
    expect(statuses.filter((s) => s === 401)).toHaveLength(checks());
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - checks());
    // Held slots: one per wrong code, keyed <identity>:<window>:<n>, no username in them.
    const window = String(Math.floor(NOW / ATTEMPTS_WINDOW_MS));
    const keys = [...sync.items.keys()].sort();
    expect(keys).toEqual(
      Array.from(
        { length: checks() },
        (_, i) => `${SIGN_IN_ATTEMPTS_MAP}/${slotKey(attemptIdentity('ops'), window, i + 1)}`,
      ),
    );
    expect(keys.join()).not.toContain('ops');
    for (const { ttlSeconds } of sync.items.values()) {
      expect(ttlSeconds).toBeGreaterThan((ATTEMPTS_WINDOW_MS / 1000) * 1.5);
    }
  });

  test('a right code gives its slot back but does not reset the window', async () => {
    const { pending, code, verify } = harness();
    const token = await pending();
    for (let i = 1; i < MAX_WRONG_CODES; i += 1) await code(token, WRONG);
    expect((await code(token, verify.totpCode)).status).toBe(200);
    const again = await pending();
    expect(json(await code(again, WRONG)).error).toBe('wrong-code'); // the 5th wrong one
    expect((await code(again, verify.totpCode)).status).toBe(429);
  });

  test('the next window unlocks', async () => {
    const { pending, code, verify, clock } = harness();
    const token = await pending();
    for (let i = 1; i <= MAX_WRONG_CODES; i += 1) await code(token, WRONG);
    const locked = await code(token, verify.totpCode);
    expect(locked.status).toBe(429);
    await clock.advance(Number(locked.headers['Retry-After']) * 1000);
    const right = await code(await pending(), verify.totpCode);
    expect(json(right).status).toBe('signed-in');
  });

  test('SMS is limited the same way, across fresh codes', async () => {
    const { pending, code, verify, checks } = harness(TWO_FACTOR_ENV);
    for (let i = 1; i <= MAX_WRONG_CODES; i += 1) {
      // A new texted code each time, so Verify's own 5-checks-per-code limit never applies.
      expect(json(await code(await pending(), WRONG)).error).toBe('wrong-code');
    }
    const locked = await code(await pending(), verify.code);
    expect(json(locked).error).toBe('too-many-attempts');
    expect(checks()).toBe(MAX_WRONG_CODES);
  });

  test("an instance stops on its own count, before Sync; a fresh one follows Sync's", async () => {
    const { pending, code, verify, sync } = harness(TOTP_ENV, 3);
    const token = await pending();
    for (let i = 1; i <= MAX_WRONG_CODES; i += 1) await code(token, WRONG);
    const creates = sync.state.creates;
    expect((await code(token, verify.totpCode)).status).toBe(429);
    expect(sync.state.creates).toBe(creates); // refused from memory

    expect((await code(token, verify.totpCode, 1)).status).toBe(429); // the other instance: Sync
    expect(sync.state.creates).toBe(creates + MAX_WRONG_CODES);
    sync.items.clear(); // ops delete the map items
    expect((await code(token, verify.totpCode, 2)).status).toBe(200); // a fresh instance
    // Instances that saw the window full remember it until the window ends.
    expect((await code(token, verify.totpCode, 1)).status).toBe(429);
    expect((await code(token, verify.totpCode, 0)).status).toBe(429);
  });

  test('Sync unreachable → 503 try-again, the code is not checked, audited', async () => {
    const { pending, code, verify, sync, audit, checks } = harness();
    const token = await pending();
    sync.state.down = true;
    const answer = await code(token, verify.totpCode);
    expect(answer.status).toBe(503);
    expect(json(answer)).toEqual({
      error: 'try-again',
      message: expect.stringMatching(/Sync did not answer.*not checked: try again/),
    });
    expect(answer.headers['Retry-After']).toBe('60');
    expect(checks()).toBe(0);
    expect(audit.at(-1)).toMatchObject({ reason: 'limit-unavailable', outcome: 'error' });

    // Failures while Sync is down do not count against the instance.
    for (let i = 0; i < 7; i += 1) expect((await code(token, WRONG)).status).toBe(503);
    sync.state.down = false;
    expect((await code(token, verify.totpCode)).status).toBe(200);
  });
});
