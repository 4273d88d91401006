// Serverless v1 Variables of an Environment:
// /v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Variables (twilio_serverless_v1.json).
// What a deployed Function finds in its context, besides ACCOUNT_SID/AUTH_TOKEN and the runtime's.
import { pageV1 } from '../../http/paging';
import type { EmulatorRequest, Route } from '../../types';
import { environmentOf } from './environments';
import { serviceUrl } from './services';
import { isoDate, requiredField, serverlessErrors, serverlessRoute } from './serverless-wire';
import type { ServerlessStore, ServerlessVariable } from './store';

// The spec: a key of at most 128 characters, a value of at most 450 bytes.
const MAX_KEY = 128;
const MAX_VALUE_BYTES = 450;
const bytes = (value: string) => Buffer.byteLength(value, 'utf8');
const BASE = '/v1/Services/:ServiceSid/Environments/:EnvironmentSid/Variables';

export function renderVariable(v: ServerlessVariable) {
  const { environment } = v;
  return {
    sid: v.sid,
    account_sid: environment.service.accountSid,
    service_sid: environment.service.sid,
    environment_sid: environment.sid,
    key: v.key,
    value: v.value,
    date_created: isoDate(v.dateCreated),
    date_updated: isoDate(v.dateUpdated),
    url: `${serviceUrl(environment.service.sid)}/Environments/${environment.sid}/Variables/${v.sid}`,
  };
}

export function variableRoutes(store: ServerlessStore): Route[] {
  const { deps } = store;
  const environment = (req: EmulatorRequest) =>
    environmentOf(store, req, req.params.EnvironmentSid);
  const variable = (req: EmulatorRequest) =>
    store.variable(environment(req), req.params.Sid, req.path);
  return [
    serverlessRoute('GET', BASE, (req) =>
      pageV1(req, 'variables', store.variablesOf(environment(req)).map(renderVariable)),
    ),
    serverlessRoute('POST', BASE, (req) => {
      const env = environment(req);
      const key = requiredField(req.form, 'Key', MAX_KEY);
      const value = req.form.get('Value');
      if (value === null) throw serverlessErrors.missingParameter('Value');
      if (bytes(value) > MAX_VALUE_BYTES) {
        throw serverlessErrors.invalidParameter('Value', `longer than ${MAX_VALUE_BYTES} bytes`);
      }
      if (store.variablesOf(env).some((v) => v.key === key)) {
        throw serverlessErrors.conflict(`Variable ${key}`);
      }
      const now = deps.now();
      const created: ServerlessVariable = {
        sid: deps.newSid('ZV'),
        environment: env,
        key,
        value,
        dateCreated: now,
        dateUpdated: now,
      };
      store.variables.set(created.sid, created);
      return { status: 201, body: renderVariable(created) };
    }),
    serverlessRoute('GET', `${BASE}/:Sid`, (req) => ({
      status: 200,
      body: renderVariable(variable(req)),
    })),
    serverlessRoute('POST', `${BASE}/:Sid`, (req) => {
      const target = variable(req);
      const key = req.form.get('Key');
      const value = req.form.get('Value');
      if (key !== null) target.key = requiredField(req.form, 'Key', MAX_KEY);
      if (value !== null) {
        if (bytes(value) > MAX_VALUE_BYTES) {
          throw serverlessErrors.invalidParameter('Value', `longer than ${MAX_VALUE_BYTES} bytes`);
        }
        target.value = value;
      }
      target.dateUpdated = deps.now();
      return { status: 200, body: renderVariable(target) };
    }),
    serverlessRoute('DELETE', `${BASE}/:Sid`, (req) => {
      store.variables.delete(variable(req).sid);
      return { status: 204 };
    }),
  ];
}
