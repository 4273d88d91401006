// The stack the admin end-to-end tests run against: the emulator, the built Functions served like
// twilio-run with the admin's credentials in their env, and a gateway on the emulator to arrange
// state with. The Functions run in this process, so console.log is captured: it keeps the output
// quiet, and a test can scan the lines for secrets.
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { emulatorEnv } from '../../scripts/emulator-env';
import { createTwilioGateway, type TwilioGateway } from '../../src/twilio/gateway';
import { control, emulatorClient } from './emulator-twilio';
import {
  startFunctions,
  type FunctionsServer,
  type StartFunctionsOptions,
} from './functions-server';

export interface AdminStackOptions {
  /** The admin's credentials; without them the admin Functions are unconfigured (breaker-only tests). */
  admin?: { username: string; password: string };
  emulator?: EmulatorOptions;
  /** How the Functions run (see startFunctions); in-process by default. */
  mode?: StartFunctionsOptions['mode'];
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
      mode: options.mode,
      env: {
        ...emulatorEnv(emulator),
        ADMIN_USERNAME: options.admin?.username,
        ADMIN_PASSWORD: options.admin?.password,
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

/** Makes the admin's Verify service on the emulator; answers the env that sends codes by SMS. */
export async function smsTwoFactorEnv(
  emulator: Emulator,
  phone: string,
  sessionSecret: string,
): Promise<Record<string, string>> {
  const service = await emulatorClient(emulator).verify.v2.services.create({
    friendlyName: 'Breaker admin',
  });
  return { SESSION_SECRET: sessionSecret, VERIFY_SERVICE_SID: service.sid, ADMIN_PHONE: phone };
}

/** The newest code the emulator's Verify "texted" to `phone`, via its control endpoint. */
export async function latestTextedCode(emulator: Emulator, phone: string): Promise<string> {
  const { body } = await control(emulator, 'GET', `verify/codes?to=${encodeURIComponent(phone)}`);
  const codes = (body as { codes: Array<{ code: string }> }).codes;
  return codes[codes.length - 1].code;
}

/** POST /admin-session with a JSON body: the status, the headers and the parsed answer. */
export async function postSignIn(stack: AdminStack, body: object) {
  const response = await fetch(`${stack.functions.url}/admin-session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}
