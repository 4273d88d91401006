// The one context type of every Function (the breaker, setup, each admin endpoint): what the
// adapter reads (DOMAIN_NAME, PATH), the emulator switch, the env variables each core validates
// itself, and the runtime's Twilio client with the main account's credentials.
import type { Twilio } from 'twilio';
import { twilioHttpClient, type HttpClientEnv, type RetryOptions } from '../twilio/http-client';
import type { FunctionContextLike } from './runtime-request';

export interface FunctionContext extends FunctionContextLike, HttpClientEnv {
  getTwilioClient(options?: object): unknown;
  [name: string]: unknown;
}

/** The runtime's client, built with the project's HTTP client (emulator switch, retries, timeout). */
export function runtimeTwilioClient(context: FunctionContext, http: RetryOptions): Twilio {
  return context.getTwilioClient({ httpClient: twilioHttpClient(context, http) }) as Twilio;
}
