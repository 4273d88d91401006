// The one switch that sends all of the project's Twilio REST traffic to the local emulator.
// twilio-node hands every request to `httpClient.request({ uri: 'https://<host>.twilio.com/...' })`,
// and both `context.getTwilioClient({ httpClient })` and `Runtime.getSync({ httpClient })` pass the
// option through, so a Function that builds its client here talks to whatever its env says — in
// twilio-run's forked and in-process modes alike. Deployed, it is ignored even when set.
import twilio from 'twilio';
import type RequestClientType from 'twilio/lib/base/RequestClient';

type RequestOptions<T> = RequestClientType.RequestOptions<T>;

/** The emulator routes on this header: serverless, sync and verify all have /v1/Services. */
export const TWILIO_HOST_HEADER = 'X-Twilio-Host';

export interface HttpClientEnv {
  /** e.g. http://127.0.0.1:4010. Unset or empty: talk to Twilio. Loopback addresses only. */
  readonly TWILIO_API_EMULATOR_URL?: string;
  /**
   * Set by the Functions runtime: the service's public domain when deployed, localhost:<port> under
   * twilio-run. Anywhere but this machine, TWILIO_API_EMULATOR_URL is ignored (see emulatorUrlIgnored).
   */
  DOMAIN_NAME?: string;
}

export interface RetryOptions {
  /** Retry 429s (Twilio's "too many concurrent requests", never processed) with backoff. */
  autoRetry?: boolean;
  /** 0 turns retrying off. */
  maxRetries?: number;
  /** Cap of one backoff delay (full jitter, so the average is half of it). */
  maxRetryDelayMs?: number;
  /** Per-request timeout; Functions are killed after 10 s, so a stuck request must give up sooner. */
  timeoutMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  autoRetry: true,
  maxRetries: 3,
  maxRetryDelayMs: 1000,
  timeoutMs: 5000,
};

/** A misconfigured TWILIO_API_EMULATOR_URL, or a request the redirect must not let through. */
export class EmulatorTargetError extends Error {
  readonly status = 500;
  constructor(message: string) {
    super(message);
    this.name = 'EmulatorTargetError';
  }
}

const LOOPBACK_HOSTS = /^(localhost|\[::1\]|127(\.\d{1,3}){3})$/;

/** Parses TWILIO_API_EMULATOR_URL, refusing anything that is not a plain loopback http(s) URL. */
export function emulatorTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EmulatorTargetError(
      `TWILIO_API_EMULATOR_URL is not a URL: "${raw}". Use e.g. http://127.0.0.1:4010, or unset it to talk to Twilio.`,
    );
  }
  // Say what is wrong without echoing credentials someone may have put in the URL.
  const shown = `${url.protocol}//${url.host}${url.pathname}`;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EmulatorTargetError(`TWILIO_API_EMULATOR_URL must be http(s); got ${shown}`);
  }
  if (!LOOPBACK_HOSTS.test(url.hostname)) {
    throw new EmulatorTargetError(
      `TWILIO_API_EMULATOR_URL must point at this machine (127.0.0.1, localhost or [::1]); got ${shown}. ` +
        'Unset it to talk to Twilio.',
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new EmulatorTargetError(
      `TWILIO_API_EMULATOR_URL must not carry credentials, a query or a fragment; got ${shown}`,
    );
  }
  return url;
}

function isLoopbackDomain(domain: string): boolean {
  try {
    return LOOPBACK_HOSTS.test(new URL(`http://${domain}`).hostname);
  } catch {
    return false;
  }
}

/**
 * Why TWILIO_API_EMULATOR_URL is ignored in this env, or null when it is not (unset, or the Function
 * runs on this machine). A deployed Function never talks to an emulator: a loopback URL leaked into
 * the deployed environment would make every Twilio call fail with ECONNREFUSED, so every trip would
 * answer 500 and nothing would be suspended. It talks to Twilio instead, and says so.
 */
export function emulatorUrlIgnored(env: HttpClientEnv): string | null {
  const target = typeof env.TWILIO_API_EMULATOR_URL === 'string' ? env.TWILIO_API_EMULATOR_URL : '';
  const domain = typeof env.DOMAIN_NAME === 'string' ? env.DOMAIN_NAME.trim() : '';
  if (!target.trim() || !domain || isLoopbackDomain(domain)) return null;
  return (
    `TWILIO_API_EMULATOR_URL is set but ignored: this Function runs at ${domain}, not on this ` +
    'machine, so it talks to Twilio. Remove the variable from the deployed environment: ' +
    'twilio serverless:env:unset --key TWILIO_API_EMULATOR_URL'
  );
}

// Once per instance: a warm instance handles many invocations, and the problem does not change.
const reported = new Set<string>();
function reportOnce(problem: string): void {
  if (reported.has(problem)) return;
  reported.add(problem);
  console.error(
    JSON.stringify({ breaker: 'warning', problem: 'emulator-url-ignored', message: problem }),
  );
}

/** Maps https://<host>.twilio.com/<path>?<query> onto the emulator, keeping the host aside. */
export function redirectToEmulator(uri: string, emulator: URL): { uri: string; host: string } {
  const original = new URL(uri);
  if (original.protocol !== 'https:' || !original.hostname.endsWith('.twilio.com')) {
    throw new EmulatorTargetError(
      `Refusing to send ${original.protocol}//${original.host}${original.pathname} while ` +
        'TWILIO_API_EMULATOR_URL is set: only Twilio API URLs are redirected to the emulator.',
    );
  }
  const base = emulator.pathname.replace(/\/+$/, '');
  return {
    uri: `${emulator.origin}${base}${original.pathname}${original.search}`,
    host: original.hostname,
  };
}

function requestClientOptions(retry: RetryOptions): RequestClientType.RequestClientOptions {
  const { autoRetry, maxRetries, maxRetryDelayMs, timeoutMs } = { ...DEFAULT_RETRY, ...retry };
  // twilio-node reads maxRetries 0 as "default (3)", so 0 has to switch retrying off instead.
  return {
    autoRetry: autoRetry && maxRetries > 0,
    maxRetries: Math.max(maxRetries, 1),
    maxRetryDelay: maxRetryDelayMs,
    timeout: timeoutMs,
  };
}

class EmulatorRequestClient extends twilio.RequestClient {
  constructor(
    private readonly emulator: URL,
    options: RequestClientType.RequestClientOptions,
  ) {
    super(options);
  }

  override async request<TData>(opts: RequestOptions<TData>) {
    const { uri, host } = redirectToEmulator(opts.uri, this.emulator);
    return super.request<TData>({
      ...opts,
      uri,
      headers: { ...opts.headers, [TWILIO_HOST_HEADER]: host },
    });
  }
}

/**
 * The RequestClient every Twilio client of the project is built with:
 * `context.getTwilioClient({ httpClient: twilioHttpClient(context) })`.
 * Talks to Twilio unless `env.TWILIO_API_EMULATOR_URL` names a loopback emulator and the Function
 * runs on this machine.
 */
export function twilioHttpClient(
  env: HttpClientEnv,
  retry: RetryOptions = {},
): twilio.RequestClient {
  const options = requestClientOptions(retry);
  const ignored = emulatorUrlIgnored(env);
  if (ignored) reportOnce(ignored);
  const target = ignored ? '' : env.TWILIO_API_EMULATOR_URL?.trim();
  if (!target) return new twilio.RequestClient(options);
  return new EmulatorRequestClient(emulatorTarget(target), options);
}
