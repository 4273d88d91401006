// A suspension leaves calls running. The sweep that ends them gets the rest of the invocation's
// budget; when it still cannot finish, the answer is 500 (the suspension stands) and the claim says
// so, so that Twilio's retry — or any copy — sweeps again, and does nothing else.
import { CLAIMS_MAP } from '../../src/audit/sync-names';
import { harness, type Harness } from './support/harness';
import { SUB_A, signedDelivery, subaccount } from './support/deliveries';

const CALLS = ['CA01', 'CA02', 'CA03'].map((c) => c.padEnd(34, '0'));

function withAccounts(h = harness()) {
  h.gateway.accounts.set(SUB_A, subaccount(SUB_A));
  h.gateway.liveCalls.set(SUB_A, [...CALLS]);
  return h;
}

const body = (response: { body: string }) => JSON.parse(response.body) as Record<string, unknown>;

/** Call sweeps run: each lists the in-progress calls once (and queued and ringing calls). */
const sweeps = (h: Harness) =>
  h.gateway.calls('listLiveCalls').filter((c) => (c.args[1] as string[]).includes('in-progress'))
    .length;

describe('the call sweep after a suspension', () => {
  it('answers 500 when the call sweep cannot finish; a later copy finishes it and nothing else', async () => {
    const h = withAccounts();
    h.gateway.fail('listLiveCalls', 'forbidden');
    h.gateway.fail('endCall', 'forbidden');
    const response = await h.breaker.handle(signedDelivery(SUB_A));
    expect(response.status).toBe(500);
    expect(body(response)).toMatchObject({ action: 'suspended', error: expect.any(String) });
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('suspended');
    expect(h.gateway.liveCalls.get(SUB_A)).toHaveLength(1);
    expect(h.auditEvents()).toEqual([
      expect.objectContaining({
        action: 'suspended',
        outcome: 'partial',
        calls: { found: 3, ended: 2, failed: 1, listed: false, complete: false },
      }),
    ]);
    // The alert says what was done, not what is under way.
    expect(h.gateway.sms[0].body).toContain('3 live calls found, 2 ended, 1 failed');
    expect(h.gateway.sms[0].body).not.toMatch(/being ended/);

    // Twilio's retry (another instance, even): the sweep only, with its own event.
    const retry = await h.newInstance().handle(signedDelivery(SUB_A));
    expect(retry.status).toBe(200);
    expect(body(retry)).toMatchObject({ action: 'swept', calls: { found: 1, ended: 1 } });
    expect(h.gateway.liveCalls.get(SUB_A)).toEqual([]);
    expect(h.gateway.calls('updateAccountStatus')).toHaveLength(1);
    expect(h.gateway.sms).toHaveLength(1);
    expect(h.webhookTexts).toHaveLength(1);
    expect(h.auditEvents().map((e) => [e.action, e.outcome])).toEqual([
      ['suspended', 'partial'],
      ['swept', 'ok'],
    ]);
    // Done now: a further copy is a plain duplicate.
    const third = await h.breaker.handle(signedDelivery(SUB_A));
    expect([third.status, body(third).action, sweeps(h)]).toEqual([200, 'duplicate', 2]);
  });

  // The claim could not be marked done either (Sync failing at that moment): Twilio's retry takes
  // the abandoned claim over once its lease ends, finds the account suspended, and sweeps.
  it('finishes the call sweep on a retry even when the claim could not be marked done', async () => {
    const h = withAccounts();
    h.gateway.fail('endCall', ...Array(300).fill(503));
    h.gateway.fail('updateMapItemIf', ...Array(50).fill(503));
    const first = await h.breaker.handle(signedDelivery(SUB_A));
    expect(first.status).toBe(500);
    // The delivery's claim is still "in progress" (beside the trigger's day mark, delivery-key.ts).
    const claims = [...h.gateway.map_(CLAIMS_MAP).values()] as { owner: string; state: string }[];
    expect(claims.filter((c) => c.owner !== 'mark').map((c) => c.state)).toEqual(['in-progress']);
    h.gateway.faults.clear();
    await h.clock.sleep(13_000); // past the claim's 12 s lease
    const retry = await h.newInstance().handle(signedDelivery(SUB_A));
    expect([retry.status, body(retry).action]).toEqual([200, 'swept']);
    expect(h.gateway.liveCalls.get(SUB_A)).toEqual([]);
    // The sweep only: no second suspension, suspended event or alert.
    expect(h.gateway.calls('updateAccountStatus')).toHaveLength(1);
    expect(h.gateway.sms).toHaveLength(1);
    expect(h.webhookTexts).toHaveLength(1);
    expect(h.auditEvents().map((e) => [e.action, e.outcome])).toEqual([
      ['suspended', 'partial'],
      ['swept', 'ok'],
    ]);
    const third = await h.newInstance().handle(signedDelivery(SUB_A));
    expect([third.status, body(third).action, sweeps(h)]).toEqual([200, 'duplicate', 2]);
  });

  it('does not sweep again for a late copy once ops reactivated the account', async () => {
    const h = withAccounts();
    h.gateway.fail('endCall', ...Array(300).fill('forbidden'));
    expect((await h.breaker.handle(signedDelivery(SUB_A))).status).toBe(500);
    h.gateway.faults.clear();
    h.gateway.accounts.get(SUB_A)!.status = 'active'; // ops reactivated it
    const late = await h.breaker.handle(signedDelivery(SUB_A));
    expect([late.status, body(late).action]).toEqual([200, 'duplicate']);
    expect(h.gateway.liveCalls.get(SUB_A)).toHaveLength(3);
    expect(sweeps(h)).toBe(1);
  });

  it('gives the call sweep the rest of the budget, and still answers within it', async () => {
    // Every call request fails for a while (longer than one call's old 1.5 s of retries).
    const h = withAccounts();
    h.gateway.fail('listLiveCalls', ...Array(6).fill('timeout'));
    h.gateway.fail('endCall', ...Array(6).fill(503));
    const started = h.clock.now();
    const response = await h.breaker.handle(signedDelivery(SUB_A));
    expect(response.status).toBe(200);
    expect(h.gateway.liveCalls.get(SUB_A)).toEqual([]);
    expect(h.auditEvents()[0]).toMatchObject({ calls: { found: 3, ended: 3, complete: true } });
    expect(h.auditEvents()[0].durationMs).toBeLessThan(9000);
    expect(h.clock.now() - started).toBeLessThan(9000);
  });
});
