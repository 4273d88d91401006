// Usage Records (REST 2010-04-01): what an account used, per category, over a range of GMT days.
// https://www.twilio.com/docs/usage/api/usage-record
import { pageV2010, type Sliceable } from '../http/paging';
import { invalidParameter, notFound } from '../http/twilio-error';
import type { EmulatorDeps, EmulatorRequest, ResourceModule, Route } from '../types';
import { addDays, gmtDay, type GmtDay } from '../usage/gmt-days';
import {
  periodsOf,
  RECORDS_VIEWS,
  type ClosedRange,
  type RecordsView,
} from '../usage/record-periods';
import { TOTAL_PRICE_CATEGORY } from '../usage/category-tree';
import { isUsageCategory, usageCategories } from '../usage/usage-categories';
import { usageRecordJson } from '../usage/usage-record';
import type { UsageLedger } from '../usage/usage-ledger';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
// "You can also specify offsets from the current date, such as: -30days" (the spec's StartDate).
const DAY_OFFSET = /^([+-]?)(\d{1,5})days$/;

function dateParameter(name: string, value: string | null, today: GmtDay): GmtDay | null {
  if (value === null || value === '') return null;
  const offset = DAY_OFFSET.exec(value);
  if (offset) return addDays(today, (offset[1] === '-' ? -1 : 1) * Number(offset[2]));
  const parsed = Date.parse(`${value}T00:00:00Z`);
  if (ISO_DAY.test(value) && !Number.isNaN(parsed) && gmtDay(new Date(parsed)) === value) {
    return value;
  }
  throw invalidParameter(
    name,
    `${value} (expected a GMT date YYYY-MM-DD, or an offset like -30days)`,
  );
}

function includeSubaccounts(value: string | null): boolean {
  if (value === null || value === 'true') return true;
  if (value === 'false') return false;
  throw invalidParameter('IncludeSubaccounts', `${value} (expected true or false)`);
}

export function createUsageRecords(deps: EmulatorDeps, ledger: UsageLedger): ResourceModule {
  /** The account itself and, for a main account unless told not to, every subaccount it owns. */
  function accountsCounted(accountSid: string, req: EmulatorRequest): string[] {
    const include = includeSubaccounts(req.query.get('IncludeSubaccounts'));
    const isMain = deps.accounts.main().sid === accountSid;
    if (!include || !isMain) return [accountSid];
    const owned = ledger
      .accounts()
      .filter(
        (sid) => sid !== accountSid && deps.accounts.get(sid)?.owner_account_sid === accountSid,
      );
    return [accountSid, ...owned];
  }

  function requestedRange(req: EmulatorRequest, createdDay: GmtDay, today: GmtDay): ClosedRange {
    const from = dateParameter('StartDate', req.query.get('StartDate'), today);
    const to = dateParameter('EndDate', req.query.get('EndDate'), today);
    const range = { from: from ?? (createdDay < today ? createdDay : today), to: to ?? today };
    if (range.from > range.to) {
      throw invalidParameter('StartDate', `${range.from} is after EndDate ${range.to}`);
    }
    return range;
  }

  function list(view: RecordsView, req: EmulatorRequest) {
    const accountSid = req.params.AccountSid;
    const account = deps.accounts.get(accountSid);
    if (!account) throw notFound(req.path);
    const category = req.query.get('Category');
    if (category !== null && !isUsageCategory(category)) {
      throw invalidParameter('Category', `${category} (expected one of Twilio's usage categories)`);
    }
    const now = deps.now();
    const today = gmtDay(now);
    // StartDate/EndDate are validated for every view; Today, Yesterday, ThisMonth and LastMonth then
    // keep their own range (periodsOf; docs/EMULATOR.md).
    const requested = requestedRange(req, gmtDay(new Date(account.date_created)), today);
    const periods = periodsOf(view, requested, today);
    const categories = category ? [category] : (usageCategories() ?? [TOTAL_PRICE_CATEGORY]);
    const counted = accountsCounted(accountSid, req);
    // One record per category and period, category by category: built only for the page asked for.
    const length = categories.length * periods.length;
    const records: Sliceable<ReturnType<typeof usageRecordJson>> = {
      length,
      slice(start, end) {
        const page = [];
        for (let i = start; i < Math.min(end, length); i++) {
          const c = categories[Math.floor(i / periods.length)];
          const period = periods[i % periods.length];
          const totals = ledger.totals(counted, c, period);
          page.push(usageRecordJson({ accountSid, view, category: c, period, totals, now }));
        }
        return page;
      },
    };
    return pageV2010(req, 'usage_records', records);
  }

  const routes: Route[] = RECORDS_VIEWS.map((view) => ({
    method: 'GET',
    host: 'api.twilio.com',
    pattern: `/2010-04-01/Accounts/:AccountSid/Usage/Records${view ? `/${view}` : ''}.json`,
    handler: (req: EmulatorRequest) => list(view, req),
  }));
  return { routes };
}
