// The self-scheduled reconcile, step by step, over the setup fake on a virtual clock.
import type { TwilioGateway } from '../../src/twilio/gateway';
import { RECONCILE_MAP } from '../../src/audit/sync-names';
import { signedContinuation } from '../../src/reconcile/continuation';
import { handleReconcile, type ReconcileDeps } from '../../src/reconcile/handle-reconcile';
import { claimKey, PASS_KEY, type ReconcilePass } from '../../src/reconcile/reconcile-pass';
import { reconcileTriggerSpec } from '../../src/reconcile/reconcile-trigger';
import type { RuntimeRequest } from '../../src/runtime/runtime-request';
import { DEFAULT_RULES } from '../../src/setup/rules';
import { signTwilioRequest } from '../support/twilio-signer';
import { fakeGateway, MAIN_SID, type FakeGateway } from '../setup/fake-gateway';
import { expectProtected } from '../setup/setup-fixtures';

const DOMAIN = 'breaker-1234-dev.twil.io';
const URL_ = `https://${DOMAIN}/reconcile`;
const MAIN_TOKEN = 'fake-main-auth-token-for-tests';
const MAIN = { accountSid: MAIN_SID, authToken: MAIN_TOKEN };
const TRIGGER_SID = 'UT' + 'c'.repeat(32);

function signed(params: Record<string, string>, token = MAIN_TOKEN): RuntimeRequest {
  return {
    method: 'POST',
    url: URL_,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signTwilioRequest(token, URL_, params),
    },
    params,
  };
}

/** The main account's daily trigger firing, as Twilio would post it. */
const triggerCallback = (token = MAIN_TOKEN, accountSid = MAIN_SID) =>
  signed(
    {
      AccountSid: accountSid,
      UsageTriggerSid: TRIGGER_SID,
      DateFired: 'Thu, 15 Jan 2026 00:03:00 +0000',
      Recurring: 'daily',
      UsageCategory: 'totalprice',
    },
    token,
  );

function continuation(runId: string, step: number): RuntimeRequest {
  const next = signedContinuation(URL_, MAIN, runId, step);
  return {
    method: 'POST',
    url: next.url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': next.signature,
    },
    params: next.params,
  };
}

function stack(accounts = 30, latencyMs = 100) {
  const fake = fakeGateway({ latencyMs });
  for (let i = 0; i < accounts; i += 1) fake.addAccount();
  const sent: Array<{ runId: string; step: number }> = [];
  const lines: string[] = [];
  let run = 0;
  const deps: ReconcileDeps = {
    gateway: fake.listingGateway as unknown as TwilioGateway,
    clock: fake.clock,
    main: MAIN,
    setup: {
      rules: DEFAULT_RULES,
      domainName: DOMAIN,
      reconcileTrigger: { mainAccountSid: MAIN_SID, spec: reconcileTriggerSpec(DOMAIN, '0.01') },
    },
    // Small steps, so a pass takes several (as 10,000 subaccounts do on Twilio).
    options: { budgetMs: 2000, concurrency: 2, pageSize: 10 },
    continueWith: async (runId, step) => {
      sent.push({ runId, step });
      return 'sent';
    },
    log: (line) => lines.push(line),
    newRunId: () => `run-${++run}`,
    random: () => 0.5,
  };
  return { fake, deps, sent, lines };
}

const body = (r: { body: string }) => JSON.parse(r.body);
const pass = (fake: FakeGateway) => fake.mapItem(RECONCILE_MAP, PASS_KEY) as ReconcilePass;

/** Delivers each continuation the step sent, until the pass is done (bounded). */
async function follow(s: ReturnType<typeof stack>) {
  for (let i = 0; i < 100 && s.sent.length > 0; i += 1) {
    const { runId, step } = s.sent.shift()!;
    const answer = await handleReconcile(continuation(runId, step), s.deps);
    expect(answer.status).toBe(200);
  }
}

