import { randomBytes } from 'node:crypto';
import { pageV1 } from '../../http/paging';
import type { EmulatorRequest, Route } from '../../types';
import { serviceUrl } from './services';
import type { Factor, VerifyStore } from './store';
import { base32Decode, base32Encode, totpMatches, type TotpAlgorithm } from './totp';
import { intParam, isoDate, oneOf, verifyErrors, verifyRoute } from './verify-wire';

// Factor docs: identity is 8-64 characters of dash-separated alphanumerics; the binding (secret) is
// shown on creation only; error 60310: 5 wrong codes at most while verifying a TOTP factor.
const IDENTITY = /^(?=.{8,64}$)[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/;
export const MAX_TOTP_ATTEMPTS = 5;
const ALGORITHMS: readonly TotpAlgorithm[] = ['sha1', 'sha256', 'sha512'];
const FACTORS = '/v2/Services/:ServiceSid/Entities/:Identity/Factors';

export const entityUrl = (f: Factor) =>
  `${serviceUrl(f.entity.serviceSid)}/Entities/${encodeURIComponent(f.entity.identity)}`;

export function renderFactor(f: Factor) {
  return {
    sid: f.sid,
    account_sid: f.entity.accountSid,
    service_sid: f.entity.serviceSid,
    entity_sid: f.entity.sid,
    identity: f.entity.identity,
    date_created: isoDate(f.dateCreated),
    date_updated: isoDate(f.dateUpdated),
    friendly_name: f.friendlyName,
    status: f.status,
    factor_type: 'totp',
    config: {
      alg: f.config.alg,
      skew: f.config.skew,
      code_length: f.config.codeLength,
      time_step: f.config.timeStep,
    },
    metadata: null,
    url: `${entityUrl(f)}/Factors/${f.sid}`,
  };
}

function binding(f: Factor, issuer: string) {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(f.friendlyName)}`;
  const query = new URLSearchParams({
    secret: f.secret,
    issuer,
    algorithm: f.config.alg.toUpperCase(),
    digits: String(f.config.codeLength),
    period: String(f.config.timeStep),
  });
  return { secret: f.secret, uri: `otpauth://totp/${label}?${query}` };
}

/** The current code (or one within the factor's skew, at the emulator clock) matches. */
export function totpAccepted(store: VerifyStore, f: Factor, code: string): boolean {
  const key = base32Decode(f.secret) ?? Buffer.alloc(0);
  return totpMatches(key, code, store.deps.now().getTime(), f.config);
}

/** The factor `sid` of the entity in the request's path; 404 for anything not this account's. */
export function findFactor(store: VerifyStore, req: EmulatorRequest, sid: string): Factor {
  const service = store.service(req.authAccountSid, req.params.ServiceSid, req.path);
  const factor = store.factors.get(sid);
  const entity = store.entity(service, req.params.Identity);
  if (!factor || !entity || factor.entity !== entity) throw verifyErrors.notFound(req.path);
  return factor;
}

export function authPayload(form: URLSearchParams): string | null {
  const code = form.get('AuthPayload');
  if (code !== null && !/^\d{3,8}$/.test(code)) throw verifyErrors.invalidParameter('AuthPayload');
  return code;
}

function createFactor(store: VerifyStore, req: EmulatorRequest) {
  const service = store.service(req.authAccountSid, req.params.ServiceSid, req.path);
  const identity = req.params.Identity;
  if (!IDENTITY.test(identity)) throw verifyErrors.invalidIdentity();
  const friendlyName = req.form.get('FriendlyName') ?? '';
  if (!friendlyName || friendlyName.length > 64)
    throw verifyErrors.invalidParameter('FriendlyName');
  // Push factors need a device SDK; the emulator serves TOTP only.
  if (req.form.get('FactorType') !== 'totp') throw verifyErrors.invalidParameter('FactorType');
  const given = req.form.get('Binding.Secret');
  if (given !== null && !base32Decode(given)?.length) {
    throw verifyErrors.invalidParameter('Binding.Secret');
  }
  const { deps } = store;
  const now = deps.now();
  const factor: Factor = {
    sid: deps.newSid('YF'),
    entity: store.entity(service, identity) ?? store.addEntity(service, identity),
    friendlyName,
    secret: given?.replace(/[\s=]/g, '').toUpperCase() ?? base32Encode(randomBytes(20)),
    config: {
      alg: oneOf(req.form, 'Config.Alg', ALGORITHMS, 'sha1'),
      timeStep: intParam(req.form, 'Config.TimeStep', 20, 60, service.totp.timeStep),
      codeLength: intParam(req.form, 'Config.CodeLength', 3, 8, service.totp.codeLength),
      skew: intParam(req.form, 'Config.Skew', 0, 2, service.totp.skew),
    },
    status: 'unverified',
    failedAttempts: 0,
    dateCreated: now,
    dateUpdated: now,
  };
  store.factors.set(factor.sid, factor);
  const issuer = service.totp.issuer ?? service.friendlyName;
  return { ...renderFactor(factor), binding: binding(factor, issuer) };
}

export function factorRoutes(store: VerifyStore): Route[] {
  return [
    verifyRoute('POST', FACTORS, (req) => ({ status: 201, body: createFactor(store, req) })),
    verifyRoute('GET', FACTORS, (req) => {
      const service = store.service(req.authAccountSid, req.params.ServiceSid, req.path);
      const entity = store.entity(service, req.params.Identity);
      const mine = [...store.factors.values()].filter((f) => entity && f.entity === entity);
      return pageV1(req, 'factors', mine.map(renderFactor));
    }),
    verifyRoute('GET', `${FACTORS}/:Sid`, (req) => ({
      status: 200,
      body: renderFactor(findFactor(store, req, req.params.Sid)),
    })),
    verifyRoute('POST', `${FACTORS}/:Sid`, (req) => {
      const factor = findFactor(store, req, req.params.Sid);
      const code = authPayload(req.form);
      const name = req.form.get('FriendlyName');
      if (name !== null) factor.friendlyName = name;
      if (code !== null && factor.status === 'unverified') {
        if (factor.failedAttempts >= MAX_TOTP_ATTEMPTS) throw verifyErrors.factorAttempts();
        // Since 2021 a wrong code answers 200 with the factor still unverified, not 403 60311.
        if (totpAccepted(store, factor, code)) factor.status = 'verified';
        else factor.failedAttempts += 1;
      }
      factor.dateUpdated = store.deps.now();
      return { status: 200, body: renderFactor(factor) };
    }),
  ];
}
