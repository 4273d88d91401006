// What GET /health answers: which build is running and what is wrong with its configuration that
// the Functions work around. Pure: computed from the Function's own context, never from Twilio.
import { emulatorUrlIgnored, type HttpClientEnv } from '../twilio/http-client';

export interface HealthReport {
  ok: true;
  service: string;
  version: string;
  /** Problems an operator should fix; the Functions still work. Empty when there are none. */
  warnings: string[];
}

export function healthReport(
  build: { name: string; version: string },
  env: HttpClientEnv,
): HealthReport {
  const warnings = [emulatorUrlIgnored(env)].filter((w): w is string => w !== null);
  return { ok: true, service: build.name, version: build.version, warnings };
}
