// The daily reconcile end to end: the built functions/reconcile.js under twilio-run, the emulator
// firing the main account's reconcile trigger over HTTP, and the Function continuing its pass by
// calling itself over HTTP, step after step, until the subaccounts created since the last setup run
// have their triggers.
import { driveSetup } from '../../src/setup/drive-setup';
import { startAdminStack, type AdminStack } from '../support/admin-stack';

const ADMIN = { username: 'ops', password: 'fake-admin-password-reconcile' };
let stack: AdminStack;

beforeAll(async () => {
  stack = await startAdminStack({
    admin: ADMIN,
    emulator: { seed: { subaccounts: 4 } },
    // Small steps: one account at a time, a second each, so the pass takes several invocations.
    env: () => ({ SETUP_CONCURRENCY: '1', SETUP_BUDGET_MS: '1000' }),
  });
});
afterAll(() => stack?.stop());

const ownTriggers = async (sid: string) =>
  (await stack.gateway.listTriggers(sid)).filter((t) => t.friendlyName.startsWith('breaker:'));

test('the main account’s daily trigger starts a pass that continues itself until new subaccounts are protected', async () => {
  const { emulator, functions } = stack;
  await driveSetup({ url: functions.url, ...ADMIN, mode: 'apply' });
  const main = emulator.mainAccount.sid;
  const [reconcileTrigger] = await stack.gateway.listTriggers(main);
  expect(reconcileTrigger).toMatchObject({
    friendlyName: 'breaker-reconcile:daily',
    callbackUrl: `${functions.url}/reconcile`,
  });

  const late = Array.from({ length: 8 }, (_, i) => emulator.accounts.createSubaccount(`Late ${i}`));
  emulator.knobs.set({ latencyMs: 150 });
  const fired = await emulator.recordUsage({
    accountSid: main,
    category: 'totalprice',
    price: 0.02,
  });
  expect(fired.map((d) => [d.url.endsWith('/reconcile'), d.status])).toEqual([[true, 200]]);

  // The pass runs on in later invocations after that first answer; wait for its last step.
  const lines = () =>
    stack.logged.mock.calls
      .map(([line]) => String(line))
      .filter((line) => line.startsWith('{"breaker":"reconcile"'))
      .map((line) => JSON.parse(line) as { step: number; done: boolean; next: string | null });
  for (let i = 0; i < 300 && !lines().some((l) => l.done); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const steps = lines();
  expect(steps.at(-1)).toMatchObject({ done: true, next: null });
  expect(steps.length).toBeGreaterThan(2);
  expect(steps.slice(0, -1).every((s) => s.next === 'sent')).toBe(true);
  expect(steps.map((s) => s.step)).toEqual(steps.map((_, i) => i));
  emulator.knobs.set({ latencyMs: 0 });
  for (const account of late) expect(await ownTriggers(account.sid)).toHaveLength(2);
});
