import { decide, type DecisionInput } from '../../../src/breaker/decision/decide';

const FIRED = Date.UTC(2025, 0, 15, 12, 0, 0);
const reactivations = {
  never: null,
  'after firing': FIRED + 60_000,
  'before firing': FIRED - 60_000,
  'same instant': FIRED,
} as const;

// DateFired read, or unreadable (a form date-fired.ts does not know: the firing time is unknown).
const firings = { 'fired known': FIRED, 'fired unknown': null } as const;

// Every combination of every input: 2 × 2 × 2 × 2 × 4 × 4 × 2 = 512 cases.
const cases: [string, DecisionInput][] = [];
for (const tier of ['warn', 'trip'] as const)
  for (const isMainAccount of [false, true])
    for (const allowListed of [false, true])
      for (const dryRun of [false, true])
        for (const accountStatus of ['active', 'suspended', 'closed', 'unknown'] as const)
          for (const [when, reactivatedAt] of Object.entries(reactivations))
            for (const [fired, firedAt] of Object.entries(firings))
              cases.push([
                `${tier} main=${isMainAccount} allow=${allowListed} dry=${dryRun} ${accountStatus} reactivated ${when} ${fired}`,
                {
                  tier,
                  isMainAccount,
                  allowListed,
                  dryRun,
                  accountStatus,
                  firedAt,
                  reactivatedAt,
                },
              ]);

// The rules of the issue, written as an independent oracle: which of them forbids a suspension.
function expected(input: DecisionInput): { action: string; reason: string; alert: string | null } {
  if (input.tier === 'warn') return { action: 'alert', reason: 'warn-tier', alert: 'warn' };
  if (input.isMainAccount) return { action: 'alert', reason: 'main-account', alert: 'trip' };
  if (input.allowListed) return { action: 'alert', reason: 'allow-listed', alert: 'trip' };
  if (input.accountStatus === 'suspended' || input.accountStatus === 'closed') {
    return { action: 'already-suspended', reason: input.accountStatus, alert: null };
  }
  // Unknown firing time: not known to predate the reactivation, so it does not spare the account.
  const firedBeforeReactivation =
    input.reactivatedAt !== null && input.firedAt !== null && input.firedAt < input.reactivatedAt;
  if (firedBeforeReactivation) {
    return { action: 'skip', reason: 'fired-before-reactivation', alert: null };
  }
  if (input.dryRun) return { action: 'would-suspend', reason: 'dry-run', alert: 'trip' };
  return { action: 'suspend', reason: 'trip', alert: 'trip' };
}

describe('decide', () => {
  it('covers every combination of its inputs', () => {
    expect(cases).toHaveLength(512);
  });

  it.each(cases)('%s', (_name, input) => {
    expect(decide(input)).toEqual(expected(input));
  });

  it('suspends only a tripped, active (or unknown), non-exempt subaccount outside dry-run', () => {
    const suspending = cases.filter(([, input]) => decide(input).action === 'suspend');
    for (const [, input] of suspending) {
      expect(input).toMatchObject({
        tier: 'trip',
        isMainAccount: false,
        allowListed: false,
        dryRun: false,
      });
      expect(['active', 'unknown']).toContain(input.accountStatus);
      const firedAt = input.firedAt;
      expect(
        input.reactivatedAt === null || firedAt === null || input.reactivatedAt <= firedAt,
      ).toBe(true);
    }
    // 2 statuses × (3 reactivation states that do not block a known firing + all 4 for an unknown).
    expect(suspending).toHaveLength(14);
  });

  it('suspends on an unreadable DateFired even after a reactivation (fail closed)', () => {
    const input = cases.find(
      ([name]) =>
        name ===
        'trip main=false allow=false dry=false active reactivated after firing fired unknown',
    )!;
    expect(decide(input[1])).toMatchObject({ action: 'suspend', reason: 'trip' });
  });

  it('never suspends the main account, an allow-listed one, or on a warn', () => {
    for (const [, input] of cases) {
      if (input.isMainAccount || input.allowListed || input.tier === 'warn') {
        expect(['alert']).toContain(decide(input).action);
      }
    }
  });

  it('treats a delivery fired in the same instant as the reactivation as fired after it', () => {
    const input = cases.find(
      ([name]) =>
        name ===
        'trip main=false allow=false dry=false active reactivated same instant fired known',
    )!;
    expect(decide(input[1]).action).toBe('suspend');
  });
});
