import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Twilio's list of usage categories changes over time, so the emulator takes it from the official
// OpenAPI description (the dev dependency @twilio-alpha/mcp) when that is installed, and otherwise
// accepts any name shaped like one. Usage Triggers and Usage Records share the list (the spec's
// usage_trigger_enum_usage_category and usage_record_enum_category hold the same 637 names).
const CATEGORY_SHAPE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

let known: readonly string[] | null | undefined;
let knownSet: ReadonlySet<string> | null = null;

function loadKnown(): readonly string[] | null {
  try {
    const dir = join(require.resolve('@twilio-alpha/mcp/package.json'), '..');
    const file = join(dir, 'twilio-oai', 'spec', 'json', 'twilio_api_v2010.json');
    const spec = JSON.parse(readFileSync(file, 'utf8')) as {
      components: { schemas: Record<string, { enum?: string[] }> };
    };
    return spec.components.schemas.usage_trigger_enum_usage_category?.enum ?? null;
  } catch {
    return null;
  }
}

/** Every usage category in the spec's order, or null when the spec is not installed. */
export function usageCategories(): readonly string[] | null {
  if (known === undefined) {
    known = loadKnown();
    knownSet = known && new Set(known);
  }
  return known;
}

export function isUsageCategory(name: string): boolean {
  if (!CATEGORY_SHAPE.test(name)) return false;
  usageCategories();
  return knownSet === null || knownSet.has(name);
}
