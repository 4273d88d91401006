import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Twilio's list of usage categories changes over time, so the emulator takes it from the official
// OpenAPI description (the dev dependency @twilio-alpha/mcp) when that is installed, and otherwise
// accepts any name shaped like one.
const CATEGORY_SHAPE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

let known: ReadonlySet<string> | null | undefined;

function loadKnown(): ReadonlySet<string> | null {
  try {
    const dir = join(require.resolve('@twilio-alpha/mcp/package.json'), '..');
    const file = join(dir, 'twilio-oai', 'spec', 'json', 'twilio_api_v2010.json');
    const spec = JSON.parse(readFileSync(file, 'utf8')) as {
      components: { schemas: Record<string, { enum?: string[] }> };
    };
    const values = spec.components.schemas.usage_trigger_enum_usage_category?.enum;
    return values ? new Set(values) : null;
  } catch {
    return null;
  }
}

export function isUsageCategory(name: string): boolean {
  if (!CATEGORY_SHAPE.test(name)) return false;
  if (known === undefined) known = loadKnown();
  return known === null || known.has(name);
}
