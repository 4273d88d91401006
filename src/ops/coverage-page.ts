// One page of /admin-coverage: a Twilio page of subaccounts, each checked with one trigger listing,
// a few at a time: at most `concurrency` (SETUP_CONCURRENCY), fewer when Twilio answers 429 (the
// adaptive limit setup uses, src/retry/adaptive-limit.ts). Thousands of subaccounts are read page
// by page; a time budget keeps every call well inside the 10 s Functions limit, and the cursor can
// resume inside a Twilio page.
import pLimit from 'p-limit';
import { badRequest } from '../admin/admin-request-error';
import { createAdaptiveLimit } from '../retry/adaptive-limit';
import { OutOfTimeError } from '../retry/out-of-time';
import { requestGate } from '../retry/request-gate';
import { wrapGateway } from '../retry/wrap-gateway';
import type { Clock } from '../runtime/clock';
import { readReactivation, type Reactivation } from '../breaker/decision/reactivations';
import { applyOverride, type OverrideStore } from '../setup/overrides';
import type { Rule } from '../setup/rules';
import type { AccountRecord, TwilioGateway } from '../twilio/gateway';
import { redactSecrets, rethrowUnlessTwilio } from '../twilio/twilio-errors';
import { armedState } from './armed-state';
import { classifyCoverage, NO_TRIGGERS, type CoverageAccount } from './coverage';
import { lastAction } from './last-action';
import { readPeriodSpend, type PeriodSpend } from './period-spend';

// A check started at the end of the budget may still take a 3 s request timeout: 5 + 3 < 10 s.
export const COVERAGE_DEFAULTS = { concurrency: 10, budgetMs: 5000 } as const;

export interface CoverageDeps {
  gateway: Pick<
    TwilioGateway,
    'listSubaccountsPage' | 'listTriggers' | 'readUsage' | 'fetchMapItem'
  >;
  overrides: Pick<OverrideStore, 'get'>;
  rules: readonly Rule[];
  domainName: string;
  clock: Clock;
  /** The most trigger listings in flight at once: a ceiling, lowered while Twilio answers 429. */
  concurrency?: number;
  /** No account check starts after this many ms (the first always does). */
  budgetMs?: number;
}

/** A Twilio page (its cursor and size) and how many of its accounts were already answered. */
interface CoverageCursor {
  page: string | null;
  skip: number;
  size: number;
}

export interface CoveragePage {
  accounts: CoverageAccount[];
  nextCursor: string | null;
}

const encode = (c: CoverageCursor) =>
  Buffer.from(JSON.stringify({ p: c.page, s: c.skip, n: c.size })).toString('base64url');

export function decodeCoverageCursor(value: string): CoverageCursor {
  try {
    if (value.length <= 2000) {
      const { p, s, n } = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
      const pageOk = p === null || (typeof p === 'string' && p.length > 0);
      const skipOk = Number.isSafeInteger(s) && (s as number) >= 0;
      const sizeOk = Number.isSafeInteger(n) && (n as number) >= 1 && (n as number) <= 1000;
      if (pageOk && skipOk && sizeOk) {
        return { page: p as string | null, skip: s as number, size: n as number };
      }
    }
  } catch {
    // answered below
  }
  throw badRequest(
    'cursor must be a nextCursor returned by /admin-coverage; drop it to start over',
  );
}

const messageOf = (error: unknown) =>
  redactSecrets(error instanceof Error ? error.message : String(error)).slice(0, 300);

/** A read that may fail without hiding the row: its value, or null and a note saying what failed. */
async function optional<T>(what: string, read: Promise<T>, notes: string[]): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    rethrowUnlessTwilio(error);
    notes.push(`${what} could not be read: ${messageOf(error)}`);
    return null;
  }
}

