// One page of /admin-coverage: a Twilio page of subaccounts, each checked with one trigger listing,
// a few at a time. Thousands of subaccounts are read page by page; a time budget keeps every call
// well inside the 10 s Functions limit, and the cursor can resume inside a Twilio page.
import pLimit from 'p-limit';
import { badRequest } from '../admin/admin-request-error';
import type { Clock } from '../runtime/clock';
import type { OverrideStore } from '../setup/overrides';
import type { Rule } from '../setup/rules';
import type { AccountRecord, TwilioGateway } from '../twilio/gateway';
import { redactSecrets, rethrowUnlessTwilio } from '../twilio/twilio-errors';
import { classifyCoverage, NO_TRIGGERS, type CoverageAccount } from './coverage';

// A check started at the end of the budget may still take a 3 s request timeout: 5 + 3 < 10 s.
export const COVERAGE_DEFAULTS = { concurrency: 10, budgetMs: 5000 } as const;

export interface CoverageDeps {
  gateway: Pick<TwilioGateway, 'listSubaccountsPage' | 'listTriggers'>;
  overrides: Pick<OverrideStore, 'get'>;
  rules: readonly Rule[];
  domainName: string;
  clock: Pick<Clock, 'now'>;
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

async function checkAccount(account: AccountRecord, deps: CoverageDeps): Promise<CoverageAccount> {
  const { sid, friendlyName, status } = account;
  const base = { sid, friendlyName, status };
  // Setup skips closed accounts; listing their triggers would only cost a call.
  if (status === 'closed')
    return { ...base, ...classifyCoverage({ ...deps, status, override: null, actual: [] }) };
  try {
    const override = await deps.overrides.get(sid);
    const actual = await deps.gateway.listTriggers(sid);
    return { ...base, ...classifyCoverage({ ...deps, status, override, actual }) };
  } catch (error) {
    // One subaccount Twilio will not answer for must not hide the rest of the page.
    rethrowUnlessTwilio(error);
    const message = redactSecrets(error.message).slice(0, 300);
    return { ...base, protection: 'unknown', triggers: { ...NO_TRIGGERS }, error: message };
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
  const limit = pLimit(deps.concurrency ?? COVERAGE_DEFAULTS.concurrency);
  const results = await Promise.all(
    accounts.map((account, i) =>
      limit(async () =>
        i > 0 && deps.clock.now() - started >= budgetMs ? null : checkAccount(account, deps),
      ),
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
