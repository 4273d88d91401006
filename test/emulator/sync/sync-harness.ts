import { createSync } from '../../../emulator/resources/sync';
import { TwilioApiError } from '../../../emulator/http/twilio-error';
import type {
  AccountDirectory,
  EmulatedAccount,
  EmulatorDeps,
  EmulatorRequest,
  EmulatorResponse,
  HttpMethod,
} from '../../../emulator/types';

export const MAIN = `AC${'a'.repeat(32)}`;
export const SUB = `AC${'b'.repeat(32)}`;

const account = (sid: string, owner: string): EmulatedAccount => ({
  sid,
  auth_token: 'fake-token-not-a-secret',
  friendly_name: sid === MAIN ? 'Main' : 'Sub',
  owner_account_sid: owner,
  status: 'active',
  type: 'Full',
  date_created: 'Wed, 01 Jan 2025 00:00:00 +0000',
  date_updated: 'Wed, 01 Jan 2025 00:00:00 +0000',
});

const fakeAccounts = (): AccountDirectory => {
  const all = new Map([MAIN, SUB].map((sid) => [sid, account(sid, MAIN)]));
  return {
    get: (sid) => all.get(sid),
    main: () => all.get(MAIN) as EmulatedAccount,
    canAct: (actor, target) => actor === target || (actor === MAIN && all.has(target)),
  };
};

export interface CallOptions {
  form?: Record<string, string>;
  account?: string;
  headers?: Record<string, string>;
}

/**
 * Calls the Sync module's handlers the way the emulator core does (route match, decoded params,
 * TwilioApiError → Twilio's error body), without HTTP, on a clock the test moves.
 */
export function syncHarness() {
  let clock = new Date('2025-01-01T00:00:00Z');
  let sequence = 0;
  const deps: EmulatorDeps = {
    accounts: fakeAccounts(),
    now: () => clock,
    newSid: (prefix) => prefix + (++sequence).toString(16).padStart(32, '0'),
    deliverCallback: () => Promise.reject(new Error('Sync delivers no callbacks')),
  };
  const { routes } = createSync(deps);

  function match(method: HttpMethod, path: string) {
    const segments = path.split('/');
    for (const route of routes) {
      const pattern = route.pattern.split('/');
      if (route.method !== method || pattern.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const same = pattern.every((p, i) => {
        if (p.startsWith(':')) params[p.slice(1)] = decodeURIComponent(segments[i]);
        return p.startsWith(':') || p === segments[i];
      });
      if (same) return { route, params };
    }
    throw new Error(`no Sync route for ${method} ${path}`);
  }

  async function call(method: HttpMethod, url: string, options: CallOptions = {}) {
    const parsed = new URL(url, 'https://sync.twilio.com');
    const { route, params } = match(method, parsed.pathname);
    const req: EmulatorRequest = {
      method,
      host: 'sync.twilio.com',
      path: parsed.pathname,
      query: parsed.searchParams,
      form: new URLSearchParams(options.form ?? {}),
      params,
      authAccountSid: options.account ?? MAIN,
      headers: Object.fromEntries(
        Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
      ),
    };
    await Promise.resolve(); // let concurrent callers interleave between requests, as over HTTP
    try {
      return await route.handler(req);
    } catch (error) {
      if (error instanceof TwilioApiError) return error.toResponse();
      throw error;
    }
  }

  return {
    call,
    deps,
    advance: (seconds: number) => {
      clock = new Date(clock.getTime() + seconds * 1000);
    },
  };
}

/** A harness with one list, `audit`, created: its items path and an append. */
export async function withList() {
  const h = syncHarness();
  const list = await h.call('POST', '/v1/Services/default/Lists', {
    form: { UniqueName: 'audit' },
  });
  const items = '/v1/Services/default/Lists/audit/Items';
  const append = (data: object) => h.call('POST', items, { form: { Data: JSON.stringify(data) } });
  return { ...h, list, items, append };
}

/** The body of a response as a loose record, for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions reach into arbitrary JSON
export const bodyOf = (res: EmulatorResponse) => res.body as Record<string, any>;
