// The deliveries the fuzz tests start from, shared by the in-process and the end-to-end fuzz: a
// victim subaccount's WARN delivery (so a forged `tier=trip` would show as a suspension) with an
// IdempotencyToken, a second victim's without one (keyed by trigger and DateFired), and the
// attacker's own subaccount whose token the fuzzer may sign with.
import fc from 'fast-check';
import { signTwilioRequest } from '../../support/twilio-signer';
import { applyStep, baseDraft, stepArbitrary, type Draft, type Fixture, type SignedOriginal, type Step } from './mutations';
import { callbackUrlFor } from './signed-content';

/** Fixed unless FUZZ_SEED is set, so a failure reproduces; printed by the tests. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20251128);

export interface FuzzAccounts {
  victim: { sid: string; token: string };
  victim2: { sid: string; token: string };
  attacker: { sid: string; token: string };
  main: { sid: string; token: string };
  /** SIDs that are not ours: another parent's subaccount, and one nobody has. */
  strangers: string[];
}

export function deliveryParams(
  accountSid: string,
  triggerSid: string,
  withToken: boolean,
): Record<string, string> {
  return {
    AccountSid: accountSid,
    UsageTriggerSid: triggerSid,
    DateFired: 'Wed, 15 Jan 2025 11:59:00 +0000',
    Recurring: 'daily',
    UsageCategory: 'totalprice',
    TriggerBy: 'price',
    TriggerValue: '25',
    CurrentValue: '26.50',
    UsageRecordUri: `/2010-04-01/Accounts/${accountSid}/Usage/Records.json?Category=totalprice`,
    ...(withToken ? { IdempotencyToken: `${triggerSid}-daily-2025-01-15` } : {}),
  };
}

export function signedWarn(
  origin: string,
  account: { sid: string; token: string },
  triggerSid: string,
  withToken: boolean,
): SignedOriginal {
  const url = callbackUrlFor(origin, 'warn');
  const params = deliveryParams(account.sid, triggerSid, withToken);
  const signature = signTwilioRequest(account.token, url, params);
  return { url, params, signature, token: account.token };
}

export interface Mutant {
  base: number;
  steps: Step[];
  draft: Draft;
}

export function fixtureFor(origin: string, accounts: FuzzAccounts): Fixture {
  return {
    origin,
    tokens: {
      attacker: accounts.attacker.token,
      parent: accounts.main.token,
      wrong: 'fake-token-guessed',
    },
    sids: [accounts.attacker.sid, accounts.main.sid, accounts.victim2.sid, ...accounts.strangers],
    names: Object.keys(deliveryParams(accounts.victim.sid, 'UT', true)),
  };
}

/** 1 to 4 mutations of one of the base deliveries. */
export function mutantArbitrary(fixture: Fixture, originals: SignedOriginal[]): fc.Arbitrary<Mutant> {
  return fc
    .record({
      base: fc.nat(originals.length - 1),
      steps: fc.array(stepArbitrary(fixture), { minLength: 1, maxLength: 4 }),
    })
    .map(({ base, steps }) => ({
      base,
      steps,
      draft: steps.reduce(applyStep, baseDraft(originals[base])),
    }));
}
