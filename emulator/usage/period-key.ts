import { ALL_TIME, gmtDay, monthOf, yearOf, type DayRange } from './gmt-days';

/** How often a Usage Trigger may fire: once per GMT day, month, year, or once ever. */
export type Recurring = 'daily' | 'monthly' | 'yearly' | 'alltime';

export const RECURRING_VALUES: readonly Recurring[] = ['daily', 'monthly', 'yearly', 'alltime'];

/**
 * Names the recurring period `now` falls in, e.g. `monthly:2026-03`. Twilio computes recurring
 * periods in GMT, so the key uses UTC fields: the same instant gives the same key on any machine.
 */
export function periodKey(recurring: Recurring, now: Date): string {
  const iso = now.toISOString();
  switch (recurring) {
    case 'daily':
      return `daily:${iso.slice(0, 10)}`;
    case 'monthly':
      return `monthly:${iso.slice(0, 7)}`;
    case 'yearly':
      return `yearly:${iso.slice(0, 4)}`;
    case 'alltime':
      return 'alltime';
  }
}

/** The GMT days of the recurring period `at` falls in: the usage a trigger compares with its value. */
export function periodRange(recurring: Recurring, at: Date): DayRange {
  const day = gmtDay(at);
  switch (recurring) {
    case 'daily':
      return { from: day, to: day };
    case 'monthly':
      return monthOf(day);
    case 'yearly':
      return yearOf(day);
    case 'alltime':
      return ALL_TIME;
  }
}
