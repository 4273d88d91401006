import type { Emulator } from '../../../emulator';
import { emulatorClient, type Credentials } from '../../support/emulator-twilio';
import { expectMatchesSpec } from '../../support/openapi-contract';

export const SERVICES = '/v2/Services';
export const SERVICE = '/v2/Services/{Sid}';
export const VERIFICATIONS = '/v2/Services/{ServiceSid}/Verifications';
export const CHECK = '/v2/Services/{ServiceSid}/VerificationCheck';
export const FACTORS = '/v2/Services/{ServiceSid}/Entities/{Identity}/Factors';
export const CHALLENGES = '/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges';

/**
 * The real twilio-node client against the emulator, plus `spec(...)`: validates the raw body of the
 * client's last response (what twilio-node itself parsed) against Twilio's OpenAPI description.
 */
export function verifyClient(emulator: Emulator, creds?: Credentials) {
  const client = emulatorClient(emulator, creds);
  const spec = (method: string, path: string, status: number) => {
    const last = client.httpClient?.lastResponse;
    expect(last?.statusCode).toBe(status);
    const body: unknown = typeof last?.body === 'string' ? JSON.parse(last.body) : last?.body;
    expectMatchesSpec('twilio_verify_v2', method, path, status, body);
    return body as Record<string, unknown>;
  };
  return { client, verify: client.verify.v2, spec };
}

/** The newest code the emulator "sent" to `to`. */
export function lastCode(emulator: Emulator, to: string): string {
  const codes = emulator.verify.codes(to);
  if (codes.length === 0) throw new Error(`no code was sent to ${to}`);
  return codes[codes.length - 1].code;
}

/** A wrong code of the right shape: the real code with its first digit changed. */
export const wrongCode = (code: string) => String((Number(code[0]) + 1) % 10) + code.slice(1);
