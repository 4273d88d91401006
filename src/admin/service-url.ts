// The one check every admin command makes before it sends a password or a token: --url must be the
// service's base URL, https://, or plain http:// to this machine only (the sandbox). Over plain
// http to anywhere else, anyone on the network path could read the credentials and reuse them.
// And when the service cannot be reached, why, in words that say what to check.
import { isLoopbackHost } from '../runtime/public-origin';

export class ServiceUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceUrlError';
  }
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const LOOKS_LOCAL = /^(localhost|127\.|\[::1\])/i;

/** The parsed base URL, or a ServiceUrlError that says why and what to use instead. */
export function adminServiceUrl(raw: string, flag = '--url'): URL {
  const text = raw.trim();
  if (!SCHEME.test(text)) {
    // "localhost:3300" parses as the scheme "localhost:": say what was meant instead.
    const meant = `${LOOKS_LOCAL.test(text) ? 'http' : 'https'}://${text}`;
    throw new ServiceUrlError(`${flag} needs http:// or https:// in front: use ${meant}`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ServiceUrlError(`${flag} is not a URL: use e.g. https://breaker-1234-dev.twil.io`);
  }
  if (url.username || url.password) {
    throw new ServiceUrlError(
      `${flag} must not hold credentials: use --user with ADMIN_PASSWORD, or --token/ADMIN_TOKEN`,
    );
  }
  const loopback = url.protocol === 'http:' && isLoopbackHost(url.host);
  if (url.protocol !== 'https:' && !loopback) {
    throw new ServiceUrlError(
      `${flag} must be https:// — refusing to send the admin password or token to ` +
        `${url.protocol}//${url.host}: over plain http anyone on the network path could read it. ` +
        'Plain http:// is allowed only to this machine (localhost, 127.0.0.1, [::1]), e.g. the sandbox.',
    );
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    // e.g. the dashboard's address: every endpoint is at the root of the service.
    throw new ServiceUrlError(
      `${flag} is the service's base URL, without a path: use ${url.origin} ` +
        `(not ${url.origin}${url.pathname}${url.search}${url.hash})`,
    );
  }
  return url;
}

/** The code Node's fetch gives the reason in (err.cause.code, e.g. ENOTFOUND). */
function causeOf(error: unknown): { code?: string; message?: string } {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  return {
    code: typeof cause?.code === 'string' ? cause.code : undefined,
    message: typeof cause?.message === 'string' ? cause.message : undefined,
  };
}

/** Why fetch could not reach `url`, and what to check: never just "fetch failed". */
export function unreachableMessage(url: URL, error: unknown, flag = '--url'): string {
  const { code, message } = causeOf(error);
  const origin = url.origin;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return (
      `Could not reach ${origin}: the host name ${url.hostname} could not be found. ` +
      `Check ${flag}, and that this machine is online.`
    );
  }
  if (code === 'ECONNREFUSED') {
    const next = isLoopbackHost(url.host)
      ? `Is the sandbox running (npm start)? If it is, check ${flag}.`
      : `Check ${flag}.`;
    return `Could not reach ${origin}: nothing answers on port ${port} (connection refused). ${next}`;
  }
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return `Could not reach ${origin}: the connection timed out. Check ${flag}, and that this machine is online.`;
  }
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return `Could not reach ${origin}: its TLS certificate was not accepted (${code}). Check ${flag}.`;
  }
  const why = message ?? (error instanceof Error ? error.message : String(error));
  return `Could not reach ${origin} (${code ? `${code}: ` : ''}${why}).`;
}
