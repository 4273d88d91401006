import { reactivationMatters } from '../../../src/breaker/decision/reactivation-matters';

const FIRED = Date.parse('2025-01-15T11:59:00Z');
const trip = {
  tier: 'trip' as const,
  isMainAccount: false,
  allowListed: false,
  firedAt: FIRED,
  account: { status: 'active' as const },
};

describe('reactivationMatters', () => {
  it('reads the record when Twilio gives no date_updated', () => {
    expect(reactivationMatters(trip)).toBe(true);
  });

  it('reads it when the account changed in the second of the firing or after it', () => {
    for (const dateUpdated of [FIRED - 999, FIRED, FIRED + 3_600_000]) {
      expect(reactivationMatters({ ...trip, account: { status: 'active', dateUpdated } })).toBe(
        true,
      );
    }
    expect(reactivationMatters({ ...trip, account: { status: 'unknown' } })).toBe(true);
  });

  it('spares the read when Twilio last changed the account a whole second before the firing', () => {
    const account = { status: 'active' as const, dateUpdated: FIRED - 1000 };
    expect(reactivationMatters({ ...trip, account })).toBe(false);
  });

  it('spares it whenever decide() would not consult it', () => {
    expect(reactivationMatters({ ...trip, tier: 'warn' })).toBe(false);
    expect(reactivationMatters({ ...trip, isMainAccount: true })).toBe(false);
    expect(reactivationMatters({ ...trip, allowListed: true })).toBe(false);
    expect(reactivationMatters({ ...trip, firedAt: null })).toBe(false);
    expect(reactivationMatters({ ...trip, account: { status: 'suspended' } })).toBe(false);
    expect(reactivationMatters({ ...trip, account: { status: 'closed' } })).toBe(false);
  });
});
