// Shared by setup's runner tests: deps over the fake gateway, a driver like the setup command's,
// and the check that every active subaccount holds exactly the default triggers.
import { markerName } from '../../src/setup/desired-triggers';
import { DEFAULT_RULES } from '../../src/setup/rules';
import {
  runSetup,
  type SetupDeps,
  type SetupOptions,
  type SetupResult,
} from '../../src/setup/run-setup';
import { fakeGateway, type FakeGateway } from './fake-gateway';

export const DOMAIN = 'breaker-1234-dev.twil.io';

export function depsFor(fake: FakeGateway, extra: Partial<SetupDeps> = {}): SetupDeps {
  let run = 0;
  return {
    gateway: fake.gateway,
    rules: DEFAULT_RULES,
    domainName: DOMAIN,
    clock: fake.clock,
    random: () => 0.5,
    newRunId: () => `run-${++run}`,
    ...extra,
  };
}

/** Drives invocations until done, as the setup command does; bounded. */
export async function runToCompletion(deps: SetupDeps, options: SetupOptions) {
  const results: SetupResult[] = [];
  let cursor = options.cursor ?? null;
  for (let i = 0; i < 200; i += 1) {
    const result = await runSetup(deps, { ...options, cursor });
    results.push(result);
    if (result.done) return results;
    cursor = result.cursor;
  }
  throw new Error('setup did not finish in 200 invocations');
}

/** Every active subaccount has exactly the default triggers, once each. */
export function expectProtected(
  fake: FakeGateway,
  sids = fake.accounts.filter((a) => a.status !== 'closed').map((a) => a.sid),
) {
  for (const sid of sids) {
    const names = fake
      .triggersOf(sid)
      .map((t) => `${t.friendlyName}=${t.triggerValue}`)
      .sort();
    expect({ sid, names }).toEqual({
      sid,
      names: [`${markerName(DEFAULT_RULES[1])}=100`, `${markerName(DEFAULT_RULES[0])}=25`],
    });
  }
}

export function fakeWith(active: number, closed = 0, latencyMs = 0, cap?: number) {
  const fake = fakeGateway({ latencyMs, cap });
  for (let i = 0; i < active; i += 1) fake.addAccount();
  for (let i = 0; i < closed; i += 1) fake.addAccount('closed');
  return fake;
}
