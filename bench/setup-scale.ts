// setup-scale: registers 2 rules' triggers on 10,000 subaccounts through the emulator at
// 50 ms latency with 429 above 25 concurrent requests, invocation by invocation with the cursor as
// the setup Function and `npm run setup` do (here in-process), then checks every subaccount's
// triggers and runs setup again, which must write nothing.
import pLimit from 'p-limit';
import { createAuditSink } from '../src/audit/audit-sink';
import { systemClock } from '../src/runtime/clock';
import { markerName } from '../src/setup/desired-triggers';
import { runSetup, type SetupDeps, type SetupResult } from '../src/setup/run-setup';
import { recordRunWith } from '../src/setup/setup-run-audit';
import { loadSetupConfig } from '../src/setup/setup-env';
import type { TwilioGateway } from '../src/twilio/gateway';
import { SETUP_HTTP } from '../src/setup/setup-endpoint';
import { emulatorGateway } from './support/emulator-gateway';
import { startEmulatorHost, type EmulatorHost } from './support/emulator-host';
import type { Benchmark, BenchRow } from './support/report';

const SUBACCOUNTS = 10_000;
const LATENCY_MS = 50;
const CAP = 25;
/** Setup's SETUP_CONCURRENCY: as many in flight as the emulator (Twilio) accepts. */
const CONCURRENCY = 25;
const BUDGET_MS = 8000;
const PAGE_SIZE = 500;
const MAX_INVOCATIONS = 100;
const TRIGGER_WRITE =
  /^(POST|DELETE) api\.twilio\.com\/2010-04-01\/Accounts\/:AccountSid\/Usage\/Triggers/;

interface RunFigures {
  wallMs: number;
  invocations: number;
  longestMs: number;
  final: SetupResult;
  requests: number;
  rateLimited: number;
  triggerWrites: number;
}

async function driveToCompletion(host: EmulatorHost, deps: SetupDeps): Promise<RunFigures> {
  await host.resetRequests();
  const started = Date.now();
  let cursor: string | null = null;
  let longestMs = 0;
  for (let invocation = 1; invocation <= MAX_INVOCATIONS; invocation++) {
    const before = Date.now();
    const result = await runSetup(deps, {
      mode: 'apply',
      cursor,
      budgetMs: BUDGET_MS,
      concurrency: CONCURRENCY,
      pageSize: PAGE_SIZE,
    });
    longestMs = Math.max(longestMs, Date.now() - before);
    if (result.error) throw new Error(`setup invocation ${invocation}: ${result.error}`);
    if (result.done) {
      const stats = await host.requestStats();
      const statuses = Object.entries(stats.byRoute);
      return {
        wallMs: Date.now() - started,
        invocations: invocation,
        longestMs,
        final: result,
        requests: stats.count,
        rateLimited: statuses.reduce((sum, [, r]) => sum + (r.statuses['429'] ?? 0), 0),
        triggerWrites: statuses
          .filter(([route]) => TRIGGER_WRITE.test(route))
          .reduce((sum, [, r]) => sum + r.count, 0),
      };
    }
    cursor = result.cursor;
  }
  throw new Error(`setup did not finish in ${MAX_INVOCATIONS} invocations`);
}

/** Every subaccount's own triggers, per rule: how many have more than one, or none. */
async function checkTriggers(gateway: TwilioGateway, sids: string[], names: string[]) {
  const limit = pLimit(50);
  let duplicates = 0;
  let missing = 0;
  await Promise.all(
    sids.map((sid) =>
      limit(async () => {
        const triggers = await gateway.listTriggers(sid);
        for (const name of names) {
          const count = triggers.filter((t) => t.friendlyName === name).length;
          if (count > 1) duplicates += 1;
          if (count === 0) missing += 1;
        }
      }),
    ),
  );
  return { duplicates, missing };
}

