// The words every surface uses for a re-arm (the reactivation dialog, the API answer, the audit
// event, the alert, coverage): what protects the account now, in the rule's own unit.
import { periodWords } from '../twilio/recurring-period';
import type { Rearm } from './rearm';

const CURRENCY: Record<string, string> = { usd: '$', eur: '€', gbp: '£' };

/** 100 → "$100", 12.5 → "$12.50" (usd); "100 JPY" where no symbol is known. */
export function money(value: number, unit: string | null): string {
  const amount = Number.isInteger(value) ? String(value) : value.toFixed(2);
  const symbol = CURRENCY[(unit ?? 'usd').toLowerCase()];
  return symbol ? `${symbol}${amount}` : `${amount} ${(unit ?? '').toUpperCase()}`.trim();
}

/** "$100", or "60 units of calls" / "60 events of sms"; `more` puts the word after the number. */
function amount(rearm: Omit<Rearm, 'statement'>, value: number, more = ''): string {
  const rounded = Math.round(value * 10_000) / 10_000;
  if (rearm.triggerBy === 'price') return `${money(rounded, rearm.unit)}${more}`;
  const what = rearm.triggerBy === 'count' ? 'events' : 'units';
  return `${rounded}${more} ${what} of ${rearm.usageCategory}`;
}

export function describeRearm(rearm: Omit<Rearm, 'statement'>): string {
  if (rearm.state === 'not-needed') {
    return rearm.reason === 'exempt'
      ? 'not re-armed: the account is exempt from the breaker (override)'
      : 'not re-armed: no trip rule applies to this account';
  }
  const period = rearm.recurring ? periodWords(rearm.recurring) : '';
  if (rearm.state === 'failed') {
    const when = period ? ` ${period}` : '';
    return (
      `NOT RE-ARMED (${rearm.error ?? 'the one-shot trigger could not be made'}): if its trip ` +
      `trigger already fired${when}, nothing suspends it again until setup repairs the re-arm`
    );
  }
  const headroom = Number(rearm.headroom);
  const verb = rearm.triggerBy === 'price' ? 'spends' : 'uses';
  const more = `suspends again if it ${verb} ${amount(rearm, headroom, ' more')}${period ? ` ${period}` : ''}`;
  return rearm.firesAt === null ? more : `${more} (at ${amount(rearm, rearm.firesAt)})`;
}
