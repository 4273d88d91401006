// Found by the burst test: a copy of a delivery that waits for another instance's claim must not
// take one transient Sync failure while waiting for "Sync is down" and do the work a second time.
// (Fail-closed "claim unavailable" is for when Sync cannot be asked at all, not for a blip.)
import { CLAIMS_MAP } from '../../src/audit/sync-names';
import { TwilioTransientError } from '../../src/twilio/twilio-errors';
import { harness } from '../breaker/support/harness';
import { FakeGateway } from '../breaker/support/fake-gateway';
import { SUB_A, signedDelivery, subaccount } from '../breaker/support/deliveries';

/** Fails one read of the claims map, once `armed` says so. */
class OneBlip extends FakeGateway {
  armed = () => false;
  blipped = false;
  override fetchVersionedMapItem<T extends object>(map: string, key: string) {
    if (map === CLAIMS_MAP && !this.blipped && this.armed()) {
      this.blipped = true;
      return Promise.reject(new TwilioTransientError('blip', 503, undefined, 'fake fetch', true));
    }
    return super.fetchVersionedMapItem<T>(map, key);
  }
}

it('a waiting copy that meets one transient Sync error keeps waiting instead of acting again', async () => {
  const gateway = new OneBlip();
  const h = harness({}, {}, gateway);
  gateway.accounts.set(SUB_A, subaccount(SUB_A));
  // The winner's suspension takes a while (about 2.6 s): Twilio answers 503 six times first.
  gateway.fail('updateAccountStatus', 503, 503, 503, 503, 503, 503);
  const winner = h.breaker;
  const loser = h.newInstance();
  const first = winner.handle(signedDelivery(SUB_A));
  await h.clock.sleep(5);
  const start = h.clock.now();
  // Past the loser's 1.5 s read deadline, one read fails.
  gateway.armed = () => h.clock.now() - start > 1600;
  const second = loser.handle(signedDelivery(SUB_A));
  const answers = await Promise.all([first, second]);

  expect(gateway.blipped).toBe(true);
  expect(answers.map((a) => JSON.parse(a.body).action)).toEqual(['suspended', 'duplicate']);
  expect(h.auditEvents().filter((e) => e.action === 'suspended')).toHaveLength(1);
  expect(gateway.sms).toHaveLength(1);
});
