// How the gateway reports Twilio's failures, produced by the emulator's fault knobs and answered to
// the real twilio-node client: the error class the core acts on, retries, and no credentials.
import { startEmulator, type Emulator } from '../../emulator';
import {
  AccountSuspendedByTwilioError,
  TwilioAccessDeniedError,
  TwilioError,
  TwilioPermanentError,
  TwilioRateLimitedError,
  TwilioTransientError,
} from '../../src/twilio/twilio-errors';
import { rejectionOf } from '../support/rejection';
import { startHeldEmulator, until } from '../support/held-emulator';
import { gatewayFor } from './gateway-harness';

let emulator: Emulator;
let sub: { sid: string; auth_token: string };

beforeAll(async () => {
  emulator = await startEmulator({ seed: { subaccounts: 1 } });
  sub = emulator.accounts.list().find((a) => a.sid !== emulator.mainAccount.sid)!;
});
afterAll(() => emulator.close());
afterEach(() => {
  emulator.faults.clear();
  emulator.knobs.set({ latencyMs: 0, concurrencyLimit: 0 });
  emulator.requestLog.reset();
});

const accountPath = () => `/2010-04-01/Accounts/${sub.sid}.json`;
const statusUpdates = () =>
  emulator.requestLog
    .entries()
    .filter((e) => e.method === 'POST' && e.route === '/2010-04-01/Accounts/:Sid.json');

/** Awaits a rejection and checks it never shows a credential. */
async function failure(promise: Promise<unknown>): Promise<TwilioError> {
  const error = await rejectionOf(promise, TwilioError);
  const shown = `${error.message} ${error.stack} ${JSON.stringify(error)}`;
  for (const token of [emulator.mainAccount.authToken, sub.auth_token])
    expect(shown).not.toContain(token);
  expect(shown).not.toMatch(/Basic |authorization/i);
  return error;
}

describe('rate limiting (429 / 20429)', () => {
  it('suspends through a 429 storm when autoRetry is on', async () => {
    emulator.faults.add({ method: 'POST', route: accountPath(), kind: 429, times: 2 });
    const { gateway } = gatewayFor(emulator, {
      autoRetry: true,
      maxRetries: 3,
      maxRetryDelayMs: 20,
    });
    await expect(gateway.updateAccountStatus(sub.sid, 'suspended')).resolves.toMatchObject({
      status: 'suspended',
    });
    expect(statusUpdates().map((e) => e.status)).toEqual([429, 429, 200]);
    await gateway.updateAccountStatus(sub.sid, 'active');
  });

  it('reports TwilioRateLimitedError once retries are exhausted, with nothing changed', async () => {
    emulator.faults.add({ method: 'POST', route: accountPath(), kind: 429, times: Infinity });
    const { gateway } = gatewayFor(emulator, {
      autoRetry: true,
      maxRetries: 2,
      maxRetryDelayMs: 20,
    });
    const error = await failure(gateway.updateAccountStatus(sub.sid, 'suspended'));
    expect(error).toBeInstanceOf(TwilioRateLimitedError);
    expect(error).toMatchObject({ status: 429, retryable: true });
    expect(statusUpdates()).toHaveLength(3);
    expect(emulator.accounts.get(sub.sid)?.status).toBe('active');
  });

  it("translates the concurrency cap's 20429 answer", async () => {
    const held = await startHeldEmulator({ seed: { subaccounts: 1 } });
    held.emulator.knobs.set({ latencyMs: 100, concurrencyLimit: 1 });
    const account = held.emulator.accounts
      .list()
      .find((a) => a.sid !== held.emulator.mainAccount.sid)!;
    const { gateway } = gatewayFor(held.emulator, { autoRetry: false });
    const both = Promise.allSettled([
      gateway.fetchAccount(account.sid),
      gateway.fetchAccount(account.sid),
    ]);
    // One in flight, held by its latency; the other refused as it came.
    await until(
      () => held.clock.pendingSleeps() === 1 && held.emulator.requestLog.entries().length === 1,
    );
    await held.clock.advance(100);
    const results = await both;
    await held.emulator.close();
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    const error = await failure(Promise.reject((rejected[0] as PromiseRejectedResult).reason));
    expect(error).toBeInstanceOf(TwilioRateLimitedError);
    expect(error.code).toBe(20429);
  });
});

