// Is the server at a URL this breaker? Asked of GET /health before anything else happens: by the
// commands before a password or a code is asked for, by the sandbox before it registers triggers.
// Another program on the port (a dev server on 3000) or the emulator's URL given by mistake is
// then named at once, instead of surfacing later as a puzzling refusal.
import { name as SERVICE_NAME } from '../../package.json';

export type ServiceProbe =
  | { kind: 'breaker' }
  | { kind: 'emulator' }
  | { kind: 'other'; status: number; contentType: string };

/** /health's body as functions/health.ts answers it: {ok: true, service: <package name>, …}. */
export function isBreakerHealth(body: unknown): boolean {
  const health = body as { ok?: unknown; service?: unknown } | null;
  return health?.ok === true && health.service === SERVICE_NAME;
}

async function json(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** Rejects with fetch's own error when nothing answers (see unreachableMessage). */
export async function probeService(
  base: URL,
  fetchFn: typeof fetch = fetch,
): Promise<ServiceProbe> {
  const response = await fetchFn(new URL('/health', base));
  if (response.ok && isBreakerHealth(await json(response))) return { kind: 'breaker' };
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0];
  // The Twilio API emulator runs beside the sandbox; its URL is easy to pick up by mistake.
  const emulator = await fetchFn(new URL('/__emulator/health', base)).then(
    async (answer) => answer.ok && ((await json(answer)) as { ok?: unknown } | null)?.ok === true,
    () => false,
  );
  if (emulator) return { kind: 'emulator' };
  return { kind: 'other', status: response.status, contentType };
}

/** What to tell a person whose --url is not the breaker. */
export function notBreakerMessage(
  base: URL,
  probe: Exclude<ServiceProbe, { kind: 'breaker' }>,
  flag = '--url',
): string {
  if (probe.kind === 'emulator') {
    return (
      `${base.origin} is the Twilio API emulator, not the breaker: use the Functions' URL, ` +
      'which `npm start` prints under "Dashboard" (e.g. http://localhost:3000).'
    );
  }
  const type = probe.contentType ? ` (${probe.contentType})` : '';
  return (
    `${base.origin} is not the breaker service: its /health answered ${probe.status}${type}, ` +
    `not the breaker's. Check ${flag}: the service's base URL, e.g. https://breaker-1234-dev.twil.io.`
  );
}
