import { deliverCallback } from './callbacks/deliver-callback';
import { createClock, type EmulatorClock } from './core/clock';
import { createDispatcher } from './core/dispatch';
import { createFaults, type Fault, type FaultSpec } from './core/faults';
import { createRequestLog, type RequestLogEntry, type RequestStats } from './core/request-log';
import { newAuthToken, newSid } from './core/sids';
import { createControl } from './control';
import { createAccounts } from './resources/accounts';
import { createCalls, type AddCallInput, type EmulatedCall } from './resources/calls';
import { createMessages, type EmulatedMessage } from './resources/messages';
import { createSync } from './resources/sync';
import { createUsageRecords } from './resources/usage-records';
import { createUsageTriggers } from './resources/usage-triggers';
import { createUsageLedger } from './usage/usage-ledger';
import { DEFAULT_EVALUATION_INTERVAL_MS, validateInterval } from './usage/evaluation-tick';
import { createVerify, type VerifyCodeRecord } from './resources/verify';
import { seedFriendlyNames, type SeedSpec } from './seed';
import {
  inMemoryClient,
  type InMemoryClient,
  type InMemoryClientOptions,
} from './in-memory-client';
import { startServer, type Knobs } from './server';
import type { Clock } from '../src/runtime/clock';
import type {
  CallbackResult,
  EmulatedAccount,
  EmulatorDeps,
  OutboundCallback,
  ResourceModule,
  UsageInput,
  UsageTriggerDelivery,
} from './types';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Must be a loopback address: the emulator hands out auth tokens to whoever asks. */
  host?: string;
  /** Random (crypto) unless given; must look like a Twilio Account SID. */
  mainAccountSid?: string;
  mainAuthToken?: string;
  seed?: SeedSpec;
  /** Twilio's default cap: 1,000 subaccounts. */
  maxSubaccounts?: number;
  latencyMs?: number;
  /** 0 or absent: no cap. */
  concurrencyLimit?: number;
  /** Freezes the emulator clock at this time (tests); absent, the clock follows `clock`. */
  now?: Date | string;
  /**
   * The clock the emulator's time follows and its waits (latency, held requests) run on: real time
   * by default, a virtual clock (src/runtime/virtual-clock.ts) in tests that share it with the code
   * under test. With a virtual clock, talk to the emulator through `requestClient()`, not HTTP.
   */
  clock?: Clock;
  /** Chance draws for faults with a probability (0 ≤ x < 1); seed it for repeatable runs. */
  random?: () => number;
  /** Replaces webhook delivery (e.g. to capture callbacks without an HTTP receiver). */
  deliverCallback?: (callback: OutboundCallback) => Promise<CallbackResult>;
  /**
   * How often Usage Triggers are evaluated, in ms of the emulator's clock (docs/EMULATOR.md,
   * "Trigger evaluation"). Default 1,000 (DEFAULT_EVALUATION_INTERVAL_MS); Twilio's is about
   * 60,000 (TWILIO_EVALUATION_INTERVAL_MS), which costs nothing on a virtual clock.
   */
  evaluationIntervalMs?: number;
}

export interface Emulator {
  url: string;
  port: number;
  mainAccount: { sid: string; authToken: string };
  accounts: {
    list(): EmulatedAccount[];
    get(sid: string): EmulatedAccount | undefined;
    createSubaccount(friendlyName?: string): EmulatedAccount;
    markSuspendedByTwilio(sid: string, suspended?: boolean): EmulatedAccount;
  };
  /**
   * Records usage now, then waits for the next trigger evaluation (the next tick) and resolves with
   * the callbacks it made for this account's triggers, each answered. On a manual clock use
   * `usage.add` and `usage.evaluateNow()` (or move the clock) instead.
   */
  recordUsage(input: UsageInput): Promise<UsageTriggerDelivery[]>;
  usage: {
    /** Records usage without waiting; the next tick evaluates it. */
    add(input: UsageInput): void;
    /** Runs the pending evaluation now rather than at its tick: every callback it made. */
    evaluateNow(): Promise<UsageTriggerDelivery[]>;
    /** When the next evaluation is due on the emulator's clock, or null when none is pending. */
    nextEvaluationAt(): Date | null;
    /** The evaluation interval, ms. */
    readonly evaluationIntervalMs: number;
  };
  /** Every Usage Trigger callback delivered so far, oldest first. */
  deliveries(): UsageTriggerDelivery[];
  addCall(input: AddCallInput): EmulatedCall;
  calls: { list(accountSid: string): EmulatedCall[] };
  messages: { list(accountSid: string): EmulatedMessage[] };
  /** Twilio Verify's outbox: codes "sent" (to read and type in), and TOTP codes of factors now. */
  verify: {
    codes(to?: string): VerifyCodeRecord[];
    totpCode(factorSid: string): string | undefined;
  };
  faults: { add(spec: FaultSpec): Fault; clear(): void; list(): Fault[] };
  knobs: { get(): Knobs; set(changes: Partial<Knobs>): Knobs };
  requestLog: { entries(): RequestLogEntry[]; stats(): RequestStats; reset(): void };
  clock: EmulatorClock;
  /**
   * A twilio-node httpClient that reaches this emulator without a socket:
   * `twilio(sid, token, { httpClient: emulator.requestClient({ timeoutMs: 2000 }) })`.
   */
  requestClient(options?: InMemoryClientOptions): InMemoryClient;
  close(): Promise<void>;
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|localhost)$/;
const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;