describe('suspended by Twilio (21478)', () => {
  it('reports that only Twilio support can change the account', async () => {
    emulator.accounts.markSuspendedByTwilio(sub.sid);
    try {
      const { gateway } = gatewayFor(emulator);
      const error = await failure(gateway.updateAccountStatus(sub.sid, 'active'));
      expect(error).toBeInstanceOf(AccountSuspendedByTwilioError);
      expect(error).toMatchObject({ code: 21478, retryable: false });
      expect(error.message).toMatch(/Twilio support/);
    } finally {
      emulator.accounts.markSuspendedByTwilio(sub.sid, false);
    }
  });
});

describe('transient failures', () => {
  it.each([
    [503, 503],
    ['reset', 502],
  ] as const)('a %p answer is a retryable TwilioTransientError (%i)', async (kind, status) => {
    emulator.faults.add({ route: accountPath(), method: 'GET', kind });
    const { gateway } = gatewayFor(emulator);
    const error = await failure(gateway.fetchAccount(sub.sid));
    expect(error).toBeInstanceOf(TwilioTransientError);
    expect(error).toMatchObject({ status, retryable: true });
  });

  it('a request that gets no answer in time is a TwilioTransientError (504)', async () => {
    emulator.faults.add({ route: accountPath(), method: 'GET', kind: 'timeout', holdMs: 2000 });
    const { gateway } = gatewayFor(emulator, { autoRetry: false, timeoutMs: 200 });
    const error = await failure(gateway.fetchAccount(sub.sid));
    expect(error).toBeInstanceOf(TwilioTransientError);
    expect(error.status).toBe(504);
  });
});

describe('permanent failures', () => {
  it('wrong credentials: says which variables to check, never echoes them', async () => {
    const { gateway } = gatewayFor(
      emulator,
      { autoRetry: false },
      {
        sid: emulator.mainAccount.sid,
        authToken: 'not-the-token-0000',
      },
    );
    const error = await failure(gateway.fetchAccount(sub.sid));
    expect(error).toBeInstanceOf(TwilioAccessDeniedError);
    expect(error).toBeInstanceOf(TwilioPermanentError);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/ACCOUNT_SID and AUTH_TOKEN/);
    expect(error.message).not.toContain('not-the-token-0000');
  });

  it('an account the main credentials do not own (401 20003 on Twilio) is "not ours": null', async () => {
    const { gateway, exchanges } = gatewayFor(emulator, { autoRetry: false });
    const foreign = `AC${'e'.repeat(32)}`;
    await expect(gateway.fetchAccount(foreign)).resolves.toBeNull();
    // One look at our own account told a refusal of the foreign one from broken credentials.
    expect(exchanges.map((e) => [e.url.pathname, e.status])).toEqual([
      [`/2010-04-01/Accounts/${foreign}.json`, 401],
      [`/2010-04-01/Accounts/${emulator.mainAccount.sid}.json`, 200],
    ]);
  });

  it('a 403 on the account is "not ours" too, while our own account answers', async () => {
    emulator.faults.add({ route: accountPath(), method: 'GET', kind: 403 });
    const { gateway } = gatewayFor(emulator, { autoRetry: false });
    await expect(gateway.fetchAccount(sub.sid)).resolves.toBeNull();
  });

  it('wrong credentials never pass for "not ours": the refusal is thrown', async () => {
    const { gateway } = gatewayFor(
      emulator,
      { autoRetry: false },
      { sid: emulator.mainAccount.sid, authToken: 'not-the-token-0000' },
    );
    const error = await failure(gateway.fetchAccount(`AC${'e'.repeat(32)}`));
    expect(error).toBeInstanceOf(TwilioAccessDeniedError);
  });

  it("a subaccount's credentials see no subaccounts and no sibling", async () => {
    const sibling = emulator.accounts.createSubaccount('sibling');
    const { gateway } = gatewayFor(
      emulator,
      { autoRetry: false },
      { sid: sub.sid, authToken: sub.auth_token },
    );
    await expect(gateway.listSubaccountsPage(null, 50)).resolves.toEqual({
      accounts: [],
      nextCursor: null,
    });
    await expect(gateway.fetchAccount(sibling.sid)).resolves.toBeNull();
  });
});
