// The deploy Twilio will accept: package.json pins an @twilio/runtime-handler that is both on npm
// (installed from it) and on Twilio's own list, and .twilioserverlessrc pins the runtime.
// Source of the list: https://www.twilio.com/docs/serverless/functions-assets/handler ("Versions").
// npm's `latest`, 2.1.0, is not on it and Twilio refuses it at build time with Error 20001
// (twilio-labs/serverless-toolkit#557, #564).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isExactSemVerVersion } from 'twilio-run/dist/checks/check-runtime-handler';
import { readSpecializedConfig } from 'twilio-run/dist/config/global';
import {
  isAcceptedHandlerVersion,
  PINNED_RUNTIME,
  RUNTIMES,
} from '../../src/deploy/twilio-platform';

const ROOT = path.resolve(__dirname, '../..');
const json = (file: string) =>
  JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, never>;

const HANDLER = '@twilio/runtime-handler';
const pinned = (json('package.json').dependencies as Record<string, string>)[HANDLER];

describe('the @twilio/runtime-handler pin', () => {
  it('is an exact version, as Twilio requires (twilio-run checks the same way)', () => {
    expect(isExactSemVerVersion(pinned)).toBe(true);
  });

  it("is on Twilio's list of runtime handler versions", () => {
    expect({ pinned, onTwilio: isAcceptedHandlerVersion(pinned) }).toEqual({
      pinned,
      onTwilio: true,
    });
    expect(isAcceptedHandlerVersion('2.1.0')).toBe(false);
  });

  it('is the version npm installed here, so local runs use what Twilio runs', () => {
    // The package's "exports" hide its package.json from require: read the file.
    const installed = json(`node_modules/${HANDLER}/package.json`).version;
    expect(installed).toBe(pinned);
    const locked = (json('package-lock.json').packages as Record<string, { version: string }>)[
      `node_modules/${HANDLER}`
    ];
    expect(locked.version).toBe(pinned);
  });
});

describe('the runtime pin', () => {
  it('is node22 in .twilioserverlessrc, as twilio-run reads it for deploy', () => {
    const deploy = readSpecializedConfig(ROOT, '', 'deploy') as { runtime?: string };
    expect(deploy.runtime).toBe(PINNED_RUNTIME);
    expect(PINNED_RUNTIME).toBe('node22');
    expect(RUNTIMES[PINNED_RUNTIME].accepted).toBe(true);
  });

  it('refuses the runtimes that fail or would not match local runs, saying why', () => {
    for (const runtime of ['node18', 'node20', 'node24']) {
      expect(RUNTIMES[runtime]).toMatchObject({ accepted: false, why: expect.any(String) });
    }
  });
});
