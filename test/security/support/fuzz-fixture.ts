// The deliveries the fuzz tests start from, shared by the in-process and the end-to-end fuzz: a
// victim subaccount's WARN delivery (so a forged `tier=trip` would show as a suspension) with an
// IdempotencyToken, a second victim's without one (keyed by trigger and DateFired), and the
// attacker's own subaccount whose token the fuzzer may sign with.
import fc from 'fast-check';
import { signTwilioRequest } from '../../support/twilio-signer';
import {
  applyStep,
  baseDraft,
  stepArbitrary,
  type Draft,
  type Fixture,
  type SignedOriginal,
  type Step,
} from './mutations';
import { runtimeEvent, type WireRequest } from './runtime-model';
import { callbackUrlFor, signedParts, signingString } from './signed-content';

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
export function mutantArbitrary(
  fixture: Fixture,
  originals: SignedOriginal[],
): fc.Arbitrary<Mutant> {
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

/** A signed delivery as Twilio sends it. */
export const wireOf = (o: SignedOriginal): WireRequest => ({
  query: new URL(o.url).search.slice(1),
  body: new URLSearchParams(o.params).toString(),
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    'x-twilio-signature': o.signature,
  },
});

/** What a request means, as a signing string (null: no signer could have produced it). */
export function meaningOfWire(origin: string, wire: WireRequest): string | null {
  const outcome = runtimeEvent(wire);
  if (outcome.kind !== 'event') return null;
  const parts = signedParts(origin, outcome.event);
  return parts && signingString(parts);
}

/**
 * True when a mutant is signed, correctly, with the token of the very account it claims: the
 * attacker's own subaccount (a delivery about itself is not a forgery) or the parent (whose token
 * the attacker does not hold; holding it is out of this model). Such mutants are skipped.
 */
export function signsOwnAccountWith(
  accounts: FuzzAccounts,
  mutant: Mutant,
  wire: WireRequest,
): boolean {
  const choice = mutant.draft.signature;
  if (choice.kind !== 'token' || choice.token === 'wrong') return false;
  const outcome = runtimeEvent(wire);
  const claimed = outcome.kind === 'event' ? outcome.event.AccountSid : undefined;
  const holder = choice.token === 'attacker' ? accounts.attacker.sid : accounts.main.sid;
  return claimed === holder;
}
