// The one check every admin command makes before it sends a password or a token: the service's
// base URL must be https://, or plain http:// to this machine only (the sandbox). Over plain http
// to anywhere else, anyone on the network path could read the credentials and reuse them.
import { isLoopbackHost } from '../runtime/public-origin';

export class InsecureServiceUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InsecureServiceUrlError';
  }
}

/** The parsed base URL, or an InsecureServiceUrlError that says why and what to use instead. */
export function adminServiceUrl(raw: string, flag = '--url'): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InsecureServiceUrlError(
      `${flag} is not a URL: use e.g. https://breaker-1234-dev.twil.io`,
    );
  }
  if (url.username || url.password) {
    throw new InsecureServiceUrlError(
      `${flag} must not hold credentials: use --user with ADMIN_PASSWORD, or --token/ADMIN_TOKEN`,
    );
  }
  const loopback = url.protocol === 'http:' && isLoopbackHost(url.host);
  if (url.protocol !== 'https:' && !loopback) {
    throw new InsecureServiceUrlError(
      `${flag} must be https:// — refusing to send the admin password or token to ` +
        `${url.protocol}//${url.host}: over plain http anyone on the network path could read it. ` +
        'Plain http:// is allowed only to this machine (localhost, 127.0.0.1, [::1]), e.g. the sandbox.',
    );
  }
  return url;
}
