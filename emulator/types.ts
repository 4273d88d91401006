// The contract between the emulator's core (server, auth, faults, request log) and its resource
// modules (one file per REST resource). A resource module only turns a parsed request into a
// response value; the core does HTTP, authentication, paging URLs and fault injection.

/** Twilio's API hosts the emulator answers for. The redirect keeps the host (api vs sync share paths). */
export type TwilioHost = 'api.twilio.com' | 'sync.twilio.com' | 'verify.twilio.com';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface EmulatorRequest {
  method: HttpMethod;
  host: TwilioHost;
  /** Path without the query string, e.g. /2010-04-01/Accounts/AC.../Usage/Triggers.json */
  path: string;
  query: URLSearchParams;
  /** The form-encoded body of a POST (Twilio's REST APIs take form bodies). */
  form: URLSearchParams;
  /** Values of the route pattern's `:Name` segments. */
  params: Record<string, string>;
  /** The account whose credentials (HTTP Basic) authenticated this request. */
  authAccountSid: string;
  /** Request headers, names lower-cased (Sync reads `if-match`). Optional: most handlers need none. */
  headers?: Record<string, string | undefined>;
}

export interface EmulatorResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: HttpMethod;
  host: TwilioHost;
  /** Twilio's path with `:Name` placeholders, e.g. /v1/Services/:ServiceSid/Maps/:MapSid/Items */
  pattern: string;
  handler: (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;
}

export type AccountStatus = 'active' | 'suspended' | 'closed';

export interface EmulatedAccount {
  sid: string;
  auth_token: string;
  friendly_name: string;
  owner_account_sid: string;
  status: AccountStatus;
  type: 'Full' | 'Trial';
  date_created: string;
  date_updated: string;
}

/** What other resources may ask of the accounts resource. */
export interface AccountDirectory {
  get(sid: string): EmulatedAccount | undefined;
  /** The main account, which owns every subaccount. */
  main(): EmulatedAccount;
  /** True when `actorSid`'s credentials may act on `targetSid` (itself, or a subaccount it owns). */
  canAct(actorSid: string, targetSid: string): boolean;
}

/** A POST the emulator makes to a customer's webhook, like a Usage Trigger firing. */
export interface OutboundCallback {
  url: string;
  method: 'GET' | 'POST';
  params: Record<string, string>;
  /** Auth token of the account that owns the resource: Twilio signs with it. */
  signingToken: string;
}

export interface CallbackResult {
  url: string;
  status: number | 'network-error';
  /** The signature header that was sent; tests re-validate it. */
  signature: string;
  params: Record<string, string>;
  error?: string;
}

/** Services every resource module receives from the core. */
export interface EmulatorDeps {
  accounts: AccountDirectory;
  /** The emulator's clock; tests move it to cross recurring periods. */
  now(): Date;
  /** Creates a Twilio-shaped SID: two-letter prefix + 32 hex chars. */
  newSid(prefix: string): string;
  /** Delivers a signed callback the way Twilio does (form POST with X-Twilio-Signature). */
  deliverCallback(callback: OutboundCallback): Promise<CallbackResult>;
}

export interface ResourceModule {
  routes: Route[];
}

export interface UsageInput {
  accountSid: string;
  /** A Twilio usage category, e.g. 'totalprice', 'sms', 'calls'. */
  category: string;
  count?: number;
  usage?: number;
  /** In the account's currency (USD). */
  price?: number;
}

/** emulator/resources/usage-triggers.ts: Usage Triggers plus the usage that makes them fire. */
export interface UsageTriggersModule extends ResourceModule {
  /**
   * Records usage now and resolves once the next evaluation (the next tick, evaluation-tick.ts)
   * has run, with the callbacks it made for this account's triggers, each answered.
   */
  recordUsage(input: UsageInput): Promise<UsageTriggerDelivery[]>;
  /** Records usage without waiting: the next tick evaluates it. */
  addUsage(input: UsageInput): void;
  /** Runs the pending evaluation now instead of at its tick; resolves with every callback it made. */
  evaluateNow(): Promise<UsageTriggerDelivery[]>;
  /** When the next evaluation is due (emulator clock), or null when nothing waits for one. */
  nextEvaluationAt(): Date | null;
  /** Every callback made so far, oldest first, so tests can assert on or replay one exactly. */
  deliveries(): UsageTriggerDelivery[];
  /** Stops the tick: nothing more is evaluated (waiting recordUsage calls resolve with []). */
  stop(): void;
}

/** One Usage Trigger firing as delivered: what was sent (and signed) and how the receiver answered. */
export interface UsageTriggerDelivery extends CallbackResult {
  method: 'GET' | 'POST';
  accountSid: string;
  triggerSid: string;
  /** When the evaluation that fired it ran, on the emulator's clock (ISO 8601 with milliseconds). */
  firedAt: string;
}
