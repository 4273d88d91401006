/** The 2010-04-01 API writes dates as RFC 2822 in GMT: `Sat, 28 Nov 2026 03:00:00 +0000`. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}
