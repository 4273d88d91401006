// The sandbox's ports: refused at once when another program holds one (3000 is every dev server's
// default), and the Functions counted as ready only when the answer comes from this breaker: a
// server that merely answers below 500 may be that other program, and setup would then register
// triggers against it.
import { createServer } from 'node:net';
import type { Clock } from '../src/runtime/clock';
import { isBreakerHealth } from '../src/ops/service-probe';

export class SandboxError extends Error {}

/** Which flag moves a port, for the messages. */
export interface PortUse {
  port: number;
  flag: '--port' | '--emulator-port';
  /** What needs the port, e.g. "the breaker's Functions". */
  what: string;
}

/** True when nothing listens on `port`, on any address (twilio-run listens on them all). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
      else reject(error);
    });
    // No host: the wildcard address, so a program on 127.0.0.1 or ::1 alone counts too.
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

/** The first free port after `port` (of the next 50), to suggest; null when none is. */
export async function freePortAfter(port: number): Promise<number | null> {
  for (let next = port + 1; next <= Math.min(port + 50, 65_535); next += 1) {
    if (await isPortFree(next)) return next;
  }
  return null;
}

export function portTakenMessage({ port, flag, what }: PortUse, free: number | null): string {
  const instead = free === null ? '<a free port>' : String(free);
  return (
    `Port ${port} is already in use by another program, so ${what} cannot listen there. ` +
    `Stop that program, or pick a free port: npm start -- ${flag} ${instead}`
  );
}

/** Resolves when `use.port` is free, else rejects with portTakenMessage. */
export async function assertPortFree(use: PortUse): Promise<void> {
  if (await isPortFree(use.port)) return;
  throw new SandboxError(portTakenMessage(use, await freePortAfter(use.port)));
}

export interface ReadinessOptions {
  fetch?: typeof fetch;
  clock: Clock;
  /** The exit code once twilio-run has exited, else null. */
  exitCode(): number | null;
  timeoutMs: number;
  pollMs?: number;
}

/**
 * Waits until GET /health at `url` answers as this breaker. Refuses at once when something else
 * answers there (another program took the port after all), and when twilio-run exits.
 */
export async function waitForBreaker(
  use: PortUse,
  url: string,
  options: ReadinessOptions,
): Promise<void> {
  const { clock, timeoutMs, pollMs = 250 } = options;
  const fetchFn = options.fetch ?? fetch;
  const deadline = clock.now() + timeoutMs;
  while (clock.now() < deadline) {
    const code = options.exitCode();
    if (code !== null) {
      throw new SandboxError(
        `twilio-run exited (code ${code}) before serving on port ${use.port}.`,
      );
    }
    const response = await fetchFn(url).catch(() => null);
    // A 5xx may be twilio-run itself still loading; anything else must be the breaker's answer.
    if (response && response.status < 500) {
      const body = await response.json().catch(() => null);
      if (response.ok && isBreakerHealth(body)) return;
      const free = await freePortAfter(use.port);
      throw new SandboxError(
        `Another program answers on port ${use.port} (its /health is not this breaker's), so the ` +
          `sandbox cannot use it. Stop that program, or pick a free port: npm start -- ${use.flag} ${free ?? '<a free port>'}`,
      );
    }
    await clock.sleep(pollMs);
  }
  throw new SandboxError(`${url} did not answer within ${timeoutMs / 1000} s.`);
}
