// A Function's environment read through a zod object schema, the same way by every part that has
// one (breaker, admin sign-in, setup): only the schema's own variables, trimmed, an empty value counting as
// unset (.env files write unset variables as `NAME=`); and one ConfigError naming each bad
// variable once per problem, never its value.
import type { z } from 'zod';
import { ConfigError } from './config-error';

export function parseEnv<S extends z.ZodObject>(
  schema: S,
  env: Record<string, unknown>,
): z.output<S> {
  const present: Record<string, string> = {};
  for (const name of Object.keys(schema.shape)) {
    const value = env[name];
    if (typeof value === 'string' && value.trim() !== '') present[name] = value.trim();
  }
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  // One line per variable and problem, however many list entries share it.
  const problems = new Map<string, { variable: string; problem: string }>();
  for (const issue of parsed.error.issues) {
    const variable = String(issue.path[0] ?? 'environment');
    problems.set(`${variable} ${issue.message}`, { variable, problem: issue.message });
  }
  throw new ConfigError([...problems.values()]);
}
