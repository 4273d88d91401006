// A defect in our own code (here a TypeError thrown where a Twilio call was expected) must never
// pass for a Twilio condition: no "token unavailable" 503 and alert, no "status unknown" or
// "reactivation unknown" suspension, no "Sync is down" claim. It surfaces as a 500 (so Twilio
// retries) and one log line that names its class.
import type { TwilioGateway } from '../../src/twilio/gateway';
import { harness } from './support/harness';
import { deliveryParams, SUB_A, sid, signedDelivery, subaccount } from './support/deliveries';

function withAccount() {
  const h = harness();
  h.gateway.accounts.set(SUB_A, subaccount(SUB_A));
  return h;
}

type Harness = ReturnType<typeof withAccount>;

/** A warn from another trigger: the token is cached, and nothing this test looks at is touched. */
async function warmUp(h: Harness) {
  const other = sid('UT', 2);
  const params = deliveryParams(SUB_A, {
    UsageTriggerSid: other,
    IdempotencyToken: `${other}-2025-01-15`,
  });
  await h.breaker.handle(signedDelivery(SUB_A, { tier: 'warn', params }));
  h.lines.length = 0;
  h.gateway.sms.length = 0;
  h.webhookTexts.length = 0;
}

function expectSurfacedBug(h: Harness, response: { status: number; body: string }) {
  expect(response.status).toBe(500);
  expect(JSON.parse(response.body)).toEqual({
    error: 'internal',
    message: 'the breaker failed; retry',
  });
  const errors = h.lines.map((line) => JSON.parse(line)).filter((l) => l.breaker === 'error');
  expect(errors).toEqual([{ breaker: 'error', error: 'unexpected TypeError' }]);
  expect(h.lines.join('\n')).not.toMatch(/token-unavailable|status-unknown|claim-unavailable/);
  expect(h.auditEvents().filter((e) => e.action === 'failed')).toEqual([]);
}

describe('a bug in our code', () => {
  it('while fetching the signing token is a 500 naming its class, not "token unavailable"', async () => {
    const h = withAccount();
    h.gateway.fail('fetchAccount', 'bug');
    expectSurfacedBug(h, await h.breaker.handle(signedDelivery(SUB_A)));
    expect(h.gateway.sms).toEqual([]);
    expect(h.webhookTexts).toEqual([]);
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('active');
  });

  it.each<[string, keyof TwilioGateway]>([
    ['reading the current status', 'fetchAccount'],
    ['reading the last reactivation', 'fetchMapItem'],
    ['claiming the delivery', 'createVersionedMapItem'],
  ])('while %s is a 500 naming its class, and suspends nothing', async (_step, method) => {
    const h = withAccount();
    await warmUp(h);
    h.gateway.fail(method, 'bug');
    expectSurfacedBug(h, await h.breaker.handle(signedDelivery(SUB_A)));
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('active');
    expect(h.gateway.sms).toEqual([]);
  });

  it("while marking the trigger's day is a 500 naming its class once the answer is due", async () => {
    const h = withAccount();
    await warmUp(h);
    h.gateway.fail('createMapItem', 'bug'); // the day mark (the claim is a versioned item)
    expectSurfacedBug(h, await h.breaker.handle(signedDelivery(SUB_A)));
  });
});
