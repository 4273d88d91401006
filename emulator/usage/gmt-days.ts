// Twilio keeps usage by GMT calendar day and reports it over ranges of days (Usage Records'
// StartDate/EndDate are "in GMT and formatted as YYYY-MM-DD"). Days are written that way here too,
// so ranges compare as plain strings.

/** A GMT calendar day, `YYYY-MM-DD`. */
export type GmtDay = string;

/** Inclusive on both ends; null is open (the start or end of time). */
export interface DayRange {
  from: GmtDay | null;
  to: GmtDay | null;
}

export const ALL_TIME: DayRange = { from: null, to: null };

const DAY_MS = 24 * 3600 * 1000;

export const gmtDay = (at: Date): GmtDay => at.toISOString().slice(0, 10);

export const addDays = (day: GmtDay, days: number): GmtDay =>
  gmtDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));

export const monthOf = (day: GmtDay): DayRange => {
  const first = `${day.slice(0, 7)}-01`;
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  return { from: first, to: gmtDay(new Date(Date.UTC(y, m, 0))) };
};

export const yearOf = (day: GmtDay): DayRange => ({
  from: `${day.slice(0, 4)}-01-01`,
  to: `${day.slice(0, 4)}-12-31`,
});

export const inRange = (day: GmtDay, range: DayRange): boolean =>
  (range.from === null || day >= range.from) && (range.to === null || day <= range.to);
