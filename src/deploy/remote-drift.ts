// `npm run preflight -- --remote`: how the deployed environment's variables differ from what the
// next deploy uploads. twilio-run only creates and updates variables, never deletes one, so a
// variable removed or emptied in .env stays live until `twilio serverless:env:unset` removes it.

export interface DeployTarget {
  serviceSid: string;
  /** The environment's domain suffix, e.g. dev; '' for production. */
  environment: string;
}

export interface Drift {
  key: string;
  /** stale: deployed, not in .env. different: both, other values. not-deployed: only in .env. */
  kind: 'stale' | 'different' | 'not-deployed';
  explanation: string;
  /** The exact command that fixes it. */
  command: string;
}

/** Single-quoted for POSIX shells. */
const shellQuote = (value: string) => `'${value.replace(/'/g, `'"'"'`)}'`;

function targetFlags(target: DeployTarget): string {
  const environment = target.environment ? `--environment ${target.environment}` : '--production';
  return `--service-sid ${target.serviceSid} ${environment}`;
}

/**
 * `secrets`: keys whose value must never be printed (format "secret" in .env.example); their
 * env:set command carries a placeholder to replace.
 */
export function remoteDrift(
  uploaded: Record<string, string>,
  deployed: Record<string, string>,
  target: DeployTarget,
  secrets: ReadonlySet<string>,
): Drift[] {
  const flags = targetFlags(target);
  const setCommand = (key: string) => {
    const value = secrets.has(key) ? `"<${key} from .env>"` : shellQuote(uploaded[key]);
    return `twilio serverless:env:set --key ${key} --value ${value} ${flags}`;
  };
  const drift: Drift[] = [];
  for (const key of Object.keys(deployed).sort()) {
    if (!(key in uploaded)) {
      drift.push({
        key,
        kind: 'stale',
        explanation: 'is deployed but not in .env (or empty there): its old value is still live',
        command: `twilio serverless:env:unset --key ${key} ${flags}`,
      });
    } else if (deployed[key] !== uploaded[key]) {
      drift.push({
        key,
        kind: 'different',
        explanation: 'differs between .env and the deployed environment (the next deploy sets it)',
        command: setCommand(key),
      });
    }
  }
  for (const key of Object.keys(uploaded).sort()) {
    if (!(key in deployed)) {
      drift.push({
        key,
        kind: 'not-deployed',
        explanation: 'is in .env but not deployed yet (the next deploy sets it)',
        command: setCommand(key),
      });
    }
  }
  return drift;
}
