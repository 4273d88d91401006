// twilio-run under the sandbox: started quiet enough that the banner stays in view, stopped with
// the emulator on Ctrl+C, and either way one line says what stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Emulator } from '../emulator';
import { ROOT_DIR } from './build';
import { childExitedMessage, stoppedMessage, type StoppedPorts } from './sandbox-banner';

export function startTwilioRun(envFile: string, port: number): ChildProcess {
  const bin = require.resolve('twilio-run/bin/twilio-run.js');
  // .twilioserverlessrc points twilio-run at dist/; --env replaces its process.env with the file.
  // --log-level warn: its route list would push the banner off-screen (the banner lists the
  // Functions); request lines and errors still print.
  const args = ['start', '--env', envFile, '--port', String(port), '--log-level', 'warn'];
  return spawn(process.execPath, [bin, ...args], {
    cwd: ROOT_DIR,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

// Set once twilio-run runs, so a failure after that point stops what was started.
let stopSandbox: ((code: number) => Promise<void>) | null = null;

/** After a failure: stops twilio-run and the emulator if they were started. */
export async function stopIfStarted(code: number): Promise<void> {
  await stopSandbox?.(code);
}

/**
 * Stops twilio-run (by its pid) and the emulator on Ctrl+C, and exits when twilio-run does; says
 * which. Ctrl+C in a terminal signals twilio-run too, so its exit by SIGINT counts as Ctrl+C.
 */
export function superviseUntilExit(
  child: ChildProcess,
  emulator: Emulator | null,
  ports: StoppedPorts,
): void {
  let stopping = false;
  const stop = async (code: number, message: string | null) => {
    if (stopping) return;
    stopping = true;
    if (message) console.log(`\n${message}`);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await emulator?.close();
    process.exit(code);
  };
  stopSandbox = (code) => stop(code, null);
  const interrupted = () => void stop(0, stoppedMessage(ports));
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);
  child.on('exit', (code, signal) => {
    if (signal === 'SIGINT' || signal === 'SIGTERM' || code === 130) interrupted();
    else void stop(code ?? 1, childExitedMessage(code, ports));
  });
}
