import { applyOverride, overrideSchema, unknownRuleIds } from '../../src/setup/overrides';
import { DEFAULT_RULES, parseRules, ruleId, RulesConfigError } from '../../src/setup/rules';

describe('parseRules', () => {
  test('unset or blank: the documented defaults, a $25 daily warning and a $100 daily trip', () => {
    for (const raw of [undefined, '', '  ']) {
      expect(parseRules(raw)).toEqual([
        {
          tier: 'warn',
          usageCategory: 'totalprice',
          triggerBy: 'price',
          value: '25',
          recurring: 'daily',
        },
        {
          tier: 'trip',
          usageCategory: 'totalprice',
          triggerBy: 'price',
          value: '100',
          recurring: 'daily',
        },
      ]);
    }
  });

  test('JSON with defaults for triggerBy (price) and recurring (daily); numbers become strings', () => {
    const raw =
      '[{"tier":"trip","usageCategory":"totalprice","value":250},{"tier":"warn","usageCategory":"sms","triggerBy":"count","value":"5000","recurring":"monthly"}]';
    expect(raw.length).toBeLessThanOrEqual(450); // Twilio's limit on one env value
    expect(parseRules(raw)).toEqual([
      {
        tier: 'trip',
        usageCategory: 'totalprice',
        triggerBy: 'price',
        value: '250',
        recurring: 'daily',
      },
      {
        tier: 'warn',
        usageCategory: 'sms',
        triggerBy: 'count',
        value: '5000',
        recurring: 'monthly',
      },
    ]);
  });

  test('an empty array is allowed: no triggers at all', () => {
    expect(parseRules('[]')).toEqual([]);
  });

  test.each([
    ['not json', 'not JSON'],
    ['{"tier":"trip"}', 'expected array'],
    ['[{"tier":"panic","usageCategory":"totalprice","value":"1"}]', 'rule 0.tier:'],
    ['[{"tier":"trip","usageCategory":"Total Price","value":"1"}]', 'rule 0.usageCategory:'],
    ['[{"tier":"trip","usageCategory":"totalprice","value":"-5"}]', 'rule 0.value:'],
    ['[{"tier":"trip","usageCategory":"totalprice","value":"0"}]', 'rule 0.value:'],
    [
      '[{"tier":"trip","usageCategory":"totalprice","value":"1","recurring":"hourly"}]',
      'rule 0.recurring:',
    ],
    [
      '[{"tier":"trip","usageCategory":"totalprice","value":"1"},{"tier":"trip","usageCategory":"totalprice","value":"2"}]',
      'appears twice',
    ],
  ])('%s is refused with a message naming SETUP_RULES and the problem', (raw, expected) => {
    expect(() => parseRules(raw)).toThrow(RulesConfigError);
    expect(() => parseRules(raw)).toThrow(/^SETUP_RULES is invalid/);
    expect(() => parseRules(raw)).toThrow(expected);
  });

  test('the same category may have a warn and a trip rule: the tier is part of the identity', () => {
    expect(DEFAULT_RULES.map(ruleId)).toEqual([
      'warn:daily:price:totalprice',
      'trip:daily:price:totalprice',
    ]);
  });
});

describe('overrides', () => {
  test('exempt: no rules apply', () => {
    expect(applyOverride(DEFAULT_RULES, overrideSchema.parse({ exempt: true }))).toEqual([]);
  });

  test('a value for one rule changes only that rule; no override leaves the rules as they are', () => {
    const override = overrideSchema.parse({ values: { 'warn:daily:price:totalprice': '40' } });
    expect(applyOverride(DEFAULT_RULES, override).map((r) => r.value)).toEqual(['40', '100']);
    expect(applyOverride(DEFAULT_RULES, null)).toEqual(DEFAULT_RULES);
  });

  test('values for rules that do not exist are reported, so a typo is caught', () => {
    const override = overrideSchema.parse({ values: { 'trip:daily:price:totalprise': '40' } });
    expect(unknownRuleIds(DEFAULT_RULES, override)).toEqual(['trip:daily:price:totalprise']);
  });

  test.each([
    [{ exempt: 'yes' }],
    [{ values: { 'trip:daily:price:totalprice': '-1' } }],
    [{ note: 'x'.repeat(201) }],
    [{ surprise: true }],
  ])('%p is refused', (input) => {
    expect(overrideSchema.safeParse(input).success).toBe(false);
  });
});
