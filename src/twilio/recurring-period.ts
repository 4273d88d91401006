// Twilio's recurring periods for Usage Triggers and Usage Records are calendar periods in GMT
// (https://www.twilio.com/docs/usage/api/usage-trigger: "daily", "monthly", "yearly"; empty or
// "alltime" never recurs). A recurring trigger fires at most once per period and is armed again
// when the next one starts.
import type { Recurring } from './gateway';

/** Epoch ms at which the period containing `now` began; null for alltime (it has no start). */
export function periodStart(recurring: Recurring, now: number): number | null {
  const d = new Date(now);
  switch (recurring) {
    case 'daily':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    case 'monthly':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case 'yearly':
      return Date.UTC(d.getUTCFullYear(), 0, 1);
    case 'alltime':
      return null;
  }
}

/** Epoch ms at which the next period starts (the trigger is armed again); null for alltime. */
export function periodEnd(recurring: Recurring, now: number): number | null {
  const d = new Date(now);
  switch (recurring) {
    case 'daily':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
    case 'monthly':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    case 'yearly':
      return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
    case 'alltime':
      return null;
  }
}

/** True when a trigger with this period that fired at `firedAt` cannot fire again before the period ends. */
export function firedThisPeriod(
  recurring: Recurring,
  firedAt: number | null,
  now: number,
): boolean {
  if (firedAt === null) return false;
  const start = periodStart(recurring, now);
  return start === null || firedAt >= start;
}

/** The words for "in the current period": today, this month, this year, or '' for all time. */
export function periodWords(recurring: Recurring): string {
  return { daily: 'today', monthly: 'this month', yearly: 'this year', alltime: '' }[recurring];
}
