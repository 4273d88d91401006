import { decide, type DecisionInput } from '../../src/breaker/decide';

const FIRED = Date.UTC(2025, 0, 15, 12, 0, 0);
const reactivations = {
  never: null,
  'after firing': FIRED + 60_000,
  'before firing': FIRED - 60_000,
  'same instant': FIRED,
} as const;

// Every combination of every input: 2 × 2 × 2 × 2 × 4 × 4 = 256 cases.
const cases: [string, DecisionInput][] = [];
for (const tier of ['warn', 'trip'] as const)
  for (const isMainAccount of [false, true])
    for (const allowListed of [false, true])
      for (const dryRun of [false, true])
        for (const accountStatus of ['active', 'suspended', 'closed', 'unknown'] as const)
          for (const [when, reactivatedAt] of Object.entries(reactivations))
            cases.push([
              `${tier} main=${isMainAccount} allow=${allowListed} dry=${dryRun} ${accountStatus} reactivated ${when}`,
              {
                tier,
                isMainAccount,
                allowListed,
                dryRun,
                accountStatus,
                firedAt: FIRED,
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
  const firedBeforeReactivation =
    input.reactivatedAt !== null && input.firedAt < input.reactivatedAt;
  if (firedBeforeReactivation) {
    return { action: 'skip', reason: 'fired-before-reactivation', alert: null };
  }
  if (input.dryRun) return { action: 'would-suspend', reason: 'dry-run', alert: 'trip' };
  return { action: 'suspend', reason: 'trip', alert: 'trip' };
}

describe('decide', () => {
  it('covers every combination of its inputs', () => {
    expect(cases).toHaveLength(256);
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
      expect(input.reactivatedAt === null || input.reactivatedAt <= input.firedAt).toBe(true);
    }
    // 2 statuses × 3 reactivation states that do not block (never, before, same instant).
    expect(suspending).toHaveLength(6);
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
      ([name]) => name === 'trip main=false allow=false dry=false active reactivated same instant',
    )!;
    expect(decide(input[1]).action).toBe('suspend');
  });
});
