import { startEmulator, type Emulator } from '../../emulator';
import { createFaults, validateFault } from '../../emulator/core/faults';
import { emulatorClient, rawTwilio } from '../support/emulator-twilio';
import { startHeldEmulator, until } from '../support/held-emulator';
import { seededRandom } from '../support/seeded-random';

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ seed: { subaccounts: 1 } });
});
afterEach(() => emulator.close());

const ACCOUNT = '/2010-04-01/Accounts/:Sid.json';
/** The test's emulator, replaced by one whose latency holds requests until the test says. */
async function heldEmulator() {
  await emulator.close();
  const held = await startHeldEmulator({ seed: { subaccounts: 1 } });
  emulator = held.emulator;
  return held.clock;
}

const fetchMain = (e: Emulator, timeoutMs = 5000) =>
  emulatorClient(e, undefined, { autoRetry: false, timeoutMs })
    .api.v2010.accounts(e.mainAccount.sid)
    .fetch();

describe('scripted faults', () => {
  it.each([
    [500, 20500],
    [503, 20503],
    [429, 20429],
  ])('answers %i with a Twilio error body, `times` times, then recovers', async (status, code) => {
    emulator.faults.add({ method: 'GET', route: ACCOUNT, kind: status, times: 2 });
    for (let i = 0; i < 2; i++) {
      await expect(fetchMain(emulator)).rejects.toMatchObject({ status, code });
    }
    expect((await fetchMain(emulator)).sid).toBe(emulator.mainAccount.sid);
  });

  it('matches by method, route pattern or concrete path, and leaves other routes alone', async () => {
    emulator.faults.add({ method: 'POST', route: ACCOUNT, kind: 500 });
    expect((await fetchMain(emulator)).status).toBe('active');
    const path = `/2010-04-01/Accounts/${emulator.mainAccount.sid}.json`;
    emulator.faults.add({ route: path, kind: 503 });
    expect((await rawTwilio(emulator, { path })).status).toBe(503);
    expect((await rawTwilio(emulator, { path: '/2010-04-01/Accounts.json' })).status).toBe(200);
  });

  it("'timeout' holds the request until the client gives up", async () => {
    emulator.faults.add({ route: ACCOUNT, kind: 'timeout', holdMs: 2000 });
    const started = Date.now();
    await expect(fetchMain(emulator, 300)).rejects.toThrow(/timeout/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect((await fetchMain(emulator)).sid).toBe(emulator.mainAccount.sid);
  });

  it("'timeout' drops the connection after holdMs when the client waits longer", async () => {
    emulator.faults.add({ route: ACCOUNT, kind: 'timeout', holdMs: 150 });
    await expect(fetchMain(emulator, 3000)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(emulator.requestLog.entries()[0]).toMatchObject({ status: 'timeout', route: ACCOUNT });
  });

  it("'reset' destroys the socket without an answer", async () => {
    emulator.faults.add({ route: ACCOUNT, kind: 'reset' });
    await expect(fetchMain(emulator)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(emulator.requestLog.entries()[0].status).toBe('reset');
  });

  it('clear() disarms every fault; add() validates', async () => {
    emulator.faults.add({ route: '*', kind: 500, times: Infinity });
    await expect(fetchMain(emulator)).rejects.toMatchObject({ status: 500 });
    expect(emulator.faults.list()[0].hits).toBe(1);
    emulator.faults.clear();
    expect((await fetchMain(emulator)).sid).toBe(emulator.mainAccount.sid);
    expect(() => emulator.faults.add({ route: ACCOUNT, kind: 200 })).toThrow(/4xx or 5xx/);
  });
});

describe('random faults (probability)', () => {
  const target = { method: 'GET', host: 'api.twilio.com', pattern: ACCOUNT, path: '/x' } as const;

  it('fails a matching request only when the draw is below the probability, counting only hits', () => {
    const draws = [0.05, 0.5, 0.099, 0.1, 0.99];
    const faults = createFaults(() => draws.shift()!);
    faults.add({ route: ACCOUNT, kind: 503, probability: 0.1, times: Infinity });
    const outcomes = [1, 2, 3, 4, 5].map(() => faults.take(target)?.kind ?? 'ok');
    expect(outcomes).toEqual([503, 'ok', 503, 'ok', 'ok']);
    expect(faults.list()[0].hits).toBe(2);
  });

  it('lets a spared request fall through to the faults added after it', () => {
    const draws = [0.9, 0.2];
    const faults = createFaults(() => draws.shift()!);
    faults.add({ route: '*', kind: 500, probability: 0.5, times: Infinity });
    faults.add({ route: '*', kind: 429, probability: 0.5, times: Infinity });
    expect(faults.take(target)?.kind).toBe(429);
    expect(draws).toEqual([]);
    expect(faults.list().map((f) => f.hits)).toEqual([0, 1]);
  });

  it('draws nothing for faults without a probability, and validates it', () => {
    const faults = createFaults(() => {
      throw new Error('no draw expected');
    });
    faults.add({ route: '*', kind: 500 });
    expect(faults.take(target)?.kind).toBe(500);
    expect(faults.list()[0].probability).toBe(1);
    for (const probability of [0, -0.1, 1.5, Number.NaN]) {
      expect(validateFault({ route: '*', kind: 500, probability })).toMatch(/probability/);
    }
    expect(validateFault({ route: '*', kind: 500, probability: 0.1 })).toBeUndefined();
  });

  it('fails roughly that share of real requests through the emulator', async () => {
    // Seeded draws, so the count is the same on every run.
    await emulator.close();
    emulator = await startEmulator({ seed: { subaccounts: 1 }, random: seededRandom(7) });
    emulator.faults.add({ route: ACCOUNT, kind: 500, probability: 0.3, times: Infinity });
    const path = `/2010-04-01/Accounts/${emulator.mainAccount.sid}.json`;
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await rawTwilio(emulator, { path })).status);
    const failed = statuses.filter((s) => s === 500).length;
    // 200 draws at p = 0.3: mean 60, sd ≈ 6.5.
    expect(failed).toBeGreaterThan(30);
    expect(failed).toBeLessThan(90);
    expect(statuses.filter((s) => s !== 500).every((s) => s === 200)).toBe(true);
    expect(emulator.faults.list()[0].hits).toBe(failed);
  });
});

describe('latency and the concurrency cap', () => {
  it('adds the configured latency to every request', async () => {
    emulator.knobs.set({ latencyMs: 120 });
    const started = Date.now();
    await fetchMain(emulator);
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    expect(emulator.requestLog.entries()[0].durationMs).toBeGreaterThanOrEqual(115);
  });

  it('answers 429 / 20429 above the cap and counts max concurrency', async () => {
    const clock = await heldEmulator();
    emulator.knobs.set({ latencyMs: 200, concurrencyLimit: 2 });
    const settled = Promise.allSettled(Array.from({ length: 5 }, () => fetchMain(emulator)));
    // Two in flight, held by their latency; the other three refused as they came.
    await until(() => clock.pendingSleeps() === 2 && emulator.requestLog.entries().length === 3);
    await clock.advance(200);
    const results = await settled;
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(refused).toHaveLength(3);
    for (const r of refused)
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 20429 });
    const stats = emulator.requestLog.stats();
    expect(stats.count).toBe(5);
    expect(stats.maxConcurrency).toBe(2);
  });

  it("lets twilio-node's autoRetry get through a 429 burst", async () => {
    emulator.faults.add({ route: ACCOUNT, kind: 429, times: 2 });
    const client = emulatorClient(emulator, undefined, {
      autoRetry: true,
      maxRetries: 3,
      maxRetryDelayMs: 50,
    });
    expect((await client.api.v2010.accounts(emulator.mainAccount.sid).fetch()).status).toBe(
      'active',
    );
    expect(emulator.requestLog.entries().map((e) => e.status)).toEqual([429, 429, 200]);
  });
});

