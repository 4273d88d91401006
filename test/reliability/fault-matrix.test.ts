// The fault matrix: every Twilio call on the webhook and setup paths × {429, 500, timeout, reset}
// × {once, persistent}, injected with the emulator's faults (support/webhook-cell.ts,
// support/setup-cell.ts). It asserts what must hold — no trip lost, no event lost, setup converges —
// and renders docs/RELIABILITY.md from the outcomes; the second test fails when the committed page
// differs from what this run produced (UPDATE_DOCS=1 writes it).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../../scripts/build';
import { renderReliabilityDoc } from './support/reliability-doc';
import { runSetupCell, SETUP_CALLS, type SetupOutcome } from './support/setup-cell';
import {
  runWebhookCell,
  WEBHOOK_CALLS,
  type FaultKind,
  type FaultMode,
  type WebhookOutcome,
} from './support/webhook-cell';

const DOC = path.join(ROOT_DIR, 'docs', 'RELIABILITY.md');
const KINDS: FaultKind[] = [429, 500, 'timeout', 'reset'];
const MODES: FaultMode[] = ['once', 'persistent'];

const grid = <C>(calls: C[]) =>
  calls.flatMap((call) => KINDS.flatMap((kind) => MODES.map((mode) => ({ call, kind, mode }))));

const webhook: WebhookOutcome[] = [];
const setup: SetupOutcome[] = [];

beforeAll(async () => {
  // One cell after another, each on its own virtual clock: waiting costs no real time, and the
  // outcomes (and so the generated page) are the same on every run and every machine.
  for (const c of grid(WEBHOOK_CALLS)) webhook.push(await runWebhookCell(c.call, c.kind, c.mode));
  for (const c of grid(SETUP_CALLS)) setup.push(await runSetupCell(c.call, c.kind, c.mode));
});

const label = (o: { call: string; kind: unknown; mode: string }) =>
  `${o.call} / ${o.kind} ${o.mode}`;

describe('fault matrix', () => {
  it('webhook: no trip is lost, no live call is left, no event is lost, a failure is answered 5xx', () => {
    expect(webhook).toHaveLength(WEBHOOK_CALLS.length * KINDS.length * MODES.length);
    for (const o of webhook) {
      const cell = label(o);
      expect({ cell, hit: o.hits > 0 }).toEqual({ cell, hit: true });
      expect({ cell, answer: o.answer }).toEqual({
        cell,
        answer: expect.stringMatching(
          /^(200 suspended|500 suspended|500 failed|503 token-unavailable|503 overloaded)$/,
        ),
      });
      // Suspended at once (a 500 then only means the call sweep did not finish), or refused with
      // a 5xx so Twilio retries — and the retry does what was left.
      const suspendedAtOnce = /^(200|500) suspended$/.test(o.answer);
      expect({ cell, suspended: o.suspended }).toEqual({ cell, suspended: suspendedAtOnce });
      const retry = {
        '200 suspended': null,
        '500 suspended': '200 swept',
        '500 failed': '200 suspended',
        '503 token-unavailable': '200 suspended',
        '503 overloaded': '200 suspended',
      }[o.answer];
      expect({ cell, retry: o.retry }).toEqual({ cell, retry });
      // A trip that was not done, or could not be verified, is told at once: a `failed` event and
      // an alert.
      if (o.answer === '500 failed' || o.answer === '503 token-unavailable') {
        expect({ cell, events: o.events, alerted: o.alerts.length > 0 }).toEqual({
          cell,
          events: ['failed'],
          alerted: true,
        });
      }
      // Only 429s (Twilio's rate limit): load, not a failure. Answered 503 for Twilio to send again,
      // with no `failed` event and no alert; the retry suspends.
      if (o.answer === '503 overloaded') {
        expect({ cell, events: o.events, alerted: o.alerts.length > 0 }).toEqual({
          cell,
          events: [],
          alerted: false,
        });
      }
      // In the end: suspended, its live call ended, exactly one `suspended` event, nothing stuck
      // in the log.
      expect({
        cell,
        suspended: o.final.suspended,
        callEnded: o.final.callEnded,
        onlyInLog: o.onlyInLog,
      }).toEqual({ cell, suspended: true, callEnded: true, onlyInLog: 0 });
      const expected = {
        '200 suspended': ['suspended'],
        '500 suspended': ['suspended', 'swept'],
        '500 failed': ['failed', 'suspended'],
        '503 token-unavailable': ['failed', 'suspended'],
        '503 overloaded': ['suspended'],
      }[o.answer];
      expect({ cell, events: o.final.events }).toEqual({ cell, events: expected });
      expect({ cell, alerted: o.final.alerts.length > 0 }).toEqual({ cell, alerted: true });
    }
  });

  it('setup: a failure is reported, the run resumes, and it converges', () => {
    expect(setup).toHaveLength(SETUP_CALLS.length * KINDS.length * MODES.length);
    for (const o of setup) {
      const cell = label(o);
      expect({ cell, hit: o.hits > 0, converged: o.converged }).toEqual({
        cell,
        hit: true,
        converged: true,
      });
      expect({ cell, listed: o.failuresListed, invocations: o.invocations <= 2 }).toEqual({
        cell,
        listed: true,
        invocations: true,
      });
      if (o.first.failed > 0)
        expect({ cell, reported: o.failedReported > 0 }).toEqual({ cell, reported: true });
      // The run's summary reaches the list: at once, or drained by the next invocation (and it is
      // in the log either way, for recoverFromLog).
      expect({ cell, summary: o.summary }).toEqual({
        cell,
        summary: expect.stringMatching(/^(written|drained next call)$/),
      });
    }
  });

  it('docs/RELIABILITY.md is exactly what this run produced', () => {
    const rendered = renderReliabilityDoc(webhook, setup, DOC);
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, rendered);
    let committed = '';
    try {
      committed = readFileSync(DOC, 'utf8');
    } catch {
      // missing: fails below
    }
    if (committed !== rendered) {
      throw new Error(
        'docs/RELIABILITY.md differs from this run of the fault matrix. If the change is expected, ' +
          'regenerate it: UPDATE_DOCS=1 npx jest test/reliability/fault-matrix.test.ts',
      );
    }
  });
});
