// Every environment variable the Functions' code reads must be documented in .env.example, in the
// function-templates comment schema (# description:, # required:, optionally # format:/# link:).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ADMIN_AUTH_ENV_VARIABLES } from '../../src/admin/admin-auth-config';
import { ADMIN_ENV_VARIABLES } from '../../src/admin/password-check';
import { BREAKER_ENV_VARIABLES } from '../../src/config/breaker-env';
import { documentedVariables } from '../../src/config/env-example';
import { SETUP_ENV_VARIABLES } from '../../src/setup/setup-env';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Every variable list the code validates: each schema's variables are read through it (parseEnv),
 * so they never show as `env.NAME` in the source and the scan below cannot see them.
 */
const VARIABLE_LISTS: Record<string, readonly string[]> = {
  BREAKER_ENV_VARIABLES,
  ADMIN_ENV_VARIABLES,
  ADMIN_AUTH_ENV_VARIABLES,
  SETUP_ENV_VARIABLES,
};
// Set by the Functions runtime itself, not by .env.
const RUNTIME_PROVIDED = new Set(['DOMAIN_NAME', 'PATH', 'SERVICE_SID', 'ENVIRONMENT_SID']);

/** UPPER_CASE names read as process.env.X, process.env['X'], context.X or env.X. */
function envReads(source: string): string[] {
  const patterns = [
    /process\.env\.([A-Z][A-Z0-9_]+)/g,
    /process\.env\[\s*['"]([A-Z][A-Z0-9_]+)['"]\s*\]/g,
    /\b(?:context|env)\??\.([A-Z][A-Z0-9_]{2,})\b/g,
  ];
  return [...new Set(patterns.flatMap((p) => [...source.matchAll(p)].map((m) => m[1])))];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

const documented = documentedVariables(readFileSync(path.join(ROOT, '.env.example'), 'utf8'));

describe('.env.example', () => {
  it('documents every variable with a description and whether it is required', () => {
    for (const [name, { comments }] of documented) {
      expect({ name, description: comments.some((c) => c.startsWith('# description:')) }).toEqual({
        name,
        description: true,
      });
      expect({
        name,
        required: comments.some((c) => /^# required: (true|false)$/.test(c)),
      }).toEqual({
        name,
        required: true,
      });
    }
  });

  it.each(Object.entries(VARIABLE_LISTS))('documents every variable of %s', (_list, names) => {
    expect(names.length).toBeGreaterThan(0);
    const missing = names.filter((name) => !documented.has(name));
    expect(missing).toEqual([]);
  });

  it('checks every variable list the code exports', () => {
    const exported = new Set<string>();
    for (const file of sourceFiles(path.join(ROOT, 'src'))) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/export const ([A-Z][A-Z0-9_]*_ENV_VARIABLES)\b/g)) {
        exported.add(match[1]);
      }
    }
    expect([...exported].sort()).toEqual(Object.keys(VARIABLE_LISTS).sort());
  });

  it('documents every variable the Functions and the core read', () => {
    const undocumented: string[] = [];
    for (const file of [
      ...sourceFiles(path.join(ROOT, 'functions')),
      ...sourceFiles(path.join(ROOT, 'src')),
    ]) {
      for (const name of envReads(readFileSync(file, 'utf8'))) {
        if (!RUNTIME_PROVIDED.has(name) && !documented.has(name)) {
          undocumented.push(`${name} (read in ${path.relative(ROOT, file)})`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('finds reads in the forms the code uses', () => {
    expect(
      envReads(
        "process.env.ONE; process.env['TWO']; context.THREE; env?.FOUR; context.PATH; env.lower; x.NOT_ENV",
      ).sort(),
    ).toEqual(['FOUR', 'ONE', 'PATH', 'THREE', 'TWO']);
  });
});
