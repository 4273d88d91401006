// Serverless v1 Environments: /v1/Services/{ServiceSid}/Environments (twilio_serverless_v1.json).
// `dev` is the environment `twilio serverless:deploy` deploys to unless told otherwise; the
// production one has no domain suffix.
import { pageV1 } from '../../http/paging';
import type { EmulatorRequest, Route } from '../../types';
import { serviceUrl } from './services';
import { isoDate, requiredField, serverlessErrors, serverlessRoute } from './serverless-wire';
import type { ServerlessEnvironment, ServerlessStore } from './store';

const MAX_UNIQUE_NAME = 100;
const MAX_DOMAIN_SUFFIX = 16;
const DOMAIN_SUFFIX = /^[a-z0-9-]*$/;
const BASE = '/v1/Services/:ServiceSid/Environments';

const environmentUrl = (e: ServerlessEnvironment) =>
  `${serviceUrl(e.service.sid)}/Environments/${e.sid}`;

export function renderEnvironment(e: ServerlessEnvironment) {
  const url = environmentUrl(e);
  const suffix = e.domainSuffix ? `-${e.domainSuffix}` : '';
  return {
    sid: e.sid,
    account_sid: e.service.accountSid,
    service_sid: e.service.sid,
    // No Build in the emulator: nothing is ever deployed to it.
    build_sid: null,
    unique_name: e.uniqueName,
    domain_suffix: e.domainSuffix || null,
    domain_name: `${e.service.domainBase}${suffix}.twil.io`,
    custom_domain_name: null,
    date_created: isoDate(e.dateCreated),
    date_updated: isoDate(e.dateUpdated),
    url,
    links: {
      variables: `${url}/Variables`,
      deployments: `${url}/Deployments`,
      logs: `${url}/Logs`,
    },
  };
}

/** The service and environment a request under …/Environments/{EnvironmentSid} names. */
export function environmentOf(store: ServerlessStore, req: EmulatorRequest, sid: string) {
  const service = store.service(req.authAccountSid, req.params.ServiceSid, req.path);
  return store.environment(service, sid, req.path);
}

export function environmentRoutes(store: ServerlessStore): Route[] {
  const { deps } = store;
  const serviceOf = (req: EmulatorRequest) =>
    store.service(req.authAccountSid, req.params.ServiceSid, req.path);
  return [
    serverlessRoute('GET', BASE, (req) =>
      pageV1(req, 'environments', store.environmentsOf(serviceOf(req)).map(renderEnvironment)),
    ),
    serverlessRoute('POST', BASE, (req) => {
      const service = serviceOf(req);
      const uniqueName = requiredField(req.form, 'UniqueName', MAX_UNIQUE_NAME);
      const domainSuffix = req.form.get('DomainSuffix') ?? '';
      if (domainSuffix.length > MAX_DOMAIN_SUFFIX || !DOMAIN_SUFFIX.test(domainSuffix)) {
        throw serverlessErrors.invalidParameter('DomainSuffix', domainSuffix);
      }
      const taken = store
        .environmentsOf(service)
        .some((e) => e.uniqueName === uniqueName || e.domainSuffix === domainSuffix);
      if (taken) throw serverlessErrors.conflict(`Environment ${uniqueName}`);
      const now = deps.now();
      const environment: ServerlessEnvironment = {
        sid: deps.newSid('ZE'),
        service,
        uniqueName,
        domainSuffix,
        dateCreated: now,
        dateUpdated: now,
      };
      store.environments.set(environment.sid, environment);
      return { status: 201, body: renderEnvironment(environment) };
    }),
    serverlessRoute('GET', `${BASE}/:Sid`, (req) => ({
      status: 200,
      body: renderEnvironment(environmentOf(store, req, req.params.Sid)),
    })),
    serverlessRoute('DELETE', `${BASE}/:Sid`, (req) => {
      const environment = environmentOf(store, req, req.params.Sid);
      for (const variable of store.variablesOf(environment)) store.variables.delete(variable.sid);
      store.environments.delete(environment.sid);
      return { status: 204 };
    }),
  ];
}
