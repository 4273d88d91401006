import type { HttpMethod, Route, TwilioHost } from '../types';

/** Routes of one Twilio API host: `const syncRoute = hostRoute('sync.twilio.com')`. */
export const hostRoute =
  (host: TwilioHost) =>
  (method: HttpMethod, pattern: string, handler: Route['handler']): Route => ({
    method,
    host,
    pattern,
    handler,
  });
