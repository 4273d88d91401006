// The body of the emulator's worker thread (see emulator-host.ts): starts the emulator with the
// options it was given and answers calls on it, so the emulator has a core of its own while the
// benchmark drives the breaker from the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';

export interface HostCall {
  id: number;
  /** A method of the Emulator object, e.g. 'requestLog.entries'. */
  path: string;
  args: unknown[];
}

export type HostAnswer =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

function methodAt(emulator: Emulator, path: string): (...args: unknown[]) => unknown {
  const parts = path.split('.');
  let owner: unknown = emulator;
  for (const part of parts.slice(0, -1)) owner = (owner as Record<string, unknown>)[part];
  const method = (owner as Record<string, unknown>)?.[parts[parts.length - 1]];
  if (typeof method !== 'function') throw new Error(`the emulator has no method ${path}`);
  return (...args) => method.apply(owner, args);
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('emulator-worker.ts runs as a worker thread only');
  const emulator = await startEmulator(workerData as EmulatorOptions);
  port.on('message', async (call: HostCall) => {
    let answer: HostAnswer;
    try {
      answer = { id: call.id, ok: true, value: await methodAt(emulator, call.path)(...call.args) };
    } catch (error) {
      answer = {
        id: call.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      };
    }
    port.postMessage(answer);
  });
  port.postMessage({ ready: true, url: emulator.url, mainAccount: emulator.mainAccount });
}

void main();
