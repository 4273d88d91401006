// The command line's side of GET /admin-events: one page per call, errors turned into messages a
// person can act on. The password goes only into the Authorization header, never into a message.
import { adminServiceUrl, ServiceUrlError, unreachableMessage } from '../admin/service-url';
import type { AuditEvent } from '../audit/audit-event';

export interface EventsFilters {
  account?: string;
  action?: string;
  exclude?: string;
  since?: string;
  until?: string;
}

export interface EventsClientOptions {
  /** The service's base URL, e.g. https://breaker-1234-dev.twil.io */
  url: string;
  username?: string;
  password?: string;
  /** A ready Authorization header (a session or an API token); else Basic username:password. */
  authorization?: string;
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

/** The base URL, refusing to send credentials in clear text anywhere but this machine. */
export function serviceUrl(raw: string): URL {
  try {
    return adminServiceUrl(raw);
  } catch (error) {
    if (error instanceof ServiceUrlError) throw new EventsCommandError(error.message);
    throw error;
  }
}

/** A 401 to a session or token: the service's own message says which (expired, not accepted). */
function refusedCredential(text: string): string {
  let said = '';
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') said = ` ${body.message}`;
  } catch {
    // no JSON: the generic sentence will do
  }
  return `The service refused the credentials (401).${said}`;
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
  const authorization = options.authorization ?? `Basic ${basic}`;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { headers: { Authorization: authorization } });
  } catch (error) {
    throw new EventsCommandError(unreachableMessage(url, error), true);
  }
  const text = await response.text();
  if (response.status === 401) {
    if (options.authorization) throw new EventsCommandError(refusedCredential(text));
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
