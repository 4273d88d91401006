import { randomInt } from 'node:crypto';
import type { EmulatorRequest, Route } from '../../types';
import { serviceUrl } from './services';
import type { Verification, VerificationStatus, VerifyService, VerifyStore } from './store';
import { E164, isEmail, isoDate, oneOf, verifyErrors, verifyRoute } from './verify-wire';

// twilio.com/docs/verify/api/rate-limits-and-timeouts: a code is valid 10 minutes and stays the same
// while valid; error 60203: at most 5 sends before the lifecycle is completed or the code expires.
export const CODE_TTL_MS = 10 * 60 * 1000;
export const MAX_SENDS = 5;
// `sna` and `auto` need carrier integrations the emulator does not pretend to have.
const CHANNELS = ['sms', 'call', 'whatsapp', 'email'] as const;

/** The fields a Verification and a Verification Check show alike: a check reports on its verification. */
export function verificationFields(v: Verification, status: VerificationStatus) {
  return {
    sid: v.sid,
    service_sid: v.serviceSid,
    account_sid: v.accountSid,
    to: v.to,
    channel: v.channel,
    status,
    valid: status === 'approved',
    amount: null,
    payee: null,
    date_created: isoDate(v.dateCreated),
    date_updated: isoDate(v.dateUpdated),
  };
}

export function renderVerification(v: Verification, status: VerificationStatus) {
  return {
    ...verificationFields(v, status),
    lookup: {},
    send_code_attempts: v.sends.map((s) => ({
      attempt_sid: s.attemptSid,
      channel: s.channel,
      time: isoDate(s.time),
    })),
    sna: null,
    url: `${serviceUrl(v.serviceSid)}/Verifications/${v.sid}`,
  };
}

function newCode(service: VerifyService, form: URLSearchParams): string {
  const custom = form.get('CustomCode');
  if (custom === null) {
    return Array.from({ length: service.codeLength }, () => randomInt(10)).join('');
  }
  if (!service.flags.custom_code_enabled || !/^.{4,10}$/.test(custom)) {
    throw verifyErrors.invalidParameter('CustomCode');
  }
  return custom;
}

function startOrResend(store: VerifyStore, service: VerifyService, req: EmulatorRequest) {
  if (!req.form.has('Channel')) throw verifyErrors.invalidParameter('Channel');
  const channel = oneOf(req.form, 'Channel', CHANNELS, 'sms');
  const to = req.form.get('To') ?? '';
  if (!(channel === 'email' ? isEmail(to) : E164.test(to))) {
    throw verifyErrors.invalidParameter('To');
  }
  const { deps } = store;
  const now = deps.now();
  let v = store.openVerification(service.sid, to);
  // Twilio: after 5 failed checks, wait until the verification expires before starting another.
  if (v?.status === 'max_attempts_reached') throw verifyErrors.maxCheckAttempts();
  if (v && v.sends.length >= MAX_SENDS) throw verifyErrors.maxSendAttempts();
  if (!v) {
    v = {
      sid: deps.newSid('VE'),
      accountSid: service.accountSid,
      serviceSid: service.sid,
      to,
      channel,
      code: newCode(service, req.form),
      status: 'pending',
      checks: 0,
      sends: [],
      dateCreated: now,
      dateUpdated: now,
      expiresAt: new Date(now.getTime() + CODE_TTL_MS),
    };
    store.verifications.set(v.sid, v);
  }
  v.channel = channel;
  v.dateUpdated = now;
  v.sends.push({ attemptSid: deps.newSid('VL'), channel, time: now });
  store.outbox.push({ verification: v, channel, time: now });
  return v;
}

export function verificationRoutes(store: VerifyStore): Route[] {
  const service = (req: EmulatorRequest) =>
    store.service(req.authAccountSid, req.params.ServiceSid, req.path);
  // Twilio deletes a verification once approved, canceled or expired: it answers 404 from then on.
  const open = (req: EmulatorRequest) => {
    const v = store.verifications.get(req.params.Sid);
    if (!v || v.serviceSid !== service(req).sid || store.statusOf(v) !== 'pending') {
      throw verifyErrors.notFound(req.path);
    }
    return v;
  };
  return [
    verifyRoute('POST', '/v2/Services/:ServiceSid/Verifications', (req) => {
      const v = startOrResend(store, service(req), req);
      return { status: 201, body: renderVerification(v, store.statusOf(v)) };
    }),
    verifyRoute('GET', '/v2/Services/:ServiceSid/Verifications/:Sid', (req) => {
      const v = open(req);
      return { status: 200, body: renderVerification(v, store.statusOf(v)) };
    }),
    verifyRoute('POST', '/v2/Services/:ServiceSid/Verifications/:Sid', (req) => {
      const v = open(req);
      if (!req.form.has('Status')) throw verifyErrors.invalidParameter('Status');
      v.status = oneOf(req.form, 'Status', ['canceled', 'approved'] as const, 'canceled');
      v.dateUpdated = store.deps.now();
      return { status: 200, body: renderVerification(v, v.status) };
    }),
  ];
}
