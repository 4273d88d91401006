// GET /health: a public liveness probe for the sandbox, the tests and whoever deploys.
// Says which build is running; never touches Twilio or any secret.
import type { ServerlessFunctionSignature } from '@twilio-labs/serverless-runtime-types/types';
import { name, version } from '../package.json';

export const handler: ServerlessFunctionSignature = (_context, _event, callback) => {
  callback(null, { ok: true, service: name, version });
};
