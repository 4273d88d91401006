// The command line's side of GET /admin-events: one page per call, errors turned into messages a
// person can act on. The password goes only into the Authorization header, never into a message.
import type { AuditEvent } from '../audit/audit-event';

export interface EventsFilters {
  account?: string;
  action?: string;
  since?: string;
  until?: string;
}

export interface EventsClientOptions {
  /** The service's base URL, e.g. https://breaker-1234-dev.twil.io */
  url: string;
  username: string;
  password: string;
  fetch?: typeof fetch;
}

export interface EventsPageAnswer {
  events: AuditEvent[];
  nextCursor: string | null;
}

export class EventsCommandError extends Error {
  constructor(
    message: string,
    /** True when asking again later may work (network, 5xx). */
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'EventsCommandError';
  }
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** The base URL, refusing to send a password in clear text anywhere but this machine. */
export function serviceUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EventsCommandError(`--url is not a URL: use e.g. https://breaker-1234-dev.twil.io`);
  }
  const local = url.protocol === 'http:' && LOOPBACK.test(url.hostname);
  if (url.protocol !== 'https:' && !local) {
    throw new EventsCommandError('--url must be https:// (plain http only to this machine)');
  }
  if (url.username || url.password) {
    throw new EventsCommandError('--url must not hold credentials: use --user and ADMIN_PASSWORD');
  }
  return url;
}

export async function fetchEventsPage(
  options: EventsClientOptions,
  filters: EventsFilters,
  cursor: string | null,
  pageSize: number,
): Promise<EventsPageAnswer> {
  const url = new URL('admin-events', `${serviceUrl(options.url).href.replace(/\/*$/, '')}/`);
  const query = { ...filters, pageSize: String(pageSize), ...(cursor ? { cursor } : {}) };
  for (const [name, value] of Object.entries(query)) if (value) url.searchParams.set(name, value);
  const basic = Buffer.from(`${options.username}:${options.password}`).toString('base64');
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      headers: { Authorization: `Basic ${basic}` },
    });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new EventsCommandError(`Could not reach ${url.origin} (${why}).`, true);
  }
  const text = await response.text();
  if (response.status === 401) {
    throw new EventsCommandError('Wrong admin username or password (the service answered 401).');
  }
  let body: Partial<EventsPageAnswer> & { message?: unknown };
  try {
    body = JSON.parse(text);
  } catch {
    throw new EventsCommandError(
      `${url.origin} answered ${response.status} without JSON: is --url the breaker service?`,
      response.status >= 500,
    );
  }
  if (!response.ok || !Array.isArray(body.events)) {
    const said = typeof body.message === 'string' ? body.message : `HTTP ${response.status}`;
    throw new EventsCommandError(`The service refused: ${said}`, response.status >= 500);
  }
  return { events: body.events, nextCursor: body.nextCursor ?? null };
}
