// A subaccount's friendly name as an alert shows it. The account holder chooses the name, so it can
// be made to read like the alert itself: `" (AC<another account>) tripped; A="` turned
// `SUSPENDED "…" (AC<this one>)` into an alert that seemed to be about another account. So alerts
// name the account by the SID of the signed delivery first, and the name comes last, as this:
// quoted, with quotes and backslashes escaped, control and invisible formatting characters (bidi
// overrides, zero-width) removed, width-variants folded (NFKC: a fullwidth "ＡＣ１２" is "AC12"), cut
// to MAX_ALERT_NAME characters, and any SID-like text in it marked as part of the name.

export const MAX_ALERT_NAME = 64;

/** Two letters then at least 8 hex digits: what a reader could take for a SID (AC…, UT…, …). */
const SID_LIKE = /\p{L}{2}[0-9A-Fa-f]{8,}/gu;
/** Where the name was cut, a SID may have been cut short: its start counts as SID-like. */
const CUT_SID = /\p{L}{2}[0-9A-Fa-f]{2,}$/u;
const INVISIBLE = /[\p{Cf}]/gu;
const BREAKS = /[\p{Cc}\p{Zl}\p{Zp}\s]+/gu;

/** e.g. `"Acme \"Ltd\" [name text: AC0000…]"`, or null when there is no name to show. */
export function quotedAlertName(name: string | null | undefined): string | null {
  if (typeof name !== 'string') return null;
  const plain = name.normalize('NFKC').replace(INVISIBLE, '').replace(BREAKS, ' ').trim();
  if (plain === '') return null;
  const chars = [...plain];
  const long = chars.length > MAX_ALERT_NAME;
  const kept = long ? chars.slice(0, MAX_ALERT_NAME).join('') : plain;
  const mark = (sid: string) => `[name text: ${sid}]`;
  let marked = kept.replace(SID_LIKE, mark);
  if (long) marked = `${marked.replace(CUT_SID, mark)}…`;
  return `"${marked.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
