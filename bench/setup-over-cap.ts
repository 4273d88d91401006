// setup-over-cap: SETUP_CONCURRENCY 50 against an account whose cap is 25 requests in flight (the
// emulator answers 429 above it, 50 ms per request): 2,000 subaccounts × 2 rules, invocation by
// invocation with the cursor, then once more (which must write nothing). The adaptive limit
// (src/retry/adaptive-limit.ts) must find the cap: the run is compared with the bound at the cap,
// answered requests × 50 ms / 25. On virtual time (test/support/virtual-twilio.ts): the figures are
// the schedule's, whatever else the machine is doing.
import { markerName } from '../src/setup/desired-triggers';
import { runSetup, SETUP_DEFAULTS, type SetupDeps } from '../src/setup/run-setup';
import { SETUP_HTTP } from '../src/setup/setup-endpoint';
import { loadSetupConfig } from '../src/setup/setup-env';
import { startVirtualTwilio, type VirtualTwilio } from '../test/support/virtual-twilio';
import type { Benchmark, BenchRow } from './support/report';

const SUBACCOUNTS = 2000;
const CEILING = 50;
const CAP = 25;
const LATENCY_MS = 50;
const BUDGET_MS = SETUP_DEFAULTS.budgetMs;

async function drive(twilio: VirtualTwilio, deps: SetupDeps) {
  twilio.emulator.requestLog.reset();
  const started = twilio.clock.now();
  const elapsed: number[] = [];
  let cursor: string | null = null;
  for (let invocation = 1; invocation <= 100; invocation++) {
    const result = await runSetup(deps, {
      mode: 'apply',
      cursor,
      budgetMs: BUDGET_MS,
      concurrency: CEILING,
    });
    elapsed.push(result.invocation.elapsedMs);
    if (result.error) throw new Error(`setup invocation ${invocation}: ${result.error}`);
    if (result.done) {
      const log = twilio.emulator.requestLog.entries();
      const rateLimited = log.filter((r) => r.status === 429).length;
      return {
        wallMs: twilio.clock.now() - started,
        elapsed,
        answered: log.length - rateLimited,
        rateLimited,
        writes: result.totals.writes,
        failed: result.totals.failed,
      };
    }
    cursor = result.cursor;
  }
  throw new Error('setup did not finish in 100 invocations');
}

export const setupOverCap: Benchmark = {
  name: 'setup-over-cap',
  description: `setup on ${SUBACCOUNTS} subaccounts, SETUP_CONCURRENCY ${CEILING} against a cap of ${CAP}, ${LATENCY_MS} ms latency (virtual time)`,
  async run() {
    const twilio = await startVirtualTwilio({
      maxSubaccounts: SUBACCOUNTS + 1,
      latencyMs: LATENCY_MS,
      concurrencyLimit: CAP,
    });
    try {
      const sids = Array.from(
        { length: SUBACCOUNTS },
        (_, i) => twilio.emulator.accounts.createSubaccount(`Customer ${i}`).sid,
      );
      const { rules } = loadSetupConfig({});
      const deps: SetupDeps = {
        gateway: twilio.gateway(SETUP_HTTP.timeoutMs),
        rules,
        domainName: 'breaker-bench-0000-dev.twil.io',
        clock: twilio.clock,
        random: () => 0.5,
      };
      const first = await drive(twilio, deps);
      const second = await drive(twilio, deps);
      twilio.emulator.knobs.set({ latencyMs: 0, concurrencyLimit: 0 });
      const reader = twilio.gateway(60_000);
      const names = rules.map(markerName);
      let wrong = 0;
      for (const sid of sids) {
        const triggers = await reader.listTriggers(sid);
        for (const name of names) {
          if (triggers.filter((t) => t.friendlyName === name).length !== 1) wrong += 1;
        }
      }
      const rows = (label: string, f: Awaited<ReturnType<typeof drive>>): BenchRow[] => {
        const bound = (f.answered * LATENCY_MS) / CAP;
        return [
          {
            metric: `${label}: time`,
            value: f.wallMs / 1000,
            unit: 's',
            note: `${f.elapsed.length} invocations`,
          },
          {
            metric: `${label}: bound at the cap`,
            value: bound / 1000,
            unit: 's',
            note: `${f.answered} answered requests × ${LATENCY_MS} ms / ${CAP}`,
          },
          { metric: `${label}: time / bound`, value: f.wallMs / bound, note: 'at most 1.5' },
          {
            metric: `${label}: 429s`,
            value: f.rateLimited,
            note: `${((f.rateLimited / f.answered) * 100).toFixed(1)} % of answered requests`,
          },
          {
            metric: `${label}: longest invocation`,
            value: Math.max(...f.elapsed) / 1000,
            unit: 's',
            note: `budget ${BUDGET_MS / 1000} s; each: ${f.elapsed.map((ms) => (ms / 1000).toFixed(2)).join(', ')}`,
          },
          {
            metric: `${label}: trigger writes / failed accounts`,
            value: `${f.writes} / ${f.failed}`,
          },
        ];
      };
      return {
        rows: [
          ...rows('first run', first),
          {
            metric: 'rule triggers missing or duplicated after it',
            value: wrong,
            note: 'expected 0',
          },
          ...rows('second run', second),
        ],
        notes: [
          `runSetup invocation by invocation with the cursor it returns (budget ${BUDGET_MS} ms, SETUP_CONCURRENCY ${CEILING}, default rules), the real gateway and twilio-node (1.5 s timeout, no auto-retry, as the setup Function builds it), and the emulator, all on one virtual clock, in memory. The emulator answers 429 above ${CAP} requests in flight and takes ${LATENCY_MS} ms for every request it serves; a 429 is answered at once. Times are virtual: the schedule the code produces, not this machine's speed.`,
        ],
      };
    } finally {
      await twilio.close();
    }
  },
};