describe('handleReconcile', () => {
  test('the daily callback starts a pass that continues itself, step by step, until every subaccount is set up', async () => {
    const s = stack();
    const first = await handleReconcile(triggerCallback(), s.deps);
    expect(body(first)).toMatchObject({
      action: 'ran',
      runId: 'run-1',
      step: 0,
      done: false,
      next: 'sent',
    });
    expect(s.sent).toEqual([{ runId: 'run-1', step: 1 }]);
    await follow(s);
    expect(pass(s.fake)).toMatchObject({
      runId: 'run-1',
      done: true,
      totals: { seen: 30, failed: 0 },
    });
    expect(pass(s.fake).step).toBeGreaterThan(2);
    expectProtected(
      s.fake,
      s.fake.accounts.map((a) => a.sid),
    );
    // The pass also keeps the main account's reconcile trigger.
    expect(s.fake.triggersOf(MAIN_SID).map((t) => t.friendlyName)).toEqual([
      'breaker-reconcile:daily',
    ]);
  });

  test('a callback while a pass runs, or soon after one started, starts nothing', async () => {
    const s = stack();
    await handleReconcile(triggerCallback(), s.deps);
    expect(body(await handleReconcile(triggerCallback(), s.deps))).toEqual({
      action: 'ignored',
      why: 'pass-running',
    });
    await follow(s);
    expect(body(await handleReconcile(triggerCallback(), s.deps))).toEqual({
      action: 'ignored',
      why: 'pass-recent',
    });
    await s.fake.clock.advance(10 * 60_000);
    expect(body(await handleReconcile(triggerCallback(), s.deps))).toMatchObject({
      action: 'ran',
      runId: 'run-2',
    });
  });

  test('a replayed or late continuation runs nothing; two copies of one step run it once', async () => {
    const s = stack();
    await handleReconcile(triggerCallback(), s.deps);
    const [copy1, copy2] = await Promise.all([
      handleReconcile(continuation('run-1', 1), s.deps),
      handleReconcile(continuation('run-1', 1), s.deps),
    ]);
    expect([body(copy1).action, body(copy2).action].sort()).toEqual(['ignored', 'ran']);
    expect(body(await handleReconcile(continuation('run-1', 1), s.deps))).toEqual({
      action: 'ignored',
      why: 'stale-continuation',
    });
    expect(body(await handleReconcile(continuation('run-9', 2), s.deps)).why).toBe(
      'stale-continuation',
    );
  });

  test('a broken chain is resumed by the next callback once the pass has not moved for a minute', async () => {
    const s = stack();
    await handleReconcile(triggerCallback(), s.deps);
    s.sent.length = 0; // the continuation never arrives
    const stalled = pass(s.fake);
    await s.fake.clock.advance(30_000);
    expect(body(await handleReconcile(triggerCallback(), s.deps)).why).toBe('pass-running');
    await s.fake.clock.advance(31_000);
    const resumed = await handleReconcile(triggerCallback(), s.deps);
    expect(body(resumed)).toMatchObject({
      action: 'ran',
      runId: 'run-1',
      step: stalled.step,
      resumed: true,
    });
    await follow(s);
    expect(pass(s.fake)).toMatchObject({ runId: 'run-1', done: true });
    expectProtected(s.fake);
  });

  test('a step whose invocation died holding its claim is resumed all the same', async () => {
    const s = stack();
    await handleReconcile(triggerCallback(), s.deps);
    // Step 1's invocation claimed the step, then was killed before saving anything.
    const state = pass(s.fake);
    s.fake.setMapItem(RECONCILE_MAP, claimKey(state), { at: 'then' });
    s.sent.length = 0;
    expect(body(await handleReconcile(continuation('run-1', 1), s.deps)).why).toBe('step-taken');
    await s.fake.clock.advance(61_000);
    const resumed = await handleReconcile(triggerCallback(), s.deps);
    expect(body(resumed)).toMatchObject({ action: 'ran', step: 1, resumed: true });
    await follow(s);
    expect(pass(s.fake)).toMatchObject({ runId: 'run-1', done: true });
  });

  test('refuses what the main account did not sign, before reading anything', async () => {
    const s = stack();
    const sub = s.fake.accounts[0].sid;
    const cases: Array<[RuntimeRequest, number, string]> = [
      [triggerCallback('wrong-token-of-someone-else'), 403, 'bad-signature'],
      [triggerCallback(MAIN_TOKEN, sub), 403, 'not-main-account'],
      [
        { ...triggerCallback(), headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        403,
        'missing-signature',
      ],
      [{ ...triggerCallback(), method: 'GET', headers: {} }, 405, 'method-not-allowed'],
      [
        {
          ...triggerCallback(),
          headers: { ...triggerCallback().headers, 'content-type': 'application/json' },
        },
        415,
        'unsupported-media-type',
      ],
      [signed({ AccountSid: MAIN_SID }), 400, 'malformed'],
      [signed({ AccountSid: MAIN_SID, RunId: 'run 1', Step: '1' }), 400, 'malformed'],
    ];
    for (const [request, status, error] of cases) {
      const answer = await handleReconcile(request, s.deps);
      expect([answer.status, body(answer).error]).toEqual([status, error]);
    }
    expect(s.fake.calls).toEqual([]);
  });

  test('Sync down: 503 before any work, so the callback can be retried', async () => {
    const s = stack();
    s.fake.failNext('fetchMapItem', 503, 503, 503, 503, 503, 503, 503, 503, 503, 503);
    const answer = await handleReconcile(triggerCallback(), s.deps);
    expect([answer.status, body(answer).error]).toEqual([503, 'sync-unavailable']);
    expect(s.fake.calls.filter((c) => c === 'listTriggers')).toEqual([]);
  });
});
