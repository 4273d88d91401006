// What Twilio's Functions platform accepts at deploy time, as far as it is published. One place,
// read by the preflight (scripts/preflight.ts) and the tests that keep package.json and
// .twilioserverlessrc deployable. docs/DEPLOY.md tells the story behind each line.

/**
 * The @twilio/runtime-handler versions Twilio's build accepts, newest first, from its Runtime
 * Handler page (https://www.twilio.com/docs/serverless/functions-assets/handler, "Versions"; older
 * 1.x releases are listed there too). Twilio checks the version against this list, not npm's:
 * npm's `latest`, 2.1.0, is refused with Error 20001 "No matching version found"
 * (twilio-labs/serverless-toolkit#557, #564). Only exact versions: ranges are refused as well.
 */
export const RUNTIME_HANDLER_VERSIONS_ON_TWILIO = [
  '2.1.2',
  '2.0.1',
  '2.0.0',
  '1.3.1',
  '1.3.0',
  '1.2.5',
  '1.2.4',
  '1.2.3',
  '1.2.2',
  '1.2.1',
] as const;

/** Twilio's default handler (its Runtime Handler page): what a build without the dependency gets. */
export const DEFAULT_RUNTIME_HANDLER = '2.0.1';

/**
 * Node.js runtimes, as `runtime` in .twilioserverlessrc names them, with whether this project can
 * deploy to them. A Build without a Runtime keeps the service's last one (error 82007 when Twilio
 * has retired it), so the runtime is always pinned.
 */
export const RUNTIMES: Record<string, { accepted: boolean; why: string }> = {
  node22: {
    accepted: true,
    why:
      "Twilio's default (https://www.twilio.com/en-us/changelog/node-js-v24-is-now-available-for-twilio-functions: " +
      '"Node.js v22 remains the current default")',
  },
  node24: {
    accepted: false,
    why:
      'it needs @twilio/runtime-handler 2.1.2, which is not on npm, so local runs could not ' +
      'behave like the deployed runtime (Twilio would upgrade the handler itself on deploy)',
  },
  node20: {
    accepted: false,
    why:
      'Twilio still took node20 when node18 ended, but Node.js 20 reached its end of life in ' +
      'April 2026; this project is tested on node22',
  },
  node18: {
    accepted: false,
    why:
      'deploys to node18 fail since 2025-11-10 ' +
      '(https://www.twilio.com/en-us/changelog/node-js-v18-support-ending-for-twilio-functions-and-assets)',
  },
};

export const PINNED_RUNTIME = 'node22';

/** Each environment variable's value, in bytes (the Variables API refuses more). */
export const MAX_VARIABLE_BYTES = 450;

/**
 * The Function context (account SID and token, domain, path and every variable, as one JSON string)
 * above which invocations fail with error 82006 (https://www.twilio.com/docs/api/errors/82006).
 */
export const MAX_CONTEXT_BYTES = 3 * 1024;

/** twilio-run never uploads these: the service gets its account's own (include credentials). */
export const NEVER_UPLOADED = ['ACCOUNT_SID', 'AUTH_TOKEN'] as const;

export function isAcceptedHandlerVersion(version: string): boolean {
  return (RUNTIME_HANDLER_VERSIONS_ON_TWILIO as readonly string[]).includes(version);
}
