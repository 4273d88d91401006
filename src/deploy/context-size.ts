// An estimate of the Function context Twilio builds for every invocation: "account metadata, domain
// name, path and Environment variables stored as a JSON string"; over 3 KB, invocations may fail
// with error 82006 (https://www.twilio.com/docs/api/errors/82006). The metadata is estimated at its
// full size, so the estimate errs on the high side.
import { MAX_CONTEXT_BYTES } from './twilio-platform';

export interface ServiceShape {
  /** The service's unique name (package.json "name" for twilio-run). */
  name: string;
  /** The environment's domain suffix, e.g. dev ('' for production). */
  environmentSuffix: string;
  /** The longest Function path, e.g. /admin-reactivate. */
  longestPath: string;
}

export function estimateContextBytes(
  variables: Record<string, string>,
  shape: ServiceShape,
): number {
  const suffix = shape.environmentSuffix ? `-${shape.environmentSuffix}` : '';
  const context = {
    ACCOUNT_SID: `AC${'0'.repeat(32)}`,
    AUTH_TOKEN: '0'.repeat(32),
    SERVICE_SID: `ZS${'0'.repeat(32)}`,
    ENVIRONMENT_SID: `ZE${'0'.repeat(32)}`,
    // Twilio adds four digits to the service's name: breaker-1234-dev.twil.io.
    DOMAIN_NAME: `${shape.name}-0000${suffix}.twil.io`,
    PATH: shape.longestPath,
    ...variables,
  };
  return Buffer.byteLength(JSON.stringify(context), 'utf8');
}

export const isContextTooLarge = (bytes: number) => bytes > MAX_CONTEXT_BYTES;
