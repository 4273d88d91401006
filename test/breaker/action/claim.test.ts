import { createClaims, type ClaimRecord, type Claims } from '../../../src/breaker/action/claim';
import { CLAIMS_MAP } from '../../../src/audit/sync-names';
import { retryingGateway } from '../../../src/retry/retrying-gateway';
import { FakeGateway } from '../support/fake-gateway';
import { createVirtualClock } from '../../../src/runtime/virtual-clock';

const KEY = 'd-test';

function setup() {
  const clock = createVirtualClock();
  const gateway = new FakeGateway();
  let n = 0;
  const newInstance = () => createClaims({ clock, newOwner: () => `owner-${++n}` });
  return { clock, gateway, newInstance, until: (ms: number) => clock.now() + ms };
}

/** Claims, does the "side effect", completes: what one invocation does. */
async function process(claims: Claims, gateway: FakeGateway, effects: string[], waitUntil: number) {
  const result = await claims.claim(KEY, gateway, waitUntil);
  if (result.outcome === 'duplicate') return result;
  effects.push(result.owner);
  await claims.complete(KEY, result.owner, gateway, 'suspended');
  return result;
}

describe('claims', () => {
  it('lets one of two sequential copies through; the second is a duplicate', async () => {
    const { gateway, newInstance, until } = setup();
    const effects: string[] = [];
    const a = newInstance();
    const b = newInstance();
    expect(await process(a, gateway, effects, until(4000))).toMatchObject({ outcome: 'claimed' });
    expect(await process(b, gateway, effects, until(4000))).toMatchObject({
      outcome: 'duplicate',
      state: 'done',
    });
    expect(effects).toHaveLength(1);
  });

  it('hands a done claim whose call sweep did not finish to later copies, until one finishes it', async () => {
    const { gateway, newInstance, until } = setup();
    const a = newInstance();
    const first = await a.claim(KEY, gateway, until(4000));
    if (first.outcome !== 'claimed') throw new Error('expected a claim');
    await a.complete(KEY, first.owner, gateway, 'suspended', 'incomplete');
    const pending = { outcome: 'duplicate', state: 'done', record: { sweep: 'incomplete' } };
    // The same instance asks Sync again (another instance may have finished it), so does another.
    expect(await a.claim(KEY, gateway, until(4000))).toMatchObject(pending);
    const b = newInstance();
    const again = await b.claim(KEY, gateway, until(4000));
    expect(again).toMatchObject({ ...pending, record: { owner: first.owner } });
    await b.complete(KEY, first.owner, gateway, 'suspended', 'complete');
    expect(await b.claim(KEY, gateway, until(4000))).toEqual({
      outcome: 'duplicate',
      state: 'done',
    });
    expect(await a.claim(KEY, gateway, until(4000))).toMatchObject({
      record: { sweep: 'complete' },
    });
  });

  it('lets exactly one of many concurrent copies on different instances through', async () => {
    const { gateway, newInstance, until } = setup();
    const effects: string[] = [];
    const instances = Array.from({ length: 8 }, newInstance);
    const results = await Promise.all(
      instances.map((c) => process(c, gateway, effects, until(4000))),
    );
    expect(effects).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(7);
  });

  it('lets exactly one of concurrent copies on the same instance through, without extra Sync calls', async () => {
    const { gateway, newInstance, until } = setup();
    const effects: string[] = [];
    const one = newInstance();
    await Promise.all([1, 2, 3].map(() => process(one, gateway, effects, until(4000))));
    expect(effects).toHaveLength(1);
    expect(gateway.calls('createMapItem')).toHaveLength(1);
  });

  it('answers a repeat on a warm instance from memory', async () => {
    const { gateway, newInstance, until } = setup();
    const one = newInstance();
    await process(one, gateway, [], until(4000));
    gateway.resetLog();
    expect(await one.claim(KEY, gateway, until(4000))).toEqual({
      outcome: 'duplicate',
      state: 'done',
    });
    expect(gateway.log).toHaveLength(0);
  });

  it('gives the work to a waiting copy when the winner releases after a failure', async () => {
    const { gateway, newInstance, until, clock } = setup();
    const winner = newInstance();
    const loser = newInstance();
    const first = await winner.claim(KEY, gateway, until(4000));
    const waiting = loser.claim(KEY, gateway, until(4000));
    await clock.sleep(5);
    await winner.release(KEY, first, gateway);
    expect(await waiting).toMatchObject({ outcome: 'claimed' });
  });

  it("answers 'in-progress' when the winner is still at work after the wait", async () => {
    const { gateway, newInstance, until } = setup();
    await newInstance().claim(KEY, gateway, until(4000));
    expect(await newInstance().claim(KEY, gateway, until(600))).toEqual({
      outcome: 'duplicate',
      state: 'in-progress',
    });
  });

  it('recognises its own claim after a create whose answer was lost and that was retried', async () => {
    const { gateway, newInstance, until, clock } = setup();
    gateway.fail('createMapItem', 'lost-answer');
    const retrying = retryingGateway(gateway, { clock, deadlineAt: until(2000), random: () => 0 });
    const result = await newInstance().claim(KEY, retrying, until(4000));
    expect(result).toMatchObject({ outcome: 'claimed' });
    expect(gateway.calls('createMapItem')).toHaveLength(2);
  });

  it('takes over a claim whose owner died (lease expired) exactly once', async () => {
    const { gateway, newInstance, until, clock } = setup();
    const stale: ClaimRecord = { owner: 'dead', state: 'in-progress', leaseUntil: clock.now() - 1 };
    gateway.map_(CLAIMS_MAP).set(KEY, stale);
    const results = await Promise.all(
      [1, 2, 3].map(() => newInstance().claim(KEY, gateway, until(300))),
    );
    const claimed = results.filter((r) => r.outcome === 'claimed');
    expect(claimed).toEqual([expect.objectContaining({ tookOver: true })]);
    const fresh = await newInstance().claim('d-fresh', gateway, until(300));
    expect(fresh).toMatchObject({ outcome: 'claimed' });
    expect(fresh).not.toHaveProperty('tookOver');
  });

  it("is 'unavailable' (so the caller proceeds, fail closed) when Sync is down", async () => {
    const { gateway, newInstance, until } = setup();
    gateway.syncDown = true;
    expect(await newInstance().claim(KEY, gateway, until(4000))).toMatchObject({
      outcome: 'unavailable',
    });
  });

  it('deletes a released claim so that Twilio’s retry can claim it', async () => {
    const { gateway, newInstance, until } = setup();
    const claims = newInstance();
    const result = await claims.claim(KEY, gateway, until(4000));
    expect(await claims.release(KEY, result, gateway)).toBe(true);
    expect(gateway.map_(CLAIMS_MAP).has(KEY)).toBe(false);
    expect(await newInstance().claim(KEY, gateway, until(4000))).toMatchObject({
      outcome: 'claimed',
    });
  });

  it('marks a completed claim done in Sync, and never throws when Sync is down', async () => {
    const { gateway, newInstance, until } = setup();
    const claims = newInstance();
    const result = await claims.claim(KEY, gateway, until(4000));
    if (result.outcome !== 'claimed') throw new Error('expected a claim');
    expect(await claims.complete(KEY, result.owner, gateway, 'suspended')).toBe(true);
    expect(gateway.map_(CLAIMS_MAP).get(KEY)).toMatchObject({ state: 'done', action: 'suspended' });
    gateway.syncDown = true;
    await expect(claims.complete(KEY, result.owner, gateway, 'suspended')).resolves.toBe(false);
  });

  // A readable delivery marks its trigger's day key (src/breaker/delivery/delivery-key.ts) so that a copy
  // claiming that key is a duplicate; a mark never takes a key someone else holds.
  it('marks a key done unless it is held, so a later claim of it is a duplicate', async () => {
    const { gateway, newInstance, until } = setup();
    const [marker, other] = [newInstance(), newInstance()];
    expect(await marker.mark(KEY, gateway)).toBe(true);
    expect(gateway.map_(CLAIMS_MAP).get(KEY)).toMatchObject({ state: 'done', action: 'mark' });
    expect(await other.claim(KEY, gateway, until(4000))).toMatchObject({ outcome: 'duplicate' });
    const creates = gateway.calls('createMapItem').length;
    expect(await marker.mark(KEY, gateway)).toBe(true); // remembered: no second Sync call
    expect(gateway.calls('createMapItem')).toHaveLength(creates);

    const held = await other.claim('d-held', gateway, until(4000));
    expect(held).toMatchObject({ outcome: 'claimed' });
    expect(await marker.mark('d-held', gateway)).toBe(true);
    expect(gateway.map_(CLAIMS_MAP).get('d-held')).toMatchObject({ state: 'in-progress' });

    gateway.syncDown = true;
    await expect(newInstance().mark('d-other', gateway)).resolves.toBe(false);
  });
});
