// The sandbox writes .sandbox/.env for twilio-run, copying the user's .env settings into it. Every
// value must reach the Functions exactly as written: it goes through our writer (toDotenv) and back
// through twilio-run's own parser (its dotenv), for every variable .env.example documents.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DotenvValueError, toDotenv } from '../../scripts/emulator-env';
import { parseDotenv } from '../../scripts/twilio-run-dotenv';
import { documentedVariables } from '../../src/config/env-example';
import { loadSetupConfig } from '../../src/setup/setup-env';

const ROOT = path.resolve(__dirname, '../..');
const documented = documentedVariables(readFileSync(path.join(ROOT, '.env.example'), 'utf8'));

const RULES =
  '[{"tier":"warn","usageCategory":"totalprice","value":"25"},{"tier":"trip","usageCategory":"totalprice","value":"100"}]';

// A realistic value for each format .env.example uses, with the characters that break naive
// quoting: quotes of both kinds, `#`, `=`, backslashes, inner spaces.
const SAMPLE_BY_FORMAT: Record<string, string> = {
  sid: `AC${'0123456789abcdef'.repeat(2)}`,
  secret: `s3cr#t "with" 'quotes' = and \\ backslash`,
  url: 'https://hooks.example.com/services/T000/B000/XXX?x=1&y=#frag',
  json: RULES,
  text: 'admin user',
  integer: '8000',
  boolean: 'true',
  phone_number: '+15005550006',
  'list(sid)': `AC${'1'.repeat(32)},AC${'2'.repeat(32)}`,
  'list(phone_number)': '+15005550001, +15005550002',
};

const roundTrip = (env: Record<string, string>) => parseDotenv(toDotenv(env));

describe('toDotenv, read back by twilio-run', () => {
  it('knows a sample for every format .env.example uses', () => {
    const formats = [...documented.values()].map((v) => v.format);
    expect(formats.filter((f) => !(f in SAMPLE_BY_FORMAT))).toEqual([]);
  });

  it('gives back every .env.example value, and a realistic one for every variable', () => {
    const examples = Object.fromEntries([...documented.values()].map((v) => [v.name, v.example]));
    expect(roundTrip(examples)).toEqual(examples);
    const samples = Object.fromEntries(
      [...documented.values()].map((v) => [v.name, SAMPLE_BY_FORMAT[v.format]]),
    );
    expect(roundTrip(samples)).toEqual(samples);
  });

  it("keeps a user's SETUP_RULES valid JSON on its way into the sandbox", () => {
    // The user's .env as they would write it, read the way twilio-run reads it…
    for (const line of [`SETUP_RULES=${RULES}`, `SETUP_RULES='${RULES}'`]) {
      const settings = parseDotenv(line);
      expect(settings.SETUP_RULES).toBe(RULES);
      // …then written into .sandbox/.env and read by twilio-run for the Functions.
      const reached = roundTrip(settings);
      expect(reached.SETUP_RULES).toBe(RULES);
      expect(() => loadSetupConfig(reached)).not.toThrow();
    }
    // What JSON.stringify quoting did: twilio-run's parser keeps the backslashes.
    expect(parseDotenv(`SETUP_RULES=${JSON.stringify(RULES)}`).SETUP_RULES).toContain('[{\\"tier');
  });

  it('refuses a value it cannot write exactly, naming the variable', () => {
    expect(() => toDotenv({ ADMIN_PASSWORD: 'two\nlines' })).toThrow(DotenvValueError);
    expect(() => toDotenv({ ADMIN_PASSWORD: ' padded' })).toThrow(/ADMIN_PASSWORD/);
  });
});
