// How `npm run setup` and `npm run events` get an Authorization header, the same way for both:
//   --token / ADMIN_TOKEN       → "Bearer <API token>" (scheduled jobs; scope setup or read)
//   --user + password (+ code)  → POST /admin-session: a session token, after the one-time code
//                                 when two-factor sign-in is on (asked for on the terminal: texted
//                                 to the admin phone, or shown by the admin's authenticator app)
// The base URL is checked first (adminServiceUrl): nothing secret is sent over plain http:// to
// another machine. Then GET /health must answer as the breaker, before a password or a code is
// asked for. The password and the code go only into request bodies, never into a message.
import { adminServiceUrl, ServiceUrlError, unreachableMessage } from '../src/admin/service-url';
import { notBreakerMessage, probeService } from '../src/ops/service-probe';
import { UsageError } from './command-args';
import { promptHidden, promptLine } from './prompt-hidden';

export class AdminSignInError extends Error {}

/** How the command signs in: an API token, or a person's username (password and code follow). */
export type SignInChoice =
  { token: string; username?: undefined } | { username: string; token?: undefined };

/**
 * --token or --user (never both), else ADMIN_TOKEN, else ADMIN_USERNAME. A flag beats the
 * environment; `note` says when a variable was passed over.
 */
export function chooseSignIn(
  flags: { user?: string; token?: string },
  env: Record<string, string | undefined>,
  url: string,
): SignInChoice & { note?: string } {
  if (flags.user && flags.token) {
    throw new UsageError(
      'Give --user or --token, not both: --user signs in as a person (password, then a code), ' +
        '--token uses an API token.',
    );
  }
  if (flags.token) return { token: flags.token };
  if (flags.user) return { username: flags.user };
  if (env.ADMIN_TOKEN) {
    const note = env.ADMIN_USERNAME
      ? 'Signing in with the API token in ADMIN_TOKEN; ADMIN_USERNAME is not used (give --user to sign in as a person).'
      : undefined;
    return { token: env.ADMIN_TOKEN, note };
  }
  if (env.ADMIN_USERNAME) return { username: env.ADMIN_USERNAME };
  throw new UsageError(
    `Missing --user or --token: how to sign in to ${url}. --user <admin> asks for the password ` +
      '(or reads ADMIN_PASSWORD); --token (or ADMIN_TOKEN) uses an API token.',
  );
}

/**
 * Where and how a command signs in, from its flags (--url, --user, --token) and the environment
 * (BREAKER_URL, ADMIN_TOKEN, ADMIN_USERNAME): checked before anything is asked for or sent, every
 * mistake a UsageError that says what to give.
 */
export function serviceTarget(
  flags: { url?: string; user?: string; token?: string },
  env: Record<string, string | undefined>,
): { url: string; signIn: SignInChoice & { note?: string } } {
  const url = flags.url ?? env.BREAKER_URL;
  if (!url) {
    throw new UsageError(
      "Missing --url: the breaker service's base URL, e.g. https://breaker-1234-dev.twil.io " +
        '(the sandbox prints it).',
    );
  }
  try {
    adminServiceUrl(url);
  } catch (error) {
    if (error instanceof ServiceUrlError) throw new UsageError(error.message);
    throw error;
  }
  return { url, signIn: chooseSignIn(flags, env, url) };
}

/** GET /health answers as this breaker, or the error says what --url is instead. */
export async function checkBreakerService(base: URL, fetchFn?: typeof fetch): Promise<void> {
  const probe = await probeService(base, fetchFn).catch((error: unknown) => {
    throw new AdminSignInError(unreachableMessage(base, error));
  });
  if (probe.kind !== 'breaker') throw new AdminSignInError(notBreakerMessage(base, probe));
}

/** The flags (node:util parseArgs options) every admin command takes to reach the service. */
export const SIGN_IN_OPTIONS = {
  url: { type: 'string' },
  user: { type: 'string' },
  token: { type: 'string' },
} as const;

/** What an admin command's io gives the sign-in: the environment and how to ask the person. */
export interface SignInIo {
  env: Record<string, string | undefined>;
  fetch?: typeof fetch;
  askPassword?(question: string): Promise<string>;
  askCode?(question: string): Promise<string>;
}

