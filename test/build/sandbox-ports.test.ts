// `npm start` with a port another program holds: refused at once, naming the port and the flag
// that moves it, before anything starts; and the Functions counted as ready only when /health
// answers as this breaker. Plus the banner's "find it again" lines and the stop messages.
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { ROOT_DIR } from '../../scripts/build';
import {
  childExitedMessage,
  findAgainLines,
  reprintOnEnter,
  stoppedMessage,
} from '../../scripts/sandbox-banner';
import { freePortAfter, waitForBreaker, type PortUse } from '../../scripts/sandbox-ports';
import { createVirtualClock } from '../../src/runtime/virtual-clock';
import { freePort } from '../support/sandbox-process';

/** Another program on a port: a dev server that answers everything with a page. */
async function otherProgram(): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => res.end('<h1>my app</h1>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** `npm start` as a person runs it; answers its exit code and everything it printed. */
async function npmStart(args: string[]) {
  const result = await promisify(execFile)('npm', ['start', '--', '--emulator', ...args], {
    cwd: ROOT_DIR,
    timeout: 60_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: error.stdout + error.stderr,
    }),
  );
  return result;
}

describe('npm start with a port already taken', () => {
  test.each([
    ['--port', "the breaker's Functions"],
    ['--emulator-port', 'the Twilio API emulator'],
  ])(
    '%s: refused at once, naming the port and the flag',
    async (flag, what) => {
      const other = await otherProgram();
      try {
        const free = await freePort();
        const ports =
          flag === '--port'
            ? ['--port', String(other.port), '--emulator-port', String(free)]
            : ['--port', String(free), '--emulator-port', String(other.port)];
        const { code, output } = await npmStart([...ports, '--sandbox-env', '/nonexistent/.env']);
        const suggested = await freePortAfter(other.port);
        expect(code).toBe(1);
        expect(output).toContain(
          `\nnpm start: Port ${other.port} is already in use by another program, so ${what} ` +
            `cannot listen there. Stop that program, or pick a free port: npm start -- ${flag} ${suggested}\n`,
        );
        // Nothing started: no banner, no build, no triggers registered against the other program.
        expect(output).not.toContain('Sandbox ready');
      } finally {
        await other.close();
      }
    },
    90_000,
  );
});

describe('waitForBreaker', () => {
  const use: PortUse = { port: 3000, flag: '--port', what: "the breaker's Functions" };
  const breaker = () =>
    new Response(JSON.stringify({ ok: true, service: 'twilio-subaccount-breaker' }), {
      headers: { 'Content-Type': 'application/json' },
    });

  test('another server answering there is refused at once, with the port and --port', async () => {
    const clock = createVirtualClock();
    const fetchFn = (async () => new Response('<h1>my app</h1>', { status: 200 })) as typeof fetch;
    const suggested = await freePortAfter(3000);
    const started = clock.now();
    await expect(
      waitForBreaker(use, 'http://localhost:3000/health', {
        fetch: fetchFn,
        clock,
        exitCode: () => null,
        timeoutMs: 60_000,
      }),
    ).rejects.toThrow(
      "Another program answers on port 3000 (its /health is not this breaker's), so the sandbox " +
        `cannot use it. Stop that program, or pick a free port: npm start -- --port ${suggested}`,
    );
    expect(clock.now()).toBe(started);
  });

  test('waits while nothing answers yet, then takes only the breaker’s own answer', async () => {
    const clock = createVirtualClock();
    let calls = 0;
    const fetchFn = (async () => {
      calls += 1;
      if (calls < 3) throw new TypeError('fetch failed');
      if (calls === 3) return new Response('starting', { status: 503 });
      return breaker();
    }) as typeof fetch;
    const started = clock.now();
    await waitForBreaker(use, 'http://localhost:3000/health', {
      fetch: fetchFn,
      clock,
      exitCode: () => null,
      timeoutMs: 60_000,
      pollMs: 250,
    });
    expect(calls).toBe(4);
    expect(clock.now() - started).toBe(750);
  });

  test('twilio-run exiting, or nothing in time, is said plainly', async () => {
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const options = { fetch: down, clock: createVirtualClock(), timeoutMs: 60_000 };
    await expect(
      waitForBreaker(use, 'http://localhost:3000/health', { ...options, exitCode: () => 1 }),
    ).rejects.toThrow('twilio-run exited (code 1) before serving on port 3000.');
    await expect(
      waitForBreaker(use, 'http://localhost:3000/health', { ...options, exitCode: () => null }),
    ).rejects.toThrow('http://localhost:3000/health did not answer within 60 s.');
  });
});

describe('the banner and the stop messages', () => {
  test('the banner ends with where to find it again and what every start makes anew', () => {
    expect(findAgainLines(`${process.cwd()}/.sandbox/.env`)).toEqual([
      "Press Enter to show this again. It is also in .sandbox/banner.txt; the Functions' env is in .sandbox/.env.",
      'Every start makes new SIDs and a new admin password. Ctrl+C stops everything.',
    ]);
  });

  test('Enter prints it again; other keystrokes do not', () => {
    const input = new PassThrough();
    let shown = 0;
    const stop = reprintOnEnter(input, () => (shown += 1));
    input.write('x');
    input.write('\n');
    input.write('\r\n');
    stop();
    input.write('\n');
    expect(shown).toBe(2);
  });

  test('what stopped, in one line', () => {
    expect(stoppedMessage({ port: 3000, emulatorPort: 3010 })).toBe(
      'Sandbox stopped: twilio-run on port 3000 and the emulator on port 3010 are shut down. ' +
        'The demo subaccounts, their SIDs and the admin password are gone; the next npm start makes new ones.',
    );
    expect(stoppedMessage({ port: 3000, emulatorPort: null })).toBe(
      'Sandbox stopped: twilio-run on port 3000 is shut down.',
    );
    expect(childExitedMessage(1, { port: 3000, emulatorPort: 3010 })).toBe(
      'twilio-run exited (code 1); the emulator on port 3010 is stopped too.',
    );
  });
});