function validate(options: EmulatorOptions): void {
  if (!LOOPBACK.test(options.host ?? '127.0.0.1')) {
    throw new Error(`host ${options.host} is not a loopback address: use 127.0.0.1`);
  }
  if (options.mainAccountSid !== undefined && !ACCOUNT_SID.test(options.mainAccountSid)) {
    throw new Error('mainAccountSid must be "AC" followed by 32 lowercase hex characters');
  }
  if (options.mainAuthToken !== undefined && options.mainAuthToken.length < 8) {
    throw new Error('mainAuthToken must be at least 8 characters');
  }
  if (options.evaluationIntervalMs !== undefined) validateInterval(options.evaluationIntervalMs);
  for (const knob of ['latencyMs', 'concurrencyLimit'] as const) {
    const value = options[knob];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw new Error(`${knob} must be a non-negative integer`);
    }
  }
}

const copy = <T extends object>(value: T | undefined): T | undefined => value && { ...value };

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  validate(options);
  const clock = createClock(
    options.now === undefined ? undefined : new Date(options.now),
    options.clock,
  );
  const mainAccount = {
    sid: options.mainAccountSid ?? newSid('AC'),
    authToken: options.mainAuthToken ?? newAuthToken(),
  };
  const accounts = createAccounts({
    now: clock.now,
    newSid,
    newAuthToken,
    main: mainAccount,
    maxSubaccounts: options.maxSubaccounts,
  });
  for (const name of seedFriendlyNames(options.seed)) accounts.createSubaccount(name);
  const deps: EmulatorDeps = {
    accounts: accounts.directory,
    now: clock.now,
    newSid,
    deliverCallback: options.deliverCallback ?? ((cb) => deliverCallback(cb)),
  };
  const messages = createMessages(deps);
  const calls = createCalls(deps);
  // Usage Triggers compare with and Usage Records report the same usage.
  const ledger = createUsageLedger();
  const evaluationIntervalMs = options.evaluationIntervalMs ?? DEFAULT_EVALUATION_INTERVAL_MS;
  const usage = createUsageTriggers(deps, { ledger, evaluationIntervalMs, sleep: clock.sleep });
  const verify = createVerify(deps);
  // Every REST resource the emulator serves: add a module here to serve more of Twilio's API.
  const modules: ResourceModule[] = [
    accounts,
    messages,
    calls,
    usage,
    createUsageRecords(deps, ledger),
    createSync(deps),
    verify,
  ];

  const faults = createFaults(options.random);
  const log = createRequestLog();
  const knobs: Knobs = {
    latencyMs: options.latencyMs ?? 0,
    concurrencyLimit: options.concurrencyLimit ?? 0,
  };
  const emulator: Emulator = {
    url: '',
    port: 0,
    mainAccount,
    accounts: {
      list: () => accounts.list().map((a) => ({ ...a })),
      get: (sid) => copy(accounts.directory.get(sid)),
      createSubaccount: (name) => ({ ...accounts.createSubaccount(name) }),
      markSuspendedByTwilio: (sid, on) => ({ ...accounts.markSuspendedByTwilio(sid, on) }),
    },
    recordUsage: (input) => usage.recordUsage(input),
    usage: {
      add: (input) => usage.addUsage(input),
      evaluateNow: () => usage.evaluateNow(),
      nextEvaluationAt: () => usage.nextEvaluationAt(),
      evaluationIntervalMs,
    },
    deliveries: () => usage.deliveries(),
    addCall: (input) => ({ ...calls.add(input) }),
    calls: { list: (sid) => calls.list(sid).map((c) => ({ ...c })) },
    messages: { list: (sid) => messages.list(sid).map((m) => ({ ...m })) },
    verify: { codes: verify.codes, totpCode: verify.totpCode },
    faults: { add: (spec) => ({ ...faults.add(spec) }), clear: faults.clear, list: faults.list },
    knobs: {
      get: () => ({ ...knobs }),
      set(changes) {
        validate(changes);
        Object.assign(knobs, changes);
        return { ...knobs };
      },
    },
    requestLog: log,
    clock,
    requestClient: (clientOptions) => inMemoryClient(dispatcher, clock, clientOptions),
    close: async () => undefined,
  };
  const dispatcher = createDispatcher({
    routes: modules.flatMap((m) => m.routes),
    accounts: accounts.directory,
    faults,
    log,
    knobs,
    clock,
    control: createControl(emulator, accounts),
  });
  const server = await startServer(dispatcher, options.host ?? '127.0.0.1', options.port ?? 0);
  emulator.url = server.url;
  emulator.port = server.port;
  emulator.close = async () => {
    usage.stop();
    await server.close();
  };
  return emulator;
}

export type { AddCallInput, EmulatedCall } from './resources/calls';
export type { EmulatedMessage } from './resources/messages';
export type { VerifyCodeRecord } from './resources/verify';
export type { Fault, FaultSpec } from './core/faults';
export type { RequestLogEntry, RequestStats } from './core/request-log';
export type { Knobs } from './server';
export type { SeedSpec } from './seed';
export {
  DEFAULT_EVALUATION_INTERVAL_MS,
  TWILIO_EVALUATION_INTERVAL_MS,
} from './usage/evaluation-tick';
