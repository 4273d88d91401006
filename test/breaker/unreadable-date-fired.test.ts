// Twilio's DateFired format is unverified. If Twilio writes it in a form date-fired.ts does not
// read, refusing the delivery would lose every trip, so the breaker acts on it (fail closed) with a
// weaker identity: the trigger and the GMT day the delivery arrived (src/breaker/delivery/delivery-key.ts).
// A readable delivery also marks that day key, because a moved boundary in the signing string can
// make a captured delivery's DateFired unreadable while its signature stays valid.
import { CLAIMS_MAP, REACTIVATIONS_MAP } from '../../src/audit/sync-names';
import { harness } from './support/harness';
import { SUB_A, deliveryParams, signedDelivery, subaccount } from './support/deliveries';

const ODD = '2025-01-15 11:59:00'; // no zone: not a form date-fired.ts reads

function withAccount() {
  const h = harness();
  h.gateway.accounts.set(SUB_A, subaccount(SUB_A));
  h.gateway.liveCalls.set(SUB_A, ['CA01'.padEnd(34, '0')]);
  return h;
}

const body = (response: { body: string }) => JSON.parse(response.body) as Record<string, unknown>;
const oddDelivery = (dateFired = ODD) =>
  signedDelivery(SUB_A, { params: deliveryParams(SUB_A, { DateFired: dateFired }) });
const warnings = (lines: string[]) =>
  lines.map((l) => JSON.parse(l)).filter((l) => l.breaker === 'warning');

/**
 * The original delivery with IdempotencyToken folded into DateFired's value: the signing string
 * (names and values run together, sorted by name) is the same, so the signature still holds.
 */
function absorbedCopy() {
  const original = signedDelivery(SUB_A);
  const { IdempotencyToken: token, ...rest } = original.params as Record<string, string>;
  const params = { ...rest, DateFired: `${rest.DateFired}IdempotencyToken${token}` };
  return { original, copy: { ...original, params } };
}

describe('a delivery whose DateFired the breaker cannot read', () => {
  it('suspends, ends live calls, alerts, and says loudly that DateFired was unreadable', async () => {
    const h = withAccount();
    const response = await h.breaker.handle(oddDelivery());
    expect(response.status).toBe(200);
    expect(body(response)).toMatchObject({ action: 'suspended', reason: 'trip' });
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('suspended');
    expect(h.gateway.liveCalls.get(SUB_A)).toEqual([]);
    expect(h.gateway.sms).toHaveLength(1);
    expect(h.auditEvents()).toEqual([
      expect.objectContaining({
        action: 'suspended',
        dateFired: ODD,
        degraded: ['date-fired-unreadable'],
      }),
    ]);
    expect(warnings(h.lines)).toEqual([
      expect.objectContaining({
        problem: 'date-fired-unreadable',
        accountSid: SUB_A,
        dateFired: ODD,
      }),
    ]);
    // The audit line stays the last one (Functions keep the last 3 KB of an invocation's log).
    expect(JSON.parse(h.lines.at(-1)!)).toMatchObject({ breaker: 'audit' });
  });

  it('acts at most once per trigger per day, whatever the unreadable value says', async () => {
    const h = withAccount();
    expect(body(await h.breaker.handle(oddDelivery())).action).toBe('suspended');
    h.gateway.accounts.get(SUB_A)!.status = 'active'; // even if it were active again
    const copies = [oddDelivery(), oddDelivery('2025-01-15 12:30:00'), oddDelivery('')];
    for (const copy of copies) {
      expect(body(await h.newInstance().handle(copy))).toEqual({ action: 'duplicate' });
    }
    expect(h.gateway.calls('updateAccountStatus')).toHaveLength(1);
    expect(h.gateway.sms).toHaveLength(1);
    // Each copy still warns: the format mismatch is what operators must fix.
    expect(warnings(h.lines)).toHaveLength(1 + copies.length);
  });

  it('suspends even after a reactivation, since when it fired is unknown (fail closed)', async () => {
    const h = withAccount();
    h.gateway.map_(REACTIVATIONS_MAP).set(SUB_A, {
      accountSid: SUB_A,
      reactivatedAt: '2025-01-16T00:00:00.000Z', // after anything this delivery could be
      operator: 'ops@example.test',
      reason: 'customer verified',
    });
    expect(body(await h.breaker.handle(oddDelivery()))).toMatchObject({ action: 'suspended' });
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('suspended');
  });

  it('answers 500 and releases its claim when the suspension fails, so a retry acts', async () => {
    const h = withAccount();
    h.gateway.fail('updateAccountStatus', ...Array(100).fill(503));
    expect((await h.breaker.handle(oddDelivery())).status).toBe(500);
    h.gateway.faults.clear();
    expect(body(await h.breaker.handle(oddDelivery())).action).toBe('suspended');
  });

  it('never keeps a readable delivery of the same trigger and day from acting', async () => {
    const h = withAccount();
    expect(body(await h.breaker.handle(oddDelivery())).action).toBe('suspended');
    h.gateway.accounts.get(SUB_A)!.status = 'active'; // reactivated
    // A readable firing is keyed by its own DateFired: a day key taken earlier does not hide it.
    expect(body(await h.breaker.handle(signedDelivery(SUB_A))).action).toBe('suspended');
    expect(h.gateway.calls('updateAccountStatus')).toHaveLength(2);
  });
});

describe('a copy whose DateFired a moved boundary made unreadable', () => {
  it('is a duplicate of its readable original, on the same instance and on another', async () => {
    const h = withAccount();
    const { original, copy } = absorbedCopy();
    expect(body(await h.breaker.handle(original)).action).toBe('suspended');
    h.gateway.accounts.get(SUB_A)!.status = 'active'; // ops reactivated it
    // Same instance (memory), then a cold one (only the Sync mark can tell).
    expect(body(await h.breaker.handle(copy))).toEqual({ action: 'duplicate' });
    expect(body(await h.newInstance().handle(copy))).toEqual({ action: 'duplicate' });
    expect(h.gateway.accounts.get(SUB_A)!.status).toBe('active');
    expect(h.gateway.calls('updateAccountStatus')).toHaveLength(1);
    expect(h.gateway.sms).toHaveLength(1);
    expect(h.auditEvents().filter((e) => e.reason !== 'summary')).toHaveLength(1);
  });

  // The original marks the day key together with its claim (before it suspends), so a copy that
  // arrives while it is at work finds the mark. Only a copy that beats the original to the
  // breaker could miss it, and only someone between Twilio and the Function has one that early.
  it('is a duplicate when it arrives while the original is at work', async () => {
    const h = withAccount();
    const { original, copy } = absorbedCopy();
    h.gateway.fail('updateAccountStatus', 503); // the original's suspension takes a retry
    const first = h.breaker.handle(original);
    for (let i = 0; i < 200 && h.gateway.calls('updateAccountStatus').length === 0; i++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(h.gateway.calls('updateAccountStatus')).toHaveLength(1);
    const answers = await Promise.all([first, h.newInstance().handle(copy)]);
    expect(answers.map((a) => body(a).action)).toEqual(['suspended', 'duplicate']);
    expect(h.gateway.sms).toHaveLength(1);
  });

  it('leaves only the day mark behind once the original is done', async () => {
    const h = withAccount();
    await h.breaker.handle(absorbedCopy().original);
    const records = [...h.gateway.map_(CLAIMS_MAP).values()] as { state: string; action: string }[];
    expect(records.map((r) => `${r.state}/${r.action}`).sort()).toEqual([
      'done/mark',
      'done/suspended',
    ]);
  });
});
