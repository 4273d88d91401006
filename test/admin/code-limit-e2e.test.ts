// End to end, the limit on code guesses: HTTP → the built admin-session Function → the emulator's
// Verify and Sync. Parallel wrong codes take the Sync slots; then even the right code gets 429
// with Retry-After; with Sync failing, the code step answers 503 without checking. Its own stack:
// the lock lasts the rest of the window.
import type { Emulator } from '../../emulator';
import { SIGN_IN_ATTEMPTS_MAP } from '../../src/audit/sync-names';
import { MAX_WRONG_CODES } from '../../src/admin/code-attempts';
import {
  latestTextedCode,
  postSignIn,
  smsTwoFactorEnv,
  startAdminStack,
  type AdminStack,
} from '../support/admin-stack';

const ADMIN = { username: 'ops', password: 'fake-admin-password-limit-e2e' };
const PHONE = '+15550004321';

let stack: AdminStack;
let emulator: Emulator;

beforeAll(async () => {
  stack = await startAdminStack({
    admin: ADMIN,
    env: (running) => smsTwoFactorEnv(running, PHONE, 'fake-session-secret-limit-e2e-0123456789ab'),
  });
  ({ emulator } = stack);
});

afterAll(() => stack?.stop());

const post = (body: object) => postSignIn(stack, body);

const latestCode = () => latestTextedCode(emulator, PHONE);

const pending = async () => (await post(ADMIN)).body.pendingToken as string;

test('Sync failing → 503 try-again; nothing counted', async () => {
  // The password step counts in Sync too: get the code before Sync fails.
  const given = { pendingToken: await pending(), code: await latestCode() };
  emulator.faults.add({
    route: '/v1/Services/:ServiceSid/Maps/:MapSid/Items',
    method: 'POST',
    kind: 503,
    times: Infinity,
  });
  const answer = await post(given);
  emulator.faults.clear();
  expect(answer.status).toBe(503);
  expect(answer.body.error).toBe('try-again');
  expect(answer.headers.get('retry-after')).toBe('60');
});

test('8 parallel wrong codes: 5 checked, 3 refused unchecked; then the right code → 429 Retry-After', async () => {
  const token = await pending();
  const right = await latestCode();
  const wrong = right === '000000' ? '111111' : '000000';
  const answers = await Promise.all(
    Array.from({ length: 8 }, () => post({ pendingToken: token, code: wrong })),
  );
  // Verify itself answers the 5th wrong check of one code with too-many-attempts (60202 status
  // max_attempts_reached): only the paused answers carry Retry-After.
  const paused = answers.filter((a) => a.headers.get('retry-after') !== null);
  expect(paused).toHaveLength(8 - MAX_WRONG_CODES);
  expect(paused.every((a) => a.status === 429 && a.body.error === 'too-many-attempts')).toBe(true);
  const checked = answers.filter((a) => !paused.includes(a)).map((a) => a.body.error);
  expect(checked.sort()).toEqual(['too-many-attempts', ...Array(4).fill('wrong-code')]);
  const slots = await stack.gateway.listMapItemsPage!(SIGN_IN_ATTEMPTS_MAP, null, 100);
  expect(slots.items).toHaveLength(MAX_WRONG_CODES);

  // The right code of the same sign-in: refused before Verify sees it.
  const locked = await post({ pendingToken: token, code: right });
  expect(locked.status).toBe(429);
  expect(locked.body.error).toBe('too-many-attempts');
  expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(900);
});
