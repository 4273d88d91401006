import { CLAIMS_MAP, REACTIVATIONS_MAP } from '../../src/audit/sync-names';
import { harness, type Harness } from './support/harness';
import {
  MAIN_SID,
  MAIN_TOKEN,
  SUB_A,
  SUB_B,
  deliveryParams,
  signedDelivery,
  subaccount,
  tokenOf,
} from './support/deliveries';

const CALLS = ['CA01', 'CA02', 'CA03'].map((c) => c.padEnd(34, '0'));

function withAccounts(h = harness()) {
  h.gateway.accounts.set(SUB_A, subaccount(SUB_A, { friendlyName: 'Acme <b>Corp</b>' }));
  h.gateway.accounts.set(SUB_B, subaccount(SUB_B));
  h.gateway.liveCalls.set(SUB_A, [...CALLS]);
  return h;
}

const body = (response: { body: string }) => JSON.parse(response.body) as Record<string, unknown>;

/** Call sweeps run: each lists the in-progress calls once (and queued and ringing calls). */
const sweeps = (h: Harness) =>
  h.gateway.calls('listLiveCalls').filter((c) => (c.args[1] as string[]).includes('in-progress'))
    .length;

/** A second, distinct firing of the same trigger (another period). */
const nextFiring = (sid: string, day: string) =>
  signedDelivery(sid, {
    params: deliveryParams(sid, {
      DateFired: `Wed, ${day} Jan 2025 11:59:00 +0000`,
      IdempotencyToken: `UT-fire-${day}`,
    }),
  });

