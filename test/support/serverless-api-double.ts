// Twilio's Serverless API as the deploy tool (@twilio-labs/serverless-api, under twilio-run and
// `twilio serverless:deploy`) talks to it, answered offline through nock at the HTTP layer: every
// request is recorded, nothing leaves the machine. It keeps just enough state for a deploy to run
// through (service, environment, Functions, Assets, their Versions, Builds, Variables, Deployments)
// and applies one rule of Twilio's build that matters here: a Build whose
// @twilio/runtime-handler is not on Twilio's list fails (Error 20001 on Twilio: "No matching
// version found", twilio-labs/serverless-toolkit#557), after everything else was created.
import nock from 'nock';

export interface RecordedRequest {
  method: string;
  host: string;
  path: string;
  /** Form fields of a form-encoded body, repeated fields as arrays. */
  form: Record<string, string | string[]>;
}

export interface Upload {
  kind: 'Functions' | 'Assets';
  path: string;
  visibility: string;
  content: string;
}

export interface ServerlessApiDouble {
  requests: RecordedRequest[];
  uploads: Upload[];
  builds: { dependencies: { name: string; version: string }[]; runtime?: string; status: string }[];
  /** Key → value in the deployed environment now. */
  variables(): Record<string, string>;
  stop(): void;
}

export interface DoubleOptions {
  acceptedHandlerVersions: readonly string[];
  /** Variables an earlier deploy left in the environment (which then exists already). */
  existing?: { serviceName: string; variables: Record<string, string> };
}

const API = 'https://serverless.twilio.com';
const UPLOAD = 'https://serverless-upload.twilio.com';
const sid = (prefix: string, n: number) => `${prefix}${String(n).padStart(32, '0')}`;

function parseForm(body: string): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const seen = form[key];
    form[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return form;
}

/** The named parts of a multipart/form-data body (form-data's encoding, as the tool sends it). */
function parseMultipart(body: string): Record<string, string> {
  const boundary = body.slice(0, body.indexOf('\r\n'));
  const parts: Record<string, string> = {};
  for (const part of body.split(boundary)) {
    const name = /name="([^"]+)"/.exec(part)?.[1];
    const start = part.indexOf('\r\n\r\n');
    if (name && start >= 0) parts[name] = part.slice(start + 4).replace(/\r\n$/, '');
  }
  return parts;
}

const page = (key: string, items: unknown[]) => ({
  [key]: items,
  meta: { key, page: 0, page_size: 50, next_page_url: null, previous_page_url: null },
});

