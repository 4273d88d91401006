// The wrong-password limit on its own (src/admin/password-attempts.ts), over a fake Sync map:
// what it takes, gives back and writes.
import {
  createPasswordAttempts,
  MAX_WRONG_PASSWORDS,
  MAX_WRONG_PASSWORDS_TOTAL,
  passwordScope,
  PASSWORD_TOTAL_SCOPE,
} from '../../src/admin/password-attempts';
import { sameCredentials } from '../../src/admin/password-check';
import { fakeSyncMap } from './support/fake-sync-map';
import { NOW } from './support/admin-harness';

const EXPECTED = { username: 'ops', password: 'fake-admin-password-attempts' };
const now = () => NOW;

function setup() {
  const sync = fakeSyncMap();
  const compared = jest.fn(sameCredentials);
  const attempts = createPasswordAttempts(compared);
  const check = (username: string, password: string) =>
    attempts.check({ username, password }, EXPECTED, sync.gateway, now);
  return { sync, compared, check };
}

describe('password attempts', () => {
  test('a wrong password holds a slot of the total and one of its username; a right one gives its back', async () => {
    const { sync, check } = setup();
    expect(await check('ops', 'guess')).toEqual({ result: 'wrong' });
    const keys = () => [...sync.items.keys()].map((k) => k.split('/')[1].split(':')[0]).sort();
    expect(keys()).toEqual([passwordScope('ops'), PASSWORD_TOTAL_SCOPE].sort());
    expect(await check('ops', EXPECTED.password)).toEqual({ result: 'right' });
    expect(sync.items.size).toBe(2); // the wrong one's, still held
    expect(keys().join()).not.toContain('ops');
  });

  test('Sync unreachable: unavailable, and the password is not compared', async () => {
    const { sync, compared, check } = setup();
    sync.state.down = true;
    expect(await check('ops', EXPECTED.password)).toEqual({ result: 'unavailable' });
    expect(compared).not.toHaveBeenCalled();
  });

  test('refusals write nothing: guessed usernames find the total full without creating theirs', async () => {
    const { sync, check } = setup();
    for (let i = 0; i < MAX_WRONG_PASSWORDS_TOTAL; i += 1) await check(`user-${i}`, 'guess');
    expect(sync.items.size).toBe(2 * MAX_WRONG_PASSWORDS_TOTAL);
    const creates = sync.state.creates;
    for (let i = 0; i < 100; i += 1) {
      expect(await check(`other-${i}`, 'guess')).toMatchObject({ result: 'locked' });
    }
    expect(sync.state.creates).toBe(creates); // known full: not even a try
    expect(sync.items.size).toBe(2 * MAX_WRONG_PASSWORDS_TOTAL);
  });

  test('a username’s wrong passwords lock it, not the others', async () => {
    const { check } = setup();
    for (let i = 0; i < MAX_WRONG_PASSWORDS; i += 1) await check('ops', `guess-${i}`);
    expect(await check('ops', EXPECTED.password)).toMatchObject({ result: 'locked' });
    expect(await check('root', 'guess')).toEqual({ result: 'wrong' });
  });
});
