// The admin API client: relative URLs (same origin as the dashboard), the Authorization header on
// every request (a session token, or the password while two-factor sign-in is off and the service
// has no SESSION_SECRET), no cookies. `credentials: 'omit'` also keeps the browser from popping its
// own Basic-auth prompt when the service answers 401.

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** Credentials travel only over HTTPS, or plain HTTP to this machine (the sandbox). */
export function isSafeOrigin(location) {
  return location.protocol === 'https:' || LOOPBACK.test(location.hostname);
}

export const bearerAuthorization = (token) => `Bearer ${token}`;

/** `Basic base64(user:password)`, UTF-8 safe (btoa alone only takes Latin-1). */
export function basicAuthorization(username, password) {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

function urlFor(path, query = {}) {
  const url = new URL(path, document.baseURI);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
  }
  return url;
}

async function readBody(response) {
  const type = response.headers.get('content-type') || '';
  if (type.includes('application/json')) return response.json().catch(() => null);
  return response.text();
}

function errorFrom(status, body) {
  const code = (body && typeof body === 'object' && body.error) || `http-${status}`;
  if (status === 401 && code === 'unauthorized') {
    // The service's own words when it sent them (e.g. the sign-in's), else the usual sentence.
    const said = body && typeof body.message === 'string' ? body.message : '';
    return new ApiError(401, code, said || 'Wrong username or password.');
  }
  const message =
    body && typeof body === 'object' && typeof body.message === 'string'
      ? body.message
      : `The service answered HTTP ${status}.`;
  return new ApiError(status, String(code), message);
}

async function send(fetchImpl, method, path, { query, body, raw = false, authorization } = {}) {
  const headers = { Accept: 'application/json, text/csv' };
  if (authorization) headers.Authorization = authorization;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetchImpl(urlFor(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
    });
  } catch (error) {
    throw new ApiError(0, 'network', `Could not reach the service (${error.message}).`);
  }
  if (!response.ok) throw errorFrom(response.status, await readBody(response));
  return raw ? response : readBody(response);
}

/**
 * The sign-in (POST admin-session). Step 1 answers {status: 'code-sent', pendingToken, channel:
 * 'sms', to} or, with a TOTP factor, {status: 'code-required', pendingToken, channel: 'totp', from}
 * when two-factor sign-in is on, else {status: 'signed-in', token, expiresAt, warning} or
 * {status: 'password-only', warning}; step 2 answers {status: 'signed-in', token, expiresAt}.
 */
export function createSignIn(fetchImpl = window.fetch.bind(window)) {
  return {
    /** With `apiToken` (one of the service's), the password is counted apart from guessers'. */
    password: (username, password, apiToken) =>
      send(fetchImpl, 'POST', 'admin-session', {
        body: { username, password },
        authorization: apiToken ? bearerAuthorization(apiToken) : undefined,
      }),
    code: (pendingToken, code) =>
      send(fetchImpl, 'POST', 'admin-session', { body: { pendingToken, code } }),
  };
}

export function createApi(authorization, fetchImpl = window.fetch.bind(window)) {
  const request = (method, path, options = {}) =>
    send(fetchImpl, method, path, { ...options, authorization });

  return {
    /** filters: {account, action, since, until}; answers {events, nextCursor}. */
    listEvents(filters, cursor, pageSize = 50) {
      return request('GET', 'admin-events', { query: { ...filters, cursor, pageSize } });
    },
    /** One CSV page: the service sends where the next one starts in X-Next-Cursor. */
    async eventsCsvPage(filters, cursor) {
      const response = await request('GET', 'admin-events', {
        query: { ...filters, cursor, format: 'csv', pageSize: 200 },
        raw: true,
      });
      return { text: await response.text(), nextCursor: response.headers.get('X-Next-Cursor') };
    },
    /** Answers {accounts, nextCursor}. */
    listCoverage(cursor, pageSize = 100) {
      return request('GET', 'admin-coverage', { query: { cursor, pageSize } });
    },
    /** What the dialog shows first: the account, its trip rule, the default headroom, its spend. */
    previewReactivation(accountSid) {
      return request('GET', 'admin-reactivate', { query: { accountSid } });
    },
    /** headroom: optional, the trip rule's value when absent. Answers {account, rearm, protection, event, audit}. */
    reactivate({ accountSid, operator, reason, headroom }) {
      const body = { accountSid, operator, reason, ...(headroom ? { headroom } : {}) };
      return request('POST', 'admin-reactivate', { body });
    },
    /** One invocation of setup; pass back the cursor it returned until done. */
    setup({ mode, cursor }) {
      return request('POST', 'setup', { body: cursor ? { mode, cursor } : { mode } });
    },
    /** Setup for one subaccount only, applied at once: {totals, failures, …} as for a run. */
    setupAccount(accountSid) {
      return request('POST', 'setup', { body: { mode: 'apply', accountSid } });
    },
    /** Answers {overrides: [{accountSid, override}], rules: [{id, tier, value, …}]}. */
    listOverrides() {
      return request('GET', 'admin-overrides');
    },
    /** override: {exempt, values: {ruleId: "250"}, note}; answers {accountSid, override, rules}. */
    setOverride(accountSid, override) {
      return request('POST', 'admin-overrides', { body: { accountSid, ...override } });
    },
    clearOverride(accountSid) {
      return request('POST', 'admin-overrides', { body: { accountSid, remove: true } });
    },
  };
}