export function startServerlessApiDouble(options: DoubleOptions): ServerlessApiDouble {
  let counter = 0;
  const next = (prefix: string) => sid(prefix, ++counter);
  const services: { sid: string; unique_name: string }[] = [];
  const environments: {
    sid: string;
    service_sid: string;
    domain_suffix: string;
    domain_name: string;
  }[] = [];
  const variables = new Map<string, { sid: string; key: string; value: string }>();
  const resources: Record<'Functions' | 'Assets', { sid: string; friendly_name: string }[]> = {
    Functions: [],
    Assets: [],
  };
  const double: ServerlessApiDouble = {
    requests: [],
    uploads: [],
    builds: [],
    variables: () => Object.fromEntries([...variables.values()].map((v) => [v.key, v.value])),
    stop: () => {
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };

  function addEnvironment(serviceSid: string, suffix: string) {
    const service = services.find((s) => s.sid === serviceSid)!;
    const environment = {
      sid: next('ZE'),
      service_sid: serviceSid,
      unique_name: `${suffix}-environment`,
      domain_suffix: suffix,
      domain_name: `${service.unique_name}-1234-${suffix}.twil.io`,
    };
    environments.push(environment);
    return environment;
  }

  if (options.existing) {
    const service = { sid: next('ZS'), unique_name: options.existing.serviceName };
    services.push(service);
    addEnvironment(service.sid, 'dev');
    for (const [key, value] of Object.entries(options.existing.variables)) {
      const variable = { sid: next('ZV'), key, value };
      variables.set(variable.sid, variable);
    }
  }

  // Only after the state above: Twilio's answers, by method and path.
  function answer(method: string, host: string, path: string, body: string): [number, unknown] {
    const form = host === 'serverless-upload.twilio.com' ? {} : parseForm(body);
    double.requests.push({ method, host, path, form });
    const p = path
      .replace(/^\/v1\//, '')
      .split('?')[0]
      .split('/');
    const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

    if (host === 'serverless-upload.twilio.com' && p[4] === 'Versions') {
      const kind = p[2] as Upload['kind'];
      const parts = parseMultipart(body);
      double.uploads.push({
        kind,
        path: parts.Path,
        visibility: parts.Visibility,
        content: parts.Content,
      });
      return [201, { sid: next('ZN'), path: parts.Path, visibility: parts.Visibility }];
    }
    if (p[0] !== 'Services') return [404, { code: 20404, message: 'Not found', status: 404 }];
    if (p.length === 1) {
      if (method === 'GET') return [200, page('services', services)];
      const service = { sid: next('ZS'), unique_name: one(form.UniqueName) };
      services.push(service);
      return [201, service];
    }
    const serviceSid = p[1];
    if (p.length === 2) {
      const found = services.find((s) => s.sid === serviceSid || s.unique_name === serviceSid);
      return found ? [200, found] : [404, { code: 20404, message: 'Not found', status: 404 }];
    }
    const collection = p[2];
    if (collection === 'Environments' && p.length === 3) {
      if (method === 'GET') {
        return [
          200,
          page(
            'environments',
            environments.filter((e) => e.service_sid === serviceSid),
          ),
        ];
      }
      return [201, addEnvironment(serviceSid, one(form.DomainSuffix))];
    }
    if (collection === 'Environments' && p[4] === 'Variables') {
      if (method === 'GET') return [200, page('variables', [...variables.values()])];
      if (method === 'DELETE') {
        variables.delete(p[5]);
        return [204, ''];
      }
      const existing = p[5] ? variables.get(p[5]) : undefined;
      const variable = existing ?? { sid: next('ZV'), key: one(form.Key), value: '' };
      variable.value = one(form.Value);
      variables.set(variable.sid, variable);
      return [existing ? 200 : 201, variable];
    }
    if (collection === 'Environments' && p[4] === 'Deployments') {
      return [201, { sid: next('ZD'), build_sid: one(form.BuildSid) }];
    }
    if (collection === 'Functions' || collection === 'Assets') {
      if (method === 'GET') return [200, page(collection.toLowerCase(), resources[collection])];
      const resource = { sid: next('ZH'), friendly_name: one(form.FriendlyName) };
      resources[collection].push(resource);
      return [201, resource];
    }
    if (collection === 'Builds' && p.length === 3) {
      const dependencies = JSON.parse(one(form.Dependencies).replace(/^"|"$/g, '')) as {
        name: string;
        version: string;
      }[];
      const handler = dependencies.find((d) => d.name === '@twilio/runtime-handler')?.version;
      const accepted = handler === undefined || options.acceptedHandlerVersions.includes(handler);
      const build = {
        dependencies,
        runtime: form.Runtime === undefined ? undefined : one(form.Runtime),
        status: accepted ? 'completed' : 'failed',
      };
      double.builds.push(build);
      return [
        201,
        { sid: sid('ZB', double.builds.length), status: 'building', runtime: build.runtime },
      ];
    }
    if (collection === 'Builds' && p[4] === 'Status') {
      return [200, { status: double.builds[Number(p[3].slice(2)) - 1].status }];
    }
    return [404, { code: 20404, message: `Not found: ${path}`, status: 404 }];
  }

  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  for (const base of [API, UPLOAD]) {
    const scope = nock(base).persist();
    const host = new URL(base).host;
    for (const method of ['get', 'post', 'delete'] as const) {
      scope[method](/.*/).reply(function (path, body) {
        const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
        return answer(this.req.method.toUpperCase(), host, path, text);
      });
    }
  }
  return double;
}
