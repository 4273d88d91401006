// The one place the project talks to Twilio's REST APIs. Core modules depend on the `TwilioGateway`
// interface, so tests hand in fakes and the sandbox points the real client at the emulator.
// Records use the project's own camelCase names; Twilio's wire types stay inside this module.

export type AccountStatus = 'active' | 'suspended' | 'closed';

export interface AccountRecord {
  sid: string;
  friendlyName: string;
  status: AccountStatus;
  ownerAccountSid: string;
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

export interface TriggerRecord extends TriggerSpec {
  sid: string;
  accountSid: string;
}

export interface SmsMessage {
  to: string;
  from: string;
  body: string;
}

export type CreateOutcome = 'created' | 'exists';

export interface SyncListItem<T> {
  index: number;
  data: T;
}

export interface TwilioGateway {
  /** null when Twilio answers 404 (unknown, or not reachable with the parent's credentials). */
  fetchAccount(sid: string): Promise<AccountRecord | null>;
  updateAccountStatus(sid: string, status: 'active' | 'suspended'): Promise<AccountRecord>;
  /** Subaccounts of the main account (the main account itself excluded), one page at a time. */
  listSubaccountsPage(cursor: string | null, pageSize: number): Promise<AccountsPage>;

  /** SIDs of the account's calls that are queued, ringing or in progress. */
  listLiveCalls(accountSid: string): Promise<string[]>;
  /** Ends one call (canceled if not yet answered, completed otherwise). */
  endCall(accountSid: string, callSid: string): Promise<void>;

  listTriggers(accountSid: string): Promise<TriggerRecord[]>;
  createTrigger(accountSid: string, spec: TriggerSpec): Promise<TriggerRecord>;
  /** Twilio lets an update change only the callback and the friendly name. */
  updateTrigger(
    accountSid: string,
    triggerSid: string,
    changes: Pick<TriggerSpec, 'callbackUrl' | 'friendlyName'>,
  ): Promise<TriggerRecord>;
  deleteTrigger(accountSid: string, triggerSid: string): Promise<void>;

  sendSms(message: SmsMessage): Promise<void>;

  // Sync (service 'default' unless configured). Maps and lists are created on first use.
  /** Atomic on `key`: exactly one concurrent caller gets 'created'. */
  createMapItem(map: string, key: string, data: object, ttlSeconds?: number): Promise<CreateOutcome>;
  fetchMapItem<T extends object>(map: string, key: string): Promise<T | null>;
  putMapItem(map: string, key: string, data: object): Promise<void>;
  deleteMapItem(map: string, key: string): Promise<void>;
  appendListItem(list: string, data: object): Promise<number>;
  /** Newest first when `order` is 'desc'. `from` is an item index to start at (exclusive). */
  listListItems<T extends object>(
    list: string,
    options: { pageSize: number; order: 'asc' | 'desc'; from?: number },
  ): Promise<SyncListItem<T>[]>;
}
