// GET /health: a public liveness probe for the sandbox, the tests and whoever deploys.
// Says which build is running and what in its configuration needs fixing; never touches Twilio or
// any secret.
import type { ServerlessFunctionSignature } from '@twilio-labs/serverless-runtime-types/types';
import { name, version } from '../package.json';
import { healthReport } from '../src/runtime/health-report';

export const handler: ServerlessFunctionSignature = (context, _event, callback) => {
  callback(null, healthReport({ name, version }, context));
};
