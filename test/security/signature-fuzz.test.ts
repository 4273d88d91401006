// Property-based fuzzing of the webhook, in-process: thousands of mutations of valid signed
// deliveries go through the runtime's own parsing (support/runtime-model.ts), the Functions adapter
// and the breaker core, over the in-memory gateway that records every Twilio call. The properties:
//   - no mutation is accepted unless what it asks for is, byte for byte, the content its signature
//     was made over (support/signed-content.ts states that independently of the breaker);
//   - a rejected mutation changes nothing: no Twilio write, no alert (only the rejected-requests
//     summary the audit trail keeps on purpose);
//   - nothing is ever suspended, no answer is a crash.
import fc from 'fast-check';
import { harness, type Harness } from '../breaker/support/harness';
import { MAIN_SID, MAIN_TOKEN, subaccount, sid, tokenOf } from '../breaker/support/deliveries';
import {
  FUZZ_SEED,
  fixtureFor,
  mutantArbitrary,
  meaningOfWire,
  signedWarn,
  signsOwnAccountWith,
  wireOf,
  type FuzzAccounts,
  type Mutant,
} from './support/fuzz-fixture';
import {
  applyStep,
  baseDraft,
  toWire,
  victimSignedString,
  type SignedOriginal,
} from './support/mutations';
import { invokeInProcess, isStateChange } from './support/in-process';
import { runtimeEvent, type WireRequest } from './support/runtime-model';
import { sameSignedContent, signedParts } from './support/signed-content';

const ORIGIN = 'https://breaker-1234-dev.twil.io';
const CONTEXT = { DOMAIN_NAME: 'breaker-1234-dev.twil.io', PATH: '/breaker' };
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

const account = (n: number) => ({ sid: sid('AC', n), token: tokenOf(sid('AC', n)) });
const ACCOUNTS: FuzzAccounts = {
  victim: account(0xa),
  victim2: account(0xc),
  attacker: account(0xb),
  main: { sid: MAIN_SID, token: MAIN_TOKEN },
  strangers: [sid('AC', 0xf), sid('AC', 0xdead)],
};
const FOREIGN_PARENT = 'AC' + 'e'.repeat(32);

const invoke = (h: Harness, wire: WireRequest) => invokeInProcess(h, CONTEXT, wire);

function world() {
  const h = harness();
  const { gateway } = h;
  for (const a of [ACCOUNTS.victim, ACCOUNTS.victim2, ACCOUNTS.attacker]) {
    gateway.accounts.set(a.sid, subaccount(a.sid));
  }
  const [foreign] = ACCOUNTS.strangers;
  gateway.accounts.set(foreign, subaccount(foreign, { ownerAccountSid: FOREIGN_PARENT }));
  const originals: SignedOriginal[] = [
    signedWarn(ORIGIN, ACCOUNTS.victim, sid('UT', 0xa1), true),
    signedWarn(ORIGIN, ACCOUNTS.victim2, sid('UT', 0xc1), false),
  ];
  return { h, originals, fixture: fixtureFor(ORIGIN, ACCOUNTS) };
}

const meaningOf = (wire: WireRequest) => meaningOfWire(ORIGIN, wire);

/** The event holds exactly the original's parameters and tier, whatever the encoding. */
function sameParameters(wire: WireRequest, original: SignedOriginal): boolean {
  const outcome = runtimeEvent(wire);
  const parts = outcome.kind === 'event' ? signedParts(ORIGIN, outcome.event) : null;
  return (
    !!parts &&
    parts.url === original.url &&
    JSON.stringify(Object.entries(parts.params).sort()) ===
      JSON.stringify(Object.entries(original.params).sort())
  );
}

