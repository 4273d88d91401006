import { pageV2010 } from '../http/paging';
import { rfc2822 } from '../http/rfc2822';
import { notFound, TwilioApiError } from '../http/twilio-error';
import type { EmulatorDeps, EmulatorRequest, ResourceModule } from '../types';
import { accountRecords, accountRoute, matchesQuery, recordUris } from './account-records';

export type CallStatus =
  'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';

export const LIVE_CALL_STATUSES: readonly CallStatus[] = ['queued', 'ringing', 'in-progress'];

export interface AddCallInput {
  accountSid: string;
  /** A live status: 'in-progress' (default), 'ringing' or 'queued'. */
  status?: 'queued' | 'ringing' | 'in-progress';
  to?: string;
  from?: string;
  direction?: 'inbound' | 'outbound-api';
}

export interface EmulatedCall {
  sid: string;
  account_sid: string;
  to: string;
  from: string;
  status: CallStatus;
  direction: 'inbound' | 'outbound-api';
  date_created: Date;
  date_updated: Date;
  start_time: Date | null;
  end_time: Date | null;
}

export interface CallsModule extends ResourceModule {
  add(input: AddCallInput): EmulatedCall;
  /** An account's calls, newest first (as Twilio lists them). */
  list(accountSid: string): EmulatedCall[];
}

const date = (d: Date | null) => (d ? rfc2822(d) : null);

// Every subresource a call lists in Twilio's own example (twilio_api_v2010.json, fetch call).
const CALL_SUBRESOURCES = [
  'Notifications',
  'Recordings',
  'Payments',
  'Events',
  'Siprec',
  'Streams',
  'Transcriptions',
  'UserDefinedMessageSubscriptions',
  'UserDefinedMessages',
];

export function callJson(c: EmulatedCall) {
  const seconds =
    c.start_time && c.end_time
      ? String(Math.round((c.end_time.getTime() - c.start_time.getTime()) / 1000))
      : null;
  return {
    sid: c.sid,
    account_sid: c.account_sid,
    to: c.to,
    to_formatted: c.to,
    from: c.from,
    from_formatted: c.from,
    status: c.status,
    direction: c.direction,
    date_created: date(c.date_created),
    date_updated: date(c.date_updated),
    start_time: date(c.start_time),
    end_time: date(c.end_time),
    duration: seconds,
    parent_call_sid: null,
    phone_number_sid: null,
    price: null,
    price_unit: 'USD',
    answered_by: null,
    api_version: '2010-04-01',
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    annotation: null,
    queue_time: '0',
    trunk_sid: null,
    ...recordUris(c.account_sid, 'Calls', c.sid, CALL_SUBRESOURCES),
  };
}

/**
 * Calls are put in progress by tests (control endpoint) and ended through the REST API. Nothing
 * else ends them: suspending an account leaves its calls running, as on Twilio.
 */
export function createCalls(deps: EmulatorDeps): CallsModule {
  const calls = accountRecords<EmulatedCall>();
  const find = (req: EmulatorRequest) => {
    const call = calls.find(req.params.AccountSid, req.params.Sid);
    if (!call) throw notFound(req.path);
    return call;
  };

  function add(input: AddCallInput): EmulatedCall {
    if (!deps.accounts.get(input.accountSid))
      throw new RangeError(`No account ${input.accountSid}`);
    const status = input.status ?? 'in-progress';
    if (!LIVE_CALL_STATUSES.includes(status))
      throw new RangeError(`Not a live call status: ${status}`);
    const now = deps.now();
    const call: EmulatedCall = {
      sid: deps.newSid('CA'),
      account_sid: input.accountSid,
      to: input.to ?? '+15005550006',
      from: input.from ?? '+15005550001',
      status,
      direction: input.direction ?? 'outbound-api',
      date_created: now,
      date_updated: now,
      start_time: status === 'in-progress' ? now : null,
      end_time: null,
    };
    calls.add(call);
    return call;
  }

  function end(call: EmulatedCall, requested: string | null): void {
    if (requested === null) return;
    if (requested !== 'completed' && requested !== 'canceled') {
      throw new TwilioApiError(
        400,
        21609,
        `Invalid Status: ${requested}. Use completed or canceled.`,
      );
    }
    if (!LIVE_CALL_STATUSES.includes(call.status)) {
      throw new TwilioApiError(400, 21220, 'Call is not in-progress. Cannot redirect.');
    }
    // Twilio: `canceled` only hangs up queued or ringing calls; an answered call keeps going.
    if (requested === 'canceled' && call.status === 'in-progress') return;
    const now = deps.now();
    call.status = requested;
    call.end_time = now;
    call.date_updated = now;
  }

  return {
    add,
    list: calls.list,
    routes: [
      accountRoute('GET', 'Calls.json', (req) => {
        const filter = matchesQuery<EmulatedCall>(req.query, {
          Status: 'status',
          To: 'to',
          From: 'from',
        });
        const found = calls.list(req.params.AccountSid).filter(filter);
        return pageV2010(req, 'calls', found.map(callJson));
      }),
      accountRoute('GET', 'Calls/:Sid.json', (req) => ({
        status: 200,
        body: callJson(find(req)),
      })),
      accountRoute('POST', 'Calls/:Sid.json', (req) => {
        const call = find(req);
        end(call, req.form.get('Status'));
        return { status: 200, body: callJson(call) };
      }),
    ],
  };
}
