// Property-based fuzzing of the webhook, in-process: thousands of mutations of valid signed
// deliveries go through the runtime's own parsing (support/runtime-model.ts), the Functions adapter
// and the breaker core, over the in-memory gateway that records every Twilio call. The properties:
//   - no mutation is accepted unless what it asks for is, byte for byte, the content its signature
//     was made over (support/signed-content.ts states that independently of the breaker);
//   - a rejected mutation changes nothing: no Twilio write, no alert (only the rejected-requests
//     summary the audit trail keeps on purpose);
//   - nothing is ever suspended, no answer is a crash.
import fc from 'fast-check';
import { parseDateFired } from '../../src/breaker/delivery/date-fired';
import { harness, type Harness } from '../breaker/support/harness';
import {
  MAIN_SID,
  MAIN_TOKEN,
  registeredTriggers,
  subaccount,
  sid,
  tokenOf,
} from '../breaker/support/deliveries';
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
  // The originals' triggers are ones setup registered (so their warn alerts go out).
  for (const [account, warn] of [
    [ACCOUNTS.victim.sid, sid('UT', 0xa1)],
    [ACCOUNTS.victim2.sid, sid('UT', 0xc1)],
  ]) {
    gateway.triggers.set(account, registeredTriggers(account, { warn }));
  }
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
  });

  // Twilio's signing string is names and values run together, so moving a boundary
  // (IdempotencyToken=X&Recurring=daily → IdempotencyToken=XRecurringdaily) keeps the signature
  // valid. The delivery key is made of AccountSid, UsageTriggerSid and DateFired, which no moved
  // boundary can change while DateFired stays readable (src/breaker/delivery/delivery-key.ts). A moved
  // boundary can make it unreadable (DateFired=…+000 & 0IdempotencyToken=…, or a renamed
  // DateFire=dWed…): such a delivery is keyed by its trigger and day of arrival, a key every
  // readable delivery also marks. Either way the copy is a duplicate, or refused — on the instance
  // that saw the original (memory) and on a cold one (only Sync can tell).
  it('gives a re-split copy of a delivery (same signature) no second side effect', async () => {
    const { h, originals, fixture } = world();
    for (const original of originals) await invoke(h, wireOf(original));
    const shift = fc.oneof(
      fc.record({
        op: fc.constant('resplit' as const),
        boundary: fc.nat(40),
        shift: fc.integer({ min: -6, max: 6 }).filter((n) => n !== 0),
      }),
      fc.record({ op: fc.constant('absorb' as const), index: fc.nat(20) }),
    );
    const mutant = fc.record({
      base: fc.nat(originals.length - 1),
      steps: fc.array(shift, { minLength: 1, maxLength: 2 }),
      cold: fc.boolean(),
    });
    const syncState = () =>
      JSON.stringify([...h.gateway.maps].map(([name, items]) => [name, [...items]]));
    const tally: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(mutant, async ({ base, steps, cold }) => {
        const original = originals[base];
        const draft = steps.reduce(applyStep, baseDraft(original));
        const mark = h.gateway.log.length;
        const alerts = h.gateway.sms.length + h.webhookTexts.length;
        const before = syncState();
        const instance = cold ? { ...h, breaker: h.newInstance() } : h;
        const answer = await invoke(instance, toWire(draft, original, fixture));
        const kind = `${answer.status} ${answer.action ?? ''}`.trim();
        const dates = draft.body.filter(([name]) => name === 'DateFired').map(([, v]) => v);
        const readable = dates.length === 1 && parseDateFired(dates[0]) !== null;
        const label = `${kind}${readable ? '' : ', DateFired unreadable'}${cold ? ', cold' : ''}`;
        tally[label] = (tally[label] ?? 0) + 1;
        expect(['200 duplicate', '400', '403']).toContain(kind);
        // A claim's create that finds the key taken writes nothing: compare Sync itself.
        const writes = h.gateway.log.slice(mark).filter(isStateChange);
        expect(writes.filter((c) => c.method !== 'createMapItem')).toEqual([]);
        expect(syncState()).toBe(before);
        expect(h.gateway.sms.length + h.webhookTexts.length).toBe(alerts);
      }),
      { seed: FUZZ_SEED, numRuns: 300 },
    );
    // Re-split copies that keep a valid signature were tried (and were duplicates), not only
    // ones the shape checks refuse: with DateFired intact and made unreadable, warm and cold.
    for (const label of [
      '200 duplicate',
      '200 duplicate, cold',
      '200 duplicate, DateFired unreadable',
      '200 duplicate, DateFired unreadable, cold',
    ]) {
      expect({ label, seen: (tally[label] ?? 0) > 0 }).toEqual({ label, seen: true });
    }
    expect(h.auditEvents().filter((e) => e.reason !== 'summary')).toHaveLength(originals.length);
  });
});
