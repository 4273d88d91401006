// DateFired is part of a delivery's identity (delivery-key.ts), so it is read by a closed grammar,
// not by Date.parse. Why: Twilio's signature covers names and values run together, so a replayer
// may move the boundary between DateFired's value and the next parameter's name without breaking
// it. Date.parse reads "Wed, 15 Jan 2025 11:5" as another minute; here every accepted value ends
// in a zone designator, and no accepted value is a prefix of another or can be extended by the
// letters of a name, so a moved boundary makes DateFired unreadable instead of different.
//
// Unreadable is not refused: Twilio's format is unverified, and refusing would lose every trip if
// it is neither form. Such a delivery is keyed by its trigger and the day it arrived instead, and
// every readable one also marks that day key (delivery-key.ts), so a copy a moved boundary made
// unreadable is still a duplicate of the readable original.
//
// Accepted (Twilio's format is unverified; both are what its APIs write):
//   RFC 2822 as the 2010-04-01 API writes dates: [Wed, ]15 Jan 2025 11:59:00 +0000 (or GMT, UTC)
//   ISO 8601 with seconds and a zone:             2025-01-15T11:59:00[.123]Z (or ±hh:mm)

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RFC_2822 =
  /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (?:([+-])(\d{2})(\d{2})|GMT|UTC)$/;
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

const MAX_LENGTH = 40;

function epochMs(
  fields: { year: number; month: number; day: number; h: number; m: number; s: number },
  ms: number,
  offset: { sign?: string; hh?: string; mm?: string },
): number | null {
  const { year, month, day, h, m, s } = fields;
  if (month < 0 || month > 11 || h > 23 || m > 59 || s > 59) return null;
  const hh = Number(offset.hh ?? 0);
  const mm = Number(offset.mm ?? 0);
  if (hh > 23 || mm > 59) return null;
  const local = Date.UTC(year, month, day, h, m, s, ms);
  // Date.UTC rolls 31 Feb over to March: a day the month does not have is refused.
  if (new Date(local).getUTCDate() !== day) return null;
  return local - (offset.sign === '-' ? -1 : 1) * (hh * 60 + mm) * 60_000;
}

/** DateFired in epoch ms, or null when it is not one of the accepted forms. */
export function parseDateFired(value: string): number | null {
  if (value.length > MAX_LENGTH) return null;
  const rfc = RFC_2822.exec(value);
  if (rfc) {
    const [, day, mon, year, h, m, s, sign, hh, mm] = rfc;
    const month = MONTHS.indexOf(mon);
    const fields = { year: +year, month, day: +day, h: +h, m: +m, s: +s };
    return epochMs(fields, 0, { sign, hh, mm });
  }
  const iso = ISO_8601.exec(value);
  if (iso) {
    const [, year, mon, day, h, m, s, fraction, sign, hh, mm] = iso;
    const fields = { year: +year, month: +mon - 1, day: +day, h: +h, m: +m, s: +s };
    const ms = Number((fraction ?? '').padEnd(3, '0').slice(0, 3));
    return epochMs(fields, ms, { sign, hh, mm });
  }
  return null;
}
