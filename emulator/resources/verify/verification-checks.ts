import type { EmulatorRequest, Route } from '../../types';
import type { Verification, VerificationStatus, VerifyStore } from './store';
import { verificationFields } from './verifications';
import { verifyErrors, verifyRoute } from './verify-wire';

// Error 60202: "You have 5 attempts to check a verification code"; the next check answers 429.
export const MAX_CHECKS = 5;

const renderCheck = (v: Verification, status: VerificationStatus) => ({
  ...verificationFields(v, status),
  sna_attempts_error_codes: [],
});

/** The verification a check names, by VerificationSid or by To; undefined once Twilio deleted it. */
function target(store: VerifyStore, serviceSid: string, req: EmulatorRequest) {
  const sid = req.form.get('VerificationSid');
  const to = req.form.get('To');
  if (sid === null && to === null) throw verifyErrors.noTarget();
  const v = sid !== null ? store.verifications.get(sid) : store.openVerification(serviceSid, to!);
  if (!v || v.serviceSid !== serviceSid || (to !== null && v.to !== to)) return undefined;
  const status = store.statusOf(v);
  return status === 'pending' || status === 'max_attempts_reached' ? v : undefined;
}

export function verificationCheckRoutes(store: VerifyStore): Route[] {
  return [
    verifyRoute('POST', '/v2/Services/:ServiceSid/VerificationCheck', (req) => {
      const service = store.service(req.authAccountSid, req.params.ServiceSid, req.path);
      const code = req.form.get('Code');
      // Error 60200's page: the Code "is not between 4-10 numbers long".
      if (code === null || !/^.{4,10}$/.test(code)) throw verifyErrors.invalidParameter('Code');
      const v = target(store, service.sid, req);
      // Approved, canceled and expired verifications are deleted on Twilio: a check answers 404.
      if (!v) throw verifyErrors.notFound(req.path);
      if (v.status === 'max_attempts_reached') throw verifyErrors.maxCheckAttempts();
      v.checks += 1;
      v.dateUpdated = store.deps.now();
      if (code === v.code) v.status = 'approved';
      else if (v.checks >= MAX_CHECKS) v.status = 'max_attempts_reached';
      // A wrong code is not an error: 200 with status pending (or max_attempts_reached), valid false.
      return { status: 200, body: renderCheck(v, v.status) };
    }),
  ];
}
