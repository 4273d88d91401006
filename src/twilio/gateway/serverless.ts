// Twilio Serverless v1, as the deploy preflight reads it: find the deployed service and
// environment, and list that environment's variables (what every Function's context holds).
import type { Twilio } from 'twilio';
import { callTwilio, TwilioNotFoundError } from '../twilio-errors';

export interface DeployedService {
  sid: string;
  uniqueName: string;
}

export interface DeployedEnvironment {
  sid: string;
  /** '' for the production environment. */
  domainSuffix: string;
  domainName: string;
}

export interface ServerlessGateway {
  /** By SID (ZS…) or unique name; null when these credentials have no such service. */
  findService(sidOrName: string): Promise<DeployedService | null>;
  /** The environment with this domain suffix ('' for production); null when there is none. */
  findEnvironment(serviceSid: string, domainSuffix: string): Promise<DeployedEnvironment | null>;
  /** Every variable of the environment, key → value. */
  listVariables(serviceSid: string, environmentSid: string): Promise<Record<string, string>>;
}

export function serverlessGateway(client: Twilio): ServerlessGateway {
  const services = client.serverless.v1.services;
  return {
    async findService(sidOrName) {
      try {
        const service = await callTwilio(`fetch service ${sidOrName}`, () =>
          services(sidOrName).fetch(),
        );
        return { sid: service.sid, uniqueName: service.uniqueName };
      } catch (error) {
        if (error instanceof TwilioNotFoundError) return null;
        throw error;
      }
    },

    async findEnvironment(serviceSid, domainSuffix) {
      const environments = await callTwilio(`list environments of ${serviceSid}`, () =>
        services(serviceSid).environments.list({ pageSize: 50 }),
      );
      const found = environments.find((e) => (e.domainSuffix ?? '') === domainSuffix);
      return found
        ? { sid: found.sid, domainSuffix: found.domainSuffix ?? '', domainName: found.domainName }
        : null;
    },

    async listVariables(serviceSid, environmentSid) {
      const variables = await callTwilio(`list variables of ${environmentSid}`, () =>
        services(serviceSid).environments(environmentSid).variables.list({ pageSize: 100 }),
      );
      return Object.fromEntries(variables.map((v) => [v.key, v.value]));
    },
  };
}
