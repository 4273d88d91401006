// An in-memory TwilioGateway for setup's unit tests: subaccounts, their triggers, Sync map items and
// lists, with a virtual clock and scripted faults (429 storms, failing accounts, failing calls, a
// crash mid-run).
import type {
  AccountRecord,
  AccountStatus,
  MapItemsPage,
  TriggerRecord,
  TriggerSpec,
  TwilioGateway,
  UsagePeriod,
} from '../../src/twilio/gateway';
import { createVirtualClock, type VirtualClock } from '../../src/runtime/virtual-clock';
import { TwilioTransientError, translateTwilioError } from '../../src/twilio/twilio-errors';

export const MAIN_SID = sid('AC', 0);

export function sid(prefix: string, n: number): string {
  return prefix + n.toString(16).padStart(32, '0');
}

/** Virtual time (src/runtime/virtual-clock.ts): it moves when every caller waits on it. */
export const fakeClock = (start = 1_700_000_000_000): VirtualClock => createVirtualClock({ start });

/** The error the real gateway throws for this answer; no status = no answer (a timeout). */
function failure(method: string, status: number | null, code?: number): unknown {
  const operation = `fake ${method}`;
  if (status === null) {
    return new TwilioTransientError(`${operation}: no answer`, 504, undefined, operation, true);
  }
  return translateTwilioError({ status, code, message: `Twilio answered ${status}` }, operation);
}

const WRITES = new Set(['createTrigger', 'updateTrigger', 'deleteTrigger']);

export interface FakeOptions {
  clock?: VirtualClock;
  /** Virtual ms each call takes. */
  latencyMs?: number;
  /** Like Twilio's concurrency limit: a call arriving while this many are in flight gets 429 at once. */
  cap?: number;
}

