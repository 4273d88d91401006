// `npm start` as a person runs it, for the tests that drive the whole sandbox: forced onto the
// emulator, on free ports, with its env file in a temp dir. Stopping it ends the process group the
// test started (npm → tsx → sandbox → twilio-run), by its id, and removes the temp dir.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT_DIR } from '../../scripts/build';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** True once the process ended, by itself or by a signal. */
const ended = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

async function stopGroup(child: ChildProcess): Promise<void> {
  if (ended(child) || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SandboxProcess {
  /** The Functions' port (twilio-run) and the emulator's. */
  port: number;
  emulatorPort: number;
  /** The sandbox's env file (--sandbox-env), in the temp dir. */
  envFile: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Resolves once `text` was printed, or when `timeoutMs` ran out; throws if it exited first. */
  waitForOutput(text: string, timeoutMs: number): Promise<void>;
  /** The first answer below 500 from `url`; throws if it exited first or nothing came in time. */
  waitForHttp(url: string, timeoutMs: number): Promise<Response>;
  /** Types into its terminal (stdin). */
  type(text: string): void;
  /** Ctrl+C as a terminal sends it: SIGINT to the whole process group; resolves at its exit. */
  interrupt(): Promise<number | null>;
  stop(): Promise<void>;
}

/** `npm start -- --emulator --port … --emulator-port … --sandbox-env … <args>`. */
export async function startSandbox(args: string[] = []): Promise<SandboxProcess> {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'sandbox-'));
  const [port, emulatorPort] = [await freePort(), await freePort()];
  const envFile = path.join(tempDir, '.env');
  const child = spawn(
    'npm',
    ['start', '--', '--emulator', '--port', String(port), '--emulator-port', String(emulatorPort)]
      .concat(['--sandbox-env', envFile])
      .concat(args),
    { cwd: ROOT_DIR, detached: true, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const alive = () => {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
  };
  return {
    port,
    emulatorPort,
    envFile,
    output: () => output,
    async waitForOutput(text, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!output.includes(text) && Date.now() < deadline) {
        alive();
        await pause(200);
      }
    },
    async waitForHttp(url, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        alive();
        const res = await fetch(url).catch(() => null);
        if (res && res.status < 500) return res;
        await pause(250);
      }
      throw new Error(`${url} did not answer in ${timeoutMs} ms:\n${output}`);
    },
    type(text) {
      child.stdin!.write(text);
    },
    async interrupt() {
      if (ended(child) || child.pid === undefined) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGINT');
      return exited;
    },
    async stop() {
      await stopGroup(child);
      await rm(tempDir, { recursive: true, force: true });
    },
  };
}
