import { addDays, monthOf, yearOf, type DayRange, type GmtDay } from './gmt-days';

// The Usage Records list and its subresources (https://www.twilio.com/docs/usage/api/usage-record,
// "List Subresources"): the list itself and AllTime give one record per category over the
// requested range; Daily, Monthly and Yearly one per day, month or year in it; Today, Yesterday,
// ThisMonth and LastMonth one over that fixed range.

/** The path segment after /Usage/Records ('' for Records.json itself). */
export type RecordsView =
  | ''
  | 'AllTime'
  | 'Daily'
  | 'Monthly'
  | 'Yearly'
  | 'Today'
  | 'Yesterday'
  | 'ThisMonth'
  | 'LastMonth';

export const RECORDS_VIEWS: readonly RecordsView[] = [
  '',
  'AllTime',
  'Daily',
  'Monthly',
  'Yearly',
  'Today',
  'Yesterday',
  'ThisMonth',
  'LastMonth',
];

export type ClosedRange = { from: GmtDay; to: GmtDay };

function split(range: ClosedRange, unitOf: (day: GmtDay) => DayRange): ClosedRange[] {
  const periods: ClosedRange[] = [];
  for (let day = range.from; day <= range.to;) {
    const unit = unitOf(day) as ClosedRange;
    const to = unit.to < range.to ? unit.to : range.to;
    periods.push({ from: day, to });
    day = addDays(to, 1);
  }
  return periods;
}

/**
 * The ranges `view` reports, oldest first, given the requested range and today (GMT). Today,
 * Yesterday, ThisMonth and LastMonth keep their own range whatever was requested.
 */
export function periodsOf(view: RecordsView, requested: ClosedRange, today: GmtDay): ClosedRange[] {
  switch (view) {
    case '':
    case 'AllTime':
      return requested.from <= requested.to ? [requested] : [];
    case 'Daily':
      return split(requested, (day) => ({ from: day, to: day }));
    case 'Monthly':
      return split(requested, monthOf);
    case 'Yearly':
      return split(requested, yearOf);
    case 'Today':
      return [{ from: today, to: today }];
    case 'Yesterday':
      return [{ from: addDays(today, -1), to: addDays(today, -1) }];
    case 'ThisMonth':
      return [{ from: monthOf(today).from as GmtDay, to: today }];
    case 'LastMonth':
      return [monthOf(addDays(monthOf(today).from as GmtDay, -1)) as ClosedRange];
  }
}
