import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type { Emulator } from '../../emulator';
import { createTwilioGateway, type TwilioGateway } from '../../src/twilio/gateway';
import { twilioHttpClient, type RetryOptions } from '../../src/twilio/http-client';
import { expectMatchesSpec, type SpecName } from '../support/openapi-contract';

/** One request the project's client made and the raw answer it got, before twilio-node parsed it. */
export interface Exchange {
  method: string;
  url: URL;
  status: number;
  body: unknown;
}

/**
 * The project's own RequestClient (redirecting to the emulator), with every raw response recorded so
 * tests can hold the emulator's answers against Twilio's OpenAPI spec.
 */
function recordingHttpClient(emulatorUrl: string, retry: RetryOptions, exchanges: Exchange[]) {
  const inner = twilioHttpClient({ TWILIO_API_EMULATOR_URL: emulatorUrl }, retry);
  const recording = Object.create(inner) as RequestClient;
  recording.request = async <T>(opts: RequestClient.RequestOptions<T>) => {
    const response = await inner.request(opts);
    const raw = response.body as unknown;
    exchanges.push({
      method: opts.method.toUpperCase(),
      url: new URL(opts.uri),
      status: response.statusCode,
      body: typeof raw === 'string' && raw ? JSON.parse(raw) : raw,
    });
    return response;
  };
  return recording;
}

export interface GatewayUnderTest {
  gateway: TwilioGateway;
  exchanges: Exchange[];
}

export function gatewayFor(
  emulator: Emulator,
  retry: RetryOptions = { autoRetry: false },
  credentials = emulator.mainAccount,
): GatewayUnderTest {
  const exchanges: Exchange[] = [];
  const client = twilio(credentials.sid, credentials.authToken, {
    httpClient: recordingHttpClient(emulator.url, retry, exchanges),
  });
  return { gateway: createTwilioGateway({ client }), exchanges };
}

const templateRegex = (template: string) =>
  new RegExp(
    `^${template
      .split(/\{[A-Za-z]+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('[^/]+')}$`,
  );

/**
 * Validates the latest recorded `method template` exchange against the spec's response schema for
 * `status`, and returns it. `template` is the spec's path, e.g. /2010-04-01/Accounts/{Sid}.json.
 */
export function expectExchangeMatchesSpec(
  exchanges: Exchange[],
  method: string,
  template: string,
  status: number,
): Exchange {
  const regex = templateRegex(template);
  const found = exchanges.filter((e) => e.method === method && regex.test(e.url.pathname)).at(-1);
  if (!found) throw new Error(`No ${method} ${template} was sent`);
  expect(found.status).toBe(status);
  const spec: SpecName =
    found.url.hostname === 'sync.twilio.com' ? 'twilio_sync_v1' : 'twilio_api_v2010';
  if (status !== 204) expectMatchesSpec(spec, method, template, status, found.body);
  return found;
}
