// A request an admin endpoint refuses: bad input (400), a failed sign-in step (401), a scope that
// does not allow it (403), an unknown account (404), a state that forbids the change (409), a
// limit reached (429), a store the answer depends on unreachable (503). `code` is the `error`
// field of the JSON answer, the message says what to fix. Never carries a secret: messages are
// built from validated input only.
import { jsonResponse, type ResponseValue } from '../runtime/response-value';

export class AdminRequestError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 429 | 502 | 503,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AdminRequestError';
  }

  toResponse(): ResponseValue {
    return jsonResponse(this.status, { error: this.code, message: this.message }, this.headers);
  }
}

export const badRequest = (message: string) => new AdminRequestError(400, 'bad-request', message);
