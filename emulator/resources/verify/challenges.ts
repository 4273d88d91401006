import type { EmulatorRequest, Route } from '../../types';
import { authPayload, entityUrl, findFactor, totpAccepted } from './factors';
import type { Challenge, VerifyStore } from './store';
import { isoDate, verifyErrors, verifyRoute } from './verify-wire';

// Challenge docs: ExpirationDate defaults to five minutes after creation; error 60308: 5 wrong TOTP
// codes at most per challenge.
const DEFAULT_TTL_MS = 5 * 60 * 1000;
export const MAX_CHALLENGE_ATTEMPTS = 5;
const CHALLENGES = '/v2/Services/:ServiceSid/Entities/:Identity/Challenges';

function renderChallenge(store: VerifyStore, c: Challenge) {
  const f = c.factor;
  const url = `${entityUrl(f)}/Challenges/${c.sid}`;
  return {
    sid: c.sid,
    account_sid: f.entity.accountSid,
    service_sid: f.entity.serviceSid,
    entity_sid: f.entity.sid,
    identity: f.entity.identity,
    factor_sid: f.sid,
    date_created: isoDate(c.dateCreated),
    date_updated: isoDate(c.dateUpdated),
    date_responded: c.dateResponded && isoDate(c.dateResponded),
    expiration_date: isoDate(c.expiresAt),
    status: store.challengeStatus(c),
    responded_reason: 'none',
    details: null,
    hidden_details: null,
    metadata: null,
    factor_type: 'totp',
    url,
    links: { notifications: `${url}/Notifications` },
  };
}

/** A wrong code leaves the challenge pending (200/201), as for factors since the 2021 change. */
function respond(store: VerifyStore, c: Challenge, code: string): void {
  if (store.challengeStatus(c) !== 'pending') return;
  if (c.failedAttempts >= MAX_CHALLENGE_ATTEMPTS) throw verifyErrors.challengeAttempts();
  const now = store.deps.now();
  c.dateUpdated = now;
  if (totpAccepted(store, c.factor, code)) {
    c.status = 'approved';
    c.dateResponded = now;
  } else c.failedAttempts += 1;
}

function expiry(form: URLSearchParams, now: Date): Date {
  const raw = form.get('ExpirationDate');
  if (raw === null) return new Date(now.getTime() + DEFAULT_TTL_MS);
  const at = new Date(raw);
  if (Number.isNaN(at.getTime()) || at <= now)
    throw verifyErrors.invalidParameter('ExpirationDate');
  return at;
}

function findChallenge(store: VerifyStore, req: EmulatorRequest): Challenge {
  const c = store.challenges.get(req.params.Sid);
  if (!c) throw verifyErrors.notFound(req.path);
  findFactor(store, req, c.factor.sid);
  return c;
}

export function challengeRoutes(store: VerifyStore): Route[] {
  return [
    verifyRoute('POST', CHALLENGES, (req) => {
      const factorSid = req.form.get('FactorSid');
      if (!factorSid) throw verifyErrors.invalidParameter('FactorSid');
      const factor = findFactor(store, req, factorSid);
      if (factor.status !== 'verified') throw verifyErrors.factorUnverified();
      const code = authPayload(req.form);
      const now = store.deps.now();
      const c: Challenge = {
        sid: store.deps.newSid('YC'),
        factor,
        status: 'pending',
        failedAttempts: 0,
        dateCreated: now,
        dateUpdated: now,
        dateResponded: null,
        expiresAt: expiry(req.form, now),
      };
      store.challenges.set(c.sid, c);
      if (code !== null) respond(store, c, code);
      return { status: 201, body: renderChallenge(store, c) };
    }),
    verifyRoute('GET', `${CHALLENGES}/:Sid`, (req) => ({
      status: 200,
      body: renderChallenge(store, findChallenge(store, req)),
    })),
    verifyRoute('POST', `${CHALLENGES}/:Sid`, (req) => {
      const c = findChallenge(store, req);
      const code = authPayload(req.form);
      if (code !== null) respond(store, c, code);
      return { status: 200, body: renderChallenge(store, c) };
    }),
  ];
}
