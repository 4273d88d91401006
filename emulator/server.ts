import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate } from './core/basic-auth';
import type { Faults } from './core/faults';
import { headersOf, readBody, statusError, twilioHostOf, writeResponse } from './core/http-io';
import type { RequestLog, RequestLogEntry } from './core/request-log';
import { createRouter } from './core/router';
import { createWaits } from './core/waits';
import { notFound, notYourAccount, TwilioApiError } from './http/twilio-error';
import type { AccountDirectory, EmulatorResponse, HttpMethod, Route } from './types';

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
  /** Answers /__emulator/… requests (no Twilio auth, never faulted or logged). */
  control(req: ControlRequest): Promise<EmulatorResponse>;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const METHODS: readonly string[] = ['GET', 'POST', 'DELETE'];
const CONTROL_PREFIX = '/__emulator/';

function unexpected(error: unknown): EmulatorResponse {
  if (error instanceof TwilioApiError) return error.toResponse();
  const message = error instanceof Error ? error.message : String(error);
  return new TwilioApiError(500, 20500, `Emulator error: ${message}`).toResponse();
}

export async function startServer(
  parts: ServerParts,
  host: string,
  port: number,
): Promise<RunningServer> {
  const router = createRouter(parts.routes);
  const waits = createWaits();
  let inFlight = 0;

  async function handleControl(req: IncomingMessage, url: URL): Promise<EmulatorResponse> {
    const text = await readBody(req);
    let body: Record<string, unknown> = {};
    try {
      if (text.trim()) body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return { status: 400, body: { error: 'Control endpoints take a JSON body' } };
    }
    return parts.control({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body,
    });
  }

  async function handleTwilio(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const start = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const host = twilioHostOf(req);
    const entry: RequestLogEntry = {
      method,
      host: host ?? String(req.headers['x-twilio-host']),
      route: null,
      status: 0,
      start,
      durationMs: 0,
      concurrency: inFlight,
    };
    const finish = (status: RequestLogEntry['status'], response?: EmulatorResponse) => {
      if (response) writeResponse(res, response);
      else res.socket?.destroy();
      entry.status = status;
      entry.durationMs = Date.now() - start;
      parts.log.record(entry);
    };

    const limit = parts.knobs.concurrencyLimit;
    if (limit > 0 && inFlight >= limit) {
      req.resume();
      return finish(429, statusError(429).toResponse());
    }
    inFlight += 1;
    entry.concurrency = inFlight;
    let response: EmulatorResponse;
    try {
      const form = new URLSearchParams(await readBody(req));
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
      if (fault?.kind === 'reset') return finish('reset');
      if (fault?.kind === 'timeout') {
        await waits.sleep(fault.holdMs);
        return finish('timeout');
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
        headers: headersOf(req),
      });
    } catch (error) {
      response = unexpected(error);
    } finally {
      inFlight -= 1;
    }
    if (response.status === 401) {
      response.headers = { 'WWW-Authenticate': 'Basic realm="Twilio API"', ...response.headers };
    }
    finish(response.status, response);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const work = url.pathname.startsWith(CONTROL_PREFIX)
      ? handleControl(req, url).then((r) => writeResponse(res, r))
      : handleTwilio(req, res, url);
    work.catch((error: unknown) => writeResponse(res, unexpected(error)));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  // Idempotent: a test's afterEach may close an emulator the test already closed.
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        waits.cancelAll();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      })),
  };
}
