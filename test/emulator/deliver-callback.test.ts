import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { deliverCallback, isLoopbackHost } from '../../emulator/callbacks/deliver-callback';
import { signTwilioRequest } from '../support/twilio-signer';

const TOKEN = 'fake-sub-token';
const PARAMS = { AccountSid: `AC${'2'.repeat(32)}`, CurrentValue: '60.52', Note: 'a b&c=d+é' };

interface Captured {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver on a random loopback port that records each request and answers `status`. */
async function receiver(
  answer: (res: http.ServerResponse) => void = (res) => res.writeHead(200).end(),
  host = '127.0.0.1',
) {
  const captured: Captured[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      captured.push({ method: req.method, url: req.url, headers: req.headers, body });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { captured, base: `http://127.0.0.1:${port}`, port, close };
}

describe('deliverCallback', () => {
  it("POSTs a form signed by twilio-node's signer over URL and params", async () => {
    const r = await receiver((res) => res.writeHead(403).end('forbidden'));
    try {
      const url = `${r.base}/usage?tier=trip`;
      const result = await deliverCallback({
        url,
        method: 'POST',
        params: PARAMS,
        signingToken: TOKEN,
      });
      expect(result).toEqual({
        url,
        status: 403,
        signature: signTwilioRequest(TOKEN, url, PARAMS),
        params: PARAMS,
      });
      const [request] = r.captured;
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/usage?tier=trip');
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(request.headers['user-agent']).toMatch(/^TwilioProxy\//);
      const received = Object.fromEntries(new URLSearchParams(request.body));
      expect(received).toEqual(PARAMS);
      const signature = String(request.headers['x-twilio-signature']);
      expect(twilio.validateRequest(TOKEN, signature, url, received)).toBe(true);
      expect(twilio.validateRequest('fake-parent-token', signature, url, received)).toBe(false);
      expect(
        twilio.validateRequest(TOKEN, signature, url, { ...received, CurrentValue: '1' }),
      ).toBe(false);
    } finally {
      await r.close();
    }
  });

  it('sends a GET with the parameters in the query, signed over that full URL', async () => {
    const r = await receiver();
    try {
      const result = await deliverCallback({
        url: `${r.base}/hook?tier=warn`,
        method: 'GET',
        params: PARAMS,
        signingToken: TOKEN,
      });
      const [request] = r.captured;
      expect(request.method).toBe('GET');
      expect(request.body).toBe('');
      const query = Object.fromEntries(new URL(request.url!, r.base).searchParams);
      expect(query).toEqual({ tier: 'warn', ...PARAMS });
      expect(result.url).toBe(`${r.base}${request.url}`);
      expect(result.params).toEqual({});
      const signature = String(request.headers['x-twilio-signature']);
      expect(twilio.validateRequest(TOKEN, signature, result.url, {})).toBe(true);
      expect(result.signature).toBe(signature);
    } finally {
      await r.close();
    }
  });

  it('reaches a receiver through localhost too', async () => {
    const r = await receiver(undefined, 'localhost');
    try {
      const result = await deliverCallback({
        url: `http://localhost:${r.port}/x`,
        method: 'POST',
        params: PARAMS,
        signingToken: TOKEN,
      });
      expect(result.status).toBe(200);
      expect(r.captured).toHaveLength(1);
    } finally {
      await r.close();
    }
  });

  it('refuses a non-loopback target without sending anything', async () => {
    const result = await deliverCallback({
      url: 'https://example.invalid/hook',
      method: 'POST',
      params: PARAMS,
      signingToken: TOKEN,
    });
    expect(result.status).toBe('network-error');
    expect(result.signature).toBe('');
    expect(result.error).toMatch(/only calls loopback.*allowNonLoopback/);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.200.3.4', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['[::1]', true],
    ['10.0.0.1', false],
    ['0.0.0.0', false],
    ['127.example.com', false],
    ['example.com', false],
    ['[::2]', false],
  ])('isLoopbackHost(%s) is %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  it('reports a refused connection as network-error instead of throwing', async () => {
    const r = await receiver();
    const url = `${r.base}/gone`;
    await r.close();
    const result = await deliverCallback({
      url,
      method: 'POST',
      params: PARAMS,
      signingToken: TOKEN,
    });
    expect(result).toMatchObject({ url, status: 'network-error', params: PARAMS });
    expect(result.error).toMatch(/ECONNREFUSED/);
    expect(result.signature).toBe(signTwilioRequest(TOKEN, url, PARAMS));
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const r = await receiver(() => undefined);
    try {
      // A broken timeout shows as this test's own timeout; how long it took is not asserted.
      const result = await deliverCallback(
        { url: `${r.base}/slow`, method: 'POST', params: PARAMS, signingToken: TOKEN },
        { timeoutMs: 200 },
      );
      expect(result.status).toBe('network-error');
      expect(result.error).toMatch(/no response within 200 ms/);
    } finally {
      await r.close();
    }
  });

  it('reports an unparseable URL as network-error', async () => {
    const result = await deliverCallback({
      url: 'not a url',
      method: 'POST',
      params: {},
      signingToken: TOKEN,
    });
    expect(result).toMatchObject({
      status: 'network-error',
      error: expect.stringContaining('not a url'),
    });
  });
});
