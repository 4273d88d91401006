// The emulator's front door, whatever carries the request: the HTTP server (server.ts) and the
// in-memory client (in-memory-client.ts) both hand it a wire request and act on its outcome. Here
// are Twilio's behaviours around every resource: the concurrency cap (429 / 20429), latency,
// injected faults, Basic auth, the cross-account rule, and the request log.
import { authenticate } from './basic-auth';
import type { EmulatorClock } from './clock';
import type { Faults } from './faults';
import { statusError, twilioHostOf } from './http-io';
import type { RequestLog, RequestLogEntry } from './request-log';
import { createRouter } from './router';
import { createWaits } from './waits';
import { notFound, notYourAccount, TwilioApiError } from '../http/twilio-error';
import type { AccountDirectory, EmulatorResponse, HttpMethod, Route } from '../types';

export interface Knobs {
  /** Added to every Twilio API request before it is answered. */
  latencyMs: number;
  /** Requests served at once; above it the emulator answers 429 / 20429 like Twilio. 0 = no cap. */
  concurrencyLimit: number;
}

export interface ControlRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The parsed JSON body ({} when empty). */
  body: Record<string, unknown>;
}

export interface ServerParts {
  routes: Route[];
  accounts: AccountDirectory;
  faults: Faults;
  log: RequestLog;
  knobs: Knobs;
  clock: EmulatorClock;
  /** Answers /__emulator/… requests (no Twilio auth, never faulted or logged). */
  control(req: ControlRequest): Promise<EmulatorResponse>;
}

export interface WireRequest {
  method: string;
  /** Path and query string, as on the request line. */
  url: string;
  /** Names lower-cased. */
  headers: Record<string, string | undefined>;
  readBody(): Promise<string>;
  /** Throws away a body that will not be read (the cap refused the request). */
  discardBody(): void;
}

/** An answer, or the connection dropped: at once ('reset') or after holding it ('timeout'). */
export type WireOutcome =
  { kind: 'answer'; response: EmulatorResponse } | { kind: 'dropped'; how: 'reset' | 'timeout' };

const METHODS: readonly string[] = ['GET', 'POST', 'DELETE'];
export const CONTROL_PREFIX = '/__emulator/';

export function unexpected(error: unknown): EmulatorResponse {
  if (error instanceof TwilioApiError) return error.toResponse();
  const message = error instanceof Error ? error.message : String(error);
  return new TwilioApiError(500, 20500, `Emulator error: ${message}`).toResponse();
}

const answer = (response: EmulatorResponse): WireOutcome => ({ kind: 'answer', response });

export function createDispatcher(parts: ServerParts) {
  const router = createRouter(parts.routes);
  const waits = createWaits(parts.clock);
  const realNow = () => parts.clock.base.now();
  let inFlight = 0;

  async function handleControl(req: WireRequest, url: URL): Promise<WireOutcome> {
    const text = await req.readBody();
    let body: Record<string, unknown> = {};
    try {
      if (text.trim()) body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return answer({ status: 400, body: { error: 'Control endpoints take a JSON body' } });
    }
    const query = url.searchParams;
    return answer(await parts.control({ method: req.method, path: url.pathname, query, body }));
  }

  async function handleTwilio(req: WireRequest, url: URL): Promise<WireOutcome> {
    const start = realNow();
    const method = req.method.toUpperCase();
    const host = twilioHostOf(req.headers);
    const entry: RequestLogEntry = {
      method,
      host: host ?? String(req.headers['x-twilio-host']),
      route: null,
      status: 0,
      start,
      durationMs: 0,
      concurrency: inFlight,
    };
    const finish = (outcome: WireOutcome): WireOutcome => {
      entry.status = outcome.kind === 'answer' ? outcome.response.status : outcome.how;
      entry.durationMs = realNow() - start;
      parts.log.record(entry);
      return outcome;
    };

    const limit = parts.knobs.concurrencyLimit;
    if (limit > 0 && inFlight >= limit) {
      req.discardBody();
      return finish(answer(statusError(429).toResponse()));
    }
    inFlight += 1;
    entry.concurrency = inFlight;
    let response: EmulatorResponse;
    try {
      const form = new URLSearchParams(await req.readBody());
      if (!host) throw new TwilioApiError(404, 20404, `Host ${entry.host} is not emulated`);
      if (!METHODS.includes(method)) throw new TwilioApiError(405, 20004, 'Method not allowed');
      const lookup = router.lookup(host, method as HttpMethod, url.pathname);
      entry.route =
        lookup.kind === 'found'
          ? lookup.match.route.pattern
          : lookup.kind === 'wrong-method'
            ? lookup.pattern
            : null;
      await waits.sleep(parts.knobs.latencyMs);
      const fault = parts.faults.take({
        method: method as HttpMethod,
        host,
        pattern: entry.route ?? url.pathname,
        path: url.pathname,
      });
      if (fault?.kind === 'reset') return finish({ kind: 'dropped', how: 'reset' });
      if (fault?.kind === 'timeout') {
        await waits.sleep(fault.holdMs);
        return finish({ kind: 'dropped', how: 'timeout' });
      }
      if (fault) throw statusError(fault.kind);

      const authAccountSid = authenticate(parts.accounts, req.headers.authorization);
      if (lookup.kind === 'none') throw notFound(url.pathname);
      if (lookup.kind === 'wrong-method')
        throw new TwilioApiError(405, 20004, 'Method not allowed');
      const { route, params } = lookup.match;
      // Another account's resources: 401 20003, as Twilio answers (never confirming they exist).
      if (params.AccountSid && !parts.accounts.canAct(authAccountSid, params.AccountSid)) {
        throw notYourAccount();
      }
      response = await route.handler({
        method: method as HttpMethod,
        host,
        path: url.pathname,
        query: url.searchParams,
        form,
        params,
        authAccountSid,
        headers: req.headers,
      });
    } catch (error) {
      response = unexpected(error);
    } finally {
      inFlight -= 1;
    }
    if (response.status === 401) {
      response.headers = { 'WWW-Authenticate': 'Basic realm="Twilio API"', ...response.headers };
    }
    return finish(answer(response));
  }

  return {
    handle(req: WireRequest): Promise<WireOutcome> {
      const url = new URL(req.url || '/', 'http://emulator.invalid');
      const work = url.pathname.startsWith(CONTROL_PREFIX)
        ? handleControl(req, url)
        : handleTwilio(req, url);
      return work.catch((error: unknown) => answer(unexpected(error)));
    },
    /** Ends every wait (latency, held requests) at once, e.g. when the emulator stops. */
    cancelWaits: () => waits.cancelAll(),
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
