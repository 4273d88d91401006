import twilio from 'twilio';
import type { Emulator } from '../../emulator';
import { twilioHttpClient, type RetryOptions } from '../../src/twilio/http-client';

export interface Credentials {
  sid: string;
  token: string;
}

const mainOf = (emulator: Emulator): Credentials => ({
  sid: emulator.mainAccount.sid,
  token: emulator.mainAccount.authToken,
});

/** The real twilio-node client, sent to the emulator by the project's own redirect. */
export function emulatorClient(
  emulator: Emulator,
  creds: Credentials = mainOf(emulator),
  retry: RetryOptions = { autoRetry: false, timeoutMs: 5000 },
) {
  const httpClient = twilioHttpClient({ TWILIO_API_EMULATOR_URL: emulator.url }, retry);
  return twilio(creds.sid, creds.token, { httpClient });
}

export interface RawCall {
  method?: 'GET' | 'POST' | 'DELETE';
  path: string;
  host?: string;
  form?: Record<string, string>;
  creds?: Credentials;
}

/** A request as twilio-node makes it, answering the raw JSON (for contract checks). */
export async function rawTwilio(emulator: Emulator, call: RawCall) {
  const creds = call.creds ?? mainOf(emulator);
  const res = await fetch(emulator.url + call.path, {
    method: call.method ?? 'GET',
    headers: {
      Authorization: `Basic ${Buffer.from(`${creds.sid}:${creds.token}`).toString('base64')}`,
      'X-Twilio-Host': call.host ?? 'api.twilio.com',
      ...(call.form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: call.form ? new URLSearchParams(call.form).toString() : undefined,
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

/** A control endpoint call (JSON, no auth). */
export async function control(emulator: Emulator, method: string, path: string, body?: unknown) {
  const res = await fetch(`${emulator.url}/__emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}
