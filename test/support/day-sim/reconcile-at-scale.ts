// How long one reconcile pass takes at scale, on the virtual clock (so the figure is the same on
// any machine): N protected subaccounts plus one created since, the main account spends, its
// daily trigger fires at the next evaluation, and the pass runs step by step (each a Function
// invocation calling the next) until it is done. Returns virtual times and the steps.
import { startInMemoryStack } from '../in-memory-stack';
import { MINUTE } from './schedule';

export interface ReconcileAtScale {
  subaccounts: number;
  latencyMs: number;
  concurrency: number;
  /** From the main account's spend to the pass being done (virtual ms). */
  spendToDoneMs: number;
  /** From the first step's start to the last step's end (virtual ms). */
  passMs: number;
  steps: number;
  longestStepMs: number;
  /** The subaccount created after setup ran: protected by the pass? */
  newcomerProtected: boolean;
  /** Real time the whole measurement took (ms): this machine's CPU, not Twilio's. */
  wallMs: number;
}

export async function reconcileAtScale(
  subaccounts: number,
  latencyMs: number,
  concurrency: number,
): Promise<ReconcileAtScale> {
  const wallStart = Date.now();
  const stack = await startInMemoryStack({
    start: Date.UTC(2026, 0, 15) - 2 * 3600_000,
    subaccounts,
    maxSubaccounts: subaccounts + 1,
    latencyMs,
    env: { SETUP_CONCURRENCY: String(concurrency) },
  });
  try {
    const { emulator, clock } = stack.twilio;
    await stack.setup();
    const newcomer = emulator.accounts.createSubaccount('Signed up after setup');
    // The next GMT day: the daily trigger is armed again.
    await clock.sleep(Date.UTC(2026, 0, 15) - clock.now());
    const spentAt = clock.now();
    emulator.usage.add({ accountSid: stack.env.ACCOUNT_SID, category: 'totalprice', price: 0.01 });
    for (let waited = 0; waited < 120; waited += 1) {
      await clock.sleep(MINUTE);
      if (stack.reconciles.some((r) => r.body.action === 'ran' && r.body.done)) break;
    }
    const steps = stack.reconciles.filter((r) => r.body.action === 'ran');
    const done = steps.find((r) => r.body.done);
    const triggers = await stack.gateway.listTriggers(newcomer.sid);
    return {
      subaccounts: subaccounts + 1,
      latencyMs,
      concurrency,
      spendToDoneMs: done ? done.endedAt - spentAt : NaN,
      passMs: done && steps.length ? done.endedAt - steps[0].startedAt : NaN,
      steps: steps.length,
      longestStepMs: Math.max(0, ...steps.map((s) => s.endedAt - s.startedAt)),
      newcomerProtected: triggers.some((t) => t.friendlyName.startsWith('breaker:trip:')),
      wallMs: Date.now() - wallStart,
    };
  } finally {
    await stack.close();
  }
}
