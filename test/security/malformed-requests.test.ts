// Oversized and malformed requests, sent byte for byte to the built Functions under twilio-run
// (in-process, so a crash would take this test down with it): each is refused with a 4xx, nothing
// is written to Twilio, and the very next valid delivery is still handled.
import zlib from 'node:zlib';
import type { Emulator } from '../../emulator';
import { breakerCallbackUrl } from '../../src/breaker/delivery/callback-url';
import { startAdminStack, type AdminStack } from '../support/admin-stack';
import type { FunctionsServer } from '../support/functions-server';
import { signTwilioRequest } from '../support/twilio-signer';
import type { WireRequest } from './support/runtime-model';
import { sendWire } from './support/send-wire';

const ADMIN = { username: 'ops', password: 'fake-admin-password-malformed' };
const FORM = 'application/x-www-form-urlencoded';
const MB = 1024 * 1024;

let stack: AdminStack;
let emulator: Emulator;
let functions: FunctionsServer;
let errors: jest.SpyInstance;
let session = '';

beforeAll(async () => {
  errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  stack = await startAdminStack({
    admin: ADMIN,
    env: () => ({ SESSION_SECRET: 'fake-session-secret-malformed-0123456789ab' }),
  });
  ({ emulator, functions } = stack);
  // The admin cases carry a session: a Basic password would be counted in Sync before each one.
  const signIn = await sendWire(functions.url, '/admin-session', {
    query: '',
    body: JSON.stringify(ADMIN),
    headers: { 'content-type': 'application/json' },
  });
  session = (JSON.parse(signIn.body) as { token: string }).token;
  if (signIn.status !== 200 || !session) throw new Error(`sign-in answered ${signIn.status}`);
});

afterAll(async () => {
  await stack?.stop();
  errors.mockRestore();
});

type Case = WireRequest & { method?: string; bodyBytes?: Buffer; path?: string };

const signature = 'c2lnbmF0dXJlLW9mLW5vdGhpbmc='; // well-formed base64, signs nothing
const params = (sid: string) => ({
  AccountSid: sid,
  UsageTriggerSid: 'UT' + '2'.repeat(32),
  DateFired: new Date().toUTCString().replace('GMT', '+0000'),
});
const form = (body: string, headers: Record<string, string> = {}): Case => ({
  query: 'tier=trip',
  body,
  headers: { 'content-type': FORM, 'x-twilio-signature': signature, ...headers },
});
const admin = (path: string, body: string, type = 'application/json'): Case => ({
  path,
  query: '',
  body,
  headers: {
    'content-type': type,
    authorization: `Bearer ${session}`,
  },
});

