import { hostRoute } from '../../http/host-route';
import { TwilioApiError } from '../../http/twilio-error';

export const VERIFY_HOST = 'verify.twilio.com';
export const VERIFY_V2 = `https://${VERIFY_HOST}/v2`;

export const verifyRoute = hostRoute(VERIFY_HOST);

export { isoDate } from '../../http/iso-date';

const error = (status: number, code: number, message: string) =>
  new TwilioApiError(status, code, message);

// Codes and HTTP statuses from Twilio's error dictionary (twilio.com/docs/api/errors/<code>);
// statuses marked "assumed" are not given there. docs/EMULATOR.md (Verify) lists the sources.
export const verifyErrors = {
  /** 20404 with the path, as Twilio answers a check of a verification it has deleted. */
  notFound: (path: string) =>
    error(404, 20404, `The requested resource ${path.replace(/^\/v2/, '')} was not found`),
  /** 60200: Twilio's message names only the parameter, e.g. "Invalid parameter: To". */
  invalidParameter: (name: string) => error(400, 60200, `Invalid parameter: ${name}`),
  maxCheckAttempts: () => error(429, 60202, 'Max check attempts reached'),
  maxSendAttempts: () => error(429, 60203, 'Max send attempts reached'),
  noTarget: () => error(400, 60221, 'Either a To or a VerificationSid must be specified'),
  /** Assumed 400: the dictionary gives no status for 60367. */
  invalidIdentity: () =>
    error(400, 60367, 'Invalid entity identity: use 8-64 dash-separated alphanumerics'),
  factorAttempts: () => error(429, 60310, 'Factor verification attempts reached'),
  factorUnverified: () => error(403, 60318, 'Factor is unverified'),
  challengeAttempts: () => error(429, 60308, 'Challenge verification attempts limit reached'),
};

/** E.164: a plus, a non-zero country digit, 15 digits at most. */
export const E164 = /^\+[1-9]\d{6,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const isEmail = (to: string) => EMAIL.test(to);

/** An optional integer form field within [min, max]; 60200 names the field otherwise. */
export function intParam(
  form: URLSearchParams,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const raw = form.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw verifyErrors.invalidParameter(name);
  return value;
}

export function boolParam(form: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = form.get(name);
  if (raw === null) return fallback;
  if (raw !== 'true' && raw !== 'false') throw verifyErrors.invalidParameter(name);
  return raw === 'true';
}

export function oneOf<T extends string>(
  form: URLSearchParams,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = form.get(name);
  if (raw === null) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw verifyErrors.invalidParameter(name);
  return raw as T;
}
