// An in-memory TwilioGateway for the breaker's tests: Twilio-like state, scripted faults, and a
// call log that records, for each call, how many sequential round trips preceded it (its depth).
import {
  LIVE_CALL_STATUSES,
  type AccountRecord,
  type CreateOutcome,
  type LiveCallStatus,
  type SmsMessage,
  type SyncListItem,
  type TriggerRecord,
  type TwilioGateway,
} from '../../../src/twilio/gateway';
import {
  AccountSuspendedByTwilioError,
  TwilioNotFoundError,
  TwilioPermanentError,
  TwilioRateLimitedError,
  TwilioTransientError,
} from '../../../src/twilio/twilio-errors';
import { registeredTriggers } from './deliveries';

/**
 * 'lost-answer': the request is processed, but its answer never arrives (a timeout after the fact).
 * 'bug': not Twilio at all but a defect in our code (a TypeError), which must never pass for one.
 */
export type Fault =
  429 | 500 | 503 | 'timeout' | 'lost-answer' | 'suspended-by-twilio' | 'forbidden' | 'bug';

export interface LoggedCall {
  method: string;
  args: unknown[];
  /** 1 + the deepest call that had completed when this one started. */
  depth: number;
}

const SYNC_METHODS = new Set([
  'createMapItem',
  'fetchMapItem',
  'putMapItem',
  'deleteMapItem',
  'createVersionedMapItem',
  'fetchVersionedMapItem',
  'updateMapItemIf',
  'appendListItem',
  'listListItems',
]);

function faultError(fault: Fault, method: string): Error {
  const op = `fake ${method}`;
  switch (fault) {
    case 429:
      return new TwilioRateLimitedError('rate limited', 429, 20429, op, true);
    case 500:
    case 503:
      return new TwilioTransientError('server error', fault, undefined, op, true);
    case 'timeout':
    case 'lost-answer':
      return new TwilioTransientError('no answer in time', 504, undefined, op, true);
    case 'suspended-by-twilio':
      return new AccountSuspendedByTwilioError('suspended by Twilio', 400, 21478, op, false);
    case 'forbidden':
      return new TwilioPermanentError('forbidden', 403, 20003, op, false);
    case 'bug':
      return new TypeError(`Cannot read properties of undefined (reading 'sid') in ${op}`);
  }
}

export class FakeGateway implements TwilioGateway {
  accounts = new Map<string, AccountRecord>();
  liveCalls = new Map<string, string[]>();
  maps = new Map<string, Map<string, object>>();
  lists = new Map<string, object[]>();
  triggers = new Map<string, TriggerRecord[]>();
  sms: SmsMessage[] = [];
  log: LoggedCall[] = [];
  /** Each map item's revision, raised by every write to it (as Sync does). */
  private revisions = new Map<string, number>();
  /** Faults to throw, in order, per method. */
  faults = new Map<string, Fault[]>();
  /** Every Sync call fails while true. */
  syncDown = false;
  private completedDepth = 0;

