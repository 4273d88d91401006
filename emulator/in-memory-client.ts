// twilio-node's HTTP client, without the network: every request twilio-node makes goes straight to
// the emulator's dispatcher, encoded as RequestClient would put it on the wire (Basic auth, a form
// body, the query), and the answer comes back as RequestClient returns it. Faults look as they do
// over a socket: a connection dropped before the client gave up is ECONNRESET, and a request held
// past the client's timeout is ECONNABORTED (axios's timeout); the emulator still finishes what it
// was doing, so an answer can be lost after the work was done, as on a real network. The timeout runs on the emulator's base clock, so under a virtual
// clock a test of timeouts and deadlines is exact and costs no real time.
import type { Dispatcher } from './core/dispatch';
import type { EmulatorClock } from './core/clock';

/** What twilio-node passes to `httpClient.request` (see twilio/lib/base/RequestClient). */
export interface TwilioRequestOptions {
  method: string;
  uri: string;
  username?: string;
  password?: string;
  headers?: Record<string, string>;
  params?: Record<string, unknown>;
  data?: Record<string, unknown>;
  timeout?: number;
}

export interface TwilioResponse {
  statusCode: number;
  body: unknown;
  headers: Record<string, string>;
}

export interface InMemoryClientOptions {
  /** Per request, like RequestClient's `timeout` (its default: 30 s). */
  timeoutMs?: number;
}

/** RequestClient's form and query encoding: arrays repeat the key, undefined is left out. */
function encode(values: Record<string, unknown> | undefined): string {
  const out = new URLSearchParams();
  for (const [name, value] of Object.entries(values ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined) continue;
      out.append(
        name,
        item === null ? '' : typeof item === 'object' ? JSON.stringify(item) : String(item),
      );
    }
  }
  return out.toString();
}

const networkError = (code: string, message: string) => Object.assign(new Error(message), { code });

export function inMemoryClient(
  dispatcher: Dispatcher,
  clock: EmulatorClock,
  options: InMemoryClientOptions = {},
) {
  return {
    async request(opts: TwilioRequestOptions): Promise<TwilioResponse> {
      const target = new URL(opts.uri);
      if (target.protocol !== 'https:' || !target.hostname.endsWith('.twilio.com')) {
        throw new Error(`in-memory client: not a Twilio API URL: ${target.origin}`);
      }
      // A next-page URI carries its query in the URI (twilio-node's nextPage); axios appends params to it.
      const query = [target.search.slice(1), encode(opts.params)].filter(Boolean).join('&');
      const headers: Record<string, string | undefined> = { 'x-twilio-host': target.hostname };
      for (const [name, value] of Object.entries(opts.headers ?? {})) {
        headers[name.toLowerCase()] = value;
      }
      if (opts.username && opts.password) {
        const basic = Buffer.from(`${opts.username}:${opts.password}`).toString('base64');
        headers.authorization = `Basic ${basic}`;
      }
      const body = opts.data ? encode(opts.data) : '';
      const timeoutMs = opts.timeout ?? options.timeoutMs ?? 30_000;
      const stop = new AbortController();
      const timedOut = clock.sleep(timeoutMs, stop.signal).then(() => 'timeout' as const);
      const outcome = await Promise.race([
        dispatcher.handle({
          method: opts.method.toUpperCase(),
          url: `${target.pathname}${query ? `?${query}` : ''}`,
          headers,
          readBody: async () => body,
          discardBody: () => undefined,
        }),
        timedOut,
      ]);
      stop.abort();
      if (outcome === 'timeout') {
        throw networkError('ECONNABORTED', `timeout of ${timeoutMs}ms exceeded`);
      }
      if (outcome.kind === 'dropped') throw networkError('ECONNRESET', 'socket hang up');
      const { response } = outcome;
      // axios parses a JSON body; twilio-node reads the parsed value.
      const parsed = response.status === 204 || response.body === undefined ? '' : response.body;
      return {
        statusCode: response.status,
        body: JSON.parse(JSON.stringify(parsed)),
        headers: { ...(response.headers ?? {}) },
      };
    },
  };
}

export type InMemoryClient = ReturnType<typeof inMemoryClient>;
