// An invocation, cold start included, ends at least 1.5 s before Twilio's 10 s limit: the budgets
// the Functions use are held against the figures in src/runtime/time-budget.ts.
import { DEFAULT_TIMING } from '../../src/breaker/breaker-deps';
import {
  COLD_START_MS,
  FUNCTION_LIMIT_MS,
  HANDLER_TIME_MS,
  SAFETY_MARGIN_MS,
} from '../../src/runtime/time-budget';
import {
  SETUP_DEFAULTS,
  SETUP_MAX_BUDGET_MS,
  SETUP_REQUEST_TIMEOUT_MS,
} from '../../src/setup/run-setup';
import { loadSetupConfig } from '../../src/setup/setup-env';

describe('time budgets with a cold start', () => {
  it('count the cold start of twilio + zod + jose (≈ 0.7 + 0.3 + 0.15 s) and keep 1.5 s free', () => {
    expect(COLD_START_MS).toBeGreaterThanOrEqual(700 + 300 + 150);
    expect(SAFETY_MARGIN_MS).toBeGreaterThanOrEqual(1500);
    expect(HANDLER_TIME_MS + COLD_START_MS + SAFETY_MARGIN_MS).toBe(FUNCTION_LIMIT_MS);
  });

  it("keep the breaker's whole budget, and each of its deadlines, inside a cold handler's time", () => {
    expect(DEFAULT_TIMING.budgetMs).toBeLessThanOrEqual(HANDLER_TIME_MS);
    const { readsMs, claimWaitMs, suspendMs, sweepReserveMs, budgetMs } = DEFAULT_TIMING;
    for (const deadline of [readsMs, claimWaitMs, suspendMs])
      expect(deadline).toBeLessThan(budgetMs);
    // The suspension ends before the sweep's own deadline, so a suspended account's calls get time.
    expect(suspendMs).toBeLessThanOrEqual(budgetMs - sweepReserveMs);
  });

  it('keep setup, with a request in flight for its whole timeout at the end, inside it too', () => {
    expect(SETUP_MAX_BUDGET_MS + SETUP_REQUEST_TIMEOUT_MS).toBeLessThanOrEqual(HANDLER_TIME_MS);
    expect(SETUP_DEFAULTS.budgetMs).toBeLessThanOrEqual(SETUP_MAX_BUDGET_MS);
    expect(loadSetupConfig({}).budgetMs).toBe(SETUP_DEFAULTS.budgetMs);
    expect(() => loadSetupConfig({ SETUP_BUDGET_MS: String(SETUP_MAX_BUDGET_MS + 1) })).toThrow(
      /SETUP_BUDGET_MS/,
    );
  });
});
