import twilio from 'twilio';
import {
  AccountSuspendedByTwilioError,
  callTwilio,
  ParentAccountSuspendedError,
  redactSecrets,
  translateTwilioError,
  TwilioConflictError,
  TwilioError,
  TwilioNotFoundError,
  TwilioPermanentError,
  TwilioRateLimitedError,
  TwilioTransientError,
} from '../../src/twilio/twilio-errors';

// Errors built by twilio-node's own RestException from a Twilio-shaped answer, as the client throws.
const restException = (statusCode: number, body: object | string) =>
  new twilio.RestException({
    statusCode,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const twilioBody = (status: number, code: number, message: string) => ({
  status,
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
});

const FAKE_TOKEN = '0123456789abcdef0123456789abcdef';
const OP = 'set account ACffffffffffffffffffffffffffffffff status to suspended';

describe('translateTwilioError', () => {
  it.each([
    [404, 20404, TwilioNotFoundError, false],
    [409, 54208, TwilioConflictError, false],
    [429, 20429, TwilioRateLimitedError, true],
    [400, 21478, AccountSuspendedByTwilioError, false],
    [400, 21476, ParentAccountSuspendedError, false],
    [500, 20500, TwilioTransientError, true],
    [503, 20503, TwilioTransientError, true],
    [400, 21609, TwilioPermanentError, false],
    [401, 20003, TwilioPermanentError, false],
  ])('HTTP %i code %i → %p (retryable %p)', (status, code, Kind, retryable) => {
    const translated = translateTwilioError(
      restException(status, twilioBody(status, code, 'x')),
      OP,
    );
    expect(translated).toBeInstanceOf(Kind);
    expect(translated).toMatchObject({ status, code, retryable, operation: OP });
    expect((translated as Error).message).toContain(OP);
  });

  it('treats a 429 without a Twilio body as rate limiting', () => {
    const translated = translateTwilioError(restException(429, '<html>busy</html>'), OP);
    expect(translated).toBeInstanceOf(TwilioRateLimitedError);
  });

  it('says what to fix for bad credentials', () => {
    const translated = translateTwilioError(
      restException(401, twilioBody(401, 20003, 'Authenticate')),
      OP,
    );
    expect((translated as Error).message).toMatch(/ACCOUNT_SID and AUTH_TOKEN/);
  });

  it.each([
    ['ECONNRESET', 502],
    ['ECONNREFUSED', 502],
    ['ECONNABORTED', 504],
    ['ETIMEDOUT', 504],
  ])('network failure %s → transient %i without keeping the request config', (code, status) => {
    // What axios rejects with: the request config, Authorization header included.
    const axiosError = Object.assign(new Error(`failed ${code}`), {
      code,
      config: {
        headers: { Authorization: `Basic ${Buffer.from(`AC1:${FAKE_TOKEN}`).toString('base64')}` },
      },
    });
    const translated = translateTwilioError(axiosError, OP) as TwilioError;
    expect(translated).toBeInstanceOf(TwilioTransientError);
    expect(translated.status).toBe(status);
    expect(translated.retryable).toBe(true);
    expect(
      JSON.stringify({ ...translated, message: translated.message, stack: translated.stack }),
    ).not.toMatch(/Basic|config|QUMx/);
  });

  it('returns errors that are neither HTTP nor network failures unchanged', () => {
    const bug = new TypeError('cannot read properties of undefined');
    expect(translateTwilioError(bug, OP)).toBe(bug);
  });

  it('never repeats a credential Twilio or a proxy echoed in a message', () => {
    const echoed = restException(
      400,
      twilioBody(
        400,
        20001,
        `bad https://AC1:${FAKE_TOKEN}@api.twilio.com token ${FAKE_TOKEN} Basic QUMxOnRva2Vu`,
      ),
    );
    const message = (translateTwilioError(echoed, OP) as Error).message;
    expect(message).not.toContain(FAKE_TOKEN);
    expect(message).not.toContain('QUMxOnRva2Vu');
    expect(message).toContain('ACffffffffffffffffffffffffffffffff'); // SIDs are not secrets
  });
});

describe('redactSecrets', () => {
  it('keeps SIDs and removes bare 32-hex tokens', () => {
    const sid = `AC${FAKE_TOKEN}`;
    expect(redactSecrets(`${sid} ${FAKE_TOKEN}`)).toBe(`${sid} [redacted]`);
  });
});

describe('callTwilio', () => {
  it('passes results through and throws translated errors', async () => {
    await expect(callTwilio(OP, async () => 7)).resolves.toBe(7);
    await expect(
      callTwilio(OP, async () => {
        throw restException(404, twilioBody(404, 20404, 'not found'));
      }),
    ).rejects.toBeInstanceOf(TwilioNotFoundError);
  });
});
