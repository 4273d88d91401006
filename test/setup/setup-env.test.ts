import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ADMIN_ENV_VARIABLES } from '../../src/admin/password-check';
import { ConfigError } from '../../src/config/load-config';
import { DEFAULT_RULES, describeRule } from '../../src/setup/rules';
import { loadSetupConfig, SETUP_ENV_VARIABLES } from '../../src/setup/setup-env';

describe('loadSetupConfig', () => {
  test('nothing set (or set empty, as .env writes it): the documented defaults', () => {
    const expected = {
      rules: DEFAULT_RULES,
      concurrency: 10,
      budgetMs: 5500,
      pageSize: 500,
      includeMainAccount: false,
      reconcileValue: '0.01',
    };
    expect(loadSetupConfig({})).toEqual(expected);
    expect(
      loadSetupConfig({ SETUP_RULES: '', SETUP_CONCURRENCY: '', SETUP_BUDGET_MS: ' ' }),
    ).toEqual(expected);
  });

  test('values are read and coerced', () => {
    const config = loadSetupConfig({
      SETUP_RULES: '[{"tier":"trip","usageCategory":"calls","triggerBy":"usage","value":"600"}]',
      SETUP_CONCURRENCY: '25',
      SETUP_BUDGET_MS: '5000',
      SETUP_PAGE_SIZE: '1000',
      SETUP_INCLUDE_MAIN_ACCOUNT: 'true',
    });
    expect(config).toMatchObject({
      concurrency: 25,
      budgetMs: 5000,
      pageSize: 1000,
      includeMainAccount: true,
    });
    expect(config.rules).toEqual([
      {
        tier: 'trip',
        usageCategory: 'calls',
        triggerBy: 'usage',
        value: '600',
        recurring: 'daily',
      },
    ]);
  });

  test.each([
    [{ SETUP_CONCURRENCY: '0' }, 'SETUP_CONCURRENCY'],
    [{ SETUP_CONCURRENCY: 'lots' }, 'SETUP_CONCURRENCY'],
    [{ SETUP_BUDGET_MS: '8000' }, 'SETUP_BUDGET_MS'], // with a cold start, too close to Functions' 10 s
    [{ SETUP_PAGE_SIZE: '5000' }, 'SETUP_PAGE_SIZE'],
    [{ SETUP_INCLUDE_MAIN_ACCOUNT: 'sometimes' }, 'SETUP_INCLUDE_MAIN_ACCOUNT'],
    [{ SETUP_RECONCILE: 'hourly' }, 'SETUP_RECONCILE'],
    [{ SETUP_RECONCILE_VALUE: '0' }, 'SETUP_RECONCILE_VALUE'],
    [{ SETUP_RULES: '[{"tier":"trip"}]' }, 'SETUP_RULES'],
    [
      { SETUP_RULES: `[${'{"tier":"trip","usageCategory":"totalprice","value":"1"},'.repeat(9)}]` },
      'SETUP_RULES',
    ],
  ])('%p → a ConfigError naming %s', (env, variable) => {
    let caught: unknown;
    try {
      loadSetupConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variables).toEqual([variable]);
  });
});

describe('.env.example', () => {
  const example = readFileSync(path.join(__dirname, '..', '..', '.env.example'), 'utf8');

  test.each([...SETUP_ENV_VARIABLES, ...ADMIN_ENV_VARIABLES])(
    'documents %s in the function-templates schema',
    (name) => {
      const block = new RegExp(
        `# description: .+\\n# format: \\w+\\n(# link: .+\\n)?# required: (true|false)\\n${name}=\\n`,
      );
      expect(example).toMatch(block);
    },
  );
});

describe('describeRule', () => {
  test('says in money what the default rules mean', () => {
    expect(DEFAULT_RULES.map(describeRule)).toEqual([
      'warn: alert about a subaccount once its totalprice reaches 25 (account currency, USD for most) in one day (GMT)',
      'trip: suspend a subaccount once its totalprice reaches 100 (account currency, USD for most) in one day (GMT)',
    ]);
  });
});