export const setupScale: Benchmark = {
  name: 'setup-scale',
  description: `setup on ${SUBACCOUNTS} subaccounts × 2 rules, ${LATENCY_MS} ms latency, 429 above ${CAP} in flight`,
  async run(progress) {
    const host = await startEmulatorHost({
      latencyMs: LATENCY_MS,
      concurrencyLimit: CAP,
      seed: { subaccounts: SUBACCOUNTS },
      maxSubaccounts: SUBACCOUNTS,
    });
    try {
      const { rules } = loadSetupConfig({});
      const gateway = emulatorGateway(host, SETUP_HTTP);
      const audit = createAuditSink({ clock: systemClock, log: () => undefined });
      const deps: SetupDeps = {
        gateway,
        rules,
        domainName: 'breaker-bench-0000-dev.twil.io',
        recordRun: recordRunWith(audit, gateway, () => Date.now() + 1000),
      };
      const first = await driveToCompletion(host, deps);
      progress(
        `first run done in ${(first.wallMs / 1000).toFixed(1)} s, ${first.invocations} invocations`,
      );

      // The check reads every subaccount's triggers once; without latency, so it takes seconds.
      await host.setKnobs({ latencyMs: 0, concurrencyLimit: 0 });
      const sids = (await host.accounts())
        .map((a) => a.sid)
        .filter((sid) => sid !== host.mainAccount.sid);
      const check = await checkTriggers(emulatorGateway(host), sids, rules.map(markerName));
      await host.setKnobs({ latencyMs: LATENCY_MS, concurrencyLimit: CAP });

      const second = await driveToCompletion(host, deps);
      progress(`second run done in ${(second.wallMs / 1000).toFixed(1)} s`);

      const bound = (f: RunFigures) => (f.requests * LATENCY_MS) / CONCURRENCY;
      const rowsOf = (label: string, f: RunFigures): BenchRow[] => [
        {
          metric: `${label}: Twilio API calls (request log)`,
          value: f.requests,
          note: `${f.rateLimited} answered 429; setup counted ${f.final.totals.calls}`,
        },
        {
          metric: `${label}: wall time`,
          value: f.wallMs / 1000,
          unit: 's',
          note: `${f.invocations} invocations`,
        },
        {
          metric: `${label}: bound calls × latency / concurrency`,
          value: bound(f) / 1000,
          unit: 's',
          note: `${f.requests} × ${LATENCY_MS} ms / ${CONCURRENCY}`,
        },
        { metric: `${label}: wall time / bound`, value: f.wallMs / bound(f) },
        {
          metric: `${label}: longest single invocation`,
          value: f.longestMs / 1000,
          unit: 's',
          note: 'must stay < 9 s',
        },
        {
          metric: `${label}: trigger writes (request log)`,
          value: f.triggerWrites,
          note: `setup counted ${f.final.totals.writes}; failed accounts ${f.final.totals.failed}`,
        },
      ];
      return {
        rows: [
          ...rowsOf('first run', first),
          {
            metric: 'subaccounts with more than one trigger for a rule',
            value: check.duplicates,
            note: 'expected 0',
          },
          {
            metric: 'missing triggers',
            value: check.missing,
            note: `of ${sids.length * rules.length} expected; expected 0`,
          },
          ...rowsOf('second run', second),
        ],
        notes: [
          `runSetup (src/setup/run-setup.ts) called in this process invocation by invocation with the cursor it returns, as the setup Function does: budget ${BUDGET_MS} ms, SETUP_CONCURRENCY ${CONCURRENCY}, page size ${PAGE_SIZE}, default rules (warn 25 / trip 100 total price per day), the real gateway and twilio-node client (no auto-retry, 1.5 s timeout, as in the Function). The emulator (worker thread) adds ${LATENCY_MS} ms to every request and answers 429 above ${CAP} in flight.`,
          "Calls are counted by the emulator's request log (429s included). The check lists every subaccount's triggers after the first run (latency off for the check only) and counts, per rule marker, accounts with two or more and accounts with none.",
        ],
      };
    } finally {
      await host.close();
    }
  },
};
