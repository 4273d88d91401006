// `npm run preflight [-- --remote]`: run before every `twilio serverless:deploy`. Reads the project
// the way the deploy tool does (.env with twilio-run's parser, .twilioserverlessrc with twilio-run's
// config reader, what it would upload with twilio-run's own filter) and refuses, naming the
// variable and the fix, whatever would make the deploy fail or leave the service wrong
// (src/deploy/preflight.ts). With --remote it also lists the deployed environment's variables
// (Serverless API, the .env credentials) and prints the exact command for each that differs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import twilio from 'twilio';
import { readSpecializedConfig } from 'twilio-run/dist/config/global';
import { filterEnvVariablesForDeploy } from 'twilio-run/dist/config/utils/env';
import { getFunctionServiceSid } from 'twilio-run/dist/serverless-api/utils';
import { documentedVariables } from '../src/config/env-example';
import { preflight, type PreflightInput, type PreflightProblem } from '../src/deploy/preflight';
import { remoteDrift, type Drift } from '../src/deploy/remote-drift';
import { createServerlessGateway } from '../src/twilio/gateway';
import { twilioHttpClient } from '../src/twilio/http-client';
import { redactSecrets } from '../src/twilio/twilio-errors';
import { ROOT_DIR } from './sandbox-paths';
import { parseDotenv } from './twilio-run-dotenv';

const USAGE = `Usage: npm run preflight [-- --remote] [--env .env] [--environment dev | --production]
  --env <file>          the .env to deploy (default .env)
  --remote              also compare with the deployed environment's variables (uses ACCOUNT_SID
                        and AUTH_TOKEN from the .env file)
  --environment <name>  the environment's domain suffix, as for twilio serverless:deploy (default dev)
  --production          the environment without a suffix
  --service-sid <ZS…>   the deployed service (default: .twiliodeployinfo, then the package name)
  --emulator <url>      read the deployed environment from a local Twilio API emulator instead`;

export interface PreflightIo {
  /** The project's root (default: this project). */
  root?: string;
  /** The shell's environment: `npm run preflight --remote` arrives as npm_config_remote. */
  env: Record<string, string | undefined>;
  print(line: string): void;
}

class UsageError extends Error {}

interface Options {
  envFile: string;
  remote: boolean;
  environment: string;
  serviceSid?: string;
  emulator?: string;
}

function parseOptions(argv: string[], env: PreflightIo['env']): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      env: { type: 'string', default: '.env' },
      remote: { type: 'boolean', default: false },
      environment: { type: 'string', default: 'dev' },
      production: { type: 'boolean', default: false },
      'service-sid': { type: 'string' },
      emulator: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) throw new UsageError(USAGE);
  return {
    envFile: values.env,
    // npm keeps `npm run preflight --remote` for itself and passes it on as npm_config_remote.
    remote: values.remote || env.npm_config_remote === 'true',
    environment: values.production ? '' : values.environment,
    serviceSid: values['service-sid'],
    emulator: values.emulator,
  };
}

interface Project {
  input: PreflightInput;
  name: string;
}

function functionPaths(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory())
      return functionPaths(path.join(dir, entry.name), `${prefix}/${entry.name}`);
    const route = entry.name.replace(/(\.(protected|private))?\.ts$/, '');
    return route === entry.name ? [] : [`${prefix}/${route}`];
  });
}

function readProject(root: string, options: Options): Project {
  const envPath = path.resolve(root, options.envFile);
  if (!existsSync(envPath)) {
    throw new UsageError(
      `No ${options.envFile} in ${root}: cp .env.example .env, then fill it in.`,
    );
  }
  const env = parseDotenv(readFileSync(envPath, 'utf8'));
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
  };
  const deploy = readSpecializedConfig(root, '', 'deploy') as { runtime?: string };
  const paths = functionPaths(path.join(root, 'functions'));
  const longestPath = paths.reduce((a, b) => (b.length > a.length ? b : a), '');
  return {
    name: pkg.name,
    input: {
      env,
      uploaded: filterEnvVariablesForDeploy(env) as Record<string, string>,
      envFile: options.envFile,
      documented: documentedVariables(readFileSync(path.join(root, '.env.example'), 'utf8')),
      dependencies: pkg.dependencies ?? {},
      runtime: deploy.runtime,
      service: { name: pkg.name, environmentSuffix: options.environment, longestPath },
    },
  };
}

function printProblems(problems: PreflightProblem[], print: PreflightIo['print']): void {
  for (const p of problems) {
    print(`✗ ${p.subject} ${p.problem}.`);
    print(`    fix: ${p.fix}`);
  }
}

/** The deployed environment's drift, or a line saying why there is nothing to compare. */
async function checkRemote(
  root: string,
  project: Project,
  options: Options,
): Promise<{ drift: Drift[]; note?: string }> {
  const { ACCOUNT_SID: accountSid, AUTH_TOKEN: authToken } = project.input.env;
  if (!accountSid || !authToken) {
    throw new UsageError(`--remote needs ACCOUNT_SID and AUTH_TOKEN in ${options.envFile}.`);
  }
  const httpClient = twilioHttpClient({ TWILIO_API_EMULATOR_URL: options.emulator });
  const gateway = createServerlessGateway(twilio(accountSid, authToken, { httpClient }));
  const known = options.serviceSid ?? (await getFunctionServiceSid(root, '', 'deploy', accountSid));
  const service = await gateway.findService(known ?? project.name);
  if (!service) {
    return {
      drift: [],
      note: `No service ${known ?? project.name} on ${accountSid}: nothing is deployed yet.`,
    };
  }
  const environment = await gateway.findEnvironment(service.sid, options.environment);
  const label = options.environment || 'production';
  if (!environment) {
    return { drift: [], note: `Service ${service.sid} has no ${label} environment yet.` };
  }
  const deployed = await gateway.listVariables(service.sid, environment.sid);
  const secrets = new Set(
    [...project.input.documented.values()].filter((v) => v.format === 'secret').map((v) => v.name),
  );
  const target = { serviceSid: service.sid, environment: options.environment };
  return {
    drift: remoteDrift(project.input.uploaded, deployed, target, secrets),
    note: `Compared with ${environment.domainName} (${service.sid}, ${label}).`,
  };
}

/** Returns the exit code: 0 when the deploy may go ahead. */
export async function runPreflight(argv: string[], io: PreflightIo): Promise<number> {
  const root = io.root ?? ROOT_DIR;
  try {
    const options = parseOptions(argv, io.env);
    const project = readProject(root, options);
    const problems = preflight(project.input);
    printProblems(problems, io.print);
    let stale = 0;
    if (options.remote) {
      const { drift, note } = await checkRemote(root, project, options);
      if (note) io.print(note);
      for (const d of drift) {
        io.print(`${d.kind === 'stale' ? '✗' : '•'} ${d.key} ${d.explanation}:`);
        io.print(`    ${d.command}`);
      }
      stale = drift.filter((d) => d.kind === 'stale').length;
    }
    if (problems.length + stale > 0) {
      io.print(
        `Preflight failed: fix the ${problems.length + stale} problem(s) above, then run it again.`,
      );
      return 1;
    }
    io.print('Preflight passed: npm run build && twilio serverless:deploy');
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.print(error.message);
      return 2;
    }
    io.print(`Preflight could not finish: ${redactSecrets((error as Error).message)}`);
    return 1;
  }
}

if (require.main === module) {
  runPreflight(process.argv.slice(2), { env: process.env, print: (line) => console.log(line) })
    .then((code) => (process.exitCode = code))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
