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

/** dotenv text; values are quoted so `#` and spaces survive twilio-run's parser. */
export function toDotenv(env: Record<string, string>, header = ''): string {
  const lines = Object.entries(env).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return `${header}${lines.join('\n')}\n`;
}
