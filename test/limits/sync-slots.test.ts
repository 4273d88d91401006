// The atomic counter across instances (src/limits/sync-slots.ts): slots taken with Sync's atomic
// create, several instances (one SyncSlots each) sharing one fake Sync map.
import {
  createSyncSlots,
  fixedWindow,
  slotKey,
  SlotsUnavailableError,
  type SlotStore,
} from '../../src/limits/sync-slots';
import { createVirtualClock } from '../../src/runtime/virtual-clock';
import { fakeSyncMap } from '../admin/support/fake-sync-map';

const MAP = 'test-slots';
const WINDOW_MS = 15 * 60_000;

function setup(instances = 1) {
  const sync = fakeSyncMap();
  const clock = createVirtualClock();
  const slots = Array.from({ length: instances }, () => createSyncSlots(MAP));
  const take = (scope: string, max: number, instance = 0) =>
    slots[instance].take(scope, max, fixedWindow(clock.now(), WINDOW_MS), sync.gateway, clock.now);
  return { sync, clock, slots, take };
}

describe('sync slots', () => {
  test('50 parallel takes over 4 instances: exactly max succeed, the rest are refused', async () => {
    const { take, sync } = setup(4);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => take('scope-a', 10, i % 4)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok)).toHaveLength(40);
    expect(sync.items.size).toBe(10);
    const keys = results.flatMap((r) => (r.ok ? [r.key] : [])).sort();
    expect(new Set(keys).size).toBe(10);
  });

  test('a refusal says when the window ends; the next window starts empty', async () => {
    const { take, clock } = setup();
    await take('scope-a', 1);
    const refused = await take('scope-a', 1);
    const endsAt = fixedWindow(clock.now(), WINDOW_MS).endsAt;
    expect(refused).toEqual({
      ok: false,
      retryAfterSeconds: Math.ceil((endsAt - clock.now()) / 1000),
    });
    await clock.advance(endsAt - clock.now());
    expect((await take('scope-a', 1)).ok).toBe(true);
  });

  test('scopes count apart', async () => {
    const { take } = setup();
    expect((await take('scope-a', 1)).ok).toBe(true);
    expect((await take('scope-b', 1)).ok).toBe(true);
    expect((await take('scope-a', 1)).ok).toBe(false);
  });

  test('a slot given back is taken again, first', async () => {
    const { take, sync, clock } = setup();
    const first = await take('scope-a', 3);
    await take('scope-a', 3);
    if (!first.ok) throw new Error('expected a slot');
    await first.release();
    await first.release(); // twice is once
    const again = await take('scope-a', 3);
    const window = fixedWindow(clock.now(), WINDOW_MS).id;
    expect(again).toMatchObject({ ok: true, key: slotKey('scope-a', window, 1) });
    expect(sync.items.size).toBe(2);
  });

  test('an instance that knows every slot is taken answers without Sync; another asks Sync', async () => {
    const { take, sync } = setup(2);
    for (let i = 0; i < 3; i += 1) await take('scope-a', 3);
    const creates = sync.state.creates;
    expect((await take('scope-a', 3)).ok).toBe(false);
    expect(sync.state.creates).toBe(creates);
    expect((await take('scope-a', 3, 1)).ok).toBe(false);
    expect(sync.state.creates).toBe(creates + 3); // the fresh instance tried each slot once
    expect((await take('scope-a', 3, 1)).ok).toBe(false);
    expect(sync.state.creates).toBe(creates + 3);
  });

  test('knownFull answers from this instance’s memory only', async () => {
    const { take, slots, clock } = setup(2);
    const window = () => fixedWindow(clock.now(), WINDOW_MS);
    expect(slots[0].knownFull('scope-a', 2, window())).toBe(false);
    await take('scope-a', 2);
    await take('scope-a', 2);
    expect(slots[0].knownFull('scope-a', 2, window())).toBe(true);
    expect(slots[1].knownFull('scope-a', 2, window())).toBe(false); // has not asked Sync yet
    await take('scope-a', 2, 1);
    expect(slots[1].knownFull('scope-a', 2, window())).toBe(true);
  });

  test('items live past their window, within Sync’s TTL limit', async () => {
    const { take, sync, clock } = setup();
    await take('scope-a', 1);
    const [{ ttlSeconds }] = [...sync.items.values()];
    const left = (fixedWindow(clock.now(), WINDOW_MS).endsAt - clock.now()) / 1000;
    expect(ttlSeconds).toBeGreaterThan(left);
    const yearly = createSyncSlots(MAP);
    const far = { id: 'far', endsAt: clock.now() + 5 * 365 * 86_400_000 };
    await yearly.take('scope-y', 1, far, sync.gateway, clock.now);
    expect(sync.items.get(`${MAP}/${slotKey('scope-y', 'far', 1)}`)?.ttlSeconds).toBe(31_536_000);
  });

  test('Sync unreachable → SlotsUnavailableError, and nothing is counted', async () => {
    const { take, sync } = setup();
    sync.state.down = true;
    await expect(take('scope-a', 1)).rejects.toBeInstanceOf(SlotsUnavailableError);
    sync.state.down = false;
    expect((await take('scope-a', 1)).ok).toBe(true);
  });

  test('Sync too slow → SlotsUnavailableError once the budget is spent', async () => {
    const { clock } = setup();
    const taken = new Set<string>();
    const slow: SlotStore = {
      async createMapItem(_map, key) {
        await clock.sleep(3000);
        if (taken.has(key)) return 'exists';
        taken.add(key);
        return 'created';
      },
      async deleteMapItem() {},
    };
    const slots = createSyncSlots(MAP, { budgetMs: 4000 });
    const window = fixedWindow(clock.now(), WINDOW_MS);
    taken.add(slotKey('scope-a', window.id, 1));
    taken.add(slotKey('scope-a', window.id, 2));
    // Slot 1 at 3 s (taken), slot 2 at 6 s (taken): past 4 s, slot 3 is not tried.
    await expect(slots.take('scope-a', 5, window, slow, clock.now)).rejects.toBeInstanceOf(
      SlotsUnavailableError,
    );
  });
});
