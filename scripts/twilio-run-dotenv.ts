// .env files read exactly as twilio-run reads them for `start` and `deploy`: with its own dotenv
// (6.2.0 under twilio-run 5.0.1), not Node's util.parseEnv, which differs. There a value is the rest
// of the line after `=`, with one quote stripped at each end and then trimmed; `#` starts no
// comment; only a double-quoted value has `\n` turned into a newline, and nothing is unescaped.
import { createRequire } from 'node:module';

const fromTwilioRun = createRequire(require.resolve('twilio-run/package.json'));
const dotenv = fromTwilioRun('dotenv') as { parse(src: string): Record<string, string> };

/** Every variable of a .env text, empty ones included (as ''), as twilio-run sees them. */
export function parseDotenv(text: string): Record<string, string> {
  return dotenv.parse(text);
}
