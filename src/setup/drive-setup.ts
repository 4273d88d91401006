// The client side of setup: calls the setup Function again and again with the cursor it returns,
// until the run is done. A failed call (5xx, network, the 10 s kill) is repeated with the same
// cursor, which is safe: redoing part of a page makes no duplicate writes.
import { unreachableMessage } from '../admin/service-url';
import type { SetupResult } from './run-setup';
import type { Rule } from './rules';
import { systemClock } from '../runtime/clock';

export interface DriveOptions {
  /** The service's base URL, e.g. https://breaker-1234-dev.twil.io */
  url: string;
  username?: string;
  password?: string;
  /** A ready Authorization header (a session or an API token); else Basic username:password. */
  authorization?: string;
  mode: 'plan' | 'apply';
  /** Resume a run an earlier command left unfinished (it prints its cursor). */
  cursor?: string | null;
  budgetMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (result: SetupResult) => void;
  /** Consecutive failed calls before giving up. */
  maxRetries?: number;
  /** Consecutive invocations that get nowhere (a long 429 storm) before giving up. */
  maxStalls?: number;
  maxInvocations?: number;
}

export type SetupResponse = SetupResult & { rules: Rule[] };

export interface DriveResult {
  final: SetupResponse;
  invocations: number;
  /** Every account the run changed (apply) or would change (plan), as far as responses listed them. */
  changes: SetupResult['changes'];
  changesTruncated: number;
}

export class SetupCommandError extends Error {
  constructor(
    message: string,
    /** Where the run stood: `--cursor` resumes it. */
    readonly cursor: string | null = null,
  ) {
    super(message);
    this.name = 'SetupCommandError';
  }
}

async function callOnce(options: DriveOptions, cursor: string | null): Promise<SetupResponse> {
  const fetchFn = options.fetch ?? fetch;
  const basic = Buffer.from(`${options.username}:${options.password}`).toString('base64');
  const url = new URL(`${options.url.replace(/\/+$/, '')}/setup`);
  const response = await fetchFn(url.href, {
    method: 'POST',
    headers: {
      Authorization: options.authorization ?? `Basic ${basic}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ mode: options.mode, cursor, budgetMs: options.budgetMs }),
  }).catch((error: unknown) => {
    // Retried (a network blip), with the reason in words if it persists.
    throw new Error(unreachableMessage(url, error));
  });
  const text = await response.text();
  if (response.status === 401 && !options.authorization) {
    throw new SetupCommandError('Wrong admin username or password (the service answered 401).');
  }
  let body: { message?: string } & Partial<SetupResponse>;
  try {
    body = JSON.parse(text);
  } catch {
    const message = `the service answered ${response.status} with no JSON; is ${options.url} the breaker service?`;
    // A 4xx will not change by asking again; a 5xx (a gateway in between) may.
    throw response.status < 500 ? new SetupCommandError(message) : new Error(message);
  }
  if (response.status === 401 || response.status === 403) {
    // A session or token refused (expired, revoked, or a token without the setup scope).
    throw new SetupCommandError(
      `The service refused the credentials (${response.status}): ${body.message}`,
    );
  }
  if (response.status === 400 || response.status === 404 || response.status === 405) {
    throw new SetupCommandError(
      `The service refused the request (${response.status}): ${body.message}`,
    );
  }
  if (response.status !== 200)
    throw new Error(`the service answered ${response.status}: ${body.message ?? ''}`);
  return body as SetupResponse;
}

export async function driveSetup(options: DriveOptions): Promise<DriveResult> {
  const { maxRetries = 5, maxStalls = 20, maxInvocations = 10_000 } = options;
  const sleep = options.sleep ?? ((ms: number) => systemClock.sleep(ms));
  let cursor: string | null = options.cursor ?? null;
  let failures = 0;
  let stalls = 0;
  const changes: SetupResult['changes'] = [];
  let changesTruncated = 0;
  for (let invocations = 1; invocations <= maxInvocations; invocations += 1) {
    let result: SetupResponse;
    try {
      result = await callOnce(options, cursor);
    } catch (error) {
      if (error instanceof SetupCommandError) throw error;
      if (++failures > maxRetries) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new SetupCommandError(
          `Gave up after ${failures} failed calls in a row: ${reason}`,
          cursor,
        );
      }
      await sleep(Math.min(30_000, 1000 * 2 ** (failures - 1)));
      continue;
    }
    failures = 0;
    options.onProgress?.(result);
    changes.push(...result.changes);
    changesTruncated += result.changesTruncated;
    if (result.done) return { final: result, invocations, changes, changesTruncated };
    stalls = result.invocation.accounts === 0 ? stalls + 1 : 0;
    if (stalls > maxStalls) {
      throw new SetupCommandError(
        `No progress in ${stalls} calls in a row (${result.error ?? 'Twilio kept answering 429'}). ` +
          'Lower SETUP_CONCURRENCY or try again later.',
        result.cursor,
      );
    }
    cursor = result.cursor;
  }
  throw new SetupCommandError(`Setup was not done after ${maxInvocations} calls.`, cursor);
}
