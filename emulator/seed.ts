import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** What the emulator starts with besides the main account. */
export interface SeedSpec {
  /** A number of demo subaccounts ("Demo Customer 001", …) or their friendly names. */
  subaccounts?: number | Array<{ friendlyName: string }>;
}

const seedSchema = z
  .object({
    subaccounts: z
      .union([
        z.number().int().min(0).max(1000),
        z.array(z.object({ friendlyName: z.string().min(1).max(64) }).strict()).max(1000),
      ])
      .optional(),
  })
  .strict();

export function parseSeed(value: unknown, source = 'seed'): SeedSpec {
  const result = seedSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    throw new Error(
      `Invalid ${source}: ${problems.join('; ')}. ` +
        'Expected {"subaccounts": 5} or {"subaccounts": [{"friendlyName": "Acme"}]}.',
    );
  }
  return result.data;
}

export function loadSeedFile(path: string): SeedSpec {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read seed file ${path}: ${(error as Error).message}`);
  }
  return parseSeed(json, `seed file ${path}`);
}

export const demoName = (n: number) => `Demo Customer ${String(n).padStart(3, '0')}`;

/** The friendly names of the subaccounts a seed creates, in order. */
export function seedFriendlyNames(seed: SeedSpec | undefined): string[] {
  const subaccounts = seed?.subaccounts ?? 0;
  if (typeof subaccounts === 'number') {
    return Array.from({ length: subaccounts }, (_v, i) => demoName(i + 1));
  }
  return subaccounts.map((s) => s.friendlyName);
}
