// The Functions' env that points them at an emulator: its main account plays the Twilio account the
// service is deployed in, and TWILIO_API_EMULATOR_URL switches src/twilio/http-client.ts on.
// Shared by the sandbox (written to .sandbox/.env) and the tests' Functions harness.

export interface EmulatorLike {
  url: string;
  mainAccount: { sid: string; authToken: string };
}

export function emulatorEnv(emulator: EmulatorLike): Record<string, string> {
  return {
    ACCOUNT_SID: emulator.mainAccount.sid,
    AUTH_TOKEN: emulator.mainAccount.authToken,
    TWILIO_API_EMULATOR_URL: emulator.url,
  };
}

/** A value twilio-run's .env parser cannot give back exactly (scripts/twilio-run-dotenv.ts). */
export class DotenvValueError extends Error {
  constructor(name: string, problem: string) {
    super(`${name} cannot be written to a .env file: ${problem}`);
    this.name = 'DotenvValueError';
  }
}

/**
 * dotenv text that twilio-run reads back value for value. Each value goes in single quotes: its
 * parser strips one quote at each end and unescapes nothing, so `#`, spaces, `"`, `'` and
 * backslashes survive (JSON.stringify's `\"` would reach the Functions with its backslashes, and a
 * SETUP_RULES written that way is no longer JSON). A newline, or spaces at either end (the parser
 * trims them), cannot be written: refused rather than changed.
 */
export function toDotenv(env: Record<string, string>, header = ''): string {
  const lines = Object.entries(env).map(([name, value]) => {
    if (/[\r\n]/.test(value)) throw new DotenvValueError(name, 'it spans more than one line');
    if (value !== value.trim()) {
      throw new DotenvValueError(name, 'it starts or ends with white space, which is trimmed');
    }
    return `${name}='${value}'`;
  });
  return `${header}${lines.join('\n')}\n`;
}
