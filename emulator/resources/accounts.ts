import { pageV2010 } from '../http/paging';
import { rfc2822 } from '../http/rfc2822';
import { invalidParameter, notYourAccount, TwilioApiError } from '../http/twilio-error';
import type {
  AccountDirectory,
  EmulatedAccount,
  EmulatorRequest,
  ResourceModule,
  Route,
} from '../types';
import { decideStatusChange } from './account-status-rules';

export interface AccountsOptions {
  now(): Date;
  newSid(prefix: string): string;
  newAuthToken(): string;
  main: { sid: string; authToken: string; friendlyName?: string };
  /** Twilio's default cap is 1,000 subaccounts (raisable by support). */
  maxSubaccounts?: number;
}

export interface AccountsModule extends ResourceModule {
  directory: AccountDirectory;
  /** The main account first, then subaccounts in creation order. */
  list(): EmulatedAccount[];
  createSubaccount(friendlyName?: string): EmulatedAccount;
  /** Flags an account as suspended by Twilio (status suspended; only support could lift it). */
  markSuspendedByTwilio(sid: string, suspended?: boolean): EmulatedAccount;
  isSuspendedByTwilio(sid: string): boolean;
}

const V = '/2010-04-01';
// Every subresource an account lists in Twilio's own example (twilio_api_v2010.json, fetch account).
const SUBRESOURCES: Record<string, string> = {
  available_phone_numbers: 'AvailablePhoneNumbers',
  calls: 'Calls',
  conferences: 'Conferences',
  incoming_phone_numbers: 'IncomingPhoneNumbers',
  notifications: 'Notifications',
  outgoing_caller_ids: 'OutgoingCallerIds',
  recordings: 'Recordings',
  transcriptions: 'Transcriptions',
  addresses: 'Addresses',
  signing_keys: 'SigningKeys',
  connect_apps: 'ConnectApps',
  sip: 'SIP',
  authorized_connect_apps: 'AuthorizedConnectApps',
  usage: 'Usage',
  keys: 'Keys',
  applications: 'Applications',
  short_codes: 'SMS/ShortCodes',
  queues: 'Queues',
  messages: 'Messages',
  balance: 'Balance',
};

export function accountJson(a: EmulatedAccount) {
  const base = `${V}/Accounts/${a.sid}`;
  return {
    ...a,
    subresource_uris: Object.fromEntries(
      Object.entries(SUBRESOURCES).map(([key, path]) => [key, `${base}/${path}.json`]),
    ),
    uri: `${base}.json`,
  };
}

// Twilio's default name for a subaccount created without one.
function defaultFriendlyName(now: Date): string {
  const iso = now.toISOString();
  const h = now.getUTCHours();
  const hh = String(h % 12 || 12).padStart(2, '0');
  return `SubAccount Created at ${iso.slice(0, 10)} ${hh}:${iso.slice(14, 16)} ${h < 12 ? 'am' : 'pm'}`;
}

export function createAccounts(opts: AccountsOptions): AccountsModule {
  const store = new Map<string, EmulatedAccount>();
  const byTwilio = new Set<string>();
  const stamp = () => rfc2822(opts.now());
  const maxSubaccounts = opts.maxSubaccounts ?? 1000;
  const mainSid = opts.main.sid;
  store.set(mainSid, {
    sid: mainSid,
    auth_token: opts.main.authToken,
    friendly_name: opts.main.friendlyName ?? 'Emulator Main Account',
    owner_account_sid: mainSid,
    status: 'active',
    type: 'Full',
    date_created: stamp(),
    date_updated: stamp(),
  });

  const directory: AccountDirectory = {
    get: (sid) => store.get(sid),
    main: () => store.get(mainSid)!,
    canAct: (actor, target) => {
      const t = store.get(target);
      return !!t && store.has(actor) && (actor === target || t.owner_account_sid === actor);
    },
  };
  const list = () => [...store.values()];
  const mustGet = (sid: string) => {
    const a = store.get(sid);
    if (!a) throw new RangeError(`No emulated account ${sid}`);
    return a;
  };

  function createSubaccount(friendlyName?: string): EmulatedAccount {
    if (store.size - 1 >= maxSubaccounts) {
      throw new TwilioApiError(400, 21480, 'Reached maximum number of subaccounts');
    }
    const sid = opts.newSid('AC');
    const account: EmulatedAccount = {
      sid,
      auth_token: opts.newAuthToken(),
      friendly_name: friendlyName || defaultFriendlyName(opts.now()),
      owner_account_sid: mainSid,
      status: 'active',
      type: 'Full',
      date_created: stamp(),
      date_updated: stamp(),
    };
    store.set(sid, account);
    return account;
  }

  const visible = (req: EmulatorRequest, sid: string) => {
    if (!directory.canAct(req.authAccountSid, sid)) throw notYourAccount();
    return store.get(sid)!;
  };

  const routes: Route[] = [
    {
      method: 'GET',
      host: 'api.twilio.com',
      pattern: `${V}/Accounts.json`,
      handler: (req) => {
        const name = req.query.get('FriendlyName');
        const status = req.query.get('Status');
        const accounts = list().filter(
          (a) =>
            directory.canAct(req.authAccountSid, a.sid) &&
            (name === null || a.friendly_name === name) &&
            (status === null || a.status === status),
        );
        return pageV2010(req, 'accounts', accounts.map(accountJson));
      },
    },
    {
      method: 'POST',
      host: 'api.twilio.com',
      pattern: `${V}/Accounts.json`,
      handler: (req) => {
        if (req.authAccountSid !== mainSid) {
          throw new TwilioApiError(400, 21101, 'Subaccounts cannot contain subaccounts');
        }
        const account = createSubaccount(req.form.get('FriendlyName') ?? undefined);
        return { status: 201, body: accountJson(account) };
      },
    },
    {
      method: 'GET',
      host: 'api.twilio.com',
      pattern: `${V}/Accounts/:Sid.json`,
      handler: (req) => ({ status: 200, body: accountJson(visible(req, req.params.Sid)) }),
    },
    {
      method: 'POST',
      host: 'api.twilio.com',
      pattern: `${V}/Accounts/:Sid.json`,
      handler: (req) => {
        const target = visible(req, req.params.Sid);
        const requested = req.form.get('Status');
        const name = req.form.get('FriendlyName');
        let status = target.status;
        if (requested !== null) {
          const decided = decideStatusChange({
            actorSid: req.authAccountSid,
            target,
            requested,
            suspendedByTwilio: byTwilio.has(target.sid),
          });
          if (decided instanceof TwilioApiError) throw decided;
          status = decided;
        }
        if (name !== null && name.length > 64) {
          throw invalidParameter('FriendlyName', 'must be at most 64 characters');
        }
        if (status !== target.status || (name !== null && name !== target.friendly_name)) {
          target.status = status;
          if (name !== null) target.friendly_name = name;
          target.date_updated = stamp();
        }
        return { status: 200, body: accountJson(target) };
      },
    },
  ];

  return {
    routes,
    directory,
    list,
    createSubaccount,
    markSuspendedByTwilio(sid, suspended = true) {
      const account = mustGet(sid);
      if (suspended) {
        byTwilio.add(sid);
        account.status = 'suspended';
      } else {
        byTwilio.delete(sid);
        account.status = 'active';
      }
      account.date_updated = stamp();
      return account;
    },
    isSuspendedByTwilio: (sid) => byTwilio.has(sid),
  };
}
