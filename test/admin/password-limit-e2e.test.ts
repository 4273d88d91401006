// End to end, the limit on password guesses: HTTP → the built admin-session Function (served as
// twilio-run serves it) → the emulator's Sync. Real time and real sockets, so only what holds at any
// machine speed is asserted: never more than the cap of passwords checked (a check that could not
// be counted in time is refused 503, unchecked), everything else refused, and no sign-in.
import { MAX_WRONG_PASSWORDS, PASSWORD_WINDOW_MS } from '../../src/admin/password-attempts';
import { SIGN_IN_ATTEMPTS_MAP } from '../../src/audit/sync-names';
import { postSignIn, startAdminStack, type AdminStack } from '../support/admin-stack';

const ADMIN = { username: 'ops', password: 'fake-admin-password-limit-e2e' };

let stack: AdminStack;

beforeAll(async () => {
  stack = await startAdminStack({
    admin: ADMIN,
    env: () => ({ SESSION_SECRET: 'fake-session-secret-password-e2e-0123456789' }),
  });
});

afterAll(() => stack?.stop());

async function post(body: object) {
  const { status, headers } = await postSignIn(stack, body);
  return { status, retryAfter: headers.get('retry-after') };
}

test('50 parallel wrong passwords over HTTP: at most 10 checked, the rest refused; then the right one is refused too', async () => {
  expect(MAX_WRONG_PASSWORDS).toBe(10); // the title's number
  const window = () => Math.floor(Date.now() / PASSWORD_WINDOW_MS);
  const first = window();
  const answers = await Promise.all(
    Array.from({ length: 50 }, (_, i) => post({ ...ADMIN, password: `guess-${i}` })),
  );
  // The cap is per 15-minute window (of the wall clock here): a run across a boundary has two.
  const windows = window() - first + 1;
  const count = (status: number) => answers.filter((a) => a.status === status).length;
  expect(count(401)).toBeLessThanOrEqual(MAX_WRONG_PASSWORDS * windows);
  expect(count(401) + count(429) + count(503)).toBe(50);
  for (const refused of answers.filter((a) => a.status === 429 || a.status === 503)) {
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(PASSWORD_WINDOW_MS / 1000);
  }
  // Each checked wrong password holds two slots (its username's, the total's); none is lost.
  const slots = await stack.gateway.listMapItemsPage!(SIGN_IN_ATTEMPTS_MAP, null, 100);
  expect(slots.items).toHaveLength(2 * count(401));

  // With the username's slots all held, the right password is not even compared.
  const right = await post(ADMIN);
  if (count(401) === MAX_WRONG_PASSWORDS && windows === 1 && window() === first) {
    expect(right.status).toBe(429);
  } else {
    expect([200, 429, 503]).toContain(right.status); // a slow machine left a slot free
  }
});
