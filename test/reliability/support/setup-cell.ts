// One cell of the fault matrix on the setup path: a fresh emulator with three subaccounts that need
// every kind of trigger write (S1: two creates; S2: two updates, its triggers point at an old
// domain; S3: a delete of an unreadable own trigger and two creates, next to a foreign trigger that
// must stay), a fault on one Twilio call, and setup driven as `npm run setup` drives it: the runner
// (src/setup/run-setup.ts, the real gateway and twilio-node on one virtual clock with the emulator,
// test/support/virtual-twilio.ts) called again with its cursor
// until the run is done, then — if accounts failed — one more run, as an operator would. Wired as
// functions/setup.ts wires it, so a run summary Sync refused waits in the instance's audit
// sink and the next invocation drains it: when the summary was not recorded, the cell makes that
// next invocation and looks for the summary in the list.
import { AUDIT_LIST } from '../../../src/audit/sync-names';
import type { AuditEvent } from '../../../src/audit/audit-event';
import type twilio from 'twilio';
import { createAuditSink } from '../../../src/audit/audit-sink';
import { recoverFromLog } from '../../../src/audit/recover-from-log';
import { desiredTriggers } from '../../../src/setup/desired-triggers';
import { DEFAULT_RULES } from '../../../src/setup/rules';
import { runSetup, type SetupResult } from '../../../src/setup/run-setup';
import { drainAuditWith, recordRunWith, setupRunEventId } from '../../../src/setup/setup-run-audit';
import { SETUP_HTTP } from '../../../src/setup/setup-endpoint';
import { startVirtualTwilio } from '../../support/virtual-twilio';
import { HOLD_MS, type FaultKind, type FaultMode } from './webhook-cell';

export interface SetupCall {
  name: string;
  fault: {
    method: 'GET' | 'POST' | 'DELETE';
    host: 'api.twilio.com' | 'sync.twilio.com';
    route: string;
  };
}

const TRIGGERS = '/2010-04-01/Accounts/:AccountSid/Usage/Triggers';

export const SETUP_CALLS: SetupCall[] = [
  {
    name: 'list subaccounts',
    fault: { method: 'GET', host: 'api.twilio.com', route: '/2010-04-01/Accounts.json' },
  },
  {
    name: 'read overrides (Sync)',
    fault: {
      method: 'GET',
      host: 'sync.twilio.com',
      route: '/v1/Services/:ServiceSid/Maps/:MapSid/Items',
    },
  },
  {
    name: 'list triggers',
    fault: { method: 'GET', host: 'api.twilio.com', route: `${TRIGGERS}.json` },
  },
  {
    name: 'create trigger',
    fault: { method: 'POST', host: 'api.twilio.com', route: `${TRIGGERS}.json` },
  },
  {
    name: 'update trigger',
    fault: { method: 'POST', host: 'api.twilio.com', route: `${TRIGGERS}/:Sid.json` },
  },
  {
    name: 'delete trigger',
    fault: { method: 'DELETE', host: 'api.twilio.com', route: `${TRIGGERS}/:Sid.json` },
  },
  {
    name: 'run summary append (Sync)',
    fault: {
      method: 'POST',
      host: 'sync.twilio.com',
      route: '/v1/Services/:ServiceSid/Lists/:ListSid/Items',
    },
  },
];

export interface SetupOutcome {
  call: string;
  kind: FaultKind;
  mode: FaultMode;
  hits: number;
  /**
   * The first invocation, while the fault was on. `stopped`: what made it stop early with its
   * cursor kept (listing subaccounts, or reading the overrides, still failing after retries).
   */
  first: { done: boolean; stopped: 'listing' | 'overrides read' | null; failed: number };
  /** Invocations until the run said done. */
  invocations: number;
  /** Failed accounts the finished run reported (totals.failed), and whether each was listed. */
  failedReported: number;
  failuresListed: boolean;
  /**
   * The run's summary event: written by the invocation that completed the run, appended by the next
   * invocation's drain, kept only in the log, or none.
   */
  summary: 'written' | 'drained next call' | 'log only' | 'none';
  /** A second run was needed to finish the failed accounts. */
  repairRun: boolean;
  /** Every subaccount ends with exactly the desired triggers; the foreign one untouched. */
  converged: boolean;
}

const DOMAIN = 'breaker-1234-dev.twil.io';
const OLD_DOMAIN = 'breaker-0000-dev.twil.io';

type Emulator = Awaited<ReturnType<typeof startVirtualTwilio>>['emulator'];

