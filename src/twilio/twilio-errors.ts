// Failures of Twilio REST calls, translated into a few project errors the core can act on
// (retry, give up, report). twilio-node raises RestException (or TwilioServiceException) for HTTP
// errors and the raw axios error for network failures; the latter carries the request config,
// Authorization header included, so it is never kept, wrapped or logged: only its error code.
import { OutOfTimeError } from '../retry/out-of-time';

/** Base class: `status` is the HTTP status Twilio answered (502/504 when it never answered). */
export class TwilioError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Twilio's error code (https://www.twilio.com/docs/errors/<code>), when it sent one. */
    readonly code: number | undefined,
    /** What the project was doing, e.g. "update account AC… status"; never holds credentials. */
    readonly operation: string,
    /** True when sending the same request again may succeed. */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class TwilioNotFoundError extends TwilioError {}
/** 409: the resource already exists (e.g. a Sync Map Item key, a Sync unique name). */
export class TwilioConflictError extends TwilioError {}
/** 412: a conditional write (If-Match) found the resource at another revision; nothing was written. */
export class TwilioPreconditionFailedError extends TwilioError {}
/** 429 / 20429: too many concurrent requests; Twilio did not process the request. */
export class TwilioRateLimitedError extends TwilioError {}
/** 21478: Twilio itself suspended the account; its status cannot be changed through the API. */
export class AccountSuspendedByTwilioError extends TwilioError {}
/** 21476: the parent account is suspended, so its subaccounts cannot be changed. */
export class ParentAccountSuspendedError extends TwilioError {}
/** 5xx, timeouts, connection resets: safe to retry with backoff. */
export class TwilioTransientError extends TwilioError {}
/** Any other refusal (400, 401, 403, ...): retrying the same request will not help. */
export class TwilioPermanentError extends TwilioError {}
/**
 * 401 / 403: these credentials may not do this. Twilio answers it both to wrong credentials and to
 * right ones used on an account they do not own (its 20003 page lists "subaccount credentials used
 * to access the main account or another subaccount"), so only the caller can tell which it was.
 */
export class TwilioAccessDeniedError extends TwilioPermanentError {}

const CODE_RATE_LIMITED = 20429;
const CODE_SUSPENDED_BY_TWILIO = 21478;
const CODE_PARENT_SUSPENDED = 21476;

// Node/axios error codes of requests that never got an answer.
const NETWORK_CODES: Record<string, 'timeout' | 'connection'> = {
  ECONNABORTED: 'timeout',
  ETIMEDOUT: 'timeout',
  ESOCKETTIMEDOUT: 'timeout',
  ERR_SOCKET_CONNECTION_TIMEOUT: 'timeout',
  ECONNRESET: 'connection',
  ECONNREFUSED: 'connection',
  EPIPE: 'connection',
  EHOSTUNREACH: 'connection',
  ENETUNREACH: 'connection',
  EAI_AGAIN: 'connection',
  ENOTFOUND: 'connection',
  ERR_NETWORK: 'connection',
};

/** Removes anything shaped like a credential from text that may end up in logs. */
export function redactSecrets(text: string): string {
  return (
    text
      // A bare 32-hex string is an auth token (SIDs have a letter prefix, so \b does not split them).
      .replace(/\b[0-9a-fA-F]{32}\b/g, '[redacted]')
      .replace(/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._-]+/gi, '$1 [redacted]')
      .replace(/\/\/[^/\s:@]+:[^/\s@]+@/g, '//[redacted]@')
  );
}

interface HttpFailure {
  status: number;
  code?: number;
  message?: string;
}

function asHttpFailure(error: unknown): HttpFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, code, message } = error as Record<string, unknown>;
  if (typeof status !== 'number' || status < 400 || status > 599) return undefined;
  return {
    status,
    code: typeof code === 'number' ? code : undefined,
    message: typeof message === 'string' ? message : undefined,
  };
}

function networkCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as Record<string, unknown>;
  if (typeof code === 'string' && code in NETWORK_CODES) return code;
  if (typeof message === 'string' && /socket hang up/i.test(message)) return 'ECONNRESET';
  return undefined;
}

