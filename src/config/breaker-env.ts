// The breaker Function's environment, as a zod schema. Every key here is documented in
// .env.example (a test checks it). Messages say what a valid value looks like, never echo the value
// (AUTH_TOKEN is a secret, and the others may be pasted next to one).
import { z } from 'zod';

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const SYNC_SERVICE = /^(default|IS[0-9a-fA-F]{32})$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const LOOPBACK_URL = /^http:\/\/(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d{1,5})?(\/|$)/i;

const list = (item: RegExp, what: string) =>
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(item, { error: `each entry must be ${what}` })));

export const breakerEnvSchema = z.object({
  ACCOUNT_SID: z
    .string({ error: 'is required: the main account SID (set by Twilio Functions when deployed)' })
    .regex(ACCOUNT_SID, { error: 'must be an account SID: AC followed by 32 hex digits' }),
  AUTH_TOKEN: z.string({
    error: 'is required: the main account auth token (set by Twilio Functions when deployed)',
  }),
  BREAKER_DRY_RUN: z.stringbool({ error: 'must be true or false' }).default(false),
  BREAKER_ALLOWLIST: list(ACCOUNT_SID, 'an account SID (AC + 32 hex digits)').default([]),
  BREAKER_ALERT_SMS_FROM: z
    .string()
    .regex(E164, { error: 'must be a phone number in E.164 form, e.g. +15005550006' })
    .optional(),
  BREAKER_ALERT_SMS_TO: list(E164, 'a phone number in E.164 form, e.g. +15005550006').default([]),
  BREAKER_ALERT_WEBHOOK_URL: z
    .url({ error: 'must be a URL' })
    .refine((url) => url.startsWith('https://') || LOOPBACK_URL.test(url), {
      error: 'must be an https:// URL (plain http only to this machine, for tests)',
    })
    .optional(),
  SYNC_SERVICE_SID: z
    .string()
    .regex(SYNC_SERVICE, { error: 'must be "default" or a Sync service SID (IS + 32 hex digits)' })
    .default('default'),
  BREAKER_TOKEN_CACHE_SECONDS: z.coerce
    .number({ error: 'must be a whole number of seconds' })
    .int({ error: 'must be a whole number of seconds' })
    .min(0, { error: 'must be between 0 and 86400' })
    .max(86400, { error: 'must be between 0 and 86400' })
    .default(300),
});

/** Names of the variables the breaker reads. */
export const BREAKER_ENV_VARIABLES = Object.keys(breakerEnvSchema.shape);
