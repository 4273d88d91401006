// All Serverless data of the emulator. A service belongs to the account whose credentials created
// it, and so does everything under it: other credentials get 404, as for Verify services.
import type { EmulatorDeps } from '../../types';
import { serverlessErrors } from './serverless-wire';

export interface ServerlessService {
  sid: string;
  accountSid: string;
  uniqueName: string;
  friendlyName: string;
  includeCredentials: boolean;
  uiEditable: boolean;
  /** e.g. breaker-1234: the domains of its environments start with it. */
  domainBase: string;
  dateCreated: Date;
  dateUpdated: Date;
}

export interface ServerlessEnvironment {
  sid: string;
  service: ServerlessService;
  uniqueName: string;
  /** '' for the production environment (no suffix in its domain). */
  domainSuffix: string;
  dateCreated: Date;
  dateUpdated: Date;
}

export interface ServerlessVariable {
  sid: string;
  environment: ServerlessEnvironment;
  key: string;
  value: string;
  dateCreated: Date;
  dateUpdated: Date;
}

export class ServerlessStore {
  readonly services = new Map<string, ServerlessService>();
  readonly environments = new Map<string, ServerlessEnvironment>();
  readonly variables = new Map<string, ServerlessVariable>();

  constructor(readonly deps: EmulatorDeps) {}

  servicesOf(accountSid: string): ServerlessService[] {
    return [...this.services.values()].filter((s) => s.accountSid === accountSid);
  }

  /** By SID or unique name, as Twilio's fetch takes either. */
  service(accountSid: string, sidOrName: string, path: string): ServerlessService {
    const found = this.servicesOf(accountSid).find(
      (s) => s.sid === sidOrName || s.uniqueName === sidOrName,
    );
    if (!found) throw serverlessErrors.notFound(path);
    return found;
  }

  environmentsOf(service: ServerlessService): ServerlessEnvironment[] {
    return [...this.environments.values()].filter((e) => e.service === service);
  }

  environment(service: ServerlessService, sid: string, path: string): ServerlessEnvironment {
    const found = this.environments.get(sid);
    if (!found || found.service !== service) throw serverlessErrors.notFound(path);
    return found;
  }

  variablesOf(environment: ServerlessEnvironment): ServerlessVariable[] {
    return [...this.variables.values()].filter((v) => v.environment === environment);
  }

  variable(environment: ServerlessEnvironment, sid: string, path: string): ServerlessVariable {
    const found = this.variables.get(sid);
    if (!found || found.environment !== environment) throw serverlessErrors.notFound(path);
    return found;
  }
}