export interface SignInInput extends SignInIo {
  url: string;
  /** From chooseSignIn: an API token, or the username a password is asked for. */
  token?: string;
  username?: string;
  /** A line for the person (a wrong code); stderr unless given. */
  note?(line: string): void;
}

export interface CommandAuth {
  authorization: string;
  via: 'token' | 'session' | 'password';
  /** Set when two-factor sign-in is off: the command must show it loudly. */
  warning: string | null;
}

/** How many wrong codes a person may type before the command gives up (Verify allows 5). */
const CODE_TRIES = 3;

interface SessionAnswer {
  status?: string;
  token?: string;
  pendingToken?: string;
  /** 'sms' or 'totp': where the code comes from. */
  channel?: string;
  to?: string;
  warning?: string;
  error?: string;
  message?: string;
}

async function post(input: SignInInput, base: URL, body: object) {
  const url = new URL('admin-session', `${base.href.replace(/\/*$/, '')}/`);
  let response: Response;
  try {
    response = await (input.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new AdminSignInError(unreachableMessage(base, error));
  }
  let answer: SessionAnswer = {};
  try {
    answer = (await response.json()) as SessionAnswer;
  } catch {
    // judged by the status below
  }
  return { status: response.status, answer };
}

const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

function refused(status: number, answer: SessionAnswer): AdminSignInError {
  if (status === 401 && answer.error === 'unauthorized') {
    return new AdminSignInError('Wrong admin username or password (the service answered 401).');
  }
  const said = answer.message ?? `HTTP ${status}`;
  return new AdminSignInError(`Sign-in refused: ${said}`);
}

/** The question for the code, worded after where the service says it is. */
export function codeQuestion(pending: { channel?: string; to?: string }): string {
  if (pending.channel === 'totp') return 'Code from your authenticator app: ';
  return `Code sent to ${pending.to ?? 'the admin phone'}: `;
}

async function codeStep(input: SignInInput, base: URL, pending: SessionAnswer): Promise<string> {
  const ask = input.askCode ?? promptLine;
  for (let attempt = 1; attempt <= CODE_TRIES; attempt += 1) {
    const code = await ask(codeQuestion(pending));
    const { status, answer } = await post(input, base, {
      pendingToken: pending.pendingToken,
      code,
    });
    if (status === 200 && answer.token) return answer.token;
    const again = answer.error === 'wrong-code' || status === 400;
    if (!again || attempt === CODE_TRIES) throw refused(status, answer);
    (input.note ?? ((line) => process.stderr.write(`${line}\n`)))(
      answer.message ?? 'That code was not accepted.',
    );
  }
  throw new AdminSignInError('Sign-in refused: too many wrong codes.');
}

export async function commandAuthorization(input: SignInInput): Promise<CommandAuth> {
  const base = adminServiceUrl(input.url);
  const { token, username } = input;
  if (token && !/^[A-Za-z0-9._~+/-]+=*$/.test(token)) {
    throw new AdminSignInError('The API token holds characters no token has: check --token.');
  }
  if (!token && !username) throw new AdminSignInError('Missing --user or --token.');
  await checkBreakerService(base, input.fetch);
  if (token) return { authorization: `Bearer ${token}`, via: 'token', warning: null };
  if (!username) throw new AdminSignInError('Missing --user or --token.');
  const password =
    input.env.ADMIN_PASSWORD ||
    (await (input.askPassword ?? promptHidden)(`Password for ${username}: `));
  const { status, answer } = await post(input, base, { username, password });
  // A service deployed before sign-in existed has no /admin-session: the password goes as Basic.
  if (status === 404)
    return { authorization: basic(username, password), via: 'password', warning: null };
  if (status !== 200) throw refused(status, answer);
  const warning = answer.warning ?? null;
  if (answer.status === 'password-only') {
    return { authorization: basic(username, password), via: 'password', warning };
  }
  if (answer.status === 'signed-in' && answer.token) {
    return { authorization: `Bearer ${answer.token}`, via: 'session', warning };
  }
  const codeNeeded = answer.status === 'code-sent' || answer.status === 'code-required';
  if (codeNeeded && answer.pendingToken) {
    return {
      authorization: `Bearer ${await codeStep(input, base, answer)}`,
      via: 'session',
      warning,
    };
  }
  throw new AdminSignInError(
    `Unexpected sign-in answer (${answer.status ?? 'none'}): is --url the breaker service?`,
  );
}
