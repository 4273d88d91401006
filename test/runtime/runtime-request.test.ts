import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import { breakerCallbackUrl, BREAKER_QUERY_KEYS } from '../../src/breaker/delivery/callback-url';
import { publicOrigin } from '../../src/runtime/public-origin';
import { toRuntimeRequest } from '../../src/runtime/runtime-request';
import { signTwilioRequest } from '../support/twilio-signer';

const params = { AccountSid: 'AC' + 'a'.repeat(32), CurrentValue: '12.5' };

/** The event Twilio Functions build: query and body merged, headers under event.request. */
function functionsEvent(
  query: Record<string, unknown>,
  body: Record<string, unknown>,
  headers: Record<string, unknown>,
) {
  return { request: { headers, cookies: { session: 'x' } }, ...query, ...body };
}

describe('publicOrigin', () => {
  it('is https://DOMAIN_NAME when deployed, whatever the Host header says', () => {
    expect(publicOrigin('breaker-1234-dev.twil.io', 'evil.example.test')).toBe(
      'https://breaker-1234-dev.twil.io',
    );
    expect(publicOrigin('breaker-1234-dev.twil.io', '127.0.0.1:3000')).toBe(
      'https://breaker-1234-dev.twil.io',
    );
  });

  it('is http://<Host> under twilio-run, when both name this machine', () => {
    expect(publicOrigin('localhost:3000', '127.0.0.1:3000')).toBe('http://127.0.0.1:3000');
    expect(publicOrigin('localhost:3000', 'evil.example.test')).toBe('http://localhost:3000');
    expect(publicOrigin('localhost:3000', undefined)).toBe('http://localhost:3000');
  });

  it('is https for a tunnel URL given to twilio-run (--ngrok)', () => {
    expect(publicOrigin('abcd.ngrok.io', 'localhost:3000')).toBe('https://abcd.ngrok.io');
  });
});

describe('toRuntimeRequest', () => {
  const deployed = { DOMAIN_NAME: 'breaker-1234-dev.twil.io', PATH: '/breaker' };
  const formHeaders = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-twilio-signature': 'sig',
  };

  it('puts the query keys back into the URL and keeps only body parameters', () => {
    const request = toRuntimeRequest(
      deployed,
      functionsEvent({ tier: 'trip' }, params, formHeaders),
      BREAKER_QUERY_KEYS,
    );
    expect(request).toEqual({
      method: 'POST',
      url: 'https://breaker-1234-dev.twil.io/breaker?tier=trip',
      headers: formHeaders,
      params,
    });
  });

  it('rebuilds exactly the URL setup registers, so a Twilio signature over it validates', () => {
    const url = breakerCallbackUrl('https://breaker-1234-dev.twil.io', 'warn');
    const headers = {
      ...formHeaders,
      'x-twilio-signature': signTwilioRequest('fake-token-sub', url, params),
    };
    const request = toRuntimeRequest(
      deployed,
      functionsEvent({ tier: 'warn' }, params, headers),
      BREAKER_QUERY_KEYS,
    );
    expect(request.url).toBe(url);
    expect(
      validateRequest(
        'fake-token-sub',
        request.headers['x-twilio-signature'],
        request.url,
        request.params,
      ),
    ).toBe(true);
  });

  it('calls a request without a Content-Type (no body: GET, OPTIONS) a GET', () => {
    const request = toRuntimeRequest(
      deployed,
      functionsEvent({ tier: 'trip' }, {}, {}),
      BREAKER_QUERY_KEYS,
    );
    expect(request.method).toBe('GET');
  });

  it('leaves a query key with a non-string value among the parameters (the signature check refuses it)', () => {
    const request = toRuntimeRequest(
      deployed,
      functionsEvent({ tier: ['trip', 'warn'] }, params, formHeaders),
      BREAKER_QUERY_KEYS,
    );
    expect(request.url).toBe('https://breaker-1234-dev.twil.io/breaker');
    expect(request.params.tier).toEqual(['trip', 'warn']);
  });

  it('lower-cases header names and joins repeated headers', () => {
    const request = toRuntimeRequest(
      deployed,
      functionsEvent({}, {}, { 'X-Custom': ['a', 'b'], Host: 'h' }),
      [],
    );
    expect(request.headers).toEqual({ 'x-custom': 'a, b', host: 'h' });
  });

  it('works without event.request (an old runtime): no headers, so no signature', () => {
    const request = toRuntimeRequest(deployed, { ...params }, BREAKER_QUERY_KEYS);
    expect(request.headers).toEqual({});
    expect(request.method).toBe('GET');
  });

  it('uses the local URL under twilio-run', () => {
    const request = toRuntimeRequest(
      { DOMAIN_NAME: 'localhost:3000', PATH: '/breaker' },
      functionsEvent({ tier: 'trip' }, params, { ...formHeaders, host: '127.0.0.1:3000' }),
      BREAKER_QUERY_KEYS,
    );
    expect(request.url).toBe('http://127.0.0.1:3000/breaker?tier=trip');
  });
});
