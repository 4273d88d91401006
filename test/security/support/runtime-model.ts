// The Functions runtime's request parsing, reproduced in-process so that thousands of wire-level
// requests can reach the breaker without a server: the same parsers twilio-run uses (express's `qs`
// for the query, body-parser's `querystring` for form bodies, JSON for JSON), the same merge
// ({...query, ...body}: the body wins) and the same header handling (lower-case names, repeats as
// arrays). test/security/signature-fuzz-e2e.test.ts checks on a sample that twilio-run answers
// exactly as this model does.
import querystring from 'node:querystring';
import type * as QS from 'qs';
import type { FunctionEventLike } from '../../../src/runtime/runtime-request';

// express's own copy of qs, so the options below mean what they mean inside twilio-run.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const qs = require(require.resolve('qs', { paths: [require.resolve('express')] })) as typeof QS;

/** A request as it travels: raw query (without "?"), raw body, headers as sent. */
export interface WireRequest {
  query: string;
  body: string;
  headers: Record<string, string>;
}

export type RuntimeOutcome =
  | { kind: 'event'; event: FunctionEventLike }
  /** The runtime itself answers, before any Function code runs (body-parser's limits and checks). */
  | { kind: 'refused'; status: number };

const PARAMETER_LIMIT = 1000;
/** Node's http server: request line and headers together (--max-http-header-size). */
const HEADER_LIMIT_BYTES = 16 * 1024;
const BODY_LIMIT_BYTES = 6 * 1024 * 1024;

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return found?.[1];
}

type Body = { ok: true; params: Record<string, unknown> } | { ok: false; status: number };

function parseBody(wire: WireRequest): Body {
  const contentType = headerValue(wire.headers, 'content-type');
  if (contentType === undefined || wire.body === '') return { ok: true, params: {} };
  const [type, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters.find((p) => p.startsWith('charset='))?.slice('charset='.length);
  if (Buffer.byteLength(wire.body) > BODY_LIMIT_BYTES) return { ok: false, status: 413 };
  if (type === 'application/x-www-form-urlencoded') {
    if (charset !== undefined && charset !== 'utf-8') return { ok: false, status: 415 };
    if (wire.body.split('&').length > PARAMETER_LIMIT) return { ok: false, status: 413 };
    const params = querystring.parse(wire.body, undefined, undefined, { maxKeys: PARAMETER_LIMIT });
    return { ok: true, params: { ...params } };
  }
  if (type === 'application/json') {
    try {
      // body-parser's strict mode: only an object or an array is a JSON body.
      const parsed: unknown = JSON.parse(wire.body);
      if (typeof parsed === 'object' && parsed !== null) return { ok: true, params: { ...parsed } };
    } catch {
      // refused below
    }
    return { ok: false, status: 400 };
  }
  return { ok: true, params: {} };
}

/** What the runtime hands a Function as `event` for this request, or its own refusal. */
export function runtimeEvent(wire: WireRequest): RuntimeOutcome {
  const head =
    Buffer.byteLength(`POST /breaker?${wire.query} HTTP/1.1\r\n`) +
    Object.entries(wire.headers).reduce((n, [k, v]) => n + Buffer.byteLength(`${k}: ${v}\r\n`), 0);
  if (head > HEADER_LIMIT_BYTES) return { kind: 'refused', status: 431 };
  // Node's HTTP parser refuses a request line with bytes outside printable ASCII.
  if (/[^\x21-\x7e]/.test(wire.query)) return { kind: 'refused', status: 400 };
  const body = parseBody(wire);
  if (!body.ok) return { kind: 'refused', status: body.status };
  const headers: Record<string, string | string[]> = {};
  for (const [name, raw] of Object.entries(wire.headers)) {
    // HTTP drops the whitespace around a header value before anyone sees it.
    const value = raw.trim();
    const key = name.toLowerCase();
    const seen = headers[key];
    headers[key] = seen === undefined ? value : [...[seen].flat(), value];
  }
  const query = qs.parse(wire.query, { allowPrototypes: true, arrayLimit: 1000 });
  return {
    kind: 'event',
    event: { request: { headers, cookies: {} }, ...query, ...body.params },
  };
}
