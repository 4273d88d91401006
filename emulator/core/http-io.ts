import type { IncomingMessage, ServerResponse } from 'node:http';
import { TwilioApiError } from '../http/twilio-error';
import type { EmulatorResponse, TwilioHost } from '../types';

const MAX_BODY_BYTES = 1024 * 1024;
export const TWILIO_HOSTS: readonly TwilioHost[] = [
  'api.twilio.com',
  'serverless.twilio.com',
  'sync.twilio.com',
  'verify.twilio.com',
];

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new TwilioApiError(413, 20413, 'Request body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The redirect keeps Twilio's host in X-Twilio-Host; a request without it is for api.twilio.com. */
export function twilioHostOf(headers: Record<string, string | undefined>): TwilioHost | undefined {
  const value = headers['x-twilio-host']?.split(',')[0].trim().toLowerCase().replace(/:\d+$/, '');
  if (!value) return 'api.twilio.com';
  return TWILIO_HOSTS.find((h) => h === value);
}

export function headersOf(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function writeResponse(res: ServerResponse, response: EmulatorResponse): void {
  if (res.destroyed || res.headersSent) return;
  const hasBody = response.body !== undefined && response.status !== 204;
  const payload = hasBody ? JSON.stringify(response.body) : '';
  res.writeHead(response.status, {
    ...(hasBody ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
    'Content-Length': Buffer.byteLength(payload),
    ...response.headers,
  });
  res.end(payload);
}

/** Twilio's error body for a plain HTTP status (scripted faults, the concurrency cap). */
export function statusError(status: number): TwilioApiError {
  const messages: Record<number, string> = {
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return new TwilioApiError(status, 20000 + status, messages[status] ?? `HTTP ${status}`);
}
