// What `npm run events`, `npm run setup` and `npm run simulate` say when given the wrong thing: each
// case feeds the mistake a newcomer makes and checks the exact words they read, and that nothing
// was asked for (no password, no code) or sent that did not need to be.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type Emulator } from '../../emulator';
import { runEventsCommand, type EventsCommandIo } from '../../scripts/events-command';
import { runSetupCommand } from '../../scripts/setup-command';
import { runSimulate } from '../../scripts/simulate-usage';
import { freePort } from '../support/sandbox-process';

const TOKEN = 'fake-read-token-0123456789abcdefghijklmn';

/** A command's io that records what it printed, asked and fetched. */
function recorder(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const asked: string[] = [];
  const fetched: string[] = [];
  const io: EventsCommandIo = {
    env,
    print: (line) => out.push(line),
    printErr: (line) => err.push(line),
    askPassword: async (question) => {
      asked.push(question);
      return 'fake-admin-password-cli';
    },
    askCode: async (question) => {
      asked.push(question);
      return '123456';
    },
    fetch: ((url: URL | string, init?: RequestInit) => {
      fetched.push(String(url));
      return fetch(url, init);
    }) as typeof fetch,
  };
  return { io, out, err, asked, fetched };
}

/** The first line a command printed: its message (the usage follows). */
const firstLine = (lines: string[]) => lines.join('\n').split('\n')[0];

describe('npm run events: usage mistakes are named before anything is asked or sent', () => {
  test.each([
    [
      ['--user', 'ops'],
      "events: Missing --url: the breaker service's base URL, e.g. https://breaker-1234-dev.twil.io (the sandbox prints it).",
    ],
    [
      ['--url', 'http://localhost:3300'],
      'events: Missing --user or --token: how to sign in to http://localhost:3300. --user <admin> asks for the password (or reads ADMIN_PASSWORD); --token (or ADMIN_TOKEN) uses an API token.',
    ],
    [
      ['--url', 'localhost:3300', '--user', 'ops'],
      'events: --url needs http:// or https:// in front: use http://localhost:3300',
    ],
    [
      ['--url', 'breaker-1234-dev.twil.io', '--user', 'ops'],
      'events: --url needs http:// or https:// in front: use https://breaker-1234-dev.twil.io',
    ],
    [
      ['--url', 'http://localhost:3300/index.html', '--user', 'ops'],
      "events: --url is the service's base URL, without a path: use http://localhost:3300 (not http://localhost:3300/index.html)",
    ],
    [
      ['--url', 'http://localhost:3300', '--user', 'ops', '--token', TOKEN],
      'events: Give --user or --token, not both: --user signs in as a person (password, then a code), --token uses an API token.',
    ],
    [
      ['--url', 'http://localhost:3300', '--user', 'ops', '--since', 'last week'],
      'events: --since must be an ISO 8601 date or date-time, e.g. 2024-05-01 or 2024-05-01T10:00:00Z',
    ],
    [
      [
        '--url',
        'http://localhost:3300',
        '--user',
        'ops',
        '--since',
        '2024-05-02',
        '--until',
        '2024-05-01',
      ],
      'events: --since must not be after --until',
    ],
    [
      ['--url', 'http://localhost:3300', '--user', 'ops', '--account', 'x'.repeat(65)],
      'events: --account: give a name, or a SID or its start, at most 64 characters',
    ],
    [
      ['--url', 'http://localhost:3300', '--user', 'ops', '--action', 'suspend'],
      'events: --action: "suspend" is not an action; use suspended, would-suspend, alerted, already-suspended, skipped, duplicate, rejected, failed, swept, alert-held, reactivated, setup-run, override, sign-in',
    ],
    [
      ['--url', 'http://localhost:3300', '--user'],
      'events: --user needs a value, e.g. --user <value>.',
    ],
    [['--url', 'http://localhost:3300', '--acount', 'x'], 'events: Unknown option --acount.'],
  ])('%j → exit 2: %s', async (argv, message) => {
    const run = recorder();
    expect(await runEventsCommand(argv, run.io)).toBe(2);
    expect(firstLine(run.out)).toBe(message);
    expect(run.out.join('\n')).toContain('Usage: npm run events');
    expect(run.asked).toEqual([]);
    expect(run.fetched).toEqual([]);
  });

  test('ADMIN_TOKEN and ADMIN_USERNAME both set: says the token is used', async () => {
    const port = await freePort();
    const run = recorder({ ADMIN_TOKEN: TOKEN, ADMIN_USERNAME: 'ops' });
    await expect(runEventsCommand(['--url', `http://127.0.0.1:${port}`], run.io)).rejects.toThrow();
    expect(run.err[0]).toBe(
      'events: Signing in with the API token in ADMIN_TOKEN; ADMIN_USERNAME is not used (give --user to sign in as a person).',
    );
    expect(run.asked).toEqual([]);
  });
});

