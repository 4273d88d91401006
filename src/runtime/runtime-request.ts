// Turns a Twilio Functions invocation (context, event) into the request the core validates.
//
// Two runtime facts shape it. (1) Functions merge the query string and the body into `event`, so
// the query cannot be told apart from the body: the caller names the keys that travel in its URL
// (the breaker's callback URL carries only `tier`) and they are put back into the URL, everything
// else is a body parameter. (2) Functions do not expose the HTTP method: a request that carries a
// body has a Content-Type, one without a body (GET, OPTIONS) has none, so that is what tells a POST.
import { publicOrigin } from './public-origin';

export interface RuntimeRequest {
  /** 'POST' when the request carried a body (a Content-Type); 'GET' stands for any bodiless one. */
  method: 'POST' | 'GET';
  /** The URL a signer would have signed: public origin + PATH + the rebuilt query. */
  url: string;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Body parameters as the runtime parsed them: strings, or arrays/objects for odd encodings. */
  params: Record<string, unknown>;
}

/** What the adapter reads of the Functions context (the rest is configuration). */
export interface FunctionContextLike {
  DOMAIN_NAME?: string;
  PATH?: string;
}

export interface FunctionEventLike {
  request?: { headers?: Record<string, unknown>; cookies?: unknown };
  [name: string]: unknown;
}

// Added by the runtime, not sent by the caller.
const RUNTIME_KEYS = new Set(['request', 'cookies']);

function headersOf(event: FunctionEventLike): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.request?.headers ?? {})) {
    if (typeof value === 'string') headers[name.toLowerCase()] = value;
    else if (Array.isArray(value)) headers[name.toLowerCase()] = value.map(String).join(', ');
  }
  return headers;
}

export function toRuntimeRequest(
  context: FunctionContextLike,
  event: FunctionEventLike,
  queryKeys: readonly string[],
): RuntimeRequest {
  const headers = headersOf(event);
  const query = new URLSearchParams();
  const params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(event)) {
    if (RUNTIME_KEYS.has(name)) continue;
    // A query key with a non-string value (repeated, bracketed) stays a parameter: no signer
    // produced it, so the signature check refuses it.
    if (queryKeys.includes(name) && typeof value === 'string') continue;
    params[name] = value;
  }
  for (const key of queryKeys) {
    const value = event[key];
    if (typeof value === 'string') query.append(key, value);
  }
  const search = query.toString();
  const origin = publicOrigin(context.DOMAIN_NAME ?? 'localhost', headers.host);
  const path = context.PATH && context.PATH.startsWith('/') ? context.PATH : '/';
  return {
    method: headers['content-type'] ? 'POST' : 'GET',
    url: `${origin}${path}${search ? `?${search}` : ''}`,
    headers,
    params,
  };
}
