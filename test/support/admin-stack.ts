// The stack the admin end-to-end tests run against: the emulator, the built Functions served like
// twilio-run with the admin's credentials in their env, and a gateway on the emulator to arrange
// state with. The Functions run in this process, so console.log is captured: it keeps the output
// quiet, and a test can scan the lines for secrets.
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { emulatorEnv } from '../../scripts/emulator-env';
import { createTwilioGateway, type TwilioGateway } from '../../src/twilio/gateway';
import { emulatorClient } from './emulator-twilio';
import { startFunctions, type FunctionsServer } from './functions-server';

export interface AdminStackOptions {
  admin: { username: string; password: string };
  emulator?: EmulatorOptions;
  /** More of the Functions' env, given the running emulator (e.g. a Verify service made on it). */
  env?: (emulator: Emulator) => Record<string, string> | Promise<Record<string, string>>;
}

export interface AdminStack {
  emulator: Emulator;
  functions: FunctionsServer;
  /** The main account's gateway on the emulator. */
  gateway: TwilioGateway;
  /** console.log while the stack runs. */
  logged: jest.SpyInstance;
  stop(): Promise<void>;
}

/** Starts it all; whatever started is stopped again if a later step fails. */
export async function startAdminStack(options: AdminStackOptions): Promise<AdminStack> {
  const logged = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  let emulator: Emulator | undefined;
  try {
    emulator = await startEmulator(options.emulator);
    const extra = options.env ? await options.env(emulator) : {};
    const functions = await startFunctions({
      env: {
        ...emulatorEnv(emulator),
        ADMIN_USERNAME: options.admin.username,
        ADMIN_PASSWORD: options.admin.password,
        ...extra,
      },
    });
    const running = emulator;
    return {
      emulator,
      functions,
      gateway: createTwilioGateway({ client: emulatorClient(emulator) }),
      logged,
      async stop() {
        await functions.stop();
        await running.close();
        logged.mockRestore();
      },
    };
  } catch (error) {
    await emulator?.close();
    logged.mockRestore();
    throw error;
  }
}
