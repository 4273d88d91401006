import { driveSetup, SetupCommandError, type DriveOptions } from '../../src/setup/drive-setup';
import { emptyTotals } from '../../src/setup/setup-cursor';

type Answer = { status: number; body: unknown } | Error;

/** A fetch that answers from a script and records what it was sent. */
function scriptedFetch(answers: Answer[]) {
  const sent: Array<{
    url: string;
    headers: Record<string, string>;
    body: Record<string, unknown>;
  }> = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    sent.push({
      url,
      headers: init.headers as Record<string, string>,
      body: JSON.parse(init.body as string),
    });
    const answer = answers.shift();
    if (!answer) throw new Error('script ran out');
    if (answer instanceof Error) throw answer;
    return new Response(JSON.stringify(answer.body), { status: answer.status });
  }) as unknown as typeof fetch;
  return { fetchFn, sent };
}

function page(cursor: string | null, seen: number, accounts = seen) {
  return {
    status: 200,
    body: {
      runId: 'run-1',
      mode: 'apply',
      done: cursor === null,
      cursor,
      totals: { ...emptyTotals(), seen },
      invocation: { accounts, writes: 0, calls: 0, elapsedMs: 1 },
      failures: [],
      changes: [],
      changesTruncated: 0,
      rules: [],
    },
  };
}

function options(fetchFn: typeof fetch, extra: Partial<DriveOptions> = {}): DriveOptions {
  const sleep = jest.fn(async () => undefined);
  return {
    url: 'https://breaker-1234-dev.twil.io/',
    username: 'ops',
    password: 'fake-password-123',
    mode: 'apply',
    fetch: fetchFn,
    sleep,
    ...extra,
  };
}

describe('driveSetup', () => {
  test('follows the cursor to the end, authenticating every call', async () => {
    const { fetchFn, sent } = scriptedFetch([page('c1', 10), page('c2', 20), page(null, 25)]);
    const progress = jest.fn();
    const result = await driveSetup(options(fetchFn, { onProgress: progress }));
    expect(result).toMatchObject({ invocations: 3, final: { done: true, totals: { seen: 25 } } });
    expect(sent.map((s) => s.body.cursor)).toEqual([null, 'c1', 'c2']);
    expect(sent.every((s) => s.url === 'https://breaker-1234-dev.twil.io/setup')).toBe(true);
    expect(sent[0].headers.Authorization).toBe(
      `Basic ${Buffer.from('ops:fake-password-123').toString('base64')}`,
    );
    expect(progress).toHaveBeenCalledTimes(3);
  });

  test('a failed call (5xx, network, killed invocation) is repeated with the same cursor', async () => {
    const { fetchFn, sent } = scriptedFetch([
      page('c1', 10),
      { status: 500, body: { message: 'killed' } },
      new TypeError('fetch failed'),
      page(null, 20),
    ]);
    const result = await driveSetup(options(fetchFn));
    expect(result.final.done).toBe(true);
    expect(sent.map((s) => s.body.cursor)).toEqual([null, 'c1', 'c1', 'c1']);
  });

  test('a 4xx page that is not the service (a 404 HTML page) stops at once, without retries', async () => {
    const fetchFn = (async () =>
      new Response('<h1>Not found</h1>', { status: 404 })) as unknown as typeof fetch;
    const drive = options(fetchFn);
    await expect(driveSetup(drive)).rejects.toThrow(
      'the service answered 404 with no JSON; is https://breaker-1234-dev.twil.io/ the breaker service?',
    );
    expect(drive.sleep).not.toHaveBeenCalled();
  });

  test('401 stops at once with a clear message', async () => {
    const { fetchFn, sent } = scriptedFetch([{ status: 401, body: { error: 'unauthorized' } }]);
    await expect(driveSetup(options(fetchFn))).rejects.toThrow(/Wrong admin username or password/);
    expect(sent).toHaveLength(1);
  });

  test('too many failures in a row: gives up, with the cursor to resume from', async () => {
    const failing = Array.from({ length: 10 }, () => ({ status: 503, body: { message: 'down' } }));
    const { fetchFn } = scriptedFetch([page('c1', 5), ...failing]);
    const error = await driveSetup(options(fetchFn, { maxRetries: 3 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SetupCommandError);
    expect(error).toMatchObject({ cursor: 'c1', message: expect.stringContaining('503') });
  });

  test('invocations that make no progress (a 429 storm) end the command after a bound', async () => {
    const stuck = Array.from({ length: 10 }, () => page('c1', 5, 0));
    const { fetchFn, sent } = scriptedFetch([page('c1', 5), ...stuck]);
    await expect(driveSetup(options(fetchFn, { maxStalls: 4 }))).rejects.toThrow(
      /No progress in 5 calls/,
    );
    expect(sent).toHaveLength(6);
  });
});
