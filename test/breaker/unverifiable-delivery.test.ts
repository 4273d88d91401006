// A delivery the breaker cannot verify because Twilio keeps failing to return the account's auth
// token: answered 503 (Twilio may retry), and — because it may be a trip about to be lost — told:
// a `failed` audit event and a `failed` alert, held back per account and overall, since anyone can
// send such a request.
import { harness } from './support/harness';
import { SUB_A, signedDelivery, sid, subaccount, tokenOf } from './support/deliveries';

function failingTwilio() {
  const h = harness();
  h.gateway.accounts.set(SUB_A, subaccount(SUB_A));
  h.gateway.fail('fetchAccount', ...Array(1000).fill(503));
  return h;
}

describe('a delivery that cannot be verified', () => {
  it('a trip that cannot be verified because Twilio keeps failing is alerted', async () => {
    const h = failingTwilio();
    const response = await h.breaker.handle(signedDelivery(SUB_A));
    expect(response.status).toBe(503);
    expect(response.headers['Retry-After']).toBeDefined();
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('active');
    expect(h.auditEvents().filter((e) => e.action === 'failed')).toEqual([
      expect.objectContaining({
        reason: 'token-unavailable',
        outcome: 'error',
        accountSid: SUB_A,
        tier: 'trip',
        alerts: { 'sms:***0001': 'sent', webhook: 'sent' },
      }),
    ]);
    expect(h.gateway.sms).toHaveLength(1);
    expect(h.webhookTexts).toHaveLength(1);
    for (const text of [h.gateway.sms[0].body, h.webhookTexts[0]]) {
      expect(text).toContain('FAILED to verify');
      expect(text).toContain(SUB_A);
      expect(text).toContain('503');
      expect(text).not.toContain(tokenOf(SUB_A));
    }
  });

  it('alerts once per account per 10 minutes, and a few times in all, however many arrive', async () => {
    const h = failingTwilio();
    for (let i = 0; i < 5; i++) {
      expect((await h.breaker.handle(signedDelivery(SUB_A))).status).toBe(503);
    }
    expect(h.gateway.sms).toHaveLength(1);
    // Forged requests naming many SID-shaped accounts cannot multiply the alerts either.
    for (let i = 0; i < 30; i++) {
      const stranger = sid('AC', 0x5000 + i);
      const response = await h.breaker.handle(signedDelivery(stranger, { token: 'fake-token-x' }));
      expect(response.status).toBe(503);
    }
    expect(h.gateway.sms.length).toBeLessThanOrEqual(10);
    expect(h.auditEvents().filter((e) => e.action === 'failed').length).toBe(h.gateway.sms.length);
    // Each request still prints its line and is counted in the rejected-requests summary.
    await h.breaker.drain();
    const counted = h
      .auditEvents()
      .filter((e) => e.action === 'rejected')
      .reduce((sum, e) => sum + (e.counts?.['token-unavailable'] ?? 0), 0);
    expect(counted).toBe(35);
  });

  it('is verified and acted on by the retry once Twilio answers again', async () => {
    const h = failingTwilio();
    expect((await h.breaker.handle(signedDelivery(SUB_A))).status).toBe(503);
    h.gateway.faults.clear();
    const retry = await h.breaker.handle(signedDelivery(SUB_A));
    expect(retry.status).toBe(200);
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('suspended');
    expect(h.auditEvents().map((e) => [e.action, e.reason])).toEqual(
      expect.arrayContaining([
        ['failed', 'token-unavailable'],
        ['suspended', 'trip'],
      ]),
    );
  });
});
