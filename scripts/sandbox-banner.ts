// The sandbox's banner (URLs, credentials, next steps) stays findable however much twilio-run
// prints after it: it is also written to banner.txt beside the sandbox's env file, Enter prints it
// again, and stopping says what was stopped and that the next start makes new credentials.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../emulator';

export const BANNER_FILE = 'banner.txt';

export interface BannerParts {
  functionUrls: string[];
  /** e.g. http://localhost:3000 */
  functionsUrl: string;
  emulator: Emulator;
  envFile: string;
  setupLines: string[];
  /** fromEnv: the password is .env's ADMIN_PASSWORD, not printed. */
  admin: { username: string; password: string; fromEnv: boolean };
  twoFactorLines: string[];
}

/** What to try, with everything needed to try it: URLs, demo subaccounts, credentials. */
export function sandboxBanner(parts: BannerParts): string {
  const { emulator, functionsUrl, admin } = parts;
  const subaccounts = emulator.accounts.list().filter((a) => a.sid !== emulator.mainAccount.sid);
  const envShown = path.relative(process.cwd(), parts.envFile);
  return [
    "Sandbox ready: the breaker's Functions under twilio-run, talking to the Twilio API emulator.",
    '',
    'Functions:',
    ...parts.functionUrls.map((url) => `  ${url}`),
    `Emulator:   ${emulator.url}  (main account ${emulator.mainAccount.sid}; env in ${envShown})`,
    'Demo subaccounts:',
    ...subaccounts.map((a, i) => `  ${i + 1}. ${a.sid}  ${a.friendly_name}`),
    ...parts.setupLines,
    '',
    `Dashboard:  ${functionsUrl}/index.html`,
    // A local, throw-away password (unless .env set one): printing it here is the point.
    `  sign in as ${admin.username} / ${admin.fromEnv ? '(ADMIN_PASSWORD from .env)' : admin.password}`,
    ...parts.twoFactorLines,
    `  commands: npm run events -- --url ${functionsUrl} --user ${admin.username}   (asks password and code)`,
    '',
    'Next, in another terminal: simulate fraud on subaccount 1 and watch its trigger fire:',
    '  npm run simulate -- --subaccount 1 --price 500',
    '',
    ...findAgainLines(parts.envFile),
  ].join('\n');
}

/** The lines that close the banner: where to find it again. */
export function findAgainLines(envFile: string): string[] {
  const dir = path.relative(process.cwd(), path.dirname(envFile)) || '.';
  return [
    `Press Enter to show this again. It is also in ${path.join(dir, BANNER_FILE)}; the Functions' env is in ${path.join(dir, path.basename(envFile))}.`,
    'Every start makes new SIDs and a new admin password. Ctrl+C stops everything.',
  ];
}

/** Writes the banner beside the env file (it holds the local password, as that file does). */
export function saveBanner(envFile: string, banner: string): void {
  writeFileSync(path.join(path.dirname(envFile), BANNER_FILE), `${banner}\n`, { mode: 0o600 });
}

/** Calls `show` at each Enter on `input` (the terminal); answers a function that stops listening. */
export function reprintOnEnter(input: NodeJS.ReadableStream, show: () => void): () => void {
  const onData = (chunk: Buffer | string) => {
    if (String(chunk).includes('\n')) show();
  };
  input.on('data', onData);
  return () => {
    input.off('data', onData);
    (input as NodeJS.ReadStream).pause?.();
  };
}

export interface StoppedPorts {
  port: number;
  /** null when there was no emulator (running against Twilio). */
  emulatorPort: number | null;
}

/** What Ctrl+C (or a kill) stopped. */
export function stoppedMessage({ port, emulatorPort }: StoppedPorts): string {
  if (emulatorPort === null) return `Sandbox stopped: twilio-run on port ${port} is shut down.`;
  return (
    `Sandbox stopped: twilio-run on port ${port} and the emulator on port ${emulatorPort} are shut down. ` +
    'The demo subaccounts, their SIDs and the admin password are gone; the next npm start makes new ones.'
  );
}

/** twilio-run ended by itself: say so, and what went with it. */
export function childExitedMessage(code: number | null, { emulatorPort }: StoppedPorts): string {
  const emulator =
    emulatorPort === null ? '' : `; the emulator on port ${emulatorPort} is stopped too`;
  return `twilio-run exited (code ${code ?? 'none'})${emulator}.`;
}