/** A form POST whose headers reach the Function as sent (no `request[…]` parameter replaced them). */
function isPlainForm(wire: WireRequest): boolean {
  const type = (wire.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const outcome = runtimeEvent(wire);
  const headers = outcome.kind === 'event' ? outcome.event.request?.headers : undefined;
  return type === 'application/x-www-form-urlencoded' && headers?.['content-type'] !== undefined;
}
const signsOwnAccount = (mutant: Mutant, wire: WireRequest) =>
  signsOwnAccountWith(ACCOUNTS, mutant, wire);

describe('signature fuzzing (in-process)', () => {
  it(`accepts none of ${RUNS} mutations unless the signed content is unchanged, and a rejected one changes nothing`, async () => {
    const { h, originals, fixture } = world();
    const { gateway } = h;
    for (const original of originals) {
      expect(await invoke(h, wireOf(original))).toEqual({ status: 200, action: 'alerted' });
    }
    const tally: Record<string, number> = {};
    console.info(`signature fuzz: seed ${FUZZ_SEED} (FUZZ_SEED=… to change), ${RUNS} runs`);

    await fc.assert(
      fc.asyncProperty(mutantArbitrary(fixture, originals), async (mutant) => {
        const original = originals[mutant.base];
        const wire = toWire(mutant.draft, original, fixture);
        fc.pre(!signsOwnAccount(mutant, wire));
        const mark = gateway.log.length;
        const hooks = h.webhookTexts.length;
        const answer = await invoke(h, wire);
        const changes = gateway.log.slice(mark).filter(isStateChange);
        const kind = `${answer.status} ${answer.action ?? ''}`.trim();
        tally[kind] = (tally[kind] ?? 0) + 1;

        expect([200, 400, 403, 405, 413, 415, 431]).toContain(answer.status);
        const meaning = meaningOf(wire);
        const signed = victimSignedString(mutant.draft, original);
        const same = !!meaning && !!signed && sameSignedContent(meaning, signed);
        // And the converse: a form POST that carries exactly the signed parameters (in another
        // encoding or order, a padded signature, the default port) is accepted, not refused.
        if (same && isPlainForm(wire) && sameParameters(wire, original)) {
          tally['equivalent variant'] = (tally['equivalent variant'] ?? 0) + 1;
          expect({ steps: mutant.steps, status: answer.status }).toMatchObject({ status: 200 });
        }
        if (answer.status !== 200) {
          expect(changes.map((c) => c.method)).toEqual([]);
          expect(h.webhookTexts.length).toBe(hooks);
          return;
        }
        expect({ meaning, signed, same }).toMatchObject({ same: true });
        expect(changes.some((c) => c.method === 'updateAccountStatus')).toBe(false);
      }),
      { seed: FUZZ_SEED, numRuns: RUNS, endOnFailure: true },
    );

    // The fuzz reached every kind of answer, including accepted copies (else it proved little).
    console.info(`signature fuzz answers: ${JSON.stringify(tally)}`);
    if (RUNS >= 1000) {
      for (const kind of ['200 duplicate', 'equivalent variant', '400', '403', '405', '415']) {
        expect({ kind, seen: (tally[kind] ?? 0) > 0 }).toEqual({ kind, seen: true });
      }
    }
    for (const a of [ACCOUNTS.victim, ACCOUNTS.victim2, ACCOUNTS.attacker]) {
      expect(gateway.accounts.get(a.sid)!.status).toBe('active');
    }
  }, 120_000);

  // KNOWN GAP (docs/SECURITY.md, "What we accept"): Twilio's signing string is names and values
  // run together, so moving a boundary (IdempotencyToken=X&Recurring=daily → IdempotencyToken=
  // XRecurringdaily) keeps the signature valid while changing the IdempotencyToken the delivery key
  // is made of. Such a copy is processed as a new delivery: a repeated alert, and a suspension
  // again if ops reactivated the account without the dashboard. Marked `failing` until the key
  // stops depending on IdempotencyToken (or rejects re-split copies); then drop `.failing`.
  it.failing(
    'gives a re-split copy of a delivery (same signature) no second side effect',
    async () => {
      const { h, originals, fixture } = world();
      const original = originals[0];
      await invoke(h, wireOf(original));
      const shifts = fc.array(
        fc.oneof(
          fc.record({
            op: fc.constant('resplit' as const),
            boundary: fc.nat(40),
            shift: fc.integer({ min: -6, max: 6 }).filter((n) => n !== 0),
          }),
          fc.record({ op: fc.constant('absorb' as const), index: fc.nat(20) }),
        ),
        { minLength: 1, maxLength: 2 },
      );
      await fc.assert(
        fc.asyncProperty(shifts, async (steps) => {
          const draft = steps.reduce(applyStep, baseDraft(original));
          const before = h.gateway.sms.length;
          const answer = await invoke(h, toWire(draft, original, fixture));
          if (answer.status === 200) expect(h.gateway.sms.length).toBe(before);
        }),
        { seed: FUZZ_SEED, numRuns: 300 },
      );
    },
  );
});
