import type { EmulatorResponse } from '../types';

/**
 * Thrown by resource handlers; the core turns it into Twilio's error body
 * `{code, message, more_info, status}` so twilio-node raises a RestException as it would in production.
 */
export class TwilioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'TwilioApiError';
  }

  toResponse(): EmulatorResponse {
    return {
      status: this.status,
      body: {
        code: this.code,
        message: this.message,
        more_info: `https://www.twilio.com/docs/errors/${this.code}`,
        status: this.status,
      },
    };
  }
}

export const notFound = (path: string) =>
  new TwilioApiError(404, 20404, `The requested resource ${path} was not found`);

// Twilio's general code for a request parameter that is missing or not valid: its v1 APIs (Chat,
// TaskRouter, Messaging) answer "Missing required parameter X in the post body" with 20001, as
// issues quoting the response show (e.g. twilio/twilio-go#112). What the 2010 API's Usage
// Triggers answer exactly is not documented: docs/EMULATOR.md lists it as assumed.
const CODE_INVALID_PARAMETER = 20001;

export const missingParameter = (name: string) =>
  new TwilioApiError(
    400,
    CODE_INVALID_PARAMETER,
    `Missing required parameter ${name} in the post body`,
  );

export const invalidParameter = (name: string, value: string) =>
  new TwilioApiError(400, CODE_INVALID_PARAMETER, `Invalid ${name}: ${value}`);

/**
 * Another account's resources, asked for with credentials that do not own it. Twilio answers 401
 * 20003: its 20003 page lists "subaccount credentials used to access the main account or another
 * subaccount" among the causes (https://www.twilio.com/docs/api/errors/20003). It never says
 * whether the account exists.
 */
export const notYourAccount = () => new TwilioApiError(401, 20003, 'Authenticate');
