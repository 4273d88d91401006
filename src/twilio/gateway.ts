// The one place the project talks to Twilio's REST APIs. Core modules depend on the `TwilioGateway`
// interface, so tests hand in fakes and the sandbox points the real client at the emulator.
// Records use the project's own camelCase names; Twilio's wire types stay inside this module.
// Every method throws TwilioError subclasses (./twilio-errors) for Twilio and network failures.
import type { Twilio } from 'twilio';
import { accountsGateway } from './gateway/accounts';
import { callsGateway } from './gateway/calls';
import { messagesGateway } from './gateway/messages';
import { syncListsGateway } from './gateway/sync-lists';
import { syncMapsGateway } from './gateway/sync-maps';
import { triggersGateway } from './gateway/triggers';
import { usageRecordsGateway } from './gateway/usage-records';
import type { TwilioGateway } from './gateway-types';

// The records and the interface, re-exported so callers import the gateway from one place.
export * from './gateway-types';

export interface TwilioGatewayOptions {
  /**
   * A twilio-node client with the MAIN account's credentials: `context.getTwilioClient({ httpClient })`
   * in Functions, `twilio(sid, token, { httpClient })` in scripts.
   */
  client: Twilio;
  /** Sync service for maps and lists: a SID (IS…) or 'default', the service Functions get. */
  syncServiceSid?: string;
}

export function createTwilioGateway({
  client,
  syncServiceSid = 'default',
}: TwilioGatewayOptions): TwilioGateway {
  return {
    ...accountsGateway(client),
    ...callsGateway(client),
    ...triggersGateway(client),
    ...usageRecordsGateway(client),
    ...messagesGateway(client),
    ...syncMapsGateway(client, syncServiceSid),
    ...syncListsGateway(client, syncServiceSid),
  };
}

// Verify (admin two-factor sign-in) is its own small gateway: only the admin sign-in needs it, and
// the many TwilioGateway fakes stay as they are.
export {
  verifyGateway as createVerifyGateway,
  type CheckOutcome,
  type NewTotpFactor,
  type StartOutcome,
  type TotpCheckOutcome,
  type TotpEnrolOutcome,
  type TotpFactorRef,
  type VerifyChannel,
  type VerifyGateway,
} from './gateway/verify';

// Serverless (the deploy preflight's view of the deployed environment), likewise on its own.
export {
  serverlessGateway as createServerlessGateway,
  type DeployedEnvironment,
  type DeployedService,
  type ServerlessGateway,
} from './gateway/serverless';
