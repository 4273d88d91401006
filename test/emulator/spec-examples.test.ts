// The emulator's answers are shaped like the examples in Twilio's own OpenAPI spec, down to the
// details twilio-node ignores: every key an example has (subresource_uris included) is there, and
// a list's `uri` is written as Twilio writes it (equal to first_page_uri on page 0).
import { startEmulator, type Emulator } from '../../emulator';
import type { EmulatedAccount } from '../../emulator/types';
import { rawTwilio, type RawCall } from '../support/emulator-twilio';
import { keysMissingFrom, specExamples } from '../support/openapi-contract';

let emulator: Emulator;
let sub: EmulatedAccount;
let callSid: string;
let triggerSid: string;

beforeAll(async () => {
  emulator = await startEmulator({ now: '2026-11-28T03:00:00Z', seed: { subaccounts: 1 } });
  sub = emulator.accounts.list()[1];
  callSid = emulator.addCall({ accountSid: sub.sid, status: 'in-progress' }).sid;
  const trigger = await rawTwilio(emulator, {
    method: 'POST',
    path: `/2010-04-01/Accounts/${sub.sid}/Usage/Triggers.json`,
    form: { CallbackUrl: 'http://127.0.0.1:9/x', TriggerValue: '5', UsageCategory: 'sms' },
  });
  triggerSid = String(trigger.body?.sid);
  await rawTwilio(emulator, {
    method: 'POST',
    path: `/2010-04-01/Accounts/${sub.sid}/Messages.json`,
    form: { To: '+15005550006', From: '+15005550001', Body: 'hi' },
  });
});
afterAll(() => emulator.close());

const V = '/2010-04-01/Accounts';
const cases: [string, string, number, () => RawCall][] = [
  ['GET', `${V}.json`, 200, () => ({ path: `${V}.json` })],
  ['GET', `${V}/{Sid}.json`, 200, () => ({ path: `${V}/${sub.sid}.json` })],
  [
    'GET',
    `${V}/{AccountSid}/Calls.json`,
    200,
    () => ({ path: `${V}/${sub.sid}/Calls.json?Status=in-progress` }),
  ],
  [
    'GET',
    `${V}/{AccountSid}/Calls/{Sid}.json`,
    200,
    () => ({ path: `${V}/${sub.sid}/Calls/${callSid}.json` }),
  ],
  [
    'GET',
    `${V}/{AccountSid}/Messages.json`,
    200,
    () => ({ path: `${V}/${sub.sid}/Messages.json` }),
  ],
  [
    'GET',
    `${V}/{AccountSid}/Usage/Triggers.json`,
    200,
    () => ({ path: `${V}/${sub.sid}/Usage/Triggers.json?UsageCategory=sms` }),
  ],
  [
    'GET',
    `${V}/{AccountSid}/Usage/Triggers/{Sid}.json`,
    200,
    () => ({ path: `${V}/${sub.sid}/Usage/Triggers/${triggerSid}.json` }),
  ],
];

describe("the emulator's answers against the spec's examples", () => {
  it.each(cases)('%s %s has every key of every example', async (method, path, status, call) => {
    const res = await rawTwilio(emulator, call());
    expect(res.status).toBe(status);
    for (const [name, example] of Object.entries(
      specExamples('twilio_api_v2010', method, path, status),
    )) {
      expect({ name, missing: keysMissingFrom(res.body, example) }).toEqual({ name, missing: [] });
    }
  });

  it('writes a list page’s uri with its PageSize and Page, equal to first_page_uri on page 0', async () => {
    const first = await rawTwilio(emulator, { path: `${V}.json?Status=active` });
    expect(first.body?.uri).toBe(`${V}.json?Status=active&PageSize=50&Page=0`);
    expect(first.body?.uri).toBe(first.body?.first_page_uri);

    const second = await rawTwilio(emulator, { path: `${V}.json?PageSize=1&Page=1&PageToken=PT1` });
    expect(second.body?.uri).toBe(`${V}.json?PageSize=1&Page=1&PageToken=PT1`);
    expect(second.body?.first_page_uri).toBe(`${V}.json?PageSize=1&Page=0`);
  });

  it('names every subresource of an account and of a call as the examples do', async () => {
    const account = await rawTwilio(emulator, { path: `${V}/${sub.sid}.json` });
    const uris = account.body?.subresource_uris as Record<string, string>;
    expect(uris.short_codes).toBe(`${V}/${sub.sid}/SMS/ShortCodes.json`);
    expect(uris.sip).toBe(`${V}/${sub.sid}/SIP.json`);
    const call = await rawTwilio(emulator, { path: `${V}/${sub.sid}/Calls/${callSid}.json` });
    expect((call.body?.subresource_uris as Record<string, string>).user_defined_messages).toBe(
      `${V}/${sub.sid}/Calls/${callSid}/UserDefinedMessages.json`,
    );
  });
});
