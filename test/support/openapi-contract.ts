import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Twilio's official OpenAPI description (twilio-oai), shipped in the npm package @twilio-alpha/mcp.
// Emulator responses are checked against the response schema of the same operation, so the emulator
// cannot drift from what the real API returns for the operations this project uses.
const SPEC_DIR = join(
  require.resolve('@twilio-alpha/mcp/package.json'),
  '..',
  'twilio-oai',
  'spec',
  'json',
);

export type SpecName =
  'twilio_api_v2010' | 'twilio_serverless_v1' | 'twilio_sync_v1' | 'twilio_verify_v2';

interface MediaType {
  schema: object;
  examples?: Record<string, { value: unknown }>;
}

interface OpenApiSpec {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, MediaType> }> }>
  >;
  components: { schemas: Record<string, object> };
}

const RFC_2822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;
const TWILIO_DESCRIPTIVE_FORMATS = [
  'phone-number',
  'phone-number-capabilities',
  'currency',
  'http-method',
  'iso-country-code',
  'endpoint',
  'ice-server',
  'twiml',
];

// OpenAPI 3.0 allows `nullable` on an untyped schema (any value, null included: Verify's `lookup`,
// `totp`, `config`…); ajv refuses it, so it is dropped there, which changes nothing it accepts.
function dropUntypedNullable(_key: string, value: unknown): unknown {
  if (!value || typeof value !== 'object' || !('nullable' in value) || 'type' in value)
    return value;
  const rest: Record<string, unknown> = { ...value };
  delete rest.nullable;
  return rest;
}

const specs = new Map<SpecName, OpenApiSpec>();
const validators = new Map<string, ValidateFunction>();

function load(name: SpecName): OpenApiSpec {
  let spec = specs.get(name);
  if (!spec) {
    spec = JSON.parse(readFileSync(join(SPEC_DIR, `${name}.json`), 'utf8')) as OpenApiSpec;
    specs.set(name, spec);
  }
  return spec;
}

function validatorFor(
  name: SpecName,
  method: string,
  path: string,
  status: number,
): ValidateFunction {
  const key = `${name} ${method} ${path} ${status}`;
  const cached = validators.get(key);
  if (cached) return cached;
  const spec = load(name);
  const operation = spec.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${name} has no operation ${method} ${path}`);
  const response = operation.responses[String(status)];
  const schema = response?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${name} ${method} ${path} documents no JSON body for ${status}`);
  // strict:false because the spec carries x-twilio-* extensions; `nullable` is OpenAPI 3.0's keyword.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // The spec marks relative URIs like "/2010-04-01/Accounts/..." as format "uri".
  ajv.addFormat('uri', { validate: (s: string) => /^(https?:\/\/|\/)/.test(s) });
  // Twilio's own formats. The 2010 API's RFC 2822 dates are checked for real; the others only name
  // what a string or object means, so they are accepted as the spec's other keywords allow.
  ajv.addFormat('date-time-rfc-2822', RFC_2822);
  for (const format of TWILIO_DESCRIPTIVE_FORMATS) ajv.addFormat(format, true);
  // v1 specs tag `links` objects with the non-standard format "uri-map"; the type check still applies.
  ajv.addFormat('uri-map', true);
  ajv.addSchema(
    JSON.parse(JSON.stringify({ components: spec.components }), dropUntypedNullable),
    'spec',
  );
  const rewritten = JSON.parse(
    JSON.stringify(schema).replace(/"#\/components\//g, '"spec#/components/'),
    dropUntypedNullable,
  ) as object;
  const validate = ajv.compile(rewritten);
  validators.set(key, validate);
  return validate;
}

/**
 * Throws with ajv's errors when `body` is not what the spec says `method path` answers with `status`.
 * `path` is the spec's template, e.g. '/2010-04-01/Accounts/{AccountSid}/Usage/Triggers.json'.
 */
export function expectMatchesSpec(
  spec: SpecName,
  method: string,
  path: string,
  status: number,
  body: unknown,
): void {
  const validate = validatorFor(spec, method, path, status);
  if (!validate(body)) {
    throw new Error(
      `Response to ${method} ${path} (${status}) does not match ${spec}: ` +
        JSON.stringify(validate.errors, null, 2),
    );
  }
}

/** The examples Twilio's spec gives for `method path` answering `status`, by name. */
export function specExamples(
  spec: SpecName,
  method: string,
  path: string,
  status: number,
): Record<string, unknown> {
  const operation = load(spec).paths[path]?.[method.toLowerCase()];
  const examples = operation?.responses[String(status)]?.content?.['application/json']?.examples;
  if (!examples) throw new Error(`${spec} ${method} ${path} has no examples for ${status}`);
  return Object.fromEntries(Object.entries(examples).map(([name, e]) => [name, e.value]));
}

/**
 * Keys the example has and `actual` lacks, as dotted paths (a list's items are compared by its
 * first one). Details twilio-node ignores count too: the aim is a response shaped like Twilio's.
 */
export function keysMissingFrom(actual: unknown, example: unknown, at = ''): string[] {
  if (Array.isArray(example)) {
    if (example.length === 0 || !Array.isArray(actual) || actual.length === 0) return [];
    return keysMissingFrom(actual[0], example[0], `${at}[0]`);
  }
  // A null where the example has an object is Twilio's own way of saying "none" (tags, annotation).
  if (!example || typeof example !== 'object' || actual === null) return [];
  if (!actual || typeof actual !== 'object') return [at || '(root)'];
  const record = actual as Record<string, unknown>;
  return Object.entries(example).flatMap(([key, value]) =>
    key in record
      ? keysMissingFrom(record[key], value, at ? `${at}.${key}` : key)
      : [`${at ? `${at}.` : ''}${key}`],
  );
}
