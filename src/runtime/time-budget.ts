// How much time an invocation may spend, and why. Twilio kills a Function invocation 10 s after the
// request arrives (https://www.twilio.com/docs/serverless/functions-assets/functions/request-flow),
// and on a cold instance that clock starts before our bundle has even loaded: a cold
// `require('twilio')` alone took about 0.7 s on the development machine, zod about 0.3 s and jose
// about 0.15 s (docs/DEPLOY.md, "Time budgets"). Every budget below is counted from the moment the
// handler starts, so the cold start is set aside first, and a margin is kept for the answer itself
// and for a platform slower than ours.

/** Twilio's hard limit for one invocation. */
export const FUNCTION_LIMIT_MS = 10_000;
/** Kept free under that limit whatever happens: the requirement, and room for the answer. */
export const SAFETY_MARGIN_MS = 1_500;
/** Loading twilio + zod + jose on a cold instance (≈ 1.15 s measured, rounded up). */
export const COLD_START_MS = 1_200;
/** What a handler may spend, from its first line to its callback, on a cold instance. */
export const HANDLER_TIME_MS = FUNCTION_LIMIT_MS - SAFETY_MARGIN_MS - COLD_START_MS;
