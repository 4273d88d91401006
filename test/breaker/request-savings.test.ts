// Requests a delivery does not need, spared (in a mass event each counts against Twilio's cap), and
// load told apart from failure: a delivery held back by Twilio's rate limit alone is handed back to
// Twilio with a 503, without the alert a failure gets.
import { REACTIVATIONS_MAP } from '../../src/audit/sync-names';
import { harness } from './support/harness';
import { SUB_A, deliveryParams, signedDelivery, subaccount } from './support/deliveries';

const FIRED = Date.parse('Wed, 15 Jan 2025 11:59:00 +0000');

describe('requests a delivery does not need', () => {
  it('answers a copy of a delivery finished on this instance without any Twilio call', async () => {
    const h = harness();
    h.gateway.accounts.set(SUB_A, subaccount(SUB_A));
    expect((await h.breaker.handle(signedDelivery(SUB_A))).status).toBe(200);
    h.gateway.resetLog();
    const copy = await h.breaker.handle(signedDelivery(SUB_A));
    expect(JSON.parse(copy.body)).toEqual({ action: 'duplicate' });
    expect(h.gateway.calls()).toEqual([]);
  });

  it('does not read the reactivation of an account Twilio last changed before the trip fired', async () => {
    const h = harness();
    h.gateway.accounts.set(SUB_A, subaccount(SUB_A, { dateUpdated: FIRED - 60_000 }));
    expect((await h.breaker.handle(signedDelivery(SUB_A))).status).toBe(200);
    expect(h.gateway.calls('fetchMapItem')).toEqual([]);
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('suspended');
  });

  it('reads it, and honours it, when the account changed after the firing', async () => {
    const h = harness();
    h.gateway.accounts.set(SUB_A, subaccount(SUB_A, { dateUpdated: FIRED + 60_000 }));
    h.gateway.map_(REACTIVATIONS_MAP).set(SUB_A, {
      accountSid: SUB_A,
      reactivatedAt: new Date(FIRED + 30_000).toISOString(),
      operator: 'ops',
      reason: 'test',
    });
    const answer = await h.breaker.handle(signedDelivery(SUB_A));
    expect(JSON.parse(answer.body)).toMatchObject({ action: 'skipped' });
    expect(h.gateway.calls('fetchMapItem')).toHaveLength(1);
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('active');
  });

  it('reads no reactivation for a warn delivery', async () => {
    const h = harness();
    h.gateway.accounts.set(SUB_A, subaccount(SUB_A));
    const warn = signedDelivery(SUB_A, { tier: 'warn', params: deliveryParams(SUB_A) });
    expect((await h.breaker.handle(warn)).status).toBe(200);
    expect(h.gateway.calls('fetchMapItem')).toEqual([]);
  });
});

describe('load, not failure', () => {
  it("answers 503 'overloaded' without alert or failed event when the token fetch meets only 429s; the retry suspends", async () => {
    const h = harness();
    h.gateway.accounts.set(SUB_A, subaccount(SUB_A));
    h.gateway.fail('fetchAccount', ...Array(100).fill(429));
    const first = await h.breaker.handle(signedDelivery(SUB_A));
    expect(first.status).toBe(503);
    expect(JSON.parse(first.body)).toMatchObject({ error: 'overloaded' });
    expect(h.gateway.sms).toHaveLength(0);
    expect(h.webhookTexts).toHaveLength(0);
    expect(h.auditEvents().filter((e) => e.action === 'failed')).toEqual([]);

    h.gateway.faults.delete('fetchAccount');
    expect((await h.breaker.handle(signedDelivery(SUB_A))).status).toBe(200);
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('suspended');
  });

  it('still alerts a token fetch that fails with 5xx: that is Twilio failing, not load', async () => {
    const h = harness();
    h.gateway.accounts.set(SUB_A, subaccount(SUB_A));
    h.gateway.fail('fetchAccount', 429, ...Array(100).fill(503));
    const first = await h.breaker.handle(signedDelivery(SUB_A));
    expect(JSON.parse(first.body)).toMatchObject({ error: 'token-unavailable' });
    expect(h.gateway.sms).toHaveLength(1);
  });

  it("hands a suspension that meets only 429s back to Twilio: 503 'overloaded', claim released, no alert", async () => {
    const h = harness();
    h.gateway.accounts.set(SUB_A, subaccount(SUB_A));
    h.gateway.fail('updateAccountStatus', ...Array(100).fill(429));
    const first = await h.breaker.handle(signedDelivery(SUB_A));
    expect(first.status).toBe(503);
    expect(JSON.parse(first.body)).toMatchObject({ error: 'overloaded' });
    expect(h.gateway.sms).toHaveLength(0);
    expect(h.auditEvents().filter((e) => e.action === 'failed')).toEqual([]);

    h.gateway.faults.delete('updateAccountStatus');
    const retry = await h.breaker.handle(signedDelivery(SUB_A));
    expect(JSON.parse(retry.body)).toMatchObject({ action: 'suspended' });
    expect(h.gateway.sms).toHaveLength(1);
  });
});