  fail(method: keyof TwilioGateway, ...faults: Fault[]): this {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...faults]);
    return this;
  }

  calls(method?: string): LoggedCall[] {
    return method ? this.log.filter((c) => c.method === method) : this.log;
  }

  /** Starts a fresh log (and depth count), e.g. between a warm-up and the measured request. */
  resetLog(): void {
    this.log = [];
    this.completedDepth = 0;
  }

  private async op<T>(method: string, args: unknown[], run: () => T): Promise<T> {
    const depth = this.completedDepth + 1;
    this.log.push({ method, args, depth });
    await new Promise((resolve) => setImmediate(resolve)); // one network round trip
    try {
      const fault = this.faults.get(method)?.shift();
      if (fault === 'lost-answer') {
        run();
        throw faultError(fault, method);
      }
      if (fault !== undefined) throw faultError(fault, method);
      if (this.syncDown && SYNC_METHODS.has(method)) throw faultError(503, method);
      return run();
    } finally {
      this.completedDepth = Math.max(this.completedDepth, depth);
    }
  }

  /** A Sync map's items, for setting up and inspecting state. */
  map_(name: string): Map<string, object> {
    return this.map(name);
  }

  private map(name: string): Map<string, object> {
    if (!this.maps.has(name)) this.maps.set(name, new Map());
    return this.maps.get(name)!;
  }

  fetchAccount(sid: string) {
    return this.op('fetchAccount', [sid], () => {
      const account = this.accounts.get(sid);
      return account ? { ...account } : null;
    });
  }
  updateAccountStatus(sid: string, status: 'active' | 'suspended') {
    return this.op('updateAccountStatus', [sid, status], () => {
      const account = this.accounts.get(sid);
      if (!account) throw new TwilioNotFoundError('not found', 404, 20404, `update ${sid}`, false);
      account.status = status;
      const record = { ...account };
      delete record.authToken; // Twilio's update answer carries no token
      return record;
    });
  }
  listSubaccountsPage(): Promise<never> {
    throw new Error('not used by the breaker');
  }
  /** The fake's live calls are all in progress: a listing of other states finds none. */
  listLiveCalls(accountSid: string, statuses: readonly LiveCallStatus[] = LIVE_CALL_STATUSES) {
    return this.op('listLiveCalls', [accountSid, statuses], () =>
      statuses.includes('in-progress') ? [...(this.liveCalls.get(accountSid) ?? [])] : [],
    );
  }
  endCall(accountSid: string, callSid: string) {
    return this.op('endCall', [accountSid, callSid], () => {
      const live = this.liveCalls.get(accountSid) ?? [];
      this.liveCalls.set(
        accountSid,
        live.filter((sid) => sid !== callSid),
      );
    });
  }
  /** An account's triggers: those setup registers (registeredTriggers) unless a test sets others. */
  listTriggers(accountSid: string) {
    return this.op('listTriggers', [accountSid], () =>
      structuredClone(this.triggers.get(accountSid) ?? registeredTriggers(accountSid)),
    );
  }
  createTrigger(): Promise<never> {
    throw new Error('not used by the breaker');
  }
  updateTrigger(): Promise<never> {
    throw new Error('not used by the breaker');
  }
  deleteTrigger(): Promise<never> {
    throw new Error('not used by the breaker');
  }
  readUsage(): Promise<never> {
    throw new Error('not used by the breaker');
  }
  sendSms(message: SmsMessage) {
    return this.op('sendSms', [message], () => {
      this.sms.push(message);
    });
  }
  private write(map: string, key: string, data: object): string {
    const id = `${map}\u0000${key}`;
    const revision = this.map(map).has(key) ? (this.revisions.get(id) ?? 0) + 1 : 0;
    this.map(map).set(key, structuredClone(data));
    this.revisions.set(id, revision);
    return String(revision);
  }
  private revisionOf(map: string, key: string): string | null {
    return this.map(map).has(key) ? String(this.revisions.get(`${map}\u0000${key}`) ?? 0) : null;
  }
  createMapItem(map: string, key: string, data: object, ttl?: number) {
    return this.op('createMapItem', [map, key, data, ttl], (): CreateOutcome => {
      // Check and set in one synchronous step: atomic, like Sync's unique key.
      if (this.map(map).has(key)) return 'exists';
      this.write(map, key, data);
      return 'created';
    });
  }
  createVersionedMapItem(map: string, key: string, data: object, ttl?: number) {
    return this.op('createVersionedMapItem', [map, key, data, ttl], () =>
      this.map(map).has(key) ? ('exists' as const) : { revision: this.write(map, key, data) },
    );
  }
  fetchMapItem<T extends object>(map: string, key: string) {
    return this.op('fetchMapItem', [map, key], () => {
      const data = this.map(map).get(key);
      return data ? (structuredClone(data) as T) : null;
    });
  }
  fetchVersionedMapItem<T extends object>(map: string, key: string) {
    return this.op('fetchVersionedMapItem', [map, key], () => {
      const data = this.map(map).get(key);
      const revision = this.revisionOf(map, key);
      return data && revision !== null ? { data: structuredClone(data) as T, revision } : null;
    });
  }
  putMapItem(map: string, key: string, data: object) {
    return this.op('putMapItem', [map, key, data], () => {
      this.write(map, key, data);
    });
  }
  updateMapItemIf(map: string, key: string, data: object, revision: string) {
    return this.op('updateMapItemIf', [map, key, data, revision], () =>
      this.revisionOf(map, key) === revision
        ? { revision: this.write(map, key, data) }
        : ('changed' as const),
    );
  }
  deleteMapItem(map: string, key: string, ifRevision?: string) {
    return this.op('deleteMapItem', [map, key, ifRevision], () => {
      if (ifRevision !== undefined && this.revisionOf(map, key) !== ifRevision) {
        return this.map(map).has(key) ? ('changed' as const) : undefined;
      }
      this.map(map).delete(key);
      return undefined;
    });
  }
  appendListItem(list: string, data: object) {
    return this.op('appendListItem', [list, data], () => {
      if (!this.lists.has(list)) this.lists.set(list, []);
      this.lists.get(list)!.push(structuredClone(data));
      return this.lists.get(list)!.length - 1;
    });
  }
  listListItems<T extends object>(list: string): Promise<SyncListItem<T>[]> {
    return this.op('listListItems', [list], () =>
      (this.lists.get(list) ?? []).map((data, index) => ({ index, data: data as T })),
    );
  }
}
