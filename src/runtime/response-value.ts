// The core answers with a plain value; only the shell turns it into a Twilio.Response (or an http
// response in tests), so every decision can be asserted without a runtime.

export interface ResponseValue {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A JSON answer. `Cache-Control: no-store`: nothing the breaker says is worth caching. */
export function jsonResponse(
  status: number,
  body: object,
  headers: Record<string, string> = {},
): ResponseValue {
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}