export function fakeGateway(options: FakeOptions = {}) {
  const clock = options.clock ?? fakeClock();
  const accounts: AccountRecord[] = [];
  const triggers = new Map<string, TriggerRecord[]>();
  const maps = new Map<string, object>();
  const lists = new Map<string, object[]>();
  /** `${accountSid}|${period}|${category}` → price (usage and count follow it). */
  const usage = new Map<string, number>();
  /** Per method, what the next calls fail with, in order. */
  const scripted = new Map<string, Array<number | null>>();
  const calls: string[] = [];
  const refused: string[] = [];
  let nextTrigger = 1;
  let rateLimitedLeft = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const failing = new Set<string>();

  async function call<T>(method: string, run: () => T): Promise<T> {
    calls.push(method);
    if (options.cap !== undefined && inFlight >= options.cap) {
      refused.push(method);
      throw failure(method, 429, 20429);
    }
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await clock.sleep(options.latencyMs ?? 0);
      if (rateLimitedLeft > 0) {
        rateLimitedLeft -= 1;
        refused.push(method);
        throw failure(method, 429, 20429);
      }
      const next = scripted.get(method)?.shift();
      if (next !== undefined) throw failure(method, next);
      return run();
    } finally {
      inFlight -= 1;
    }
  }

  /**
   * The same state seen by a Function that is killed after `writes` writes: the last one reaches
   * Twilio but its answer never comes back, and every later call hangs forever.
   */
  function crashingView(writes: number): { gateway: TwilioGateway; crashed: Promise<void> } {
    let left = writes;
    let signal: () => void = () => undefined;
    const crashed = new Promise<void>((resolve) => (signal = resolve));
    const view = {} as Record<string, unknown>;
    for (const [name, method] of Object.entries(gateway)) {
      view[name] = async (...args: unknown[]) => {
        if (left <= 0) return new Promise(() => undefined);
        const result = await (method as (...a: unknown[]) => Promise<unknown>)(...args);
        if (WRITES.has(name) && --left === 0) {
          signal();
          return new Promise(() => undefined);
        }
        return result;
      };
    }
    return { gateway: view as unknown as TwilioGateway, crashed };
  }

  function addAccount(status: AccountStatus = 'active', friendlyName?: string): AccountRecord {
    const account = {
      sid: sid('AC', accounts.length + 1),
      friendlyName: friendlyName ?? `Customer ${accounts.length + 1}`,
      status,
      ownerAccountSid: MAIN_SID,
    };
    accounts.push(account);
    return account;
  }

  function addTrigger(
    accountSid: string,
    spec: Omit<TriggerSpec, 'callbackMethod'> & { callbackMethod?: 'GET' | 'POST' },
  ) {
    const record: TriggerRecord = {
      callbackMethod: 'POST',
      ...spec,
      sid: sid('UT', nextTrigger++),
      accountSid,
    };
    triggers.set(accountSid, [...(triggers.get(accountSid) ?? []), record]);
    return record;
  }

  const gateway: TwilioGateway = {
    fetchAccount: (accountSid) =>
      call('fetchAccount', () => accounts.find((a) => a.sid === accountSid) ?? null),
    updateAccountStatus: () => Promise.reject(new Error('setup never changes account status')),
    listSubaccountsPage: (cursor, pageSize) =>
      call('listSubaccountsPage', () => {
        const start = cursor ? Number(cursor) : 0;
        const end = start + pageSize;
        return {
          accounts: accounts.slice(start, end).map((a) => ({ ...a })),
          nextCursor: end < accounts.length ? String(end) : null,
        };
      }),
    listLiveCalls: () => Promise.resolve([]),
    endCall: () => Promise.resolve(),
    listTriggers: (accountSid) =>
      call('listTriggers', () => {
        if (failing.has(accountSid)) throw failure('listTriggers', 403);
        return (triggers.get(accountSid) ?? []).map((t) => ({ ...t }));
      }),
    createTrigger: (accountSid, spec) => call('createTrigger', () => addTrigger(accountSid, spec)),
    updateTrigger: (accountSid, triggerSid, changes) =>
      call('updateTrigger', () => {
        const found = (triggers.get(accountSid) ?? []).find((t) => t.sid === triggerSid);
        if (!found) throw failure('updateTrigger', 404);
        Object.assign(found, changes, { callbackMethod: 'POST' });
        return { ...found };
      }),
    deleteTrigger: (accountSid, triggerSid) =>
      call('deleteTrigger', () => {
        triggers.set(
          accountSid,
          (triggers.get(accountSid) ?? []).filter((t) => t.sid !== triggerSid),
        );
      }),
    readUsage: (accountSid, period, category) =>
      call('readUsage', () => {
        const spent = usage.get(`${accountSid}|${period}|${category}`) ?? 0;
        return {
          category,
          period,
          count: 0,
          usage: spent,
          price: spent,
          priceUnit: 'usd',
          asOf: null,
        };
      }),
    sendSms: () => Promise.resolve(),
    // Atomic on the key, like Sync's: check and set in one synchronous step.
    createMapItem: (map, key, data) =>
      call('createMapItem', () => {
        if (maps.has(`${map}/${key}`)) return 'exists' as const;
        maps.set(`${map}/${key}`, data);
        return 'created' as const;
      }),
    createVersionedMapItem: () => Promise.reject(new Error('not used by setup')),
    fetchVersionedMapItem: () => Promise.reject(new Error('not used by setup')),
    updateMapItemIf: () => Promise.reject(new Error('not used by setup')),
    fetchMapItem: <T extends object>(map: string, key: string) =>
      call('fetchMapItem', () => (maps.get(`${map}/${key}`) as T | undefined) ?? null),
    putMapItem: (map, key, data) => call('putMapItem', () => void maps.set(`${map}/${key}`, data)),
    deleteMapItem: (map, key) => call('deleteMapItem', () => void maps.delete(`${map}/${key}`)),
    appendListItem: (list, data) =>
      call('appendListItem', () => {
        const items = [...(lists.get(list) ?? []), data];
        lists.set(list, items);
        return items.length - 1;
      }),
    listListItems: () => Promise.resolve([]),
  };

  /** The gateway plus the map listing setup can use to read all overrides in one go. */
  const listingGateway = {
    ...gateway,
    listMapItemsPage: <T extends object>(map: string, cursor: string | null, pageSize: number) =>
      call('listMapItemsPage', (): MapItemsPage<T> => {
        const all = [...maps]
          .filter(([k]) => k.startsWith(`${map}/`))
          .map(([k, data]) => ({ key: k.slice(map.length + 1), data: data as T }));
        const start = cursor ? Number(cursor) : 0;
        const end = start + pageSize;
        return { items: all.slice(start, end), nextCursor: end < all.length ? String(end) : null };
      }),
  };

  return {
    gateway,
    listingGateway,
    clock,
    accounts,
    addAccount,
    addTrigger,
    triggersOf: (accountSid: string) => triggers.get(accountSid) ?? [],
    setMapItem: (map: string, key: string, data: object) => maps.set(`${map}/${key}`, data),
    mapItem: (map: string, key: string) => maps.get(`${map}/${key}`),
    /** What Usage Records answer for `category` (price = usage; count 0). */
    setUsage: (accountSid: string, period: UsagePeriod, category: string, price: number) =>
      usage.set(`${accountSid}|${period}|${category}`, price),
    /** Twilio marks a trigger fired: its DateFired. */
    fireTrigger: (accountSid: string, triggerSid: string, at: number) => {
      const found = (triggers.get(accountSid) ?? []).find((t) => t.sid === triggerSid);
      if (!found) throw new Error(`no trigger ${triggerSid} on ${accountSid}`);
      found.dateFired = new Date(at).toISOString();
    },
    calls,
    maxInFlight: () => maxInFlight,
    /** Calls answered with 429 (not processed), by method. */
    refused: () => [...refused],
    writes: () => calls.filter((c) => WRITES.has(c)).length,
    rateLimitNext: (n: number) => (rateLimitedLeft = n),
    failAccount: (accountSid: string) => failing.add(accountSid),
    /** The next calls of `method` fail: with these statuses, or no answer (null). */
    failNext: (method: keyof TwilioGateway, ...statuses: Array<number | null>) =>
      scripted.set(method, [...(scripted.get(method) ?? []), ...statuses]),
    /** Every scripted failure not yet used is dropped: Twilio has recovered. */
    recover: () => scripted.clear(),
    listItems: (list: string) => lists.get(list) ?? [],
    crashingView,
  };
}

export type FakeGateway = ReturnType<typeof fakeGateway>;