function fromHttp(failure: HttpFailure, operation: string): TwilioError {
  const { status, code } = failure;
  const said = failure.message ? `: ${redactSecrets(failure.message)}` : '';
  const evidence = `Twilio answered ${status}${code ? ` (code ${code})` : ''}${said}`;
  const make = <E extends TwilioError>(
    Kind: new (...args: ConstructorParameters<typeof TwilioError>) => E,
    fix: string,
    retryable: boolean,
  ) => new Kind(`${operation} failed. ${evidence}. ${fix}`, status, code, operation, retryable);

  if (code === CODE_SUSPENDED_BY_TWILIO) {
    return make(
      AccountSuspendedByTwilioError,
      'Twilio suspended this account itself; only Twilio support can change it.',
      false,
    );
  }
  if (code === CODE_PARENT_SUSPENDED) {
    return make(
      ParentAccountSuspendedError,
      'The parent account is suspended; reactivate it (or contact Twilio support) first.',
      false,
    );
  }
  if (status === 429 || code === CODE_RATE_LIMITED) {
    return make(
      TwilioRateLimitedError,
      'Too many concurrent requests on this account: retry with backoff or lower the concurrency.',
      true,
    );
  }
  if (status === 404) {
    return make(
      TwilioNotFoundError,
      'Check the SID, and that it belongs to the account whose credentials are used.',
      false,
    );
  }
  if (status === 409) {
    return make(TwilioConflictError, 'The resource already exists.', false);
  }
  if (status === 412) {
    return make(
      TwilioPreconditionFailedError,
      'It was changed since it was read: read it again before writing.',
      false,
    );
  }
  if (status >= 500) {
    return make(TwilioTransientError, 'Twilio-side failure: safe to retry with backoff.', true);
  }
  if (status === 401 || status === 403) {
    return make(
      TwilioAccessDeniedError,
      'Check ACCOUNT_SID and AUTH_TOKEN, and that these credentials may act on this account.',
      false,
    );
  }
  return make(TwilioPermanentError, 'Twilio refused the request as sent.', false);
}

/**
 * Translates whatever a twilio-node call threw into a TwilioError. Errors that are neither an HTTP
 * answer nor a network failure (bugs, invalid arguments) are returned unchanged.
 */
export function translateTwilioError(error: unknown, operation: string): unknown {
  if (error instanceof TwilioError) return error;
  const http = asHttpFailure(error);
  if (http) return fromHttp(http, operation);
  const network = networkCode(error);
  if (network) {
    const timeout = NETWORK_CODES[network] === 'timeout';
    return new TwilioTransientError(
      `${operation} failed: ${timeout ? 'no answer from Twilio in time' : 'connection to Twilio failed'} ` +
        `(${network}). Safe to retry with backoff; check the network if it persists.`,
      timeout ? 504 : 502,
      undefined,
      operation,
      true,
    );
  }
  return error;
}

/** Runs one Twilio call, throwing a TwilioError (see translateTwilioError) when it fails. */
export async function callTwilio<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw translateTwilioError(error, operation);
  }
}

/**
 * How a Twilio call fails when our code is right: Twilio refused or failed it (TwilioError), or it
 * never got its turn at Twilio's concurrency cap before its deadline (OutOfTimeError).
 */
export type TwilioCallFailure = TwilioError | OutOfTimeError;

const isTwilioCallFailure = (error: unknown): error is TwilioCallFailure =>
  error instanceof TwilioError || error instanceof OutOfTimeError;

/** An error as it may be recorded: Twilio's (credentials redacted), ours in words, or just its kind. */
export function describeError(error: unknown): string {
  if (isTwilioCallFailure(error)) return redactSecrets(error.message).slice(0, 300);
  return error instanceof Error ? `unexpected ${error.name}` : 'unexpected failure';
}

/**
 * For a catch that stands for "Twilio could not be asked": anything but a TwilioCallFailure is a bug
 * in our code and is thrown on, to surface as a 500 that logs its class, never as a Twilio outage.
 * Callers for which running out of turns means "come back later" test for OutOfTimeError first.
 */
export function rethrowUnlessTwilio(error: unknown): asserts error is TwilioCallFailure {
  if (!isTwilioCallFailure(error)) throw error;
}

/**
 * `cause` told in a caller's words, keeping its kind, so retries and reports treat it the same. No
 * turn in time stays itself (the work waits for the next call); no cause (a state only a bug
 * reaches) is a plain Error: a bug.
 */
export function inContext(cause: TwilioCallFailure | null, message: string): Error {
  if (!cause) return new Error(message);
  if (cause instanceof OutOfTimeError) return cause;
  const Kind = cause.constructor as typeof TwilioError;
  return new Kind(message, cause.status, cause.code, cause.operation, cause.retryable);
}

/** A promise's `.catch` for a read that may fail: `fallback` when Twilio failed, a bug thrown on. */
export const orOnTwilioError =
  <T>(fallback: T) =>
  (error: unknown): T => {
    rethrowUnlessTwilio(error);
    return fallback;
  };
