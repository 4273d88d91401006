import { EventsCommandError, fetchEventsPage, serviceUrl } from '../../src/ops/events-client';
import { rejectionOf } from '../support/rejection';

const PASSWORD = 'fake-admin-passphrase';
const options = (fetchImpl: typeof fetch) => ({
  url: 'https://breaker-1234-dev.twil.io/',
  username: 'admin',
  password: PASSWORD,
  fetch: fetchImpl,
});

function answering(status: number, body: string) {
  const seen: Array<{ url: string; authorization: string | null }> = [];
  const fetchImpl = (async (url: URL, init: RequestInit) => {
    seen.push({ url: String(url), authorization: new Headers(init.headers).get('authorization') });
    return new Response(body, { status });
  }) as unknown as typeof fetch;
  return { fetchImpl, seen };
}

const failure = (promise: Promise<unknown>) => rejectionOf(promise, EventsCommandError);

describe('serviceUrl', () => {
  it('takes https anywhere and http only to this machine', () => {
    expect(serviceUrl('https://x.twil.io').host).toBe('x.twil.io');
    expect(serviceUrl('http://127.0.0.1:3000').port).toBe('3000');
    expect(() => serviceUrl('http://x.twil.io')).toThrow(/must be https/);
    expect(() => serviceUrl('https://admin:pw@x.twil.io')).toThrow(/must not hold credentials/);
    expect(() => serviceUrl('x.twil.io')).toThrow(
      '--url needs http:// or https:// in front: use https://x.twil.io',
    );
  });
});

describe('fetchEventsPage', () => {
  it('sends the filters, the cursor and Basic credentials', async () => {
    const { fetchImpl, seen } = answering(200, JSON.stringify({ events: [], nextCursor: 'abc' }));
    const page = await fetchEventsPage(
      options(fetchImpl),
      { account: 'AC' + 'a'.repeat(32), action: 'suspended', since: undefined },
      'c1',
      20,
    );
    expect(page).toEqual({ events: [], nextCursor: 'abc' });
    const url = new URL(seen[0].url);
    expect(url.pathname).toBe('/admin-events');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      account: 'AC' + 'a'.repeat(32),
      action: 'suspended',
      pageSize: '20',
      cursor: 'c1',
    });
    expect(seen[0].authorization).toBe(
      `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`,
    );
  });

  it('says what went wrong, never with the password, and which failures are worth retrying', async () => {
    const wrong = await failure(
      fetchEventsPage(options(answering(401, '{}').fetchImpl), {}, null, 10),
    );
    expect(wrong.message).toMatch(/Wrong admin username or password/);
    expect(wrong.retryable).toBe(false);
    const refused = await failure(
      fetchEventsPage(
        options(answering(400, '{"error":"bad-request","message":"since must be ISO"}').fetchImpl),
        {},
        null,
        10,
      ),
    );
    expect(refused.message).toBe('The service refused: since must be ISO');
    const down = await failure(
      fetchEventsPage(options(answering(502, '<html>').fetchImpl), {}, null, 10),
    );
    expect(down.retryable).toBe(true);
    const offline = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    const unreachable = await failure(fetchEventsPage(options(offline), {}, null, 10));
    expect(unreachable.retryable).toBe(true);
    for (const error of [wrong, refused, down, unreachable]) {
      expect(error.message).not.toContain(PASSWORD);
    }
  });
});
