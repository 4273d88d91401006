// Sync maps as the sign-in's attempt limit sees them: createMapItem atomic on the key (JS runs one
// call at a time, and each awaits a tick first so parallel requests really interleave), deletes,
// TTLs recorded. `down` makes every call fail as an unreachable Sync would.
import type { CreateOutcome, TwilioGateway } from '../../../src/twilio/gateway';
import { TwilioTransientError } from '../../../src/twilio/twilio-errors';

export function fakeSyncMap() {
  const items = new Map<string, { data: object; ttlSeconds?: number }>();
  const state = { down: false, creates: 0 };
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
  const reachable = async () => {
    await tick();
    if (state.down) {
      const op = 'fake Sync map call';
      throw new TwilioTransientError(
        'connect ECONNREFUSED (fake Sync is down)',
        503,
        undefined,
        op,
        true,
      );
    }
  };
  const gateway: Pick<TwilioGateway, 'createMapItem' | 'deleteMapItem'> = {
    async createMapItem(map, key, data, ttlSeconds): Promise<CreateOutcome> {
      await reachable();
      state.creates += 1;
      const id = `${map}/${key}`;
      if (items.has(id)) return 'exists';
      items.set(id, { data, ttlSeconds });
      return 'created';
    },
    async deleteMapItem(map, key) {
      await reachable();
      items.delete(`${map}/${key}`);
    },
  };
  return { gateway, items, state };
}