async function checkAccount(
  account: AccountRecord,
  deps: CoverageDeps,
  /** deps.gateway with every request through the page's adaptive limit, like setup's. */
  gated: CoverageDeps['gateway'],
  /** Whether a check still waiting for Twilio at the budget's end may be left for the next call
   * (null). The page's first may not: a page must move on, so it reports the account unknown. */
  { mayDefer }: { mayDefer: boolean },
): Promise<CoverageAccount | null> {
  const { sid, friendlyName, status } = account;
  const base = { sid, friendlyName, status };
  const now = deps.clock.now();
  // Setup skips closed accounts; reading theirs would only cost calls.
  if (status === 'closed') {
    const closed = classifyCoverage({ ...deps, status, override: null, actual: [] });
    const armed = armedState({ ...closed, status, triggers: [], reactivation: null, now });
    return { ...base, ...closed, armed, spend: null, lastAction: null };
  }
  const notes: string[] = [];
  try {
    const override = await deps.overrides.get(sid);
    const rules = applyOverride(deps.rules, override);
    const [actual, spend, reactivation] = await Promise.all([
      gated.listTriggers(sid),
      optional<PeriodSpend | null>('usage', readPeriodSpend(gated, sid, rules), notes),
      optional<Reactivation | null>('reactivation', readReactivation(gated, sid), notes),
    ]);
    const coverage = classifyCoverage({ ...deps, status, override, actual });
    const armed = armedState({ ...coverage, status, triggers: actual, reactivation, now });
    const last = lastAction(actual, reactivation, now);
    return {
      ...base,
      ...coverage,
      armed,
      spend,
      lastAction: last,
      ...(notes.length ? { notes } : {}),
    };
  } catch (error) {
    rethrowUnlessTwilio(error);
    if (error instanceof OutOfTimeError && mayDefer) return null;
    // One subaccount Twilio will not answer for must not hide the rest of the page.
    const message = messageOf(error);
    const armed = { state: 'unknown' as const, why: 'its triggers could not be read' };
    const unread = { armed, spend: null, lastAction: null };
    return {
      ...base,
      protection: 'unknown',
      triggers: { ...NO_TRIGGERS },
      ...unread,
      error: message,
    };
  }
}

async function listPage(deps: CoverageDeps, position: CoverageCursor) {
  try {
    return await deps.gateway.listSubaccountsPage(position.page, position.size);
  } catch (error) {
    // The gateway refuses a cursor it did not make; that is the caller's input, not a failure.
    if (error instanceof RangeError) throw badRequest(error.message);
    throw error;
  }
}

export async function readCoveragePage(
  deps: CoverageDeps,
  cursor: string | null,
  pageSize: number,
): Promise<CoveragePage> {
  const started = deps.clock.now();
  const budgetMs = deps.budgetMs ?? COVERAGE_DEFAULTS.budgetMs;
  const position = cursor ? decodeCoverageCursor(cursor) : { page: null, skip: 0, size: pageSize };
  const page = await listPage(deps, position);
  const accounts = page.accounts.slice(position.skip);
  const ceiling = deps.concurrency ?? COVERAGE_DEFAULTS.concurrency;
  const limit = pLimit(ceiling);
  // 429s are waited out until the budget ends; a listing still refused then is reported unknown.
  const gate = requestGate(
    createAdaptiveLimit({ ceiling, clock: deps.clock }),
    () => started + budgetMs,
  );
  const gated = wrapGateway(deps.gateway, (call) => gate.run(call));
  const results = await Promise.all(
    accounts.map((account, i) =>
      limit(async () => {
        if (i > 0 && deps.clock.now() - started >= budgetMs) return null;
        return checkAccount(account, deps, gated, { mayDefer: i > 0 });
      }),
    ),
  );
  const firstUnchecked = results.indexOf(null);
  const done = firstUnchecked === -1 ? results.length : firstUnchecked;
  const checked = results.slice(0, done) as CoverageAccount[];
  if (done < accounts.length) {
    return { accounts: checked, nextCursor: encode({ ...position, skip: position.skip + done }) };
  }
  const next = page.nextCursor ? encode({ page: page.nextCursor, skip: 0, size: pageSize }) : null;
  return { accounts: checked, nextCursor: next };
}
