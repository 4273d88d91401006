// What the Serverless v1 resources share: the host, URLs, dates, and Twilio's errors.
import { hostRoute } from '../../http/host-route';
import { TwilioApiError } from '../../http/twilio-error';

export const SERVERLESS_HOST = 'serverless.twilio.com';
export const SERVERLESS_V1 = `https://${SERVERLESS_HOST}/v1`;

export const serverlessRoute = hostRoute(SERVERLESS_HOST);

export { isoDate } from '../../http/iso-date';

export const serverlessErrors = {
  notFound: (path: string) =>
    new TwilioApiError(404, 20404, `The requested resource ${path} was not found`),
  /** 20001, the code Twilio's v1 APIs give a missing or invalid parameter (docs/EMULATOR.md). */
  invalidParameter: (name: string, problem: string) =>
    new TwilioApiError(400, 20001, `Invalid ${name}: ${problem}`),
  missingParameter: (name: string) =>
    new TwilioApiError(400, 20001, `Missing required parameter ${name} in the post body`),
  /** Assumed: Twilio documents no code for a second resource with the same unique name or key. */
  conflict: (what: string) => new TwilioApiError(409, 20409, `${what} already exists`),
};

/** A required form field, at most `max` characters (bytes, for a Variable's value). */
export function requiredField(
  form: URLSearchParams,
  name: string,
  max: number,
  measure: (value: string) => number = (value) => value.length,
): string {
  const value = form.get(name);
  if (value === null || value === '') throw serverlessErrors.missingParameter(name);
  if (measure(value) > max) throw serverlessErrors.invalidParameter(name, `longer than ${max}`);
  return value;
}