describe('handleDelivery: a trip', () => {
  it('suspends, ends live calls, writes one audit event and sends one alert of each kind', async () => {
    const h = withAccounts();
    const response = await h.breaker.handle(signedDelivery(SUB_A));
    expect(response.status).toBe(200);
    expect(body(response)).toMatchObject({ action: 'suspended', reason: 'trip' });
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('suspended');
    expect(h.gateway.liveCalls.get(SUB_A)).toEqual([]);
    expect(h.gateway.sms).toHaveLength(1);
    expect(h.gateway.sms[0]).toMatchObject({ to: '+15005550001', from: '+15005550006' });
    expect(h.gateway.sms[0].body).toContain('SUSPENDED');
    expect(h.webhookTexts).toHaveLength(1);
    // Slack markup in a friendly name is escaped, so a subaccount cannot ping a channel.
    expect(h.webhookTexts[0]).toContain('Acme &lt;b&gt;Corp&lt;/b&gt;');

    const events = h.auditEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      source: 'breaker',
      action: 'suspended',
      reason: 'trip',
      outcome: 'ok',
      accountSid: SUB_A,
      friendlyName: 'Acme <b>Corp</b>',
      triggerSid: deliveryParams(SUB_A).UsageTriggerSid,
      usageCategory: 'totalprice',
      triggerValue: '50',
      currentValue: '51.25',
      tier: 'trip',
      calls: { found: 3, ended: 3, failed: 0 },
      alerts: { 'sms:***0001': 'sent', webhook: 'sent' },
    });
    expect(events[0].durationMs).toBeGreaterThanOrEqual(0);
    expect(events[0].suspendedAfterMs).toBeLessThanOrEqual(events[0].durationMs);
    expect(new Date(events[0].time).toISOString()).toBe(events[0].time);
  });

  it('prints one JSON line per decision and never a token, in logs, answers or the audit list', async () => {
    const h = withAccounts();
    const answers = [
      await h.breaker.handle(signedDelivery(SUB_A)),
      await h.breaker.handle(signedDelivery(SUB_A)), // duplicate
      await h.breaker.handle(signedDelivery(SUB_B, { token: 'fake-token-wrong' })), // forged
    ];
    const decisions = h.lines
      .map((l) => JSON.parse(l))
      .filter((l) => l.breaker === 'audit' && l.event.reason !== 'summary');
    expect(decisions).toHaveLength(3);
    const everything = [
      ...h.lines,
      ...answers.map((a) => a.body),
      JSON.stringify(h.auditEvents()),
    ].join('\n');
    for (const secret of [MAIN_TOKEN, tokenOf(SUB_A), tokenOf(SUB_B)]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('reaches the suspension in ≤ 3 sequential Twilio round trips cold and ≤ 2 warm', async () => {
    const h = withAccounts();
    await h.breaker.handle(signedDelivery(SUB_A));
    const cold = h.gateway.calls('updateAccountStatus')[0].depth;
    expect(cold).toBeLessThanOrEqual(3);

    h.gateway.accounts.get(SUB_A)!.status = 'active'; // ops reactivated it; the token stays cached
    h.gateway.resetLog();
    const response = await h.breaker.handle(nextFiring(SUB_A, '16'));
    expect(body(response).action).toBe('suspended');
    const warm = h.gateway.calls('updateAccountStatus')[0].depth;
    expect(warm).toBeLessThanOrEqual(2);
    // Nothing the suspension does not need happens before it.
    const before = h.gateway.log
      .filter((c) => c.depth < warm)
      .map((c) => c.method)
      .sort();
    expect(before).toEqual(['createMapItem', 'fetchAccount', 'fetchMapItem']);
  });

  it('retries 429 and 5xx on the suspend call and still suspends in time', async () => {
    const h = withAccounts();
    h.gateway.fail('updateAccountStatus', 429, 500, 429, 503);
    const response = await h.breaker.handle(signedDelivery(SUB_A));
    expect(response.status).toBe(200);
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('suspended');
    expect(h.gateway.calls('updateAccountStatus')).toHaveLength(5);
    expect(h.auditEvents()[0].suspendedAfterMs).toBeLessThan(6500);
  });
});

describe('handleDelivery: decisions that do not suspend', () => {
  it('only alerts for the main account (never suspends it)', async () => {
    const h = withAccounts();
    const response = await h.breaker.handle(signedDelivery(MAIN_SID));
    expect(body(response)).toMatchObject({ action: 'alerted', reason: 'main-account' });
    expect(h.gateway.calls('updateAccountStatus')).toHaveLength(0);
    expect(h.gateway.sms[0].body).toContain('main account is never suspended');
    expect(h.auditEvents()[0]).toMatchObject({ action: 'alerted', reason: 'main-account' });
  });

  it('only alerts for an allow-listed subaccount', async () => {
    const h = withAccounts(harness({ allowList: [SUB_A] }));
    const response = await h.breaker.handle(signedDelivery(SUB_A));
    expect(body(response)).toMatchObject({ action: 'alerted', reason: 'allow-listed' });
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('active');
    expect(h.gateway.liveCalls.get(SUB_A)).toHaveLength(3);
    expect(h.gateway.sms).toHaveLength(1);
  });

  it('only alerts on the warn tier', async () => {
    const h = withAccounts();
    const response = await h.breaker.handle(signedDelivery(SUB_A, { tier: 'warn' }));
    expect(body(response)).toMatchObject({ action: 'alerted', reason: 'warn-tier' });
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('active');
    expect(h.gateway.sms[0].body).toContain('WARNING');
    expect(h.auditEvents()[0]).toMatchObject({ tier: 'warn', action: 'alerted' });
  });

  it('records "would suspend" in dry-run mode and changes nothing', async () => {
    const h = withAccounts(harness({ dryRun: true }));
    const response = await h.breaker.handle(signedDelivery(SUB_A));
    expect(body(response)).toMatchObject({ action: 'would-suspend', reason: 'dry-run' });
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('active');
    expect(h.gateway.calls('endCall')).toHaveLength(0);
    expect(h.gateway.sms[0].body).toContain('dry run');
  });

  it('records an already suspended account as a no-op: no suspend, no sweep, no alert', async () => {
    const h = withAccounts();
    h.gateway.accounts.get(SUB_A)!.status = 'suspended';
    const response = await h.breaker.handle(signedDelivery(SUB_A));
    expect(body(response)).toMatchObject({ action: 'already-suspended' });
    expect(h.gateway.calls('updateAccountStatus')).toHaveLength(0);
    expect(sweeps(h)).toBe(0);
    expect(h.gateway.sms).toHaveLength(0);
    expect(h.auditEvents()).toHaveLength(1);
  });

  it('sees a suspension made since the token was cached (the status is read fresh)', async () => {
    const h = withAccounts();
    await h.breaker.handle(signedDelivery(SUB_A, { tier: 'warn' })); // warms the cache
    h.gateway.accounts.get(SUB_A)!.status = 'suspended';
    const response = await h.breaker.handle(nextFiring(SUB_A, '16'));
    expect(body(response)).toMatchObject({ action: 'already-suspended' });
  });

  it('never suspends again on a delivery fired before ops reactivated the account', async () => {
    const h = withAccounts();
    h.gateway.map_(REACTIVATIONS_MAP).set(SUB_A, {
      accountSid: SUB_A,
      reactivatedAt: '2025-01-15T12:00:00.000Z', // a minute after DateFired
      operator: 'ops@example.test',
      reason: 'customer verified',
    });
    const response = await h.breaker.handle(signedDelivery(SUB_A));
    expect(body(response)).toMatchObject({
      action: 'skipped',
      reason: 'fired-before-reactivation',
    });
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('active');
    // A later firing does suspend.
    const later = await h.breaker.handle(nextFiring(SUB_A, '16'));
    expect(body(later).action).toBe('suspended');
  });
});

describe('handleDelivery: exactly once', () => {
  it('gives a replayed delivery no second side effect', async () => {
    const h = withAccounts();
    await h.breaker.handle(signedDelivery(SUB_A));
    h.gateway.accounts.get(SUB_A)!.status = 'active'; // even if it were active again
    h.gateway.liveCalls.set(SUB_A, ['CA09'.padEnd(34, '0')]);
    const replay = await h.breaker.handle(signedDelivery(SUB_A));
    expect(replay.status).toBe(200);
    expect(body(replay)).toEqual({ action: 'duplicate' });
    expect(h.gateway.calls('updateAccountStatus')).toHaveLength(1);
    expect(sweeps(h)).toBe(1);
    expect(h.gateway.sms).toHaveLength(1);
    expect(h.webhookTexts).toHaveLength(1);
    expect(h.auditEvents().filter((e) => e.reason !== 'summary')).toHaveLength(1);
  });

  it('gives two concurrent copies on two instances one set of side effects', async () => {
    const h = withAccounts();
    const other = h.newInstance();
    const answers = await Promise.all([
      h.breaker.handle(signedDelivery(SUB_A)),
      other.handle(signedDelivery(SUB_A)),
      other.handle(signedDelivery(SUB_A)),
    ]);
    expect(answers.map((a) => body(a).action).sort()).toEqual([
      'duplicate',
      'duplicate',
      'suspended',
    ]);
    expect(h.gateway.calls('updateAccountStatus')).toHaveLength(1);
    expect(sweeps(h)).toBe(1);
    expect(h.gateway.sms).toHaveLength(1);
    expect(h.auditEvents().filter((e) => e.action === 'suspended')).toHaveLength(1);
  });

  it('keys a delivery by account, trigger and DateFired, whatever its IdempotencyToken says', async () => {
    const h = withAccounts();
    await h.breaker.handle(signedDelivery(SUB_A));
    const params = deliveryParams(SUB_A);
    delete params.IdempotencyToken;
    const without = await h.breaker.handle(signedDelivery(SUB_A, { params }));
    expect(body(without).action).toBe('duplicate');
    const otherToken = deliveryParams(SUB_A, { IdempotencyToken: 'another-token' });
    const copy = await h.breaker.handle(signedDelivery(SUB_A, { params: otherToken }));
    expect(body(copy).action).toBe('duplicate');
    // The token is kept for the record only.
    expect(h.auditEvents()[0].idempotencyToken).toBe(deliveryParams(SUB_A).IdempotencyToken);
  });

  it('writes duplicate summaries at most once a minute per instance, counting every copy', async () => {
    const h = withAccounts();
    h.gateway.liveCalls.clear();
    await h.breaker.handle(signedDelivery(SUB_A));
    for (let day = 10; day < 30; day++) {
      // A burst of copies, with fresh deliveries (which used to flush the counts) in between.
      for (let copy = 0; copy < 5; copy++) await h.breaker.handle(signedDelivery(SUB_A));
      await h.breaker.handle(nextFiring(SUB_B, String(day)));
    }
    const summaries = () => h.auditEvents().filter((e) => e.action === 'duplicate');
    // None yet: the harness's clock (20×) makes a minute 3 s, longer than this loop.
    expect(summaries()).toEqual([]);
    await h.breaker.drain();
    expect(summaries().reduce((sum, e) => sum + (e.count ?? 0), 0)).toBe(100);
    // Every copy still printed its own line.
    const lines = h.lines.filter((l) => JSON.parse(l).event?.action === 'duplicate');
    expect(lines.filter((l) => JSON.parse(l).summarized)).toHaveLength(100);
  });
});

describe('handleDelivery: failures', () => {
  it('answers 500, audits and alerts "failed", and releases the claim when the suspension fails', async () => {
    const h = withAccounts();
    h.gateway.fail('updateAccountStatus', ...Array(100).fill(503));
    const response = await h.breaker.handle(signedDelivery(SUB_A));
    expect(response.status).toBe(500);
    expect(body(response)).toMatchObject({ action: 'failed' });
    expect(h.auditEvents()).toEqual([
      expect.objectContaining({ action: 'failed', outcome: 'error', accountSid: SUB_A }),
    ]);
    expect(h.gateway.sms[0].body).toContain('FAILED');
    // Only the day mark stays (src/breaker/delivery/delivery-key.ts): the delivery's own claim is gone.
    const claims = [...h.gateway.map_(CLAIMS_MAP).values()] as { action?: string }[];
    expect(claims.map((c) => c.action)).toEqual(['mark']);
    expect(sweeps(h)).toBe(0);

    // Twilio's retry of the same delivery then goes through.
    h.gateway.faults.clear();
    const retry = await h.breaker.handle(signedDelivery(SUB_A));
    expect(body(retry).action).toBe('suspended');
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('suspended');
  });

  it('still suspends when Sync is down, keeps the event, and flushes it on a later invocation', async () => {
    const h = withAccounts();
    h.gateway.syncDown = true;
    const response = await h.breaker.handle(signedDelivery(SUB_A));
    expect(response.status).toBe(200);
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('suspended');
    expect(h.auditEvents()).toHaveLength(0);
    const line = h.lines.map((l) => JSON.parse(l)).find((l) => l.event?.action === 'suspended');
    expect(line).toMatchObject({ breaker: 'audit', synced: false });
    expect(line.event.degraded).toEqual(
      expect.arrayContaining(['claim-unavailable', 'reactivation-unknown']),
    );

    h.gateway.syncDown = false;
    await h.breaker.handle(signedDelivery(SUB_B, { tier: 'warn' }));
    const events = h.auditEvents();
    expect(events.map((e) => e.action).sort()).toEqual(['alerted', 'suspended']);
    expect(events.find((e) => e.action === 'suspended')!.id).toBe(line.event.id);
    expect(h.lines.some((l) => JSON.parse(l).breaker === 'audit-flushed')).toBe(true);
  });

  it('never lets a failing alert block or undo the suspension', async () => {
    const h = withAccounts();
    h.gateway.fail('sendSms', 'forbidden');
    h.webhookAnswer = 'hang';
    const response = await h.breaker.handle(signedDelivery(SUB_A));
    expect(response.status).toBe(200);
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('suspended');
    expect(h.auditEvents()[0]).toMatchObject({
      action: 'suspended',
      outcome: 'partial',
      // The webhook channel gives up after its own 2.5 s, well inside the invocation's budget.
      alerts: { 'sms:***0001': 'failed', webhook: 'failed' },
    });
  });
});

describe('handleDelivery: rejected requests', () => {
  it('answers 403 to a forged request and changes nothing but the rejected count', async () => {
    const h = withAccounts();
    const response = await h.breaker.handle(signedDelivery(SUB_A, { token: MAIN_TOKEN }));
    expect(response.status).toBe(403);
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('active');
    expect(h.gateway.sms).toHaveLength(0);
    expect(h.gateway.calls('createMapItem')).toHaveLength(0);
  });

  it('costs garbage at most one Twilio call per request and summarises it in the audit list', async () => {
    const h = withAccounts();
    const before = () => h.gateway.log.length;
    for (let i = 0; i < 30; i++) {
      const n = before();
      const unknown = `AC${(0x100 + (i % 5)).toString(16).padStart(32, '0')}`;
      const forged =
        i % 3 === 0
          ? signedDelivery(SUB_A, { token: 'fake-token-x' })
          : signedDelivery(unknown, { token: 'fake-token-x' });
      const garbage =
        i % 7 === 0 ? { ...forged, params: { ...forged.params, AccountSid: 'nope' } } : forged;
      const response = await h.breaker.handle(garbage);
      expect([400, 403]).toContain(response.status);
      expect(h.gateway.log.length - n).toBeLessThanOrEqual(1);
    }
    // Summaries wait until their oldest count is a minute old (3 s at the harness's 20×), so a
    // verified delivery right after writes none; a drain writes them. Each rejection counts once.
    await h.breaker.handle(signedDelivery(SUB_B, { tier: 'warn' }));
    expect(h.auditEvents().filter((e) => e.action === 'rejected')).toHaveLength(0);
    await h.breaker.drain();
    const summaries = h.auditEvents().filter((e) => e.action === 'rejected');
    const counted = summaries.reduce((sum, e) => sum + (e.count ?? 0), 0);
    expect(counted).toBe(30);
    expect(summaries.length).toBeLessThanOrEqual(2);
  });

  it('answers 405 with Allow: POST to a GET', async () => {
    const h = withAccounts();
    const response = await h.breaker.handle({ ...signedDelivery(SUB_A), method: 'GET' });
    expect(response.status).toBe(405);
    expect(response.headers.Allow).toBe('POST');
  });
});
