// Configuration that cannot work. `variables` names each bad variable; values are never shown.
export class ConfigError extends Error {
  readonly status = 500;
  constructor(readonly problems: { variable: string; problem: string }[]) {
    super(
      `Invalid configuration: ${problems.map((p) => `${p.variable} ${p.problem}`).join('; ')}. ` +
        "Fix it in .env (locally) or in the service's environment variables, then redeploy.",
    );
    this.name = 'ConfigError';
  }

  get variables(): string[] {
    return [...new Set(this.problems.map((p) => p.variable))];
  }
}
