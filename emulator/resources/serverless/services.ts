// Serverless v1 Services: https://serverless.twilio.com/v1/Services (twilio_serverless_v1.json).
import { pageV1 } from '../../http/paging';
import type { Route } from '../../types';
import {
  isoDate,
  requiredField,
  SERVERLESS_V1,
  serverlessErrors,
  serverlessRoute,
} from './serverless-wire';
import type { ServerlessService, ServerlessStore } from './store';

const MAX_UNIQUE_NAME = 50;
const MAX_FRIENDLY_NAME = 255;

export const serviceUrl = (sid: string) => `${SERVERLESS_V1}/Services/${sid}`;

export function renderService(s: ServerlessService) {
  const url = serviceUrl(s.sid);
  return {
    sid: s.sid,
    account_sid: s.accountSid,
    friendly_name: s.friendlyName,
    unique_name: s.uniqueName,
    include_credentials: s.includeCredentials,
    ui_editable: s.uiEditable,
    domain_base: s.domainBase,
    date_created: isoDate(s.dateCreated),
    date_updated: isoDate(s.dateUpdated),
    url,
    links: {
      environments: `${url}/Environments`,
      functions: `${url}/Functions`,
      assets: `${url}/Assets`,
      builds: `${url}/Builds`,
    },
  };
}

function flag(form: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = form.get(name);
  if (raw === null) return fallback;
  if (raw !== 'true' && raw !== 'false') throw serverlessErrors.invalidParameter(name, raw);
  return raw === 'true';
}

export function serviceRoutes(store: ServerlessStore): Route[] {
  const { deps } = store;
  const lookup = (req: { authAccountSid: string; params: Record<string, string>; path: string }) =>
    store.service(req.authAccountSid, req.params.Sid, req.path);
  return [
    serverlessRoute('GET', '/v1/Services', (req) =>
      pageV1(req, 'services', store.servicesOf(req.authAccountSid).map(renderService)),
    ),
    serverlessRoute('POST', '/v1/Services', (req) => {
      const uniqueName = requiredField(req.form, 'UniqueName', MAX_UNIQUE_NAME);
      const friendlyName = requiredField(req.form, 'FriendlyName', MAX_FRIENDLY_NAME);
      if (store.servicesOf(req.authAccountSid).some((s) => s.uniqueName === uniqueName)) {
        throw serverlessErrors.conflict(`Service ${uniqueName}`);
      }
      const now = deps.now();
      const service: ServerlessService = {
        sid: deps.newSid('ZS'),
        accountSid: req.authAccountSid,
        uniqueName,
        friendlyName,
        // Twilio's default: a new service gets ACCOUNT_SID and AUTH_TOKEN in every context.
        includeCredentials: flag(req.form, 'IncludeCredentials', true),
        uiEditable: flag(req.form, 'UiEditable', false),
        domainBase: `${uniqueName}-${1000 + Math.floor(Math.random() * 9000)}`,
        dateCreated: now,
        dateUpdated: now,
      };
      store.services.set(service.sid, service);
      return { status: 201, body: renderService(service) };
    }),
    serverlessRoute('GET', '/v1/Services/:Sid', (req) => ({
      status: 200,
      body: renderService(lookup(req)),
    })),
    serverlessRoute('POST', '/v1/Services/:Sid', (req) => {
      const service = lookup(req);
      service.includeCredentials = flag(req.form, 'IncludeCredentials', service.includeCredentials);
      service.uiEditable = flag(req.form, 'UiEditable', service.uiEditable);
      const friendlyName = req.form.get('FriendlyName');
      if (friendlyName !== null) {
        service.friendlyName = requiredField(req.form, 'FriendlyName', MAX_FRIENDLY_NAME);
      }
      service.dateUpdated = deps.now();
      return { status: 200, body: renderService(service) };
    }),
    serverlessRoute('DELETE', '/v1/Services/:Sid', (req) => {
      const service = lookup(req);
      for (const environment of store.environmentsOf(service)) {
        for (const variable of store.variablesOf(environment)) store.variables.delete(variable.sid);
        store.environments.delete(environment.sid);
      }
      store.services.delete(service.sid);
      return { status: 204 };
    }),
  ];
}
