// The emulator's Serverless v1 Services, Environments and Variables, driven by the real twilio-node
// client (as `npm run preflight -- --remote` drives them), every answer held against Twilio's
// OpenAPI description (twilio_serverless_v1.json) and shaped like its examples.
import { startEmulator, type Emulator } from '../../emulator';
import { emulatorClient } from '../support/emulator-twilio';
import { expectMatchesSpec, keysMissingFrom, specExamples } from '../support/openapi-contract';

const SERVICES = '/v1/Services';
const SERVICE = '/v1/Services/{Sid}';
const ENVIRONMENTS = '/v1/Services/{ServiceSid}/Environments';
const ENVIRONMENT = '/v1/Services/{ServiceSid}/Environments/{Sid}';
const VARIABLES = '/v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Variables';
const VARIABLE = '/v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Variables/{Sid}';

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ now: '2026-12-01T10:00:00Z', seed: { subaccounts: 1 } });
});
afterEach(() => emulator.close());

/** twilio-node against the emulator, plus a check of the raw body of its last response. */
function serverlessClient(creds?: { sid: string; token: string }) {
  const client = emulatorClient(emulator, creds);
  const spec = (method: string, path: string, status: number) => {
    const last = client.httpClient?.lastResponse;
    expect(last?.statusCode).toBe(status);
    const body: unknown = typeof last?.body === 'string' ? JSON.parse(last.body) : last?.body;
    expectMatchesSpec('twilio_serverless_v1', method, path, status, body);
    if (method === 'GET') {
      for (const [name, example] of Object.entries(
        specExamples('twilio_serverless_v1', method, path, status),
      )) {
        expect({ name, missing: keysMissingFrom(body, example) }).toEqual({ name, missing: [] });
      }
    }
    return body as Record<string, unknown>;
  };
  return { serverless: client.serverless.v1, spec };
}

describe('Serverless v1', () => {
  it('creates a service, its dev environment and variables, and lists them as Twilio does', async () => {
    const { serverless, spec } = serverlessClient();
    const service = await serverless.services.create({
      uniqueName: 'twilio-subaccount-breaker',
      friendlyName: 'twilio-subaccount-breaker',
    });
    spec('POST', SERVICES, 201);
    expect(service).toMatchObject({ includeCredentials: true, uiEditable: false });
    expect(service.sid).toMatch(/^ZS[0-9a-f]{32}$/);

    const byName = await serverless.services('twilio-subaccount-breaker').fetch();
    spec('GET', SERVICE, 200);
    expect(byName.sid).toBe(service.sid);
    await serverless.services.list();
    spec('GET', SERVICES, 200);

    const dev = await serverless
      .services(service.sid)
      .environments.create({ uniqueName: 'dev-environment', domainSuffix: 'dev' });
    spec('POST', ENVIRONMENTS, 201);
    expect(dev.domainName).toBe(`${service.domainBase}-dev.twil.io`);
    await serverless.services(service.sid).environments(dev.sid).fetch();
    spec('GET', ENVIRONMENT, 200);
    const environments = await serverless.services(service.sid).environments.list();
    spec('GET', ENVIRONMENTS, 200);
    expect(environments.map((e) => e.domainSuffix)).toEqual(['dev']);

    const variables = serverless.services(service.sid).environments(dev.sid).variables;
    const allowlist = await variables.create({
      key: 'BREAKER_ALLOWLIST',
      value: `AC${'1'.repeat(32)}`,
    });
    spec('POST', VARIABLES, 201);
    await variables.create({ key: 'SYNC_SERVICE_SID', value: 'default' });
    await variables(allowlist.sid).update({ value: `AC${'2'.repeat(32)}` });
    spec('POST', VARIABLE, 200);
    await variables(allowlist.sid).fetch();
    spec('GET', VARIABLE, 200);
    const listed = await variables.list();
    spec('GET', VARIABLES, 200);
    expect(Object.fromEntries(listed.map((v) => [v.key, v.value]))).toEqual({
      BREAKER_ALLOWLIST: `AC${'2'.repeat(32)}`,
      SYNC_SERVICE_SID: 'default',
    });

    expect(await variables(allowlist.sid).remove()).toBe(true);
    expect((await variables.list()).map((v) => v.key)).toEqual(['SYNC_SERVICE_SID']);
  });

  it('keeps a service to the account that created it: other credentials get 404', async () => {
    const { serverless } = serverlessClient();
    const service = await serverless.services.create({ uniqueName: 'mine', friendlyName: 'mine' });
    const sub = emulator.accounts.list()[1];
    const asSub = serverlessClient({ sid: sub.sid, token: sub.auth_token }).serverless;
    await expect(asSub.services(service.sid).fetch()).rejects.toMatchObject({
      status: 404,
      code: 20404,
    });
    expect(await asSub.services.list()).toEqual([]);
  });

  it('refuses what Twilio refuses: a value over 450 bytes, a missing Key, a duplicate key', async () => {
    const { serverless } = serverlessClient();
    const service = await serverless.services.create({ uniqueName: 'svc', friendlyName: 'svc' });
    const env = await serverless
      .services(service.sid)
      .environments.create({ uniqueName: 'dev-environment', domainSuffix: 'dev' });
    const variables = serverless.services(service.sid).environments(env.sid).variables;
    await expect(variables.create({ key: 'BIG', value: 'é'.repeat(226) })).rejects.toMatchObject({
      status: 400,
      code: 20001,
    });
    await variables.create({ key: 'ONCE', value: 'x' });
    await expect(variables.create({ key: 'ONCE', value: 'y' })).rejects.toMatchObject({
      status: 409,
    });
    await expect(variables.create({ key: '', value: 'x' })).rejects.toMatchObject({
      status: 400,
      code: 20001,
      message: 'Missing required parameter Key in the post body',
    });
  });
});
