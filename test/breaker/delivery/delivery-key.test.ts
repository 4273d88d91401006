import { deliveryKey } from '../../../src/breaker/delivery/delivery-key';
import { SUB_A, SUB_B, TRIGGER, sid } from '../support/deliveries';

const FIRED = Date.UTC(2025, 0, 15, 11, 59, 0);
const DAY_START = Date.UTC(2025, 0, 15);
const DAY_END = Date.UTC(2025, 0, 16) - 1;
const readable = { accountSid: SUB_A, usageTriggerSid: TRIGGER, firedAt: FIRED };
const unreadable = { ...readable, firedAt: null };

describe('deliveryKey', () => {
  it('names a readable firing by account, trigger and DateFired, whenever it arrives', () => {
    const early = deliveryKey(readable, FIRED + 1000);
    const late = deliveryKey(readable, FIRED + 3 * 24 * 3600_000);
    expect(early.key).toMatch(/^d-[0-9a-f]{40}$/);
    expect(late.key).toBe(early.key);
    expect(deliveryKey({ ...readable, firedAt: FIRED + 1000 }, FIRED).key).not.toBe(early.key);
    expect(deliveryKey({ ...readable, accountSid: SUB_B }, FIRED).key).not.toBe(early.key);
    expect(deliveryKey({ ...readable, usageTriggerSid: sid('UT', 2) }, FIRED).key).not.toBe(
      early.key,
    );
  });

  it('keys an unreadable DateFired by account, trigger and GMT day of arrival', () => {
    const { key, marks } = deliveryKey(unreadable, DAY_START);
    expect(marks).toBeNull();
    expect(deliveryKey(unreadable, DAY_END).key).toBe(key);
    expect(deliveryKey(unreadable, DAY_END + 1).key).not.toBe(key);
    expect(deliveryKey({ ...unreadable, usageTriggerSid: sid('UT', 2) }, DAY_START).key).not.toBe(
      key,
    );
    expect(deliveryKey({ ...unreadable, accountSid: SUB_B }, DAY_START).key).not.toBe(key);
  });

  it('has a readable delivery mark the key an unreadable copy arriving the same day claims', () => {
    const copy = deliveryKey(unreadable, DAY_END);
    expect(deliveryKey(readable, DAY_START).marks).toBe(copy.key);
    expect(deliveryKey(readable, DAY_START).key).not.toBe(copy.key);
    // Marked per day of arrival: a copy on another day is not covered (docs/BREAKER.md › Known limits).
    expect(deliveryKey(readable, DAY_END + 1).marks).not.toBe(copy.key);
  });
});
