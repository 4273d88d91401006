// The origin Twilio signed: X-Twilio-Signature covers the exact URL Twilio called, so the validator
// must rebuild it. Deployed, that is https://DOMAIN_NAME (the runtime sets DOMAIN_NAME; a caller
// cannot change it). Under twilio-run, DOMAIN_NAME is whatever --url said (localhost:3000 by
// default) while the caller may have used 127.0.0.1:<port>; there the Host header is trusted, but
// only when both name this machine, so a deployed Function never builds its URL from a header.

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

/** True when `hostAndPort` (e.g. "localhost:3000") names this machine. */
export function isLoopbackHost(hostAndPort: string): boolean {
  return LOOPBACK_HOST.test(hostAndPort);
}

/** e.g. "https://breaker-1234-dev.twil.io" deployed, "http://127.0.0.1:3000" under twilio-run. */
export function publicOrigin(domainName: string, hostHeader: string | undefined): string {
  const domain = domainName.replace(/^https?:\/\//i, '').replace(/\/+$/, '');
  if (!isLoopbackHost(domain)) return `https://${domain}`;
  const host = hostHeader && isLoopbackHost(hostHeader) ? hostHeader : domain;
  return `http://${host}`;
}

/** The ops dashboard (assets/index.html: Twilio serves it at /index.html, not at /). */
export function dashboardUrl(domainName: string): string {
  return `${publicOrigin(domainName, undefined)}/index.html`;
}