async function seed(emulator: Emulator, parent: twilio.Twilio) {
  const [s1, s2, s3] = ['S1 new', 'S2 moved', 'S3 stale'].map((n) =>
    emulator.accounts.createSubaccount(n),
  );
  for (const { spec } of desiredTriggers(DEFAULT_RULES, OLD_DOMAIN)) {
    await parent.api.v2010.accounts(s2.sid).usage.triggers.create({ ...spec });
  }
  const triggers = parent.api.v2010.accounts(s3.sid).usage.triggers;
  await triggers.create({
    friendlyName: 'breaker:v0-format',
    usageCategory: 'totalprice',
    triggerValue: '1',
    callbackUrl: `https://${OLD_DOMAIN}/breaker`,
  });
  const foreign = await triggers.create({
    friendlyName: 'finance: monthly spend',
    usageCategory: 'totalprice',
    triggerValue: '500',
    recurring: 'monthly',
    callbackUrl: 'https://finance.example.com/hook',
  });
  return { accounts: [s1, s2, s3], foreign: foreign.sid };
}

async function converged(parent: twilio.Twilio, accounts: { sid: string }[], foreign: string) {
  const want = desiredTriggers(DEFAULT_RULES, DOMAIN)
    .map(({ spec }) => `${spec.friendlyName} ${Number(spec.triggerValue)} ${spec.callbackUrl}`)
    .sort();
  for (const account of accounts) {
    const list = await parent.api.v2010.accounts(account.sid).usage.triggers.list();
    const own = list
      .filter((t) => t.friendlyName.startsWith('breaker:'))
      .map((t) => `${t.friendlyName} ${Number(t.triggerValue)} ${t.callbackUrl}`)
      .sort();
    if (JSON.stringify(own) !== JSON.stringify(want)) return false;
  }
  const s3 = await parent.api.v2010.accounts(accounts[2].sid).usage.triggers.list();
  return s3.some((t) => t.sid === foreign);
}

export async function runSetupCell(
  call: SetupCall,
  kind: FaultKind,
  mode: FaultMode,
): Promise<SetupOutcome> {
  const virtual = await startVirtualTwilio();
  const { emulator, clock } = virtual;
  try {
    const parent = virtual.client();
    const { accounts, foreign } = await seed(emulator, parent);
    const gateway = virtual.gateway(SETUP_HTTP.timeoutMs);
    const lines: string[] = [];
    // As functions/setup.ts wires it: one audit sink per warm instance.
    const sink = createAuditSink({ clock, log: (line) => lines.push(line) });
    const deps = {
      gateway,
      rules: DEFAULT_RULES,
      domainName: DOMAIN,
      recordRun: recordRunWith(sink, gateway, () => clock.now() + 1000),
      drainAudit: drainAuditWith(sink, gateway),
      clock,
      random: () => 0.5,
    };
    /** One run, invocation after invocation, as drive-setup.ts does (bounded). */
    const drive = async (onFirst?: (r: SetupResult) => void) => {
      let cursor: string | null = null;
      for (let invocation = 1; invocation <= 20; invocation++) {
        const result = await runSetup(deps, { mode: 'apply', cursor });
        if (invocation === 1) onFirst?.(result);
        if (result.done) return { result, invocations: invocation };
        cursor = result.cursor;
      }
      throw new Error('setup did not finish in 20 invocations');
    };

    emulator.faults.add({
      ...call.fault,
      kind,
      times: mode === 'once' ? 1 : Infinity,
      holdMs: HOLD_MS,
    });
    let first: SetupOutcome['first'] | undefined;
    let hits = 0;
    const run = await drive((r) => {
      // A persistent fault lasts the first invocation; Twilio recovers before the next one.
      hits = emulator.faults.list().reduce((n, f) => n + f.hits, 0);
      emulator.faults.clear();
      const stopped =
        r.error === undefined
          ? null
          : r.error.startsWith('reading the overrides')
            ? 'overrides read'
            : 'listing';
      first = { done: r.done, stopped, failed: r.totals.failed };
    });
    emulator.faults.clear();
    const { totals, failures } = run.result;
    const listed = new Set(failures.map((f) => f.accountSid));
    const summaryId = setupRunEventId(run.result.runId);
    let summary: SetupOutcome['summary'] = 'written';
    if (!run.result.summaryRecorded) {
      await runSetup(deps, { mode: 'apply' }); // the next call: drains what this instance kept
      const items = await gateway.listListItems<AuditEvent>(AUDIT_LIST, {
        pageSize: 100,
        order: 'asc',
      });
      const recovered = recoverFromLog(lines).some((e) => e.id === summaryId);
      summary = items.some((i) => i.data.id === summaryId)
        ? 'drained next call'
        : recovered
          ? 'log only'
          : 'none';
    }
    const repairRun = totals.failed > 0;
    if (repairRun) await drive();
    return {
      call: call.name,
      kind,
      mode,
      hits,
      first: first!,
      invocations: run.invocations,
      failedReported: totals.failed,
      failuresListed:
        failures.length === Math.min(totals.failed, 10) && listed.size === failures.length,
      summary,
      repairRun,
      converged: await converged(parent, accounts, foreign),
    };
  } finally {
    await virtual.close();
  }
}