describe('malformed and oversized requests', () => {
  it('are refused with a 4xx, change nothing, and the next valid delivery still works', async () => {
    const steady = emulator.accounts.createSubaccount('Steady');
    const sid = steady.sid;
    const valid = params(sid);
    const cases: Record<string, Case> = {
      'a 1 MB parameter': form(
        new URLSearchParams({ ...valid, CurrentValue: '9'.repeat(MB) }).toString(),
      ),
      'a 7 MB body (over the runtime limit)': form(`AccountSid=${sid}&Pad=${'x'.repeat(7 * MB)}`),
      '2,000 parameters': form(Array.from({ length: 2000 }, (_, i) => `p${i}=1`).join('&')),
      '41 parameters': form(
        new URLSearchParams({
          ...valid,
          ...Object.fromEntries(Array.from({ length: 38 }, (_, i) => [`Extra${i}`, '1'])),
        }).toString(),
      ),
      'JSON where a form is expected': {
        query: 'tier=trip',
        body: JSON.stringify(valid),
        headers: { 'content-type': 'application/json', 'x-twilio-signature': signature },
      },
      'a form body labelled JSON': {
        query: 'tier=trip',
        body: new URLSearchParams(valid).toString(),
        headers: { 'content-type': 'application/json', 'x-twilio-signature': signature },
      },
      'text/plain': form('hello', { 'content-type': 'text/plain' }),
      multipart: form('--x\r\n\r\n--x--', { 'content-type': 'multipart/form-data; boundary=x' }),
      'a body without Content-Type': { query: 'tier=trip', body: 'a=1', headers: {} },
      'a GET': { method: 'GET', query: `tier=trip&AccountSid=${sid}`, body: '', headers: {} },
      'non-UTF-8 bytes': {
        ...form(''),
        bodyBytes: Buffer.concat([
          Buffer.from(new URLSearchParams(valid).toString() + '&UsageCategory='),
          Buffer.from([0xe9, 0xff, 0xfe]),
        ]),
      },
      'a Latin-1 charset': form(new URLSearchParams(valid).toString(), {
        'content-type': `${FORM}; charset=latin1`,
      }),
      'broken percent-encoding': form(`AccountSid=${sid}%E0%A4%A&UsageTriggerSid=%zz%`),
      'nested brackets in the query': {
        ...form(new URLSearchParams(valid).toString()),
        query: 'tier[a][b][c]=trip',
      },
      'prototype keys': {
        ...form(`${new URLSearchParams(valid).toString()}&__proto__=x&constructor=y`),
        query: 'tier=trip&__proto__[polluted]=1&constructor[prototype][polluted]=1',
      },
      'a JSON prototype body': {
        query: 'tier=trip',
        body: '{"__proto__":{"polluted":true},"AccountSid":"x"}',
        headers: { 'content-type': 'application/json', 'x-twilio-signature': signature },
      },
      'gzip that is not gzip': form('not gzip at all', { 'content-encoding': 'gzip' }),
      'a gzip bomb (10 MB inflated)': {
        ...form(''),
        headers: {
          'content-type': FORM,
          'content-encoding': 'gzip',
          'x-twilio-signature': signature,
        },
        bodyBytes: zlib.gzipSync(Buffer.alloc(10 * MB, 0x61)),
      },
      'an empty form': form(''),
      'only separators': form('&&&&==&='),
      'a 20 KB header': form(new URLSearchParams(valid).toString(), {
        'x-padding': 'p'.repeat(20_000),
      }),
      'admin: JSON that does not parse': admin('/admin-reactivate', '{"accountSid": '),
      'admin: a JSON array': admin('/admin-reactivate', '[1,2,3]'),
      'admin: a 1 MB reason': admin(
        '/admin-reactivate',
        JSON.stringify({ accountSid: sid, operator: 'x', reason: 'r'.repeat(MB) }),
      ),
      'admin: a 1 MB setup cursor': admin(
        '/setup',
        JSON.stringify({ mode: 'apply', cursor: 'c'.repeat(MB) }),
      ),
      'admin: a form with a nested key': admin('/admin-reactivate', 'accountSid[a]=b', FORM),
    };

    const url = breakerCallbackUrl(functions.url, 'warn');
    let firing = 0;
    const validDelivery = async () => {
      firing += 1;
      // A firing of its own (the delivery key is the trigger and DateFired), so each is new.
      const p = { ...params(sid), UsageTriggerSid: 'UT' + firing.toString(16).padStart(32, '0') };
      return sendWire(functions.url, '/breaker', {
        query: 'tier=warn',
        body: new URLSearchParams(p).toString(),
        headers: {
          'content-type': FORM,
          'x-twilio-signature': signTwilioRequest(steady.auth_token, url, p),
        },
      });
    };

    expect((await validDelivery()).status).toBe(200);
    for (const [name, c] of Object.entries(cases)) {
      emulator.requestLog.reset();
      const answer = await sendWire(functions.url, c.path ?? '/breaker', c);
      const writes = emulator.requestLog
        .entries()
        .filter((e) => e.method !== 'GET' && !/Lists/.test(String(e.route)));
      expect({ name, status: Math.floor(answer.status / 100), writes }).toEqual({
        name,
        status: 4,
        writes: [],
      });
      const next = await validDelivery();
      expect({ name, next: next.status, action: JSON.parse(next.body).action }).toEqual({
        name,
        next: 200,
        action: 'alerted',
      });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(emulator.accounts.get(sid)!.status).toBe('active');
    // No request ended in the runtime's last-resort handler.
    const unhandled = errors.mock.calls.filter((args) => String(args[0]).includes('unhandled'));
    expect(unhandled).toEqual([]);
  }, 300_000); // a bound on a hang: about sixty real requests, some of megabytes, on any machine
});