describe('request log', () => {
  it('records method, host, route, status, timing and concurrency; stats per route; reset', async () => {
    const clock = await heldEmulator();
    emulator.knobs.set({ latencyMs: 30 });
    const three = Promise.all([fetchMain(emulator), fetchMain(emulator), fetchMain(emulator)]);
    await until(() => clock.pendingSleeps() === 3);
    await clock.advance(30);
    await three;
    const refused = rawTwilio(emulator, {
      path: '/2010-04-01/Accounts.json',
      creds: { sid: 'x', token: 'y' },
    });
    await until(() => clock.pendingSleeps() === 1);
    await clock.advance(30);
    await refused;
    const [first] = emulator.requestLog.entries();
    expect(first).toMatchObject({
      method: 'GET',
      host: 'api.twilio.com',
      route: ACCOUNT,
      status: 200,
    });
    expect(first.start).toBeLessThanOrEqual(Date.now());
    const stats = emulator.requestLog.stats();
    expect(stats.count).toBe(4);
    expect(stats.maxConcurrency).toBe(3);
    expect(stats.byRoute[`GET api.twilio.com${ACCOUNT}`]).toMatchObject({
      count: 3,
      statuses: { 200: 3 },
    });
    expect(stats.byRoute['GET api.twilio.com/2010-04-01/Accounts.json'].statuses).toEqual({
      401: 1,
    });
    emulator.requestLog.reset();
    expect(emulator.requestLog.stats()).toEqual({ count: 0, maxConcurrency: 0, byRoute: {} });
    expect(emulator.requestLog.entries()).toEqual([]);
  });
});
