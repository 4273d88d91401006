// The edge: a response value becomes the runtime's Twilio.Response. The constructor is passed in
// because it is a global the Functions runtime defines, absent in tests.
//
// Twilio.Response JSON-encodes the body of an application/json response itself (its serialize(),
// used by twilio-run's forked mode; express does the same in-process), so a JSON body is handed
// over decoded: passing the encoded string would send it encoded twice.
import type { ResponseValue } from './response-value';

export interface TwilioResponseLike {
  setStatusCode(status: number): unknown;
  appendHeader(name: string, value: string): unknown;
  setBody(body: object | string): unknown;
}

export function toTwilioResponse<R extends TwilioResponseLike>(
  value: ResponseValue,
  Response: new () => R,
): R {
  const response = new Response();
  response.setStatusCode(value.status);
  for (const [name, header] of Object.entries(value.headers)) response.appendHeader(name, header);
  const json = /^application\/json\b/i.test(value.headers['Content-Type'] ?? '');
  response.setBody(json ? (JSON.parse(value.body) as object) : value.body);
  return response;
}
