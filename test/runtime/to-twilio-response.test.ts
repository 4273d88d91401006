import { jsonResponse } from '../../src/runtime/response-value';
import { toTwilioResponse } from '../../src/runtime/to-twilio-response';

// The shape of the runtime's Twilio.Response, recording what is set on it.
class FakeResponse {
  statusCode = 200;
  headers: Record<string, string> = {};
  body: unknown = null;
  setStatusCode(status: number) {
    this.statusCode = status;
  }
  appendHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  setBody(body: object | string) {
    this.body = body;
  }
}

describe('toTwilioResponse', () => {
  it('applies status, headers and body', () => {
    const response = toTwilioResponse(
      jsonResponse(405, { error: 'method-not-allowed' }, { Allow: 'POST' }),
      FakeResponse,
    );
    expect(response.statusCode).toBe(405);
    expect(response.headers).toEqual({
      'Content-Type': 'application/json',
      'Cache-Control': 'no-store',
      Allow: 'POST',
    });
    // Decoded: Twilio.Response encodes JSON bodies itself.
    expect(response.body).toEqual({ error: 'method-not-allowed' });
  });

  it('passes other bodies through as they are', () => {
    const csv = { status: 200, headers: { 'Content-Type': 'text/csv' }, body: 'a,b\n1,2\n' };
    expect(toTwilioResponse(csv, FakeResponse).body).toBe('a,b\n1,2\n');
  });
});
