// The Twilio API emulator in a worker thread. Twilio is another machine: running the emulator on
// its own thread keeps its CPU work (routing, JSON, latency timers) off the event loop that runs the
// breaker, so on a 2-core machine the breaker's figures are not the emulator's.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type {
  AddCallInput,
  EmulatedCall,
  EmulatorOptions,
  FaultSpec,
  Knobs,
  RequestLogEntry,
  RequestStats,
} from '../../emulator';
import type { EmulatedAccount, UsageInput, UsageTriggerDelivery } from '../../emulator/types';
import type { EmulatedMessage } from '../../emulator/resources/messages';
import type { HostAnswer } from './emulator-worker';

export interface EmulatorHost {
  url: string;
  mainAccount: { sid: string; authToken: string };
  /** Every account, the main one included, with its auth token. */
  accounts(): Promise<EmulatedAccount[]>;
  messages(accountSid: string): Promise<EmulatedMessage[]>;
  addCall(input: AddCallInput): Promise<EmulatedCall>;
  calls(accountSid: string): Promise<EmulatedCall[]>;
  /** Records usage; resolves after the next trigger evaluation with the callbacks it made. */
  recordUsage(input: UsageInput): Promise<UsageTriggerDelivery[]>;
  requestEntries(): Promise<RequestLogEntry[]>;
  requestStats(): Promise<RequestStats>;
  resetRequests(): Promise<void>;
  setKnobs(changes: Partial<Knobs>): Promise<Knobs>;
  addFault(spec: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  close(): Promise<void>;
}

// tsx registers its TypeScript loader in the main thread only; the worker registers it itself.
const BOOT = (file: string) => `require('tsx/cjs'); require(${JSON.stringify(file)});`;

export async function startEmulatorHost(
  options: Omit<EmulatorOptions, 'deliverCallback'>,
): Promise<EmulatorHost> {
  const worker = new Worker(BOOT(path.join(__dirname, 'emulator-worker.ts')), {
    eval: true,
    workerData: options,
  });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  const ready = new Promise<{ url: string; mainAccount: EmulatorHost['mainAccount'] }>(
    (resolve, reject) => {
      worker.once('error', reject);
      worker.on(
        'message',
        (
          message:
            HostAnswer | { ready: true; url: string; mainAccount: EmulatorHost['mainAccount'] },
        ) => {
          if ('ready' in message) return resolve(message);
          const waiter = pending.get(message.id);
          pending.delete(message.id);
          if (message.ok) waiter?.resolve(message.value);
          else waiter?.reject(new Error(`emulator: ${message.error}`));
        },
      );
    },
  );
  const { url, mainAccount } = await ready;
  worker.on('error', (error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  });

  const call = <T>(method: string, ...args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, path: method, args });
    });

  return {
    url,
    mainAccount,
    accounts: () => call('accounts.list'),
    messages: (sid) => call('messages.list', sid),
    addCall: (input) => call('addCall', input),
    calls: (sid) => call('calls.list', sid),
    recordUsage: (input) => call('recordUsage', input),
    requestEntries: () => call('requestLog.entries'),
    requestStats: () => call('requestLog.stats'),
    resetRequests: () => call('requestLog.reset'),
    setKnobs: (changes) => call('knobs.set', changes),
    addFault: (spec) => call('faults.add', spec),
    clearFaults: () => call('faults.clear'),
    async close() {
      await call('close').catch(() => undefined);
      await worker.terminate();
    },
  };
}
