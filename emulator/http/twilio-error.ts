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

export const missingParameter = (name: string) =>
  new TwilioApiError(400, 21604, `Required parameter ${name} missing.`);

export const invalidParameter = (name: string, value: string) =>
  new TwilioApiError(400, 21609, `Invalid ${name}: ${value}`);
