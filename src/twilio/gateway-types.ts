// The records and the interface of the gateway (gateway.ts), apart from its implementation so
// that the per-resource files in gateway/ and the gateway itself both import them without a cycle.
// Records use the project's own camelCase names; Twilio's wire types stay inside gateway/.

/** The call states a suspension leaves running. */
export type LiveCallStatus = 'queued' | 'ringing' | 'in-progress';
export const LIVE_CALL_STATUSES: readonly LiveCallStatus[] = ['queued', 'ringing', 'in-progress'];

export type AccountStatus = 'active' | 'suspended' | 'closed';

export interface AccountRecord {
  sid: string;
  friendlyName: string;
  status: AccountStatus;
  ownerAccountSid: string;
  /**
   * Twilio's date_updated (epoch ms, to the second): when the account last changed, a status change
   * included. Absent when Twilio did not give it.
   */
  dateUpdated?: number;
  /** Present on fetches; never logged. */
  authToken?: string;
}

export interface AccountsPage {
  accounts: AccountRecord[];
  /** Opaque; pass back to get the next page. null when this was the last page. */
  nextCursor: string | null;
}

export type Recurring = 'daily' | 'monthly' | 'yearly' | 'alltime';
export type TriggerBy = 'count' | 'usage' | 'price';

export interface TriggerSpec {
  friendlyName: string;
  usageCategory: string;
  triggerBy: TriggerBy;
  triggerValue: string;
  recurring: Recurring;
  callbackUrl: string;
  callbackMethod: 'POST';
}

export interface TriggerRecord extends Omit<TriggerSpec, 'callbackMethod'> {
  sid: string;
  accountSid: string;
  /** As Twilio reports it: a trigger created elsewhere may use GET. */
  callbackMethod: 'GET' | 'POST';
  /** ISO 8601: when it last fired; null (or absent, from a fake) when it never has. */
  dateFired?: string | null;
}

/** The Usage Records periods the project reads: the current GMT day, calendar month, all time. */
export type UsagePeriod = 'today' | 'this-month' | 'all-time';

/** One Usage Record: an account's use of one category over a period (zero when it has none). */
export interface UsageAmount {
  category: string;
  period: UsagePeriod;
  count: number;
  /** Minutes, segments, … as the category counts them. */
  usage: number;
  /** In `priceUnit`, the account's currency. */
  price: number;
  priceUnit: string;
  /** How fresh Twilio says the record is (ISO 8601), when it says. */
  asOf: string | null;
}

export interface SmsMessage {
  to: string;
  from: string;
  body: string;
}

export type CreateOutcome = 'created' | 'exists';

/** A Sync item with its revision, the token of a conditional update (Sync's If-Match). */
export interface Versioned<T> {
  data: T;
  revision: string;
}

export interface MapItemsPage<T> {
  items: Array<{ key: string; data: T }>;
  /** Opaque; pass back to get the next page. null when this was the last page. */
  nextCursor: string | null;
}

export interface SyncListItem<T> {
  index: number;
  data: T;
}

export interface TwilioGateway {
  /**
   * null when the account is not ours: Twilio answers 404, or 401/403 while the credentials do
   * work on our own account (checked then). Wrong credentials throw TwilioAccessDeniedError.
   */
  fetchAccount(sid: string): Promise<AccountRecord | null>;
  /** The record returned has no authToken. */
  updateAccountStatus(sid: string, status: 'active' | 'suspended'): Promise<AccountRecord>;
  /**
   * Subaccounts of the main account (the main account itself excluded; no authToken), one Twilio
   * page per call: a page may hold fewer than pageSize accounts, even none, before the end.
   */
  listSubaccountsPage(cursor: string | null, pageSize: number): Promise<AccountsPage>;

  /**
   * SIDs of the account's calls that are queued, ringing or in progress; `statuses` narrows the
   * listing (one Twilio request per status), so a caller can retry each query on its own.
   */
  listLiveCalls(accountSid: string, statuses?: readonly LiveCallStatus[]): Promise<string[]>;
  /**
   * Ends one call in any live state (Status=completed hangs up queued, ringing and in-progress calls
   * alike). A call that is already over or gone is not an error.
   */
  endCall(accountSid: string, callSid: string): Promise<void>;

  listTriggers(accountSid: string): Promise<TriggerRecord[]>;
  createTrigger(accountSid: string, spec: TriggerSpec): Promise<TriggerRecord>;
  /** Twilio lets an update change only the callback and the friendly name. */
  updateTrigger(
    accountSid: string,
    triggerSid: string,
    changes: Pick<TriggerSpec, 'callbackUrl' | 'friendlyName'>,
  ): Promise<TriggerRecord>;
  /** Idempotent: a trigger that is already gone counts as deleted. */
  deleteTrigger(accountSid: string, triggerSid: string): Promise<void>;

  /** The account's own usage of `category` over `period` (Usage Records; subaccounts not added in). */
  readUsage(accountSid: string, period: UsagePeriod, category: string): Promise<UsageAmount>;

  sendSms(message: SmsMessage): Promise<void>;

  // Sync (service 'default' unless configured). Maps and lists are created on first use.
  /** Atomic on `key`: exactly one concurrent caller gets 'created'. */
  createMapItem(
    map: string,
    key: string,
    data: object,
    ttlSeconds?: number,
  ): Promise<CreateOutcome>;
  fetchMapItem<T extends object>(map: string, key: string): Promise<T | null>;
  /** Creates or overwrites. */
  putMapItem(map: string, key: string, data: object, ttlSeconds?: number): Promise<void>;
  /**
   * Idempotent: an item that is already gone counts as deleted. With `ifRevision`, only that
   * revision of the item is deleted: 'changed' when another writer got there first.
   */
  deleteMapItem(map: string, key: string, ifRevision?: string): Promise<void | 'changed'>;
  // Conditional writes, for records several writers share (the breaker's claims): a writer reads a
  // revision and its write lands only if nobody wrote since, so it never erases another's record.
  /** As createMapItem, with the new item's revision. */
  createVersionedMapItem(
    map: string,
    key: string,
    data: object,
    ttlSeconds?: number,
  ): Promise<{ revision: string } | 'exists'>;
  fetchVersionedMapItem<T extends object>(map: string, key: string): Promise<Versioned<T> | null>;
  /** Writes only if the item is still at `revision`: 'changed' when it was written since, or is gone. */
  updateMapItemIf(
    map: string,
    key: string,
    data: object,
    revision: string,
    ttlSeconds?: number,
  ): Promise<{ revision: string } | 'changed'>;
  /**
   * One page of a map's items in key order; pageSize is capped at 100 (Twilio's limit). A map that
   * does not exist yet reads as empty. Optional so that fakes may leave it out: callers check for it.
   */
  listMapItemsPage?<T extends object>(
    map: string,
    cursor: string | null,
    pageSize: number,
  ): Promise<MapItemsPage<T>>;
  appendListItem(list: string, data: object): Promise<number>;
  /**
   * One page, newest first when `order` is 'desc'. `from` is an item index to continue after
   * (exclusive). pageSize is capped at 100 (Twilio's limit). A list that does not exist yet reads as empty.
   */
  listListItems<T extends object>(
    list: string,
    options: { pageSize: number; order: 'asc' | 'desc'; from?: number },
  ): Promise<SyncListItem<T>[]>;
}
