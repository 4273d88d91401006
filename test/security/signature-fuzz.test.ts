// Property-based fuzzing of the webhook, in-process: thousands of mutations of valid signed
// deliveries go through the runtime's own parsing (support/runtime-model.ts), the Functions adapter
// and the breaker core, over the in-memory gateway that records every Twilio call. The properties:
//   - no mutation is accepted unless what it asks for is, byte for byte, the content its signature
//     was made over (support/signed-content.ts states that independently of the breaker);
//   - a rejected mutation changes nothing: no Twilio write, no alert (only the rejected-requests
//     summary the audit trail keeps on purpose);
//   - nothing is ever suspended, no answer is a crash.
import fc from 'fast-check';
import { BREAKER_QUERY_KEYS } from '../../src/breaker/callback-url';
import { toRuntimeRequest } from '../../src/runtime/runtime-request';
import type { AuditEvent } from '../../src/audit/audit-event';
import { harness, type Harness } from '../breaker/support/harness';
import { MAIN_SID, MAIN_TOKEN, subaccount, sid, tokenOf } from '../breaker/support/deliveries';
import { type LoggedCall } from '../breaker/support/fake-gateway';
import { FUZZ_SEED, fixtureFor, mutantArbitrary, signedWarn, type FuzzAccounts, type Mutant } from './support/fuzz-fixture';
import { toWire, victimSignedString, type SignedOriginal } from './support/mutations';
import { runtimeEvent, type WireRequest } from './support/runtime-model';
import { sameSignedContent, signedParts, signingString } from './support/signed-content';

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

const WRITES = new Set([
  'updateAccountStatus',
  'endCall',
  'sendSms',
  'createMapItem',
  'putMapItem',
  'deleteMapItem',
  'appendListItem',
]);

/** A write, except the rejected/duplicate summary the audit trail keeps by design. */
function isStateChange(call: LoggedCall): boolean {
  if (!WRITES.has(call.method)) return false;
  if (call.method === 'appendListItem') return (call.args[1] as AuditEvent).reason !== 'summary';
  return true;
}

export interface Answer {
  status: number;
  action?: string;
}

/** The whole path a request takes inside a Function: runtime parsing, adapter, breaker. */
export async function invoke(h: Harness, wire: WireRequest): Promise<Answer> {
  const outcome = runtimeEvent(wire);
  if (outcome.kind === 'refused') return { status: outcome.status };
  const response = await h.breaker.handle(
    toRuntimeRequest(CONTEXT, outcome.event, BREAKER_QUERY_KEYS),
  );
  const body = JSON.parse(response.body) as { action?: string };
  return { status: response.status, action: body.action };
}

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

const wireOf = (o: SignedOriginal): WireRequest => ({
  query: new URL(o.url).search.slice(1),
  body: new URLSearchParams(o.params).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': o.signature },
});

/** What a mutant's request means, as a signing string (null: no signer could have produced it). */
function meaningOf(wire: WireRequest): string | null {
  const outcome = runtimeEvent(wire);
  if (outcome.kind !== 'event') return null;
  const parts = signedParts(ORIGIN, outcome.event);
  return parts && signingString(parts);
}

/** A legitimate delivery of an account the signer holds the token of is not a forgery. */
function signsOwnAccount(mutant: Mutant, wire: WireRequest): boolean {
  const choice = mutant.draft.signature;
  if (choice.kind !== 'token' || choice.token === 'wrong') return false;
  const outcome = runtimeEvent(wire);
  const claimed = outcome.kind === 'event' ? outcome.event.AccountSid : undefined;
  const holder = choice.token === 'attacker' ? ACCOUNTS.attacker.sid : ACCOUNTS.main.sid;
  return claimed === holder;
}

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
        tally[`${answer.status} ${answer.action ?? ''}`.trim()] =
          (tally[`${answer.status} ${answer.action ?? ''}`.trim()] ?? 0) + 1;

        expect([200, 400, 403, 405, 413, 415]).toContain(answer.status);
        if (answer.status !== 200) {
          expect(changes.map((c) => c.method)).toEqual([]);
          expect(h.webhookTexts.length).toBe(hooks);
          return;
        }
        const meaning = meaningOf(wire);
        const signed = victimSignedString(mutant.draft, original);
        expect({ meaning, signed, same: !!meaning && !!signed && sameSignedContent(meaning, signed) })
          .toMatchObject({ same: true });
        expect(changes.some((c) => c.method === 'updateAccountStatus')).toBe(false);
      }),
      { seed: FUZZ_SEED, numRuns: RUNS, endOnFailure: true },
    );

    // The fuzz reached every kind of answer, including accepted copies (else it proved little).
    console.info(`signature fuzz answers: ${JSON.stringify(tally)}`);
    for (const kind of ['200 duplicate', '400', '403', '405', '415']) {
      expect(tally[kind]).toBeGreaterThan(0);
    }
    for (const a of [ACCOUNTS.victim, ACCOUNTS.victim2, ACCOUNTS.attacker]) {
      expect(gateway.accounts.get(a.sid)!.status).toBe('active');
    }
  }, 120_000);
});
