// A JSON caller for the admin end-to-end tests that keeps every response body, so a test can scan
// them for secrets.

export interface JsonCall {
  authorization?: string;
  /** POSTed as JSON; without it the call is a GET. */
  body?: object;
}

/** A caller of the Functions at `baseUrl()` that pushes every response body onto `bodies`. */
export function jsonCaller(baseUrl: () => string, bodies: string[]) {
  return async (path: string, init: JsonCall = {}) => {
    const headers: Record<string, string> = {};
    if (init.authorization) headers.Authorization = init.authorization;
    if (init.body) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${baseUrl()}${path}`, {
      method: init.body ? 'POST' : 'GET',
      headers,
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    const text = await response.text();
    bodies.push(text);
    return { status: response.status, headers: response.headers, body: JSON.parse(text) };
  };
}