describe('npm run events: a --url that is not the breaker is named before the password', () => {
  let emulator: Emulator;
  let other: http.Server;
  let otherUrl: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    other = http.createServer((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<h1>Not found</h1>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await emulator?.close();
    await new Promise((resolve) => other?.close(resolve));
  });

  /** The message the command fails with (it prints it after "events: "). */
  const refusal = (url: string, io: EventsCommandIo) =>
    runEventsCommand(['--url', url, '--user', 'ops'], io).then(
      () => undefined,
      (error: Error) => error.message,
    );

  test('the emulator', async () => {
    const run = recorder();
    const message = await refusal(emulator.url, run.io);
    expect(message).toBe(
      `${emulator.url} is the Twilio API emulator, not the breaker: use the Functions' URL, which \`npm start\` prints under "Dashboard" (e.g. http://localhost:3000).`,
    );
    expect(run.asked).toEqual([]);
    expect(run.fetched.every((url) => !url.includes('admin-'))).toBe(true);
  });

  test('another web server (a dev server on the port)', async () => {
    const run = recorder();
    const message = await refusal(otherUrl, run.io);
    expect(message).toBe(
      `${otherUrl} is not the breaker service: its /health answered 404 (text/html), not the breaker's. Check --url: the service's base URL, e.g. https://breaker-1234-dev.twil.io.`,
    );
    expect(run.asked).toEqual([]);
  });

  test('nothing listening on the port', async () => {
    const port = await freePort();
    const run = recorder();
    const message = await refusal(`http://127.0.0.1:${port}`, run.io);
    expect(message).toBe(
      `Could not reach http://127.0.0.1:${port}: nothing answers on port ${port} (connection refused). Is the sandbox running (npm start)? If it is, check --url.`,
    );
    expect(run.asked).toEqual([]);
  });

  test('a host name that does not resolve', async () => {
    // What Node's fetch rejects with when DNS has no such name (no lookup is made here).
    const notFound = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('getaddrinfo ENOTFOUND nope.invalid'), { code: 'ENOTFOUND' }),
    });
    const run = recorder();
    run.io.fetch = (async () => {
      throw notFound;
    }) as typeof fetch;
    const message = await refusal('https://nope.invalid', run.io);
    expect(message).toBe(
      'Could not reach https://nope.invalid: the host name nope.invalid could not be found. Check --url, and that this machine is online.',
    );
    expect(run.asked).toEqual([]);
  });
});

describe('npm run setup: the same words', () => {
  test.each([
    [
      ['--token', TOKEN],
      "setup: Missing --url: the breaker service's base URL, e.g. https://breaker-1234-dev.twil.io (the sandbox prints it).",
    ],
    [
      ['--url', 'http://localhost:3300'],
      'setup: Missing --user or --token: how to sign in to http://localhost:3300. --user <admin> asks for the password (or reads ADMIN_PASSWORD); --token (or ADMIN_TOKEN) uses an API token.',
    ],
    [
      ['--url', 'http://localhost:3300', '--user', 'ops', '--token', TOKEN],
      'setup: Give --user or --token, not both: --user signs in as a person (password, then a code), --token uses an API token.',
    ],
    [
      ['--url', 'http://localhost:3300/index.html', '--token', TOKEN],
      "setup: --url is the service's base URL, without a path: use http://localhost:3300 (not http://localhost:3300/index.html)",
    ],
  ])('%j → exit 2: %s', async (argv, message) => {
    const run = recorder();
    const err: string[] = [];
    const code = await runSetupCommand(argv, { ...run.io, printErr: (text) => err.push(text) });
    expect(code).toBe(2);
    expect(firstLine(err)).toBe(message);
    expect(run.fetched).toEqual([]);
  });
});

describe('npm run simulate', () => {
  const simulate = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runSimulate(argv, {
      print: (line) => out.push(line),
      printErr: (line) => err.push(line),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const emulator = ['--emulator', 'http://127.0.0.1:9'];

  test('--help prints the usage', async () => {
    const { code, out, err } = await simulate(['--help']);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe(
      'Usage: npm run simulate -- --subaccount <SID or 1-based index> --price <USD>',
    );
    expect(err).toBe('');
  });

  test.each([
    [
      ['--subaccount', '1', '--price', '-5', ...emulator],
      'simulate: --price must be a positive number, e.g. --price 500 (got -5)',
    ],
    [
      ['--subaccount', '1', '--price', 'lots', ...emulator],
      'simulate: --price must be a positive number, e.g. --price 500 (got lots)',
    ],
    [['--subaccount', '1', '--prize', '5', ...emulator], 'simulate: Unknown option --prize.'],
    [
      ['--subaccount', '1', '--price', ...emulator],
      'simulate: --price needs a value, e.g. --price <value>.',
    ],
  ])('%j → exit 2: %s', async (argv, message) => {
    const { code, err } = await simulate(argv);
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe(message);
    expect(err).toContain('Usage: npm run simulate');
  });
});
