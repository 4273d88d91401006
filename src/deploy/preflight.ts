// What `npm run preflight` checks before `twilio serverless:deploy`, as a pure function of the
// project's files (read by scripts/preflight.ts): each problem names the variable and the fix, and
// one problem is enough to refuse the deploy. docs/DEPLOY.md explains each rule.
import { loadAdminAuthConfig } from '../admin/admin-auth-config';
import { ConfigError } from '../config/config-error';
import type { DocumentedVariable } from '../config/env-example';
import { loadConfig } from '../config/load-config';
import { loadSetupConfig } from '../setup/setup-env';
import { estimateContextBytes, isContextTooLarge, type ServiceShape } from './context-size';
import {
  isAcceptedHandlerVersion,
  MAX_CONTEXT_BYTES,
  MAX_VARIABLE_BYTES,
  PINNED_RUNTIME,
  RUNTIMES,
  RUNTIME_HANDLER_VERSIONS_ON_TWILIO,
} from './twilio-platform';

export interface PreflightInput {
  /** The .env file as twilio-run reads it, empty values kept as ''. */
  env: Record<string, string>;
  /** What twilio-run would upload from it (its filterEnvVariablesForDeploy). */
  uploaded: Record<string, string>;
  /** The .env file's name, for messages. */
  envFile: string;
  documented: Map<string, DocumentedVariable>;
  /** package.json "dependencies". */
  dependencies: Record<string, string>;
  /** `runtime` as twilio-run reads it from .twilioserverlessrc. */
  runtime: string | undefined;
  service: ServiceShape;
}

export interface PreflightProblem {
  /** The variable (or file setting) at fault; null when it is the whole environment. */
  subject: string;
  problem: string;
  fix: string;
}

const HANDLER = '@twilio/runtime-handler';
const EMULATOR_URL = 'TWILIO_API_EMULATOR_URL';
const unset = (key: string) => `twilio serverless:env:unset --key ${key}`;

function platformProblems(input: PreflightInput): PreflightProblem[] {
  const problems: PreflightProblem[] = [];
  const handler = input.dependencies[HANDLER];
  if (!handler || !isAcceptedHandlerVersion(handler)) {
    const accepted = RUNTIME_HANDLER_VERSIONS_ON_TWILIO.filter((v) => v !== '2.1.2').join(', ');
    problems.push({
      subject: HANDLER,
      problem: handler
        ? `${handler} is not a version Twilio's build accepts (it fails with Error 20001 after the ` +
          'service, Functions and Assets were created)'
        : 'is not in package.json "dependencies"',
      fix: `pin a version that is on npm and on Twilio's list (${accepted}): npm install --save-exact ${HANDLER}@2.0.1`,
    });
  }
  const runtime = input.runtime;
  if (!runtime || !RUNTIMES[runtime]?.accepted) {
    problems.push({
      subject: 'runtime (.twilioserverlessrc)',
      problem: !runtime
        ? 'is not set, so an existing service keeps its last runtime (error 82007 once Twilio retires it)'
        : `${runtime} cannot be used: ${RUNTIMES[runtime]?.why ?? 'Twilio has no such runtime'}`,
      fix: `set "runtime": "${PINNED_RUNTIME}" in .twilioserverlessrc`,
    });
  }
  return problems;
}

function variableProblems(input: PreflightInput): PreflightProblem[] {
  const problems: PreflightProblem[] = [];
  for (const [name, value] of Object.entries(input.env)) {
    if (name === EMULATOR_URL && value.trim() !== '') {
      problems.push({
        subject: name,
        problem: 'is set: it points the Functions at a local emulator (deployed, they ignore it)',
        fix: `delete the line from ${input.envFile}; if it was deployed before: ${unset(name)}`,
      });
    } else if (value === '') {
      if (input.documented.get(name)?.required) continue; // reported as missing below
      problems.push({
        subject: name,
        problem:
          'is empty: twilio-run drops empty values from the upload and never deletes the deployed ' +
          'one, so an old value would stay live',
        fix: `give it a value, or delete the line from ${input.envFile} and, if it was deployed before, run: ${unset(name)}`,
      });
    }
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > MAX_VARIABLE_BYTES) {
      problems.push({
        subject: name,
        problem: `is ${bytes} bytes long; Twilio takes at most ${MAX_VARIABLE_BYTES}`,
        fix: 'shorten it (per-subaccount data belongs in Sync: the overrides, not the environment)',
      });
    }
  }
  for (const variable of input.documented.values()) {
    if (variable.required && !input.env[variable.name]) {
      problems.push({
        subject: variable.name,
        problem: 'is required but missing',
        fix: `set it in ${input.envFile} (.env.example says what it is)`,
      });
    }
  }
  return problems;
}

/** The Functions' own config loaders, on what the deployed context would hold. */
function configProblems(input: PreflightInput): PreflightProblem[] {
  // Deployed, Twilio puts the service's own credentials in the context; stand-ins keep them from
  // being reported twice (a missing one already is).
  const context = {
    ACCOUNT_SID: input.env.ACCOUNT_SID || `AC${'0'.repeat(32)}`,
    AUTH_TOKEN: input.env.AUTH_TOKEN || '0'.repeat(32),
    ...input.uploaded,
  };
  const problems = new Map<string, PreflightProblem>();
  for (const load of [loadConfig, loadAdminAuthConfig, loadSetupConfig]) {
    try {
      load(context);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const { variable, problem } of error.problems) {
        // Some loaders start their problem with the variable's name; it is the subject here.
        const own = problem.startsWith(`${variable} `)
          ? problem.slice(variable.length + 1)
          : problem;
        problems.set(`${variable} ${own}`, {
          subject: variable,
          problem: own.replace(/\.+$/, ''),
          fix: `fix it in ${input.envFile} (.env.example says what it takes)`,
        });
      }
    }
  }
  return [...problems.values()];
}

function contextProblems(input: PreflightInput): PreflightProblem[] {
  const bytes = estimateContextBytes(input.uploaded, input.service);
  if (!isContextTooLarge(bytes)) return [];
  return [
    {
      subject: 'the Function context',
      problem:
        `would be about ${bytes} bytes (account, domain, path and every variable as JSON); over ` +
        `${MAX_CONTEXT_BYTES} bytes, invocations fail with error 82006`,
      fix: 'remove or shorten variables; per-subaccount data belongs in Sync',
    },
  ];
}

export function preflight(input: PreflightInput): PreflightProblem[] {
  const first = [...platformProblems(input), ...variableProblems(input)];
  // The config loaders would name a missing or empty variable again: once is enough.
  const named = new Set(first.map((p) => p.subject));
  const config = configProblems(input).filter((p) => !named.has(p.subject));
  return [...first, ...config, ...contextProblems(input)];
}
