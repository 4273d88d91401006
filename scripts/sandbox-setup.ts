// The sandbox's start hook: register the breaker's Usage Triggers on the demo subaccounts, so that
// `npm run simulate` has something to fire. It runs the same setup core the setup Function runs,
// through the gateway and the emulator redirect, with the default rules; the callbacks go to the
// local twilio-run. A failure here is reported and the sandbox keeps running without triggers.
import twilio from 'twilio';
import type { Emulator } from '../emulator';
import { reconcileTriggerSpec } from '../src/reconcile/reconcile-trigger';
import { runSetup } from '../src/setup/run-setup';
import { RECONCILE_DEFAULT_VALUE } from '../src/setup/setup-env';
import { DEFAULT_RULES } from '../src/setup/rules';
import { createTwilioGateway } from '../src/twilio/gateway';
import { twilioHttpClient } from '../src/twilio/http-client';
import { emulatorEnv } from './emulator-env';

// Each setup call works for a few seconds; a handful of demo subaccounts needs one or two.
const MAX_INVOCATIONS = 20;

export interface SandboxSetupContext {
  emulator: Emulator;
  /** Where twilio-run serves the Functions, e.g. http://localhost:3000. */
  functionsUrl: string;
}

/** Returns lines for the sandbox's banner. */
export async function setUpSandbox({
  emulator,
  functionsUrl,
}: SandboxSetupContext): Promise<string[]> {
  const env = emulatorEnv(emulator);
  const client = twilio(env.ACCOUNT_SID, env.AUTH_TOKEN, { httpClient: twilioHttpClient(env) });
  const domainName = new URL(functionsUrl).host;
  const deps = {
    gateway: createTwilioGateway({ client }),
    rules: DEFAULT_RULES,
    domainName,
    // As the setup Function does: the main account's daily trigger that starts the reconcile.
    reconcileTrigger: {
      mainAccountSid: env.ACCOUNT_SID,
      spec: reconcileTriggerSpec(domainName, RECONCILE_DEFAULT_VALUE),
    },
  };
  try {
    let cursor: string | null = null;
    for (let i = 0; i < MAX_INVOCATIONS; i += 1) {
      const result = await runSetup(deps, { mode: 'apply', cursor });
      if (result.error) throw new Error(result.error);
      if (result.done) {
        const rules = DEFAULT_RULES.map(
          (r) => `${r.tier} at ${r.value} ${r.triggerBy} of ${r.recurring} ${r.usageCategory}`,
        );
        return [
          `Setup: ${result.totals.writes} trigger write(s) on ${result.totals.seen} subaccount(s) (${rules.join('; ')}),`,
          `       calling ${functionsUrl}/breaker?tier=… when crossed; the main account's daily`,
          `       trigger (at ${RECONCILE_DEFAULT_VALUE} of its own spend) calls ${functionsUrl}/reconcile.`,
        ];
      }
      cursor = result.cursor;
    }
    throw new Error(`not done after ${MAX_INVOCATIONS} invocations`);
  } catch (err) {
    return [
      `Setup failed (${err instanceof Error ? err.message : String(err)}): no triggers registered.`,
    ];
  }
}
