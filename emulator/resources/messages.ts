import { pageV2010 } from '../http/paging';
import { rfc2822 } from '../http/rfc2822';
import { TwilioApiError } from '../http/twilio-error';
import type { EmulatorDeps, ResourceModule } from '../types';
import { accountRecords, accountRoute, matchesQuery, recordUris } from './account-records';

export interface EmulatedMessage {
  sid: string;
  account_sid: string;
  to: string;
  from: string;
  body: string;
  status: 'queued';
  date_created: string;
}

export interface MessagesModule extends ResourceModule {
  /** Messages recorded on an account, newest first (as Twilio lists them). */
  list(accountSid: string): EmulatedMessage[];
}

export function messageJson(m: EmulatedMessage) {
  return {
    ...m,
    api_version: '2010-04-01',
    date_sent: null,
    date_updated: m.date_created,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    messaging_service_sid: null,
    tags: null,
    num_media: '0',
    num_segments: String(Math.max(1, Math.ceil(m.body.length / 160))),
    price: null,
    price_unit: 'USD',
    ...recordUris(m.account_sid, 'Messages', m.sid, ['Media', 'Feedback']),
  };
}

/** Messages are recorded, never sent: the emulator answers like Twilio right after accepting one. */
export function createMessages(deps: EmulatorDeps): MessagesModule {
  const messages = accountRecords<EmulatedMessage>();
  return {
    list: messages.list,
    routes: [
      accountRoute('POST', 'Messages.json', (req) => {
        const to = req.form.get('To');
        const from = req.form.get('From');
        const body = req.form.get('Body');
        if (!to) throw new TwilioApiError(400, 21604, "A 'To' phone number is required.");
        if (!from) throw new TwilioApiError(400, 21603, "A 'From' phone number is required.");
        if (!body) throw new TwilioApiError(400, 21602, 'Message body is required.');
        if (deps.accounts.get(req.params.AccountSid)?.status !== 'active') {
          // Assumed status: Twilio documents error 10001 for requests from inactive accounts.
          throw new TwilioApiError(403, 10001, 'Account is not active');
        }
        const message: EmulatedMessage = {
          sid: deps.newSid('SM'),
          account_sid: req.params.AccountSid,
          to,
          from,
          body,
          status: 'queued',
          date_created: rfc2822(deps.now()),
        };
        messages.add(message);
        return { status: 201, body: messageJson(message) };
      }),
      accountRoute('GET', 'Messages.json', (req) => {
        const filter = matchesQuery<EmulatedMessage>(req.query, { To: 'to', From: 'from' });
        const found = messages.list(req.params.AccountSid).filter(filter);
        return pageV2010(req, 'messages', found.map(messageJson));
      }),
    ],
  };
}
