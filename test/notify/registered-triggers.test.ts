// The cache of the triggers setup registered (src/notify/registered-triggers.ts): setup's marker
// and the callback URL's tier make a trigger "ours"; misses re-read at most every 30 s; one read
// for concurrent asks; Twilio's failure is the caller's to judge.
import { breakerCallbackUrl } from '../../src/breaker/delivery/callback-url';
import {
  createTriggerRegistry,
  MISS_REFETCH_MS,
  REGISTRY_TTL_MS,
} from '../../src/notify/registered-triggers';
import type { TriggerRecord } from '../../src/twilio/gateway';

const ACCOUNT = 'AC' + 'a'.repeat(32);
const BASE = 'https://breaker-1234-dev.twil.io';
const sid = (n: number) => 'UT' + n.toString(16).padStart(32, '0');

function trigger(n: number, overrides: Partial<TriggerRecord> = {}): TriggerRecord {
  return {
    sid: sid(n),
    accountSid: ACCOUNT,
    friendlyName: 'breaker:warn:daily:price:totalprice',
    usageCategory: 'totalprice',
    triggerBy: 'price',
    triggerValue: '25',
    recurring: 'daily',
    callbackUrl: breakerCallbackUrl(BASE, 'warn'),
    callbackMethod: 'POST',
    ...overrides,
  };
}

function lister(triggers: TriggerRecord[]) {
  const state = { reads: 0, fail: false, triggers };
  const gateway = {
    async listTriggers() {
      state.reads += 1;
      await new Promise((resolve) => setImmediate(resolve));
      if (state.fail) throw new Error('Twilio is down (fake)');
      return state.triggers;
    },
  };
  return { state, gateway };
}

describe('registered triggers', () => {
  test('setup’s triggers, with the tier of their callback URL', async () => {
    const { gateway } = lister([
      trigger(1),
      trigger(2, {
        friendlyName: 'breaker:trip:monthly:price:totalprice',
        callbackUrl: breakerCallbackUrl(BASE, 'trip'),
        recurring: 'monthly',
      }),
      trigger(3, { friendlyName: 'someone else’s trigger' }),
      // A future marker format still counts; its tier comes from the URL.
      trigger(4, {
        friendlyName: 'breaker:rearm:AC1',
        recurring: 'alltime',
        callbackUrl: breakerCallbackUrl(BASE, 'trip'),
      }),
    ]);
    const registry = createTriggerRegistry();
    expect(await registry.find(ACCOUNT, sid(1), gateway, 0)).toEqual({
      tier: 'warn',
      recurring: 'daily',
    });
    expect(await registry.find(ACCOUNT, sid(2), gateway, 0)).toEqual({
      tier: 'trip',
      recurring: 'monthly',
    });
    expect(await registry.find(ACCOUNT, sid(3), gateway, 0)).toBeNull();
    expect(await registry.find(ACCOUNT, sid(4), gateway, 0)).toEqual({
      tier: 'trip',
      recurring: 'alltime',
    });
  });

  test('invented SIDs cost at most one read per account per 30 s', async () => {
    const { gateway, state } = lister([trigger(1)]);
    const registry = createTriggerRegistry();
    const asks = Array.from({ length: 100 }, (_, i) =>
      registry.find(ACCOUNT, sid(1000 + i), gateway, 0),
    );
    expect(await Promise.all(asks)).toEqual(Array(100).fill(null));
    expect(state.reads).toBe(1);
    for (let i = 0; i < 100; i += 1)
      await registry.find(ACCOUNT, sid(2000 + i), gateway, MISS_REFETCH_MS - 1);
    expect(state.reads).toBe(1);
    await registry.find(ACCOUNT, sid(3000), gateway, MISS_REFETCH_MS);
    expect(state.reads).toBe(2);
  });

  test('a trigger registered since is found after at most 30 s', async () => {
    const { gateway, state } = lister([trigger(1)]);
    const registry = createTriggerRegistry();
    expect(await registry.find(ACCOUNT, sid(1), gateway, 0)).not.toBeNull();
    state.triggers = [trigger(1), trigger(5)];
    expect(await registry.find(ACCOUNT, sid(5), gateway, 1000)).toBeNull();
    expect(await registry.find(ACCOUNT, sid(5), gateway, MISS_REFETCH_MS)).not.toBeNull();
  });

  test('a known trigger is not re-read within the TTL; then it is (a deleted one stops counting)', async () => {
    const { gateway, state } = lister([trigger(1)]);
    const registry = createTriggerRegistry();
    await registry.find(ACCOUNT, sid(1), gateway, 0);
    await registry.find(ACCOUNT, sid(1), gateway, REGISTRY_TTL_MS - 1);
    expect(state.reads).toBe(1);
    state.triggers = [];
    expect(await registry.find(ACCOUNT, sid(1), gateway, REGISTRY_TTL_MS)).toBeNull();
    expect(state.reads).toBe(2);
  });

  test('Twilio failing: throws, and the next ask reads again', async () => {
    const { gateway, state } = lister([trigger(1)]);
    const registry = createTriggerRegistry();
    state.fail = true;
    await expect(registry.find(ACCOUNT, sid(1), gateway, 0)).rejects.toThrow('Twilio is down');
    state.fail = false;
    expect(await registry.find(ACCOUNT, sid(1), gateway, 1)).not.toBeNull();
  });
});
