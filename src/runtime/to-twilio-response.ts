// The edge: a response value becomes the runtime's Twilio.Response. The constructor is passed in
// because it is a global the Functions runtime defines, absent in tests.
import type { ResponseValue } from './response-value';

export interface TwilioResponseLike {
  setStatusCode(status: number): unknown;
  appendHeader(name: string, value: string): unknown;
  setBody(body: string): unknown;
}

export function toTwilioResponse<R extends TwilioResponseLike>(
  value: ResponseValue,
  Response: new () => R,
): R {
  const response = new Response();
  response.setStatusCode(value.status);
  for (const [name, header] of Object.entries(value.headers)) response.appendHeader(name, header);
  response.setBody(value.body);
  return response;
}
